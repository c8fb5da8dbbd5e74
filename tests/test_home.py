"""The home page: what the archive holds, a search box, the summits, the themes, the latest documents."""

import pytest

from declarations.models import Document, Summit, Theme


@pytest.mark.django_db
def test_it_says_what_the_archive_holds(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        response = client.get("/")
    html = response.content.decode()
    assert "25 summits, 3 documents and 51 paragraphs" in html
    assert 'action="/paragraphs/"' in html and 'name="q"' in html


@pytest.mark.django_db
def test_it_links_to_every_summit_theme_and_latest_document(client):
    html = client.get("/").content.decode()
    for summit in Summit.objects.all():
        assert f'href="{summit.get_absolute_url()}"' in html
    for theme in Theme.objects.filter(parent=None):
        assert f'href="{theme.get_absolute_url()}"' in html
    for document in Document.objects.public():
        assert f'href="{document.get_absolute_url()}"' in html


@pytest.mark.django_db
def test_every_page_has_landmarks_and_a_skip_link(client):
    html = client.get("/").content.decode()
    for marker in (
        '<a class="skip-link" href="#main">',
        "<header",
        '<nav aria-label="Main">',
        '<main id="main"',
        "<footer",
    ):
        assert marker in html


@pytest.mark.django_db
def test_it_lists_the_summits_in_date_order(client):
    html = client.get("/").content.decode()
    positions = [html.index(f'href="{s.get_absolute_url()}"') for s in Summit.objects.order_by("start_date")]
    assert positions == sorted(positions)
