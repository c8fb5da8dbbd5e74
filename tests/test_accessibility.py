"""axe-core (axe-playwright-python) finds no violations on any page type, on a phone and a desktop."""

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = [
    "/",
    "/summits/",
    "/summits/2013-bishkek/",
    "/documents/",
    "/documents/?kind=poem",
    "/documents/2018-qingdao-news-fragment-syria-jcpoa-terrorist-fighters/",
    "/documents/2013-bishkek-declaration/12/",
    "/paragraphs/",
    "/paragraphs/?q=chemical+weapons&theme=security",
    "/paragraphs/?q=-weapons&year_from=x",
    "/paragraphs/?q=xylophone",
    "/states/",
    "/states/syria/",
    "/no-such-page/2013/",
]


@pytest.fixture(scope="module")
def axe():
    return Axe()


def violations(axe, page):
    results = axe.run(page)
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_no_page_type_has_accessibility_violations(page, axe, width):
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for path in PAGES:
        page.goto(path)
        page.locator("details").evaluate_all("els => els.forEach(d => d.open = true)")
        if problems := violations(axe, page):
            found[path] = problems
    assert found == {}


@pytest.mark.browser
def test_keyboard_focus_is_visible_and_the_skip_link_comes_first(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0  # on screen once focused
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"


@pytest.mark.browser
def test_axe_really_runs_here_and_reports_a_planted_violation(page, axe):
    page.goto("/")
    page.evaluate("document.querySelector('#home-q').labels.forEach(l => l.remove())")
    assert any(v.startswith("label:") for v in violations(axe, page))
