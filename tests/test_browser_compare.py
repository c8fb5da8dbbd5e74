"""A reader compares two documents in real Chromium: with the form, from a document page, from the heatmap."""

import re
from urllib.parse import urlsplit

import pytest

from declarations.models import Document

from .conftest import LOCAL_HOSTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BISHKEK = "2013-bishkek-declaration"


def qingdao_slug():
    return Document.objects.get(summit__slug="2018-qingdao").slug


def test_a_reader_picks_two_documents_and_sees_them_aligned(page):
    qingdao = qingdao_slug()
    page.goto("/compare/")
    page.get_by_label("Document A").select_option(BISHKEK)
    page.get_by_label("Document B").select_option(qingdao)
    page.get_by_role("button", name="Compare").click()

    page.wait_for_url(re.compile(rf"/compare/\?a={BISHKEK}&b={qingdao}"))
    table = page.locator("table.compare-table")
    assert table.is_visible()
    pairs = table.locator("tr.status-changed")
    assert pairs.count() >= 1
    first_pair = pairs.first
    assert first_pair.locator("td.side-a a.para-number").inner_text().startswith("A, para.")
    assert first_pair.locator("td.side-b a.para-number").inner_text().startswith("B, para.")
    assert first_pair.locator("td.side-a del").count() and first_pair.locator("td.side-b ins").count()
    assert table.locator("tr.status-new").count() and table.locator("tr.status-dropped").count()
    # The form keeps the choice, so the reader can change one side and compare again.
    assert page.get_by_label("Document A").input_value() == BISHKEK


def test_a_theme_narrows_the_comparison(page):
    qingdao = qingdao_slug()
    page.goto(f"/compare/?a={BISHKEK}&b={qingdao}")
    everything = page.locator("table.compare-table tbody tr").count()
    page.get_by_label("Only paragraphs about").select_option("syria-middle-east")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile("theme=syria-middle-east"))
    assert 0 < page.locator("table.compare-table tbody tr").count() < everything


def test_submitting_without_choosing_shows_errors_in_the_form(page):
    # Chromium's own check of the required selects would stop the submit; a browser without it sends this.
    page.goto("/compare/?a=&b=&theme=")
    alert = page.get_by_role("alert")
    assert alert.is_visible()
    assert "Choose document A." in alert.inner_text() and "Choose document B." in alert.inner_text()
    assert page.get_by_label("Document A").is_visible()


def test_from_a_document_page_a_reader_picks_another_document_to_compare(page):
    qingdao = qingdao_slug()
    page.goto(f"/documents/{BISHKEK}/")
    page.get_by_label("Document to set beside this one").select_option(qingdao)
    page.locator("form.compare-picker").get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(rf"/compare/\?a={BISHKEK}&b={qingdao}"))
    assert page.locator("table.compare-table tr.status-changed").count() >= 1


def test_a_heatmap_cell_leads_to_the_filtered_paragraphs(page):
    page.goto("/themes/")
    cell = page.locator('td.heat a[href*="theme=terrorism"][href*="summit=2013-bishkek"]')
    assert cell.inner_text().endswith("%")
    cell.click()
    page.wait_for_url(re.compile(r"/paragraphs/\?theme=terrorism&summit=2013-bishkek"))


def test_a_reader_types_a_documents_address_instead_of_choosing_it(page):
    qingdao = qingdao_slug()
    page.goto("/compare/")
    page.get_by_label("Document A").select_option(BISHKEK)
    page.locator("#id_b-address").fill(qingdao)
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(rf"/compare/\?a={BISHKEK}&b={qingdao}$"))
    assert page.locator("table.compare-table tr.status-changed").count() >= 1


@pytest.fixture
def narrow_page_without_js(chromium, seeded_live_server):
    """A 390 px wide page with JavaScript off, as a phone reader with scripts blocked sees the site."""
    context = chromium.new_context(
        base_url=seeded_live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if urlsplit(route.request.url).hostname in LOCAL_HOSTS else route.abort()
        ),
    )
    page = context.new_page()
    yield page
    context.close()


def fits_390(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_comparison_fits_a_390_px_screen_and_works_without_javascript(narrow_page_without_js):
    page = narrow_page_without_js
    qingdao = qingdao_slug()
    page.goto("/compare/")
    assert fits_390(page)
    page.get_by_label("Document A").select_option(BISHKEK)
    page.get_by_label("Document B").select_option(qingdao)
    page.get_by_label("Only paragraphs about").select_option("syria-middle-east")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(rf"/compare/\?a={BISHKEK}&b={qingdao}&theme=syria-middle-east"))
    assert page.locator("table.compare-table tr.status-changed").count() >= 1
    assert (
        "You are comparing a declaration with a news article." in page.locator("#kind-warning").inner_text()
    )
    assert fits_390(page)
    page.get_by_role("link", name="Swap A and B").click()
    page.wait_for_url(re.compile(rf"/compare/\?a={qingdao}&b={BISHKEK}"))
    page.wait_for_load_state("load")
    assert page.locator("table.compare-table").is_visible() and fits_390(page)


def test_a_long_comparison_in_parts_fits_a_390_px_screen(narrow_page_without_js):
    from .test_compare import long_pair

    a, b = long_pair(1200)
    page = narrow_page_without_js
    page.goto(f"/compare/?a={a.slug}&b={b.slug}")
    assert (
        "Only paragraphs 1–500 of A and 1–450 of B are compared here"
        in page.locator("#compare-parts").inner_text()
    )
    assert fits_390(page)
    page.get_by_role("navigation", name="Parts of the comparison").get_by_role("link", name="Part 3").click()
    page.wait_for_url(re.compile(r"part=3$"))
    assert "Only paragraphs 1001–1200 of A and 901–1080 of B" in page.locator("#compare-parts").inner_text()
    assert page.locator("table.compare-table tr").count() > 1 and fits_390(page)


def test_a_declaration_pages_picker_fits_390_px_and_sends_the_reader_to_the_comparison(
    narrow_page_without_js,
):
    page = narrow_page_without_js
    page.goto(f"/documents/{BISHKEK}/")
    assert fits_390(page)
    page.get_by_label("Document to set beside this one").select_option(qingdao_slug())
    page.locator("form.compare-picker").get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"/compare/\?a="))
    assert page.get_by_role("link", name="Compare", exact=True).get_attribute("aria-current") == "page"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_comparison_pages_have_no_accessibility_violations(page, width):
    from axe_playwright_python.sync_playwright import Axe

    from .test_compare import long_pair

    qingdao = qingdao_slug()
    a, b = long_pair(600)
    axe = Axe()
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for path in [
        "/compare/",
        "/compare/?a=&b=&theme=",
        f"/compare/?a={BISHKEK}&b={qingdao}&theme=syria-middle-east",
        f"/compare/?a={a.slug}&b={b.slug}&part=2",
        f"/documents/{BISHKEK}/",
    ]:
        page.goto(path)
        results = axe.run(page).response["violations"]
        if results:
            found[path] = [f"{v['id']}: {v['nodes'][0]['target']}" for v in results]
    assert found == {}
