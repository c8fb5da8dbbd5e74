"""What a person does in the reading room, in a real Chromium against the live server (no request leaves
127.0.0.1: the `page` fixture fails the test if one tries)."""

from urllib.parse import parse_qs, urlsplit

import pytest

from .factories import make_document, make_paragraphs


@pytest.mark.browser
def test_search_for_a_phrase_and_open_a_results_permalink(page):
    page.goto("/")
    page.get_by_label("Search every paragraph").fill('"chemical weapons" Syria')
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/paragraphs/?q=*")
    assert "5 paragraphs match" in page.locator(".result-count").inner_text()
    marks = page.locator(".para mark").all_inner_texts()
    # SQLite marks a matched phrase as one, PostgreSQL word by word
    assert {"chemical", "weapons", "syria"} <= set(" ".join(marks).lower().split())
    first = page.locator("article.para").first
    first.locator("a.permalink").click()
    page.wait_for_url("**/documents/*/*/")
    assert page.locator("h1").inner_text().endswith(f"paragraph {page.url.rstrip('/').rsplit('/', 1)[1]}")
    citation = page.locator("#cite-chicago-note").inner_text()
    assert "/p/" in citation and citation.endswith("/.")  # the stable link, not the numbered address


@pytest.mark.browser
def test_filter_by_two_themes_and_a_summit_and_page_forward_with_the_filters_kept(page):
    document = make_document(summit_slug="2018-qingdao", title="Statement on drugs and health")
    make_paragraphs(
        document, 30, text="The member states will counter drug addiction.", themes=["drugs", "health"]
    )
    page.goto("/paragraphs/")
    page.locator("summary", has_text="Themes").click()
    page.get_by_label("Drugs").check()
    page.get_by_label("Health").check()
    page.locator("summary", has_text="Summits").click()
    page.get_by_label("Qingdao 2018").check()
    page.get_by_role("button", name="Show paragraphs").click()
    page.wait_for_url("**/paragraphs/?*")
    assert page.locator(".result-count").inner_text().startswith("30 paragraphs")
    assert page.locator("article.para").count() == 25
    page.get_by_role("link", name="Next →").click()
    page.wait_for_url("**page=2*")
    params = parse_qs(urlsplit(page.url).query)
    assert sorted(params["theme"]) == ["drugs", "health"]
    assert params["summit"] == ["2018-qingdao"]
    assert page.locator("article.para").count() == 5
    assert "Page 2 of 2" in page.locator(".pagination").inner_text()
    # the form still shows the filters it was given
    assert page.get_by_label("Drugs").is_checked() and page.get_by_label("Qingdao 2018").is_checked()


@pytest.mark.browser
def test_open_a_summit_and_reach_its_declaration(page):
    page.goto("/")
    page.get_by_role("link", name="Bishkek 2013").first.click()
    page.wait_for_url("**/summits/2013-bishkek/")
    assert page.locator("h1").inner_text() == "Bishkek 2013"
    page.get_by_role("link", name="BISHKEK DECLARATION", exact=False).click()
    page.wait_for_url("**/documents/2013-bishkek-declaration/")
    assert page.locator("article.para").count() == 32
    page.goto(page.url + "#p12")
    assert page.locator("#p12").is_visible()


@pytest.mark.browser
def test_a_facet_link_adds_its_filter(page):
    page.goto("/paragraphs/?q=chemical+weapons")
    page.locator(".facet").filter(has_text="Summits").get_by_role("link", name="Qingdao 2018").click()
    page.wait_for_url("**summit=2018-qingdao*")
    assert page.locator(".result-count").inner_text().startswith("4 paragraphs")


@pytest.mark.browser
def test_a_capped_search_says_so_and_still_pages_forward(page, monkeypatch):
    from declarations.search import counts as browsing

    monkeypatch.setattr(browsing, "COUNT_CAP", 20)  # the live server runs in this process
    document = make_document(summit_slug="2018-qingdao", title="Statement on glaciers")
    make_paragraphs(document, 30, text="The member states will protect the glaciers.")
    page.goto("/paragraphs/?q=glaciers&o=-date")
    assert page.locator(".result-count").inner_text().startswith("20+ paragraphs match")
    assert "counted among the first 20" in page.locator(".facets summary").inner_text()
    assert page.locator("article.para").count() == 25
    page.get_by_role("link", name="Next →").click()
    page.wait_for_url("**page=2*")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["glaciers"]
    assert page.locator("article.para").count() == 5
    assert page.get_by_role("link", name="Next →").count() == 0
    assert page.locator(".pagination").inner_text().replace("\n", " ").strip().endswith("Page 2")
