"""Downloads of a filtered list: /paragraphs/export.csv|json and /documents/export.csv|json give the rows the
list page shows for the same parameters, in its order, streamed, UTF-8 with a header row."""

import csv
import io
import json

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from declarations import exports

from .factories import make_document, make_paragraph, make_paragraphs, year_start

pytestmark = pytest.mark.django_db
BROWSER = "/paragraphs/"


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(body(response))))


def page_keys(client, params):
    """Every paragraph the browser lists for these parameters, page after page."""
    first = client.get(BROWSER, params).context["page"]
    keys = []
    for number in range(1, first.paginator.num_pages + 1):
        keys += [row.key for row in client.get(BROWSER, {**params, "page": number}).context["page"]]
    return keys


@pytest.fixture
def many_paragraphs():
    for slug, year in (("2013-bishkek", 2013), ("2018-qingdao", 2018)):
        make_paragraphs(make_document(summit_slug=slug, date=year_start(year)), 30, themes=["drugs"])


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "drugs"},
        {"theme": "drugs", "o": "-date"},
        {"summit": "2013-bishkek", "kind": "statement"},
        {"q": "drugs"},
        {"state": "india", "year_from": "2010"},
    ],
)
def test_the_csv_holds_the_pages_rows_in_their_order(client, many_paragraphs, params):
    rows = csv_rows(client.get("/paragraphs/export.csv", params))
    assert [r["permalink"].removeprefix("http://testserver/p/").strip("/") for r in rows] == page_keys(
        client, params
    )
    assert list(rows[0]) == exports.PARAGRAPH_COLUMNS


def test_a_row_carries_the_paragraphs_text_document_themes_and_states(client):
    document = make_document(title="Совместное заявление — Communiqué", date=year_start(2013))
    paragraph = make_paragraph(
        document, "Китай and India agree: «drugs».", themes=["drugs"], states=["india", "china"]
    )
    (row,) = csv_rows(client.get("/paragraphs/export.csv", {"q": "Китай"})) or [None]
    assert row["text"] == paragraph.text and row["document_title"] == document.title
    assert row["themes"] == "drugs" and sorted(row["states"].split()) == ["china", "india"]
    assert row["number"] == str(paragraph.number) and row["summit"] == "2013-bishkek"
    assert row["permalink"] == f"http://testserver/p/{paragraph.key}/"


def test_the_json_download_is_the_same_rows_with_themes_and_states_as_objects(client, many_paragraphs):
    params = {"theme": "drugs", "o": "-date"}
    response = client.get("/paragraphs/export.json", params)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    records = json.loads(body(response))
    as_csv = csv_rows(client.get("/paragraphs/export.csv", params))
    assert [r["permalink"] for r in records] == [r["permalink"] for r in as_csv]
    assert records[0]["themes"][0]["slug"] == "drugs" and "origin" in records[0]["themes"][0]


def test_the_csv_lists_themes_and_states_in_the_order_the_json_and_the_pages_do(client):
    document = make_document(date=year_start(2013))
    tags = [["terrorism", "drugs", "economy"], ["economy", "terrorism"], ["drugs"]]
    for n, themes in enumerate(tags):
        make_paragraph(
            document,
            f"Paragraph {n} on drugs, terrorism and trade.",
            themes=themes,
            states=["russia", "china", "india", "kazakhstan"][n:],
        )
    params = {"summit": "2013-bishkek"}
    as_csv = {
        r["permalink"]: (r["themes"], r["states"])
        for r in csv_rows(client.get("/paragraphs/export.csv", params))
    }
    records = json.loads(body(client.get("/paragraphs/export.json", params)))
    as_json = {
        r["permalink"]: (" ".join(t["slug"] for t in r["themes"]), " ".join(s["slug"] for s in r["states"]))
        for r in records
    }
    assert as_csv == as_json
    assert any(len(themes.split()) > 1 for themes, _ in as_csv.values())
    assert any(len(states.split()) > 2 for _, states in as_csv.values())


def test_refused_filters_give_a_400_that_names_them(client):
    response = client.get("/paragraphs/export.csv", {"year_from": "2020", "year_to": "2010", "theme": "nope"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "year_to:" in text and "theme:" in text


def test_a_list_beyond_the_limit_points_to_the_dataset(client, monkeypatch):
    monkeypatch.setattr(exports, "LIMIT", 5)
    response = client.get("/paragraphs/export.csv", {"summit": "2013-bishkek"})
    assert response.status_code == 400 and "/data/#dataset" in response.content.decode()


def test_the_document_download_follows_the_document_list(client):
    make_document(title="Ünïcode title", published=True)
    hidden = make_document(title="Hidden", published=False)
    params = {"summit": "2013-bishkek"}
    rows = csv_rows(client.get("/documents/export.csv", params))
    listed = client.get("/documents/", params).context["page"]
    assert [r["slug"] for r in rows] == [d.slug for d in listed]
    assert hidden.slug not in {r["slug"] for r in rows} and "Ünïcode title" in {r["title"] for r in rows}
    records = json.loads(body(client.get("/documents/export.json", params)))
    assert [r["slug"] for r in records] == [r["slug"] for r in rows]


def test_the_document_list_offers_its_downloads_with_the_count(client):
    html = client.get("/documents/", {"summit": "2013-bishkek", "page": 1}).content.decode()
    assert 'href="/documents/export.csv?summit=2013-bishkek"' in html
    assert 'href="/documents/export.json?summit=2013-bishkek"' in html


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("37", "(37 rows;"),
        ("1 ", "(1 row;"),
        ("1000 True", "more than 1,000 rows, at most 50,000"),
        ("1000 True 1000", "the 1,000 best matches"),
        ("60000", "more than a download holds"),
    ],
)
def test_the_downloads_line_says_how_many_rows_the_file_holds(args, says):
    request = RequestFactory().get("/paragraphs/", {"theme": "drugs", "page": "3", "after": "2013-01-01.5"})
    html = Template('{% load opendata %}{% downloads "paragraphs" ' + args + " %}").render(
        Context({"request": request})
    )
    assert says in html
    if "Download CSV" in html:
        assert 'href="/paragraphs/export.csv?theme=drugs"' in html  # the filters, not the page


def test_an_empty_list_offers_no_download(client):
    request = RequestFactory().get("/paragraphs/")
    html = Template('{% load opendata %}{% downloads "paragraphs" 0 %}').render(Context({"request": request}))
    assert "Download" not in html
