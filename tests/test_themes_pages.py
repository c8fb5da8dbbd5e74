"""/themes/ (heatmap and taxonomy) and /themes/<slug>/ (timeline, numbers, paragraphs), on the seeds."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from declarations.charts import percent
from declarations.models import Document, Paragraph, ParagraphTheme, Summit, Theme

pytestmark = pytest.mark.django_db

CELL = re.compile(r'<td class="heat heat-(\d)[^"]*"><a href="([^"]+)" title="([^"]*)">(.*?)</a></td>')


def heatmap_cells(html):
    """{(theme slug, summit slug): (level, shown text)} from the heatmap's links."""
    cells = {}
    for level, href, _title, text in CELL.findall(html):
        query = parse_qs(urlsplit(unescape(href)).query)
        assert urlsplit(unescape(href)).path == reverse("declarations:paragraph_list")
        cells[query["theme"][0], query["summit"][0]] = (int(level), re.sub(r"<[^>]+>", "", text))
    return cells


def expected_share(theme_slug, summit_slug):
    theme = Theme.objects.get(slug=theme_slug)
    summit = Summit.objects.get(slug=summit_slug)
    total = Paragraph.objects.public().filter(summit=summit).count()
    tagged = Paragraph.objects.public().with_theme(theme).filter(summit=summit).count()
    return tagged, total


def test_the_heatmap_has_a_linked_cell_for_every_theme_at_every_summit(client):
    html = client.get("/themes/").content.decode()
    cells = heatmap_cells(html)
    assert len(cells) == Theme.objects.count() * Summit.objects.count() == 25 * 25
    assert html.count('<th scope="col" class="heat-col') == 25
    assert html.count('<th scope="row">') == Theme.objects.count()
    assert "<caption" in html


@pytest.mark.parametrize(
    ("theme", "summit"),
    [("terrorism", "2013-bishkek"), ("security", "2013-bishkek"), ("syria-middle-east", "2018-qingdao")],
)
def test_a_cell_shows_the_share_of_the_summits_public_paragraphs_carrying_the_theme(client, theme, summit):
    tagged, total = expected_share(theme, summit)
    assert tagged > 0
    level, text = heatmap_cells(client.get("/themes/", {"news": "1"}).content.decode())[theme, summit]
    assert text == percent(tagged / total)
    assert level > 0


def test_a_top_theme_counts_each_paragraph_of_its_sub_themes_once(client):
    security = Theme.objects.get(slug="security")
    terrorism = Theme.objects.get(slug="terrorism")
    paragraph = (
        Paragraph.objects.filter(summit__slug="2013-bishkek").exclude(tags__theme__parent=security).first()
    )
    # A staff tag on a child alone: the parent's cell (and the ?theme=security filter) still includes it.
    ParagraphTheme.objects.create(paragraph=paragraph, theme=terrorism, origin="staff")
    tagged, total = expected_share("security", "2013-bishkek")
    _, text = heatmap_cells(client.get("/themes/", {"news": "1"}).content.decode())[
        "security", "2013-bishkek"
    ]
    assert text == percent(tagged / total)


def test_an_empty_cell_shows_no_number_but_still_says_zero_to_screen_readers(client):
    html = client.get("/themes/").content.decode()
    assert heatmap_cells(html)["food-security", "2001-shanghai"] == (0, "0%")
    assert '<span class="chart-sr-only">0%</span>' in html


def test_unpublished_documents_do_not_count(client):
    document = Document.objects.get(summit__slug="2018-qingdao")
    document.published = False
    document.save()
    cells = heatmap_cells(client.get("/themes/").content.decode())
    assert all(
        cells[theme, "2018-qingdao"][1] == "0%" for theme in Theme.objects.values_list("slug", flat=True)
    )


def test_the_theme_list_keeps_descriptions_and_counts(client):
    html = unescape(client.get("/themes/").content.decode())
    drugs = Theme.objects.get(slug="drugs")
    count = Paragraph.objects.public().with_theme(drugs).count()
    assert drugs.description[:60] in html
    assert f'{drugs.get_absolute_url()}">{drugs.name}</a> <span class="theme-count">({count})' in html


def test_the_heatmap_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        assert client.get("/themes/").status_code == 200
    for n in range(10):
        Theme.objects.create(slug=f"extra-{n}", name=f"Extra {n}", parent=Theme.objects.get(slug="economy"))
    with django_assert_max_num_queries(5):
        assert client.get("/themes/").status_code == 200


def test_the_theme_page_draws_an_accessible_timeline_of_all_25_summits(client):
    html = client.get("/themes/terrorism/", {"news": "1"}).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    tagged, total = expected_share("terrorism", "2013-bishkek")
    assert f"Bishkek 2013: {tagged} of {total} paragraphs ({percent(tagged / total)})" in unescape(svg)
    assert svg.count('class="chart-label"') == 25


def test_the_theme_page_has_the_numbers_as_a_table(client):
    html = unescape(client.get("/themes/terrorism/", {"news": "1"}).content.decode())
    table = html[html.index('<table class="data-table">') : html.index("</table>")]
    assert table.count('<th scope="row">') == 25
    tagged, total = expected_share("terrorism", "2013-bishkek")
    assert re.search(
        rf"Bishkek 2013</th>\s*<td><a href=\"[^\"]+\">{tagged}</a></td>\s*<td>{total}</td>", table
    )


def test_the_theme_page_shows_parent_and_sub_themes(client):
    html = client.get("/themes/security/").content.decode()
    for child in Theme.objects.get(slug="security").children.all():
        assert child.get_absolute_url() in html
    assert 'href="/themes/security/"' in client.get("/themes/drugs/").content.decode()


def test_the_theme_page_lists_the_themes_paragraphs_25_a_page_with_permalinks(client):
    theme = Theme.objects.get(slug="food-security")
    for paragraph in Paragraph.objects.exclude(tags__theme=theme)[:30]:
        ParagraphTheme.objects.create(paragraph=paragraph, theme=theme, origin="staff")
    expected = Paragraph.objects.public().with_theme(theme).order_by("date", "document_id", "number")
    assert expected.count() > 25
    first = client.get("/themes/food-security/").content.decode()
    second = client.get("/themes/food-security/?page=2").content.decode()
    listing = first[first.index('id="paragraphs-heading"') :]
    assert listing.count('<article class="para"') == 25
    assert expected[0].get_absolute_url() in first
    assert expected[25].get_absolute_url() in second and expected[25].get_absolute_url() not in first
    assert "page=2" in first


@pytest.mark.parametrize("page", ["zz", "999", "-1", "1e9", "%00"])
def test_a_bad_page_number_never_fails(client, page):
    assert client.get(f"/themes/terrorism/?page={page}").status_code == 200


def test_an_unknown_theme_is_404(client):
    assert client.get("/themes/no-such-theme/").status_code == 404


def test_the_theme_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get("/themes/security/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["on", "1", "yes", "x" * 600])
def test_the_heatmap_can_hide_summits_without_texts(client, value):
    everything = client.get("/themes/", {"news": "1"}).context["columns"]
    assert len(everything) == 25
    response = client.get("/themes/", {"with_texts": value, "news": "1"})
    assert response.status_code == 200
    assert [c["summit"].slug for c in response.context["columns"]] == ["2013-bishkek", "2018-qingdao"]
    html = response.content.decode()
    assert 'name="with_texts" id="id_with_texts" checked' in html
    assert "Showing the 2 summits whose texts the archive holds" in html
    assert "heat-nodata" not in html.split("<tbody>", 1)[1].split("</table>")[0]
