"""A curator in a real browser: upload two texts, read the preview, correct the publisher, import, see them public."""

import re
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from declarations.models import Document

from .test_browser_admin import log_in, watch

pytestmark = pytest.mark.browser

GOLDEN = Path(__file__).parent / "golden"
NEWS = "2024-07-04-reuters-astana.txt"
DECLARATION = "astana-2017-declaration.txt"


def axe_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_curator_uploads_previews_corrects_and_imports_in_chromium(page, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = watch(page)
    shutil.copy(GOLDEN / "fragment_reuters_credits.txt", tmp_path / NEWS)
    shutil.copy(GOLDEN / "wajd_header_date_typo.txt", tmp_path / DECLARATION)
    log_in(page)

    page.goto(reverse("admin:declarations_document_changelist"))
    page.get_by_role("link", name="Import texts").click()
    assert not axe_violations(page), axe_violations(page)
    page.get_by_label("Text files").set_input_files([tmp_path / NEWS, tmp_path / DECLARATION])
    page.get_by_role("button", name="Preview").click()
    page.wait_for_url(re.compile(r"/import/[0-9a-f-]{36}/$"))

    news = page.locator("section", has=page.get_by_role("heading", name=re.compile(NEWS)))
    declaration = page.locator("section", has=page.get_by_role("heading", name=re.compile(DECLARATION)))
    assert "news_fragment" in news.get_by_role("heading").first.inner_text()
    assert "(Reporting by Olzhas Auyezov" in news.locator("table.import-skipped").inner_text()
    date_row = declaration.locator("tr", has=page.get_by_role("rowheader", name="Date"))
    assert "body, settled by the reference data" in date_row.inner_text()
    assert "2017-06-19" in declaration.locator(".import-warnings").inner_text()
    assert not axe_violations(page), axe_violations(page)
    page.screenshot(path=f"/tmp/imp-preview-{width}.png", full_page=True)

    page.get_by_label(f"Publisher of {NEWS}").fill("Reuters")
    page.get_by_role("button", name="Update the preview").click()
    publisher_row = news.locator("tr", has=page.get_by_role("rowheader", name="Publisher"))
    assert "your correction" in publisher_row.inner_text()
    assert not Document.objects.filter(seed_file=NEWS).exists()

    page.get_by_role("button", name="Import 2 texts").click()
    page.wait_for_selector(".messagelist .success")
    assert "Undo this import" in page.locator("#import-history").inner_text()
    page.screenshot(path=f"/tmp/imp-history-{width}.png", full_page=True)
    assert not axe_violations(page), axe_violations(page)

    article = Document.objects.get(seed_file=NEWS)
    page.goto(article.get_absolute_url())
    main = page.locator("main").inner_text()
    assert "Reuters" in main and "Tokayev" in main and "Reporting by" not in main
    assert not problems, problems
