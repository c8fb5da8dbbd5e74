"""/documents/<slug>/<number>/ (one paragraph, its neighbours, its themes, a citation) and /p/<key>/."""

import pytest

from declarations.models import Paragraph

from .factories import make_document, make_paragraph

BISHKEK = "/documents/2013-bishkek-declaration/"


@pytest.mark.django_db
def test_it_shows_the_paragraph_with_its_neighbours(client, django_assert_max_num_queries):
    # The first view also computes and stores the similar wording at other summits; later views read it.
    with django_assert_max_num_queries(18):
        client.get(BISHKEK + "12/")
    with django_assert_max_num_queries(12):
        response = client.get(BISHKEK + "12/")
    assert response.context["paragraph"].number == 12
    assert response.context["previous"].number == 11
    assert response.context["next"].number == 13
    html = response.content.decode()
    assert f'href="{BISHKEK}11/"' in html and f'href="{BISHKEK}13/"' in html


@pytest.mark.django_db
def test_it_gives_a_ready_to_copy_citation_with_the_stable_absolute_url(client):
    response = client.get(BISHKEK + "12/")
    key = Paragraph.objects.get(document__slug="2013-bishkek-declaration", number=12).key
    html = response.content.decode()
    assert f"http://testserver/p/{key}/" in response.context["cite"].chicago.note_text
    assert "Bishkek Declaration" in response.context["cite"].chicago.note_text
    assert f"/p/{key}/cite.bib" in html and f"/p/{key}/cite.ris" in html


@pytest.mark.django_db
def test_it_says_why_each_theme_applies(client):
    html = client.get(BISHKEK + "12/").content.decode()
    assert "matched the rule <code>drug*</code>" in html
    assert 'href="/paragraphs/?theme=drugs"' in html


@pytest.mark.django_db
def test_the_first_and_last_paragraphs_have_one_neighbour(client):
    assert client.get(BISHKEK + "1/").context["previous"] is None
    assert client.get(BISHKEK + "32/").context["next"] is None


@pytest.mark.django_db
def test_the_stable_link_follows_a_paragraph_when_it_is_renumbered(client):
    document = make_document()
    paragraph = make_paragraph(document, "Renumbered later.", number=3)
    stable = f"/p/{paragraph.key}/"
    assert client.get(stable)["Location"] == f"{document.get_absolute_url()}3/"
    Paragraph.objects.filter(pk=paragraph.pk).update(number=7)
    response = client.get(stable)
    assert response.status_code == 302
    assert response["Location"] == f"{document.get_absolute_url()}7/"
    assert stable in client.get(f"{document.get_absolute_url()}7/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        BISHKEK + "999/",
        BISHKEK + "0/",
        BISHKEK + "9" * 30 + "/",
        "/documents/nothing/1/",
        "/p/nope/",
        "/p/%00/",
    ],
)
def test_it_404s_for_what_does_not_exist(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_unpublished_paragraphs_have_no_page_and_no_stable_link(client):
    document = make_document(published=False)
    paragraph = make_paragraph(document)
    assert client.get(paragraph.get_absolute_url()).status_code == 404
    assert client.get(f"/p/{paragraph.key}/").status_code == 404
