"""The citation partial in a real Chromium: the copy button copies the citation, and nothing needs it.

Served by tests/urls_cite_preview.py, which includes the partials the way the document and paragraph pages do."""

import pytest
from playwright.sync_api import expect

from declarations.models import Paragraph

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.urls_cite_preview")]


def paragraph_16_key():
    return Paragraph.objects.get(document__slug="2013-bishkek-declaration", number=16).key


def test_the_copy_button_copies_the_chicago_note_with_the_stable_link(page):
    key = paragraph_16_key()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"/preview/p/{key}/")
    button = page.get_by_role("button", name="Copy the Chicago (notes and bibliography, 16th ed.) note")
    button.click()
    expect(page.get_by_role("status")).to_have_text("Copied to the clipboard.")  # once the clipboard answers
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Council of Heads of State of the Shanghai Cooperation Organization, “Bishkek")
    assert copied.endswith(f"para. 16, SCO Declarations Archive, {page.url.split('/preview')[0]}/p/{key}/.")
    assert not errors  # no CSP refusal of the script, no script error


def test_without_javascript_the_citations_and_downloads_are_there_and_no_copy_button(
    chromium, seeded_live_server
):
    key = paragraph_16_key()
    context = chromium.new_context(base_url=seeded_live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/preview/p/{key}/")
    assert page.get_by_role("button", name="Copy").count() == 0
    assert "para. 16" in page.locator("#cite-chicago-note").inner_text()
    response = page.request.get(page.get_by_role("link", name="RIS").get_attribute("href"))
    assert response.headers["content-type"].startswith("application/x-research-info-systems")
    context.close()


def test_the_document_head_carries_the_highwire_tags_in_the_browser(page):
    page.goto("/preview/documents/2013-bishkek-declaration/")
    tags = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('meta[name^=citation_]')].map(m => [m.name, m.content]))"
    )
    assert tags["citation_title"].startswith("Bishkek Declaration by the Heads")
    assert tags["citation_author"] == "Council of Heads of State of the Shanghai Cooperation Organization"
    assert tags["citation_publication_date"] == "2013/09/13"


@pytest.mark.parametrize("width", [390, 1280])
def test_the_citation_partial_has_no_accessibility_violations_and_fits_a_phone(page, width):
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size({"width": width, "height": 900})
    qingdao = "/preview/documents/2018-qingdao-news-fragment-syria-jcpoa-terrorist-fighters/"
    for path in (
        f"/preview/p/{paragraph_16_key()}/",
        "/preview/documents/2013-bishkek-declaration/",
        qingdao,
    ):
        page.goto(path)
        violations = Axe().run(page).response["violations"]
        assert [v["id"] for v in violations] == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= width
