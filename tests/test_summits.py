"""/summits/ and /summits/<slug>/."""

import pytest

from declarations.models import Summit

from .factories import make_document, make_paragraph


def lists(response):
    """What the summit page lists (views.summits.summit_lists)."""
    return response.context


@pytest.mark.django_db
def test_it_lists_every_summit_with_date_city_host_format_and_documents(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get("/summits/")
    html = response.content.decode()
    assert len(response.context["summits"]) == Summit.objects.count() == 25
    assert 'href="/summits/2013-bishkek/">Bishkek 2013</a>' in html
    assert 'href="/states/kyrgyzstan/"' in html
    assert "Virtual" in html  # Moscow 2020
    bishkek = next(s for s in response.context["summits"] if s.slug == "2013-bishkek")
    assert bishkek.document_count == 2


@pytest.mark.django_db
def test_the_summit_page_groups_who_was_in_the_room_by_status(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/summits/2013-bishkek/")
    groups = {label: [s.slug for s in states] for label, states in lists(response)["groups"]}
    assert list(groups) == ["Member", "Observer", "Dialogue partner"]
    assert "russia" in groups["Member"] and "india" in groups["Observer"]
    html = response.content.decode()
    assert "<h3>Members</h3>" in html and "<h3>Dialogue partners</h3>" in html
    assert "13 September 2013" in html and "Bishkek, " in html


@pytest.mark.django_db
def test_the_declaration_comes_first_among_its_documents(client):
    make_document(kind="communique", title="An early communiqué", date="2013-09-12")
    documents = list(lists(client.get("/summits/2013-bishkek/"))["documents"])
    assert documents[0].slug == "2013-bishkek-declaration"
    assert len(documents) == 3


@pytest.mark.django_db
def test_it_shows_the_themes_its_documents_dwell_on_most(client):
    themes = list(lists(client.get("/summits/2013-bishkek/", {"news": "1"}))["themes"])
    counts = [t["n"] for t in themes]
    assert counts == sorted(counts, reverse=True) and len(themes) <= 8
    assert "syria-middle-east" in {t["theme__slug"] for t in themes}  # with the news about it counted
    html = client.get("/summits/2013-bishkek/", {"news": "1"}).content.decode()
    assert "/paragraphs/?theme=syria-middle-east&amp;summit=2013-bishkek" in html


@pytest.mark.django_db
def test_unpublished_documents_do_not_count(client):
    document = make_document(published=False)
    make_paragraph(document, themes=["health"])
    response = client.get("/summits/2013-bishkek/")
    assert len(lists(response)["documents"]) == 2
    assert "health" not in {t["theme__slug"] for t in lists(response)["themes"]}


@pytest.mark.django_db
def test_a_summit_without_documents_says_so(client):
    html = client.get("/summits/2001-shanghai/").content.decode()
    assert "no documents from this summit yet" in html


@pytest.mark.django_db
def test_it_404s_for_an_unknown_summit(client):
    response = client.get("/summits/1999-atlantis/")
    assert response.status_code == 404
    assert b"Nothing at this address" in response.content


@pytest.mark.django_db
def test_a_summit_with_many_documents_lists_the_first_declarations_first_and_links_to_the_rest(client):
    from declarations.views.summits import DOCUMENTS_SHOWN

    for _ in range(DOCUMENTS_SHOWN + 5):
        make_document(kind="news")
    response = client.get("/summits/2013-bishkek/")
    documents = lists(response)["documents"]
    assert len(documents) == DOCUMENTS_SHOWN and documents[0].slug == "2013-bishkek-declaration"
    assert lists(response)["document_total"] == DOCUMENTS_SHOWN + 7
    assert 'href="/documents/?summit=2013-bishkek"' in response.content.decode()


@pytest.mark.django_db
def test_staff_edits_show_on_the_summit_page_at_once(client):
    from declarations.models import Document, Participation, State, Status, StatusChange, Theme

    url = "/summits/2013-bishkek/"
    client.get(url)
    summit = Summit.objects.get(slug="2013-bishkek")
    guest = State.objects.exclude(participations__summit=summit).order_by("short_name").first()

    Participation.objects.create(summit=summit, state=guest, status=Status.GUEST)
    assert f'href="{guest.get_absolute_url()}"' in client.get(url).content.decode()

    StatusChange.objects.create(summit=summit, state=guest, status=Status.OBSERVER, note="granted <here>")
    assert "(granted &lt;here&gt;)" in client.get(url).content.decode()

    declaration = Document.objects.get(slug="2013-bishkek-declaration")
    before = declaration.paragraphs.count()
    make_paragraph(
        declaration, themes=["drugs"]
    )  # no document, summit or theme saved: the counts are rebuilt
    assert f"{before + 1} paragraphs" in client.get(url).content.decode()

    assert "?theme=drugs&amp;summit=2013-bishkek" in client.get(url).content.decode()  # among its top themes
    theme = Theme.objects.get(slug="drugs")
    theme.name = "Narcotics <renamed>"
    theme.save()
    assert "Narcotics &lt;renamed&gt;</a>" in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_summit_list_says_which_summits_have_their_declaration_only_news_or_nothing(client):
    summits = {s.slug: s.coverage[0] for s in client.get("/summits/").context["summits"]}
    assert summits["2013-bishkek"] == "declaration"
    assert summits["2018-qingdao"] == "news"
    assert summits["2015-ufa"] == "none"
    assert list(summits.values()).count("none") == 23
    html = client.get("/summits/").content.decode()
    assert html.count("News only") == 1 and html.count("Declaration in the archive") == 1


@pytest.mark.django_db
def test_a_summit_whose_declaration_is_not_held_says_so(client):
    html = client.get("/summits/2018-qingdao/").content.decode()
    assert "The archive does not hold the text of the Qingdao Declaration" in html
    assert "it holds only news about the summit" in html
    assert "does not hold" not in client.get("/summits/2013-bishkek/").content.decode()
    ufa = client.get("/summits/2015-ufa/").content.decode()
    assert "nor any other text from this summit yet" in ufa


@pytest.mark.django_db
def test_a_statement_without_the_declaration_is_other_texts(client):
    from .factories import make_document

    make_document("2015-ufa", kind="statement")
    summit = next(s for s in client.get("/summits/").context["summits"] if s.slug == "2015-ufa")
    assert summit.coverage == ("other", "Other texts, not the declaration")
    assert (
        "the documents below are other texts of the summit"
        in client.get("/summits/2015-ufa/").content.decode()
    )
