"""An editor in a real browser: edit a paragraph's text and themes, see it public, revert it, under the strict CSP."""

import re

import pytest
from django.urls import reverse

from declarations.admin.versioning import BASELINE_COMMENT
from declarations.models import Paragraph

from .admin_forms import make_editor

pytestmark = pytest.mark.browser

SEED = "001_d8c982eaffdaa9bf.txt"
PASSWORD = "a-long-editor-password"
NEW_TEXT = "Staff rewrote this paragraph about pandemic preparedness. <script>window.pwned = 1</script>"


def watch(page):
    """Console errors (CSP violations are reported there) and uncaught script errors."""
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def log_in(page):
    make_editor(password=PASSWORD)
    page.goto(reverse("admin:login"))
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_an_editor_edits_text_and_themes_sees_it_public_and_reverts_it(page):
    problems = watch(page)
    log_in(page)
    paragraph = Paragraph.objects.select_related("document").get(document__seed_file=SEED, number=3)
    original = paragraph.text
    public_url = reverse("declarations:paragraph_detail", args=[paragraph.document.slug, paragraph.number])

    page.goto(reverse("admin:declarations_paragraph_change", args=[paragraph.pk]))
    page.fill("textarea[name=text]", NEW_TEXT)
    # Django's inline "Add another" and the select2 autocomplete: both JavaScript, both under the CSP
    page.click("#tags-group .add-row a")
    row = page.locator("#tags-group tr.dynamic-tags").last
    row.locator(".select2-selection").click()
    page.fill(".select2-container--open .select2-search__field", "Health")
    page.locator(".select2-container--open .select2-results__option", has_text="Health").first.click()
    page.screenshot(path="/tmp/h5-admin-paragraph.png", full_page=True)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.goto(public_url)
    body = page.locator("main").inner_text()
    assert "Staff rewrote this paragraph about pandemic preparedness." in body
    assert "Health" in body
    assert page.evaluate("window.pwned") is None  # the script typed by staff is inert
    assert original[:60] not in body

    page.goto(reverse("admin:declarations_paragraph_history", args=[paragraph.pk]))
    page.screenshot(path="/tmp/h5-admin-history.png", full_page=True)
    page.locator("#change-history tr", has_text=BASELINE_COMMENT).locator("a").click()
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.goto(public_url)
    body = page.locator("main").inner_text()
    assert original[:60] in body
    assert "pandemic preparedness" not in body
    assert not problems, problems


def test_split_merge_and_the_changelist_work_without_csp_violations(page):
    problems = watch(page)
    log_in(page)
    paragraph = Paragraph.objects.get(document__seed_file=SEED, number=3)
    before = paragraph.document.paragraphs.count()
    page.goto(reverse("admin:declarations_paragraph_changelist") + "?origin=rule")
    page.screenshot(path="/tmp/h5-admin-changelist.png", full_page=True)
    page.goto(reverse("admin:declarations_paragraph_change", args=[paragraph.pk]))
    page.click("text=Split")
    page.locator("input[name=position]").first.check()
    page.screenshot(path="/tmp/h5-admin-split.png", full_page=True)
    page.click("input[type=submit][value='Split the paragraph']")
    page.wait_for_selector(".messagelist .success")
    assert paragraph.document.paragraphs.count() == before + 1
    page.click("text=Merge with next")
    page.screenshot(path="/tmp/h5-admin-merge.png", full_page=True)
    page.click("input[type=submit][value='Merge the two paragraphs']")
    page.wait_for_selector(".messagelist .success")
    paragraph.refresh_from_db()
    assert paragraph.number == 3 and paragraph.staff_edited
    assert paragraph.document.paragraphs.count() == before
    page.goto(reverse("admin:declarations_document_change", args=[paragraph.document_id]))
    page.screenshot(path="/tmp/h5-admin-document.png", full_page=True)
    rows = page.locator("#paragraphs-group tr.dynamic-paragraphs")
    existing = rows.count()
    page.click("#paragraphs-group .add-row a")  # the inline "add another paragraph" row (admin JavaScript)
    assert rows.count() == existing + 1
    assert rows.last.locator("input[name$=insert_after]").is_enabled()
    assert not problems, problems
