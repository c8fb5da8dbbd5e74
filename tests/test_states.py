"""/states/ and /states/<slug>/."""

import pytest

from .factories import make_document, make_paragraph


@pytest.mark.django_db
def test_it_lists_every_state_with_its_latest_status(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/states/")
    html = response.content.decode()
    assert 'href="/states/india/"' in html
    india = next(s for s in response.context["states"] if s.slug == "india")
    assert india.latest_first[0].get_status_display() == "Member"
    assert india.hosted_count == 1


@pytest.mark.django_db
def test_the_state_page_shows_status_at_every_summit_and_summits_hosted(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(11):
        response = client.get("/states/india/")
    statuses = [(p.summit.slug, p.status) for p in response.context["participations"]]
    assert ("2013-bishkek", "observer") in statuses
    assert ("2018-qingdao", "member") in statuses
    assert [s.slug for s in response.context["hosted"]] == ["2023-new-delhi"]


@pytest.mark.django_db
def test_it_lists_the_paragraphs_naming_the_state(client):
    response = client.get("/states/syria/")
    paragraphs = list(response.context["page"])
    assert paragraphs and all("syria" in {s.slug for s in p.states} for p in paragraphs)
    assert 'href="/paragraphs/?state=syria"' in response.content.decode()


@pytest.mark.django_db
def test_its_query_count_does_not_grow_with_paragraphs(client, django_assert_max_num_queries):
    document = make_document()
    for _ in range(30):
        make_paragraph(document, themes=["drugs"], states=["mongolia", "china"])
    with django_assert_max_num_queries(11):
        response = client.get("/states/mongolia/")
    assert response.context["counts"].total >= 30


@pytest.mark.django_db
def test_it_404s_for_an_unknown_state(client):
    assert client.get("/states/narnia/").status_code == 404


@pytest.mark.django_db
def test_a_state_named_everywhere_is_counted_and_paged_only_so_far(client, monkeypatch):
    from declarations.search import counts

    monkeypatch.setattr(counts, "COUNT_CAP", 30)
    document = make_document()
    for _ in range(35):
        make_paragraph(document, states=["mongolia"])
    response = client.get("/states/mongolia/")
    assert response.context["counts"].capped
    assert "More than 30 paragraphs, in date order." in response.content.decode()


@pytest.mark.django_db
def test_the_states_are_listed_by_name(client):
    names = [state.short_name for state in client.get("/states/").context["states"]]
    assert names == sorted(names)
    assert names.index("Afghanistan") < names.index("Armenia") < names.index("United Arab Emirates")
