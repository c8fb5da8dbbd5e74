"""Every page type fits a 390 px phone screen: nothing wider than the viewport, so no sideways scrolling."""

import pytest

from declarations.models import Paragraph

pytestmark = pytest.mark.browser

BISHKEK = "2013-bishkek-declaration"
QINGDAO = "2018-qingdao-news-fragment-syria-jcpoa-terrorist-fighters"


def page_types():
    key = Paragraph.objects.get(document__slug=BISHKEK, number=16).key
    return {
        "home": "/",
        "summits": "/summits/",
        "summit": "/summits/2013-bishkek/",
        "summit without texts": "/summits/2015-ufa/",
        "summit with news only": "/summits/2018-qingdao/",
        "documents": "/documents/",
        "document": f"/documents/{BISHKEK}/",
        "news document": f"/documents/{QINGDAO}/",
        "paragraph": f"/documents/{BISHKEK}/16/",
        "stable paragraph link": f"/p/{key}/",
        "paragraphs": "/paragraphs/?q=Syria",
        "themes": "/themes/",
        "theme": "/themes/security/",
        "states": "/states/",
        "state": "/states/india/",
        "compare": f"/compare/?a={BISHKEK}&b={QINGDAO}",
    }


def test_every_page_type_fits_a_390_px_screen(page):
    page.set_viewport_size({"width": 390, "height": 844})
    too_wide = {}
    for name, path in page_types().items():
        response = page.goto(path)
        assert response.ok, f"{name}: {path} answered {response.status}"
        page.locator("details").evaluate_all("els => els.forEach(d => d.open = true)")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            widest = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > 390)
                    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))
                    .slice(0, 4)"""
            )
            too_wide[name] = (width, widest)
    assert too_wide == {}


def test_every_heatmap_cell_is_a_target_of_at_least_24_by_24_px(page):
    page.goto("/themes/")
    sizes = page.locator(".heatmap td a").evaluate_all(
        "links => links.map(a => { const r = a.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert len(sizes) > 100
    assert [size for size in sizes if size[0] < 24 or size[1] < 24] == []


def test_the_states_table_scrolls_in_a_labelled_region_a_keyboard_can_reach(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/states/")
    region = page.get_by_role("region", name="States, their latest status, summits attended and hosted")
    region.focus()
    assert region.evaluate("el => el === document.activeElement")
    last_header = page.get_by_role("columnheader", name="Summits hosted")
    last_header.scroll_into_view_if_needed()
    box, frame = last_header.bounding_box(), region.bounding_box()
    assert (
        box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    )  # the last column can be brought into view
