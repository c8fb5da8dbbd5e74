"""A researcher filters a list in a real Chromium and downloads it: the file holds exactly the rows the page
shows, in its order."""

import csv

import pytest

from .factories import make_document, make_paragraphs


def downloaded_rows(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.browser
def test_download_a_filtered_document_list_as_csv(page):
    page.goto("/documents/")
    page.locator("summary", has_text="Summits").click()
    page.get_by_label("Bishkek 2013").check()
    page.get_by_role("button", name="Show documents").click()
    page.wait_for_url("**/documents/?*summit=2013-bishkek*")
    listed = [
        href.strip("/").split("/")[-1]
        for href in page.locator("ol.doc-list a.doc-title").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    ]
    assert listed
    assert f"({len(listed)} row" in page.locator(".list-downloads").inner_text()
    rows = downloaded_rows(page, "Download CSV")
    assert [row["slug"] for row in rows] == listed


@pytest.mark.browser
def test_download_a_filtered_paragraph_list_as_csv(page):
    document = make_document(summit_slug="2018-qingdao", title="Statement on drugs")
    make_paragraphs(document, 12, text="The member states will counter drug trafficking.", themes=["drugs"])
    page.goto("/paragraphs/?summit=2018-qingdao&theme=drugs&o=-date")
    shown = page.locator("article.para a.permalink").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(shown) > 10
    assert f"({len(shown)} rows" in page.locator(".list-downloads").inner_text()
    rows = downloaded_rows(page, "Download CSV")
    assert [f"/documents/{row['document']}/{row['number']}/" for row in rows] == shown
    assert all(row["text"] and "drugs" in row["themes"].split() for row in rows)
