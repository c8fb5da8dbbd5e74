"""A reader compares two documents in real Chromium: with the form, from a document page, from the heatmap."""

import re

import pytest

from declarations.models import Document

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
