"""The home page: what the archive holds, a search box, the summits, the themes, the latest documents."""

import pytest

from declarations.models import Document, Summit, Theme

from .factories import make_paragraph


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


@pytest.mark.django_db
def test_staff_edits_show_on_the_home_page_at_once(client):
    client.get("/")
    again = client.get("/").content.decode()
    assert "25 summits, 3 documents and 51 paragraphs" in again

    theme = Theme.objects.filter(parent=None).first()
    theme.name = "Renamed <by> staff"
    theme.save()
    html = client.get("/").content.decode()
    assert "Renamed &lt;by&gt; staff" in html

    document = Document.objects.public().first()
    document.published = False
    document.save()
    html = client.get("/").content.decode()
    assert "25 summits, 2 documents" in html
    assert f'href="{document.get_absolute_url()}"' not in html


@pytest.mark.django_db
def test_a_new_paragraph_shows_in_the_total_at_once(client):
    assert "51 paragraphs" in client.get("/").content.decode()
    make_paragraph(Document.objects.public().first())  # no document, summit or theme saved
    assert "52 paragraphs" in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_cached_page_follows_the_urlconf(client):
    from django.test import override_settings

    summit = Summit.objects.order_by("start_date").first()  # linked from the cached list only
    assert f'href="/summits/{summit.slug}/"' in client.get("/").content.decode()
    with override_settings(ROOT_URLCONF="tests.urls_under_archive"):
        assert f'href="/archive/summits/{summit.slug}/"' in client.get("/archive/").content.decode()
    assert 'href="/archive/' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_each_example_search_finds_paragraphs_in_the_seeds(client):
    import re
    from html import unescape

    html = client.get("/").content.decode()
    help_text = re.search(r'<p class="help" id="home-q-help">(.*?)</p>', html, re.S).group(1)
    examples = [unescape(href) for href in re.findall(r'href="([^"]+)"', help_text)]
    assert len(examples) == 3
    for url in examples:
        page = client.get(url).context["page"]
        assert page is not None and len(page.object_list) > 0, url


@pytest.mark.django_db
def test_the_home_page_says_what_the_archive_holds_of_each_summit(client):
    html = client.get("/").content.decode()
    assert html.count('class="coverage coverage-declaration">Declaration in the archive') == 1
    assert html.count('class="coverage coverage-news">News only') == 1
    assert html.count('class="coverage coverage-none">No texts yet') == 23
