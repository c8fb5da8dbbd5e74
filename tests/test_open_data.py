"""Taking data out: the bulk dataset (export_dataset, /data/), the data users' page and its examples, the Atom
feeds, the sitemap and robots.txt."""

import csv
import html
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from django.core.management import CommandError, call_command

from declarations.models import Document, Paragraph, ParagraphTheme

from .factories import make_document, make_paragraph

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def release(tmp_path, settings):
    settings.DATASET_DIR = tmp_path / "dataset"
    hidden = make_document(title="Unpublished draft", published=False)
    make_paragraph(hidden, "A secret paragraph of the draft.")
    call_command("export_dataset", stdout=io.StringIO())
    return settings.DATASET_DIR


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_dataset_is_a_valid_frictionless_package(release):
    from frictionless import Package, validate

    report = validate(release / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = Package(release / "datapackage.json")
    assert [r.name for r in package.resources] == [
        "summits",
        "states",
        "participation",
        "themes",
        "documents",
        "paragraphs",
        "paragraph_themes",
        "quotations",
    ]


def test_the_dataset_holds_the_public_archive_and_nothing_else(release):
    paragraphs = read_csv(release / "paragraphs.csv")
    public = Paragraph.objects.public()
    assert len(paragraphs) == public.count()
    assert {p["key"] for p in paragraphs} == set(public.values_list("key", flat=True))
    assert "secret paragraph" not in (release / "paragraphs.csv").read_text()
    documents = read_csv(release / "documents.csv")
    assert {d["slug"] for d in documents} == set(Document.objects.public().values_list("slug", flat=True))
    tags = read_csv(release / "paragraph_themes.csv")
    assert len(tags) == ParagraphTheme.objects.filter(paragraph__published=True).count()
    quotations = read_csv(release / "quotations.csv")
    assert len(quotations) == 3  # the Moscow Times on the Bishkek Declaration
    assert {q["kind"] for q in quotations} == {"quotation", "paraphrase"}
    assert {q["news_paragraph"] for q in quotations} <= {p["key"] for p in paragraphs}
    one = public.exclude(states=None).first()
    row = next(p for p in paragraphs if p["key"] == one.key)
    assert row["text"] == one.text
    assert row["states"].split() == sorted(one.states.values_list("slug", flat=True))
    assert row["permalink"].endswith(f"/p/{one.key}/")


def test_the_descriptor_gives_licence_citation_version_and_checksums(release):
    import hashlib

    package = json.loads((release / "datapackage.json").read_text())
    assert package["licenses"][0]["name"] and package["citation"] and package["version"]
    for resource in package["resources"]:
        data = (release / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)
        assert resource["rows"] == data.count(b"\n") - 1 or resource["name"] == "paragraphs"


def test_a_new_release_replaces_the_old_one_whole(release):
    call_command("export_dataset", release=("2099.1"), stdout=io.StringIO())
    assert json.loads((release / "datapackage.json").read_text())["version"] == "2099.1"
    assert not [p for p in release.parent.iterdir() if p.name.startswith(".")]


def test_export_dataset_fails_clearly_where_it_cannot_write(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(CommandError, match="file"):
        call_command("export_dataset", str(blocker / "dataset"), stdout=io.StringIO())


def test_the_data_page_lists_the_release_and_serves_its_files(client, release):
    package = json.loads((release / "datapackage.json").read_text())
    page = client.get("/data/").content.decode()
    assert package["version"] in page
    for resource in package["resources"]:
        assert resource["hash"].removeprefix("sha256:") in page
    response = client.get("/data/summits.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content) == (release / "summits.csv").read_bytes()
    descriptor = client.get("/data/datapackage.json")
    assert json.loads(b"".join(descriptor.streaming_content))["version"] == package["version"]
    for name in ("../settings.py", "..%2Fmanage.py", "nothing.csv"):
        assert client.get(f"/data/{name}").status_code == 404


def test_the_data_page_says_when_there_is_no_release(client, settings, tmp_path):
    settings.DATASET_DIR = tmp_path / "none"
    assert "No release of the dataset" in client.get("/data/").content.decode()
    assert client.get("/data/paragraphs.csv").status_code == 404


def examples(page):
    curl = [
        html.unescape(c)
        for c in re.findall(r'<pre class="example curl"><code>(.*?)</code></pre>', page, re.S)
    ]
    python = re.search(r'<pre class="example python"><code>(.*?)</code></pre>', page, re.S)
    return curl, html.unescape(python.group(1))


def test_the_examples_on_the_data_page_work_as_shown(seeded_live_server, settings, tmp_path):
    """The page's curl commands and Python snippet, run as printed against a live server."""
    import shlex
    import urllib.request

    settings.DATASET_DIR = tmp_path / "dataset"
    call_command("export_dataset", stdout=io.StringIO())
    base = seeded_live_server.url
    with urllib.request.urlopen(base + "/data/") as response:
        curl, python = examples(response.read().decode())
    assert len(curl) >= 4
    for command in curl:
        argv = shlex.split(command)
        assert argv[0] == "curl" and argv[-1].startswith(f"{base}/")
        out = subprocess.run(argv, capture_output=True, check=True, timeout=60, cwd=tmp_path).stdout
        if "-o" in argv:
            written = (tmp_path / argv[argv.index("-o") + 1]).read_text(encoding="utf-8")
            assert written.startswith("permalink,document,") and written.count("\n") > 1
        else:
            assert json.loads(out)
    result = subprocess.run(["python3", "-c", python], capture_output=True, text=True, check=True, timeout=60)
    with urllib.request.urlopen(base + "/api/v1/paragraphs/?theme=terrorism") as response:
        count = json.load(response)["count"]
    assert count > 0 and result.stdout.startswith(f"{count} paragraphs; the first: {base}/p/")


def test_the_archive_feed_lists_new_documents_newest_first(client):
    older = make_document(title="Older addition")
    newer = make_document(title="Newer addition")
    make_document(title="Hidden addition", published=False)
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles[:2] == [newer.title, older.title] and "Hidden addition" not in titles


def test_summit_and_theme_feeds_hold_their_documents(client):
    on_theme = make_document("2013-bishkek", title="On terrorism")
    make_paragraph(on_theme, "Terrorism is condemned.", themes=["terrorism"])
    elsewhere = make_document("2018-qingdao", title="Elsewhere")
    make_paragraph(elsewhere, "Nothing on it.")
    summit = ET.fromstring(client.get("/summits/2013-bishkek/feed/").content)
    titles = [e.findtext(f"{ATOM}title") for e in summit.iter(f"{ATOM}entry")]
    assert on_theme.title in titles and elsewhere.title not in titles
    parent = ParagraphTheme.objects.filter(theme__slug="terrorism").first().theme.parent
    for slug in ["terrorism", *([parent.slug] if parent else [])]:
        theme = ET.fromstring(client.get(f"/themes/{slug}/feed/").content)
        titles = [e.findtext(f"{ATOM}title") for e in theme.iter(f"{ATOM}entry")]
        assert on_theme.title in titles and elsewhere.title not in titles
    assert client.get("/themes/no-such-theme/feed/").status_code == 404


def test_pages_link_their_feeds(client):
    assert 'type="application/atom+xml"' in client.get("/").content.decode()
    summit = client.get("/summits/2013-bishkek/").content.decode()
    assert 'href="/summits/2013-bishkek/feed/"' in summit
    assert 'href="/themes/terrorism/feed/"' in client.get("/themes/terrorism/").content.decode()


def test_the_sitemap_index_lists_sections_that_list_every_public_page(client):
    hidden = make_document(title="Hidden", published=False)
    make_paragraph(hidden, "Hidden text.")
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert any("sitemap-paragraphs.xml" in s for s in sections)
    urls = []
    for section in sections:
        response = client.get(section.removeprefix("http://testserver"))
        assert response.status_code == 200
        urls += [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    paragraph_urls = [u for u in urls if re.search(r"/documents/[^/]+/\d+/$", u)]
    assert len(paragraph_urls) == Paragraph.objects.public().count()
    assert not [u for u in urls if hidden.slug in u]
    assert "http://testserver/summits/2013-bishkek/" in urls


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_every_page_names_a_favicon_that_exists(client):
    page = client.get("/").content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    assert client.get(href).status_code == 200
