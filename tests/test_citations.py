"""Citations of documents and paragraphs: Chicago and APA, BibTeX, RIS and CSL-JSON downloads, and the head
metadata that reference managers (Zotero's "Embedded Metadata" translator) read."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.utils import timezone

from declarations import citations
from declarations.models import Document, Paragraph

from .factories import make_document, make_paragraph

BISHKEK = "2013-bishkek-declaration"
MOSCOW_TIMES = "2013-09-13-shanghai-cooperation-organization-discusses-syria-in-bishkek"
BODY = "Council of Heads of State of the Shanghai Cooperation Organization"
TITLE = "Bishkek Declaration by the Heads of the Member States of the Shanghai Cooperation Organization"


def request():
    return RequestFactory().get("/", HTTP_HOST="testserver")


def paragraph_16():
    return Paragraph.objects.select_related("document").get(document__slug=BISHKEK, number=16)


class Head(HTMLParser):
    """Reads a page the way Zotero's Embedded Metadata translator does: every <meta name=... content=...>
    (several names may share one tag, split on whitespace), and the JSON-LD scripts."""

    def __init__(self):
        super().__init__()
        self.meta, self.json_ld, self._in_ld = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("name") or attrs.get("property")) and attrs.get("content"):
            for name in (attrs.get("name") or attrs.get("property")).split():
                self.meta.append((name, attrs["content"]))
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_ld = False

    def values(self, name):
        return [content for key, content in self.meta if key == name]


def read_head(html):
    head = Head()
    head.feed(html)
    return head


@pytest.mark.parametrize(
    "title, shown",
    [
        (
            "BISHKEK DECLARATION By the Heads of the Member States of the Shanghai Cooperation Organization",
            TITLE,
        ),
        ("DECLARATION OF THE SCO ON THE UN AT SIXTY", "Declaration of the SCO on the UN at Sixty"),
        (
            "Shanghai Cooperation Organization Discusses Syria in Bishkek",
            "Shanghai Cooperation Organization Discusses Syria in Bishkek",
        ),
        ("ASTANA DECLARATION", "Astana Declaration"),
    ],
)
def test_a_title_in_capitals_is_shown_in_title_case(title, shown):
    assert citations.display_title(title) == shown


@pytest.mark.django_db
def test_a_paragraph_is_cited_in_chicago_and_apa_with_the_issuing_body_and_its_stable_link():
    paragraph = paragraph_16()
    cite = citations.for_paragraph(request(), paragraph)
    stable = f"http://testserver/p/{paragraph.key}/"
    chicago, apa = cite.chicago, cite.apa
    assert chicago.note_text == (
        f"{BODY}, “{TITLE}”, Declaration (Shanghai Cooperation Organization Secretariat, September 13, 2013), "
        f"para. 16, SCO Declarations Archive, {stable}."
    )
    assert chicago.entry_text.startswith(f"{BODY}. “{TITLE}”.")
    assert apa.note_text == f"({BODY}, 2013, para. 16)"
    assert apa.entry_text == (
        f"{BODY}. (2013, September 13). {TITLE} [Declaration]. Shanghai Cooperation Organization Secretariat. "
        f"SCO Declarations Archive. {stable}"
    )
    assert "<i>" + TITLE + "</i>" in apa.entry  # APA italicises the title of a stand-alone work


@pytest.mark.django_db
def test_news_is_cited_with_its_outlet_and_byline_never_the_issuing_body():
    document = Document.objects.get(slug=MOSCOW_TIMES)
    cite = citations.for_document(request(), document)
    assert cite.item["type"] == "article-newspaper"
    assert cite.item["container-title"] == "The Moscow Times"
    assert cite.item["author"] == [{"literal": "The Moscow Times"}]
    assert BODY not in cite.chicago.entry_text + cite.apa.entry_text
    assert cite.apa.entry_text.startswith("The Moscow Times. (2013, September 13). Shanghai Cooperation")


@pytest.mark.django_db
def test_the_csl_item_carries_date_place_paragraph_archive_and_access_date():
    item = citations.for_paragraph(request(), paragraph_16()).item
    today = timezone.localdate()
    assert item["issued"] == {"date-parts": [[2013, 9, 13]]}
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert item["event-place"] == "Bishkek"
    assert item["section"] == "Paragraph 16"
    assert item["archive"] == "SCO Declarations Archive"
    assert item["title"] == TITLE
    assert item["author"] == [{"literal": BODY}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ext, content_type",
    [
        ("bib", "application/x-bibtex"),
        ("ris", "application/x-research-info-systems"),
        ("json", "application/vnd.citationstyles.csl+json"),
    ],
)
def test_downloads_of_a_document_and_a_paragraph_have_their_type_and_a_file_name(
    client, ext, content_type, django_assert_max_num_queries
):
    paragraph = paragraph_16()
    with django_assert_max_num_queries(1):
        response = client.get(f"/documents/{BISHKEK}/cite.{ext}")
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{BISHKEK}.{ext}"'
    with django_assert_max_num_queries(1):
        response = client.get(f"/p/{paragraph.key}/cite.{ext}")
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{BISHKEK}-para-16.{ext}"'
    assert f"http://testserver/p/{paragraph.key}/" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        f"/documents/{BISHKEK}/cite.pdf",
        "/documents/no-such-document/cite.bib",
        "/p/nosuchkey/cite.ris",
        f"/documents/{BISHKEK}/cite.",
    ],
)
def test_an_unknown_format_or_text_is_a_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_unpublished_document_has_no_citation(client):
    document = make_document(published=False)
    assert client.get(f"/documents/{document.slug}/cite.bib").status_code == 404


@pytest.mark.django_db
def test_bibtex_escapes_its_special_characters(client):
    document = make_document(title="R&D_costs 50% {up} #1 $5 ~x ^y \\z", place="Tashkent")
    bib = client.get(f"/documents/{document.slug}/cite.bib").content.decode()
    assert (
        r"title = {{R\&D\_costs 50\% \{up\} \#1 \$5 \textasciitilde{}x \textasciicircum{}y \textbackslash{}z}}"
        in bib
    )
    assert "author = {{Council of Heads of State of the Shanghai Cooperation Organization}}" in bib
    assert bib.startswith(f"@misc{{{document.slug},\n")
    # every brace is balanced: a reference manager reads the whole entry
    unescaped = re.sub(r"\\[{}]", "", bib)
    assert unescaped.count("{") == unescaped.count("}")


@pytest.mark.django_db
def test_ris_is_one_record_of_tagged_crlf_lines(client):
    paragraph = paragraph_16()
    ris = client.get(f"/p/{paragraph.key}/cite.ris").content.decode()
    lines = ris.split("\r\n")
    assert lines[0] == "TY  - GOVDOC" and lines[-2] == "ER  - " and lines[-1] == ""
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1])
    fields = dict(line.split("  - ", 1) for line in lines[:-2])
    assert fields["AU"] == BODY
    assert fields["TI"] == TITLE
    assert fields["DA"] == "2013/09/13"
    assert fields["SE"] == "Paragraph 16"
    assert fields["UR"] == f"http://testserver/p/{paragraph.key}/"
    assert fields["DB"] == "SCO Declarations Archive"


@pytest.mark.django_db
def test_news_downloads_name_the_outlet(client):
    ris = client.get(f"/documents/{MOSCOW_TIMES}/cite.ris").content.decode()
    assert "TY  - NEWS\r\n" in ris and "T2  - The Moscow Times\r\n" in ris
    bib = client.get(f"/documents/{MOSCOW_TIMES}/cite.bib").content.decode()
    assert bib.startswith("@online{") and "journaltitle = {The Moscow Times}" in bib


@pytest.mark.django_db
def test_the_csl_json_download_is_the_item_the_styles_render(client):
    paragraph = paragraph_16()
    items = json.loads(client.get(f"/p/{paragraph.key}/cite.json").content)
    assert items == [json.loads(json.dumps(citations.for_paragraph(request(), paragraph).item))]


@pytest.mark.django_db
def test_the_head_carries_the_tags_zotero_reads_for_a_declaration():
    document = Document.objects.get(slug=BISHKEK)
    html = render_to_string(
        "declarations/_cite_meta.html", {"cite": citations.for_document(request(), document)}
    )
    head = read_head(html)
    assert head.values("citation_title") == [TITLE]
    # one author node, no comma or semicolon: Zotero keeps it as one (corporate) creator
    assert head.values("citation_author") == [BODY]
    assert not re.search("[,;]", BODY)
    assert head.values("citation_publication_date") == ["2013/09/13"]
    assert head.values("citation_publisher") == ["Shanghai Cooperation Organization Secretariat"]
    assert head.values("citation_language") == ["en"]
    assert head.values("citation_public_url") == [f"http://testserver/documents/{BISHKEK}/"]
    assert head.values("citation_abstract_html_url") == [f"http://testserver/documents/{BISHKEK}/"]
    (work,) = head.json_ld
    assert work["@type"] == "CreativeWork" and work["name"] == TITLE
    assert work["author"] == [{"@type": "Organization", "name": BODY}]
    assert work["datePublished"] == "2013-09-13"


@pytest.mark.django_db
def test_the_head_of_a_paragraph_points_at_its_stable_link_and_news_at_its_outlet():
    paragraph = paragraph_16()
    head = read_head(
        render_to_string(
            "declarations/_cite_meta.html", {"cite": citations.for_paragraph(request(), paragraph)}
        )
    )
    assert head.values("citation_public_url") == [f"http://testserver/p/{paragraph.key}/"]
    (work,) = head.json_ld
    assert work["position"] == 16 and work["isPartOf"]["url"] == f"http://testserver/documents/{BISHKEK}/"
    news = Document.objects.get(slug=MOSCOW_TIMES)
    head = read_head(
        render_to_string("declarations/_cite_meta.html", {"cite": citations.for_document(request(), news)})
    )
    assert head.values("citation_author") == ["The Moscow Times"]
    assert head.values("citation_publisher") == ["The Moscow Times"]
    assert head.json_ld[0]["@type"] == "NewsArticle"


@pytest.mark.django_db
def test_no_title_can_close_the_json_ld_script_or_break_a_meta_tag():
    document = make_document(title='</script><script>alert(1)</script> "quoted" & <b>')
    make_paragraph(document)
    html = render_to_string(
        "declarations/_cite_meta.html", {"cite": citations.for_document(request(), document)}
    )
    assert html.count("</script>") == 1 and "<script>alert" not in html
    head = read_head(html)
    assert head.values("citation_title") == [document.title]
    assert head.json_ld[0]["name"] == document.title


@pytest.mark.django_db
def test_the_partial_shows_both_styles_the_downloads_and_copy_buttons_hidden_without_script():
    paragraph = paragraph_16()
    html = render_to_string(
        "declarations/_cite.html", {"cite": citations.for_paragraph(request(), paragraph)}
    )
    assert "Chicago (notes and bibliography, 16th ed.)" in html and "APA (7th ed.)" in html
    assert f'href="/p/{paragraph.key}/cite.bib" download>BibTeX' in html
    assert f'href="/p/{paragraph.key}/cite.ris" download>RIS' in html
    assert f'href="/p/{paragraph.key}/cite.json" download>CSL-JSON' in html
    assert html.count('class="copy-button"') == 4 and html.count(" hidden>Copy") == 4
    assert '<script src="/static/js/cite.js" defer></script>' in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urls_cite_preview")
def test_the_citation_context_costs_no_query_beyond_reading_the_paragraph(client, django_assert_num_queries):
    paragraph = paragraph_16()
    with django_assert_num_queries(
        2
    ):  # the paragraph with its document and summit; provenance's import record
        response = client.get(f"/preview/p/{paragraph.key}/")
    assert response.status_code == 200
