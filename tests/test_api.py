"""The read-only API under /api/v1/: summits, states, themes and documents as lists and objects, its errors,
its headers and its documentation."""

import pytest

from declarations.models import Document, Participation, Summit

from .factories import make_document, make_paragraph

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    response = client.get(url, params)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


def every_page(client, url, **params):
    """All results of a cursor-paginated list, following `next` to the end."""
    results, response = [], get(client, url, **params)
    while True:
        body = response.json()
        results += body["results"]
        if not body["next"]:
            return results
        response = get(client, body["next"])


def test_summits_list_in_date_order_with_participation_by_status(client):
    summits = every_page(client, "/api/v1/summits/", page_size=10)
    assert [s["slug"] for s in summits] == list(
        Summit.objects.order_by("start_date").values_list("slug", flat=True)
    )
    bishkek = next(s for s in summits if s["slug"] == "2013-bishkek")
    members = {
        p.state.slug for p in Participation.objects.filter(summit__slug="2013-bishkek", status="member")
    }
    assert {s["slug"] for s in bishkek["participation"]["member"]} == members
    assert set(bishkek["participation"]) == {"member", "observer", "dialogue_partner", "guest"}
    assert bishkek["url"] == "http://testserver/summits/2013-bishkek/"


def test_summit_object_and_its_404(client):
    body = get(client, "/api/v1/summits/2013-bishkek/").json()
    assert body["city"] == "Bishkek" and body["label"] == "Bishkek 2013"
    assert "status_changes" in body
    missing = get(client, "/api/v1/summits/1999-atlantis/")
    assert missing.status_code == 404 and missing.json()["detail"]


def test_a_state_lists_its_status_at_every_summit_it_attended(client):
    body = get(client, "/api/v1/states/india/").json()
    attended = Participation.objects.filter(state__slug="india").order_by("summit__start_date")
    assert [(p["summit"]["slug"], p["status"]) for p in body["participations"]] == [
        (p.summit.slug, p.status) for p in attended
    ]
    assert {"observer", "member"} <= {p["status"] for p in body["participations"]}


def test_themes_give_the_taxonomy(client):
    themes = every_page(client, "/api/v1/themes/")
    by_slug = {t["slug"]: t for t in themes}
    children = [t for t in themes if t["parent"]]
    assert children, "the seeded taxonomy has sub-themes"
    for child in children:
        assert child["slug"] in by_slug[child["parent"]]["children"]
    assert all(not rule.startswith("#") for t in themes for rule in t["rules"])


def test_documents_are_the_published_ones_without_staff_fields(client):
    hidden = make_document(title="Draft, not published", published=False, import_notes="staff only note")
    documents = every_page(client, "/api/v1/documents/")
    slugs = [d["slug"] for d in documents]
    assert hidden.slug not in slugs
    assert slugs == list(Document.objects.public().order_by("date", "id").values_list("slug", flat=True))
    raw = client.get("/api/v1/documents/").content.decode()
    assert "import_notes" not in raw and "seed_file" not in raw and "staff only note" not in raw
    assert get(client, f"/api/v1/documents/{hidden.slug}/").status_code == 404


def test_a_document_gives_provenance_and_sections(client):
    document = make_document(source_url="https://example.org/text", checksum="ab" * 32)
    make_paragraph(document, "First.", heading="Part one", section=1)
    make_paragraph(document, "Second.", heading="Part one", section=1)
    make_paragraph(document, "Third.", heading="Part two", section=2)
    body = get(client, f"/api/v1/documents/{document.slug}/").json()
    assert body["source_url"] == "https://example.org/text" and body["sha256"] == "ab" * 32
    assert body["paragraphs"] == 3
    assert body["sections"] == [
        {"section": 1, "heading": "Part one", "first_paragraph": 1, "paragraphs": 2},
        {"section": 2, "heading": "Part two", "first_paragraph": 3, "paragraphs": 1},
    ]


def test_documents_take_the_document_list_filters(client):
    body = get(client, "/api/v1/documents/", summit="2013-bishkek").json()
    assert body["results"] and {d["summit"]["slug"] for d in body["results"]} == {"2013-bishkek"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year_from": "2020", "year_to": "2010"}, "year_to"),
        ({"year_from": "next year"}, "year_from"),
        ({"summit": "1999-atlantis"}, "summit"),
        ({"kind": "poem"}, "kind"),
    ],
)
def test_a_rejected_filter_is_a_400_naming_the_field_and_problem(client, params, field):
    response = get(client, "/api/v1/documents/", **params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field] and errors[0]["problem"]


def test_a_forged_cursor_is_a_404_not_a_500(client):
    assert get(client, "/api/v1/documents/", cursor="not-a-cursor").status_code == 404


def test_any_origin_may_read_the_api(client):
    response = client.get("/api/v1/themes/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/themes/", HTTP_ORIGIN="https://example.org")


def test_the_api_writes_nothing(client):
    assert client.post("/api/v1/themes/", {}).status_code == 405
    assert client.delete("/api/v1/themes/economy/").status_code == 405


def test_anonymous_clients_are_throttled(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    codes = [client.get("/api/v1/themes/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/themes/").json()["detail"]


def test_list_pages_cost_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for url in ("/api/v1/summits/", "/api/v1/states/", "/api/v1/themes/", "/api/v1/documents/"):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200


def test_schema_and_its_documentation_page_are_served_from_this_site(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/summits/" in schema.content
    docs = client.get("/api/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200
    assert "https://" not in html and "<style" not in html and "<script>" not in html
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200 and b"/api/schema/" in script.content
