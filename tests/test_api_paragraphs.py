"""/api/v1/paragraphs/: the paragraph browser's list as JSON. Same filters, errors, order and count as the page;
a cursor walk that reaches every result; the paragraph object."""

import datetime

import pytest

from declarations.models import Document, Paragraph

from .factories import make_document, make_paragraph, make_paragraphs, year_start

pytestmark = pytest.mark.django_db
API, BROWSER = "/api/v1/paragraphs/", "/paragraphs/"

SAMPLES = [
    {},
    {"theme": "security"},
    {"theme": ["security", "terrorism"]},
    {"summit": ["2013-bishkek", "2018-qingdao"]},
    {"state": "india"},
    {"kind": "declaration", "year_from": "2010", "year_to": "2019"},
    {"q": "terrorism"},
    {"q": "terrorism", "o": "date"},
    {"q": "cooperation", "o": "-date"},
    {"q": '"member states" -drugs', "theme": "security"},
    {"o": "-date", "theme": "economy"},
]


def api_keys(client, params, **extra):
    body = client.get(API, {**params, **extra}).json()
    return body, [p["key"] for p in body["results"]]


@pytest.mark.parametrize("params", SAMPLES)
def test_the_api_lists_what_the_page_lists_in_the_same_order_and_count(client, params):
    page = client.get(BROWSER, params).context
    body, keys = api_keys(client, params)
    assert keys == [row.key for row in page["page"].object_list]
    assert body["count"] == page["counts"].shown_total and body["count_capped"] == page["counts"].capped


@pytest.fixture
def many_paragraphs():
    """A hundred and twenty paragraphs on three dates: many rows share a date and ids break the ties."""
    for slug, year in (("2013-bishkek", 2013), ("2018-qingdao", 2018), ("2019-bishkek", 2019)):
        make_paragraphs(make_document(summit_slug=slug, date=year_start(year)), 40, themes=["drugs"])


@pytest.mark.parametrize("order", ["date", "-date"])
def test_following_next_reaches_every_result_once_in_the_page_order(client, many_paragraphs, order):
    params = {"theme": "drugs", "o": order}
    first = client.get(BROWSER, params).context
    numbered = []
    for number in range(1, first["page"].paginator.num_pages + 1):
        numbered += [row.key for row in client.get(BROWSER, {**params, "page": number}).context["page"]]
    body, walked = api_keys(client, params)
    while body["next"]:
        assert "~" in body["next"]  # a keyset cursor, not an offset
        body = client.get(body["next"]).json()
        walked += [p["key"] for p in body["results"]]
    assert walked == numbered and len(set(walked)) == body["count"]
    back = client.get(body["previous"]).json()
    assert back["results"] and back["next"]


def test_a_page_size_is_honoured_and_bounded(client, many_paragraphs):
    assert len(client.get(API, {"page_size": 7}).json()["results"]) == 7
    for bad in ("0", "101", "many"):
        response = client.get(API, {"page_size": bad})
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "page_size"


@pytest.mark.parametrize(
    "params",
    [
        {"year_from": "2020", "year_to": "2010"},
        {"year_from": "soon"},
        {"theme": "no-such-theme"},
        {"summit": "1999-atlantis"},
        {"state": "atlantis"},
        {"kind": "poem"},
        {"o": "alphabetical"},
        {"q": "x" * 501},
        {"theme": [f"t{n}" for n in range(40)]},
    ],
)
def test_a_rejected_filter_is_a_400_with_the_fields_the_page_names(client, params):
    form = client.get(BROWSER, params).context["form"]
    response = client.get(API, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {e["field"] for e in errors} == set(form.errors) and all(e["problem"] for e in errors)


def test_a_bad_cursor_is_a_400(client):
    for cursor in ("abc", "0", "2~2013-13-45.1", "-1"):
        response = client.get(API, {"cursor": cursor})
        assert response.status_code in (200, 400)
        if response.status_code == 400:
            assert response.json()["errors"][0]["field"] == "cursor"
    assert client.get(API, {"cursor": "abc"}).status_code == 400


def test_a_count_past_the_cap_is_capped_and_says_so(client):
    document = make_document(summit_slug="2019-bishkek", date=datetime.date(2019, 6, 14))
    Paragraph.objects.bulk_create(
        Paragraph(
            document=document,
            number=n,
            text=f"Paragraph {n}.",
            html=f"<p>Paragraph {n}.</p>",
            summit=document.summit,
            date=document.date,
            kind=document.kind,
        )
        for n in range(1, 1_011)
    )
    body = client.get(API, {"year_from": 2019, "year_to": 2019}).json()
    assert body["count_capped"] is True and body["count"] == 1_000
    exact = client.get(API, {"year_from": 2013, "year_to": 2013}).json()
    assert exact["count_capped"] is False
    assert exact["count"] == Paragraph.objects.public().filter(date__year=2013).count()


def test_a_paragraph_object_has_text_permalink_themes_and_states(client):
    document = make_document(title="On the object")
    paragraph = make_paragraph(
        document, "India and *China* agree.", themes=["terrorism"], states=["india", "china"]
    )
    body = client.get(f"{API}{paragraph.key}/").json()
    assert body["text"] == "India and *China* agree."
    assert body["permalink"] == f"http://testserver/p/{paragraph.key}/"
    assert body["url"] == f"http://testserver/documents/{document.slug}/{paragraph.number}/"
    assert body["document"]["title"] == "On the object" and body["summit"]["slug"] == "2013-bishkek"
    assert [(t["slug"], t["origin"]) for t in body["themes"]] == [("terrorism", "staff")]
    assert sorted(s["short_name"] for s in body["states"]) == ["China", "India"]
    listed = client.get(API, {"summit": "2013-bishkek", "o": "-date", "page_size": 100}).json()["results"]
    assert body in listed


def test_unpublished_paragraphs_never_appear(client):
    hidden = make_paragraph(make_document(published=False), "Hidden words here.")
    assert client.get(f"{API}{hidden.key}/").status_code == 404
    assert hidden.key not in client.get(API, {"q": "hidden words"}).content.decode()


def test_a_list_page_costs_a_bounded_number_of_queries(
    client, many_paragraphs, django_assert_max_num_queries
):
    for params in ({}, {"theme": "drugs", "state": "india", "year_from": 2013}, {"q": "drugs"}):
        with django_assert_max_num_queries(14):
            assert client.get(API, {**params, "page_size": 100}).status_code == 200
    assert Document.objects.exists()
