"""In a real browser: an editor confirms and rejects tags from the review queue by keyboard, under the strict CSP, and
the methodology and theme pages that show the figures pass axe on a phone and a desktop."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

from declarations.models import ParagraphTheme, RejectedTag

from .test_browser_admin import log_in, watch

pytestmark = pytest.mark.browser


def test_an_editor_reviews_tags_from_the_queue(page):
    problems = watch(page)
    log_in(page)
    tags = list(
        ParagraphTheme.objects.filter(theme__slug="syria-middle-east", origin="rule").order_by("-pk")[:2]
    )
    theme_id = tags[0].theme_id
    page.goto(
        f"{reverse('admin:declarations_paragraphtheme_changelist')}?review=unreviewed&theme__id__exact={theme_id}"
    )
    confirm = page.get_by_role("button", name="Confirm the Syria and the Middle East tag").first
    confirm.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".messagelist .success")
    assert "Confirmed 1 tag." in page.locator(".messagelist").inner_text()
    assert (
        "Syria and the Middle East on reviewed tags: precision 1.00"
        in page.locator(".messagelist").inner_text()
    )
    assert "review=unreviewed" in page.url  # back where the editor was, filters kept
    page.get_by_role("button", name="Reject the Syria and the Middle East tag").first.click()
    page.wait_for_selector(".messagelist .success")
    assert "Rejected 1 tag." in page.locator(".messagelist").inner_text()
    assert ParagraphTheme.objects.filter(theme_id=theme_id, confirmed_at__isnull=False).count() == 1
    assert RejectedTag.objects.filter(theme_id=theme_id, origin="rule").count() == 1
    assert problems == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_reliability_pages_are_accessible_and_fit_a_phone(page, width):
    call_command("measure_themes", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    axe = Axe()
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/methodology/", "/themes/terrorism/", "/themes/security/"):
        page.goto(path)
        violations = [v["id"] for v in axe.run(page).response["violations"]]
        assert violations == [], (path, violations)
        # the page itself never scrolls sideways (the wide table scrolls in its own box)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    page.goto("/methodology/")
    assert re.search(r"F1 0\.\d\d", page.locator("main").inner_text())
