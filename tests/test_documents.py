"""/documents/ (filterable list) and /documents/<slug>/ (metadata, sections, every paragraph)."""

import pytest
from django.urls import reverse

from .factories import make_document, make_paragraph

LIST = reverse("declarations:document_list")
BISHKEK = "/documents/2013-bishkek-declaration/"
QINGDAO = "/documents/2018-qingdao-news-fragment-syria-jcpoa-terrorist-fighters/"


@pytest.mark.django_db
def test_it_lists_the_public_documents_with_their_summit(client, django_assert_max_num_queries):
    make_document(published=False, title="Hidden draft")
    with django_assert_max_num_queries(6):
        response = client.get(LIST)
    html = response.content.decode()
    assert response.context["page"].paginator.count == 3
    assert "Hidden draft" not in html
    assert 'href="/documents/2013-bishkek-declaration/"' in html
    assert 'href="/summits/2018-qingdao/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, count",
    [
        ({"summit": "2018-qingdao"}, 1),
        ({"summit": ["2018-qingdao", "2013-bishkek"]}, 3),
        ({"kind": "declaration"}, 1),
        ({"kind": "news"}, 2),
        ({"year_from": 2014}, 1),
        ({"year_to": 2013}, 2),
        ({"year_from": 2013, "year_to": 2013}, 2),
        ({"publisher": "The Moscow Times"}, 1),
    ],
)
def test_it_filters_by_summit_kind_year_range_and_publisher(client, params, count):
    response = client.get(LIST, params)
    assert response.context["page"].paginator.count == count


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"publisher": "Nobody"},
        {"kind": "x"},
        {"summit": "nowhere"},
        {"year_from": "2x"},
        {"year_from": 2020, "year_to": 2000},
    ],
)
def test_an_invalid_filter_is_a_form_error(client, params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "Some filters could not be used" in response.content.decode()


@pytest.mark.django_db
def test_pagination_keeps_the_filters_and_survives_any_page_number(client):
    for _ in range(26):
        make_document(kind="statement")
    response = client.get(LIST, {"kind": "statement"})
    assert "?kind=statement&amp;page=2" in response.content.decode()
    response = client.get(LIST, {"kind": "statement", "page": "999999999999"})
    assert response.context["page"].number == 2


@pytest.mark.django_db
def test_the_document_page_shows_its_metadata_and_provenance(client, django_assert_max_num_queries):
    # document, its page of ids, rows, tags, states; provenance, the quotation count; the picker's three
    with django_assert_max_num_queries(13):
        response = client.get(
            "/documents/2013-09-13-shanghai-cooperation-organization-discusses-syria-in-bishkek/"
        )
    html = response.content.decode()
    assert "The Moscow Times" in html
    assert 'href="https://www.themoscowtimes.com/2013/09/13/' in html
    assert "000_20ba804d8d0fad59" not in html  # the file name means nothing to a reader
    assert "Imported on " in html
    assert "13 September 2013" in html
    assert 'href="/summits/2013-bishkek/"' in html


@pytest.mark.django_db
def test_every_paragraph_has_an_anchor_a_permalink_its_themes_and_states(client):
    response = client.get(BISHKEK)
    html = response.content.decode()
    for number in range(1, 33):
        assert f'id="p{number}"' in html
        assert f'href="{BISHKEK}{number}/"' in html
    assert 'href="/paragraphs/?theme=afghanistan"' in html
    assert 'title="Tagged by the rule: ' in html
    assert 'href="/states/afghanistan/"' in html


@pytest.mark.django_db
def test_it_shows_section_headings_and_section_breaks(client):
    html = client.get(QINGDAO).content.decode()
    assert '<h2 class="section-heading">Compliance With JCPOA for Global Stability</h2>' in html
    assert html.count('class="section-heading"') == 3
    bishkek = client.get(BISHKEK).content.decode()
    assert bishkek.count('class="section-break"') == 6  # seven sections without headings


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_paragraphs(client, django_assert_max_num_queries):
    document = make_document()
    for _ in range(40):
        make_paragraph(document, themes=["drugs", "health"], states=["china", "russia"])
    # document, its page of ids, rows, tags, states; provenance, the quotation count; the picker's three
    with django_assert_max_num_queries(12):
        response = client.get(document.get_absolute_url())
    assert response.content.decode().count('class="para"') == 40


@pytest.mark.django_db
def test_it_404s_for_unknown_and_unpublished_documents(client):
    assert client.get("/documents/no-such-document/").status_code == 404
    hidden = make_document(published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
