"""A document's provenance in words: issuer or publisher, the original's link, what it was imported from and
when, and which values the text did not give (supplied by staff, assumed by the importer, corrected later)."""

import datetime
from html import unescape

import pytest
from django.template.loader import render_to_string

from declarations import provenance
from declarations.models import Document

from .factories import make_document

pytestmark = pytest.mark.django_db

BISHKEK = "2013-bishkek-declaration"
MOSCOW_TIMES = "2013-09-13-shanghai-cooperation-organization-discusses-syria-in-bishkek"
QINGDAO = "2018-qingdao-news-fragment-syria-jcpoa-terrorist-fighters"


def shown(slug):
    document = Document.objects.select_related("summit").get(slug=slug)
    html = render_to_string("declarations/_provenance.html", {"provenance": provenance.describe(document)})
    return document, unescape(html)  # read as text: apostrophes are escaped where they come from a value


def test_a_declaration_is_issued_by_the_council_and_imported_from_the_world_and_japan_database():
    document, html = shown(BISHKEK)
    assert "Issued by the Council of Heads of State of the Shanghai Cooperation Organization." in html
    day = f"{document.first_imported_at.day} {document.first_imported_at:%B %Y}"
    assert f"Imported on {day} from the World and Japan Database's text." in html
    assert document.seed_file not in html and ".txt" not in html
    assert "The archive records no link to the original." in html
    assert "Assumed" not in html and "Supplied" not in html


def test_news_names_its_publisher_and_links_its_original():
    document, html = shown(MOSCOW_TIMES)
    assert "Published by The Moscow Times." in html
    assert f'<a href="{document.source_url}" rel="nofollow noopener noreferrer"' in html
    assert "from a copy of the published article" in html


def test_the_fragment_says_which_values_staff_supplied_and_which_were_assumed():
    document, html = shown(QINGDAO)
    assert "from an excerpt without title, byline or date" in html
    assert "Supplied by the archive's staff, not given by the text: the summit, the kind of document." in html
    assert "Assumed, not given by the text: the date (the summit's last day)." in html
    assert "Assumed, not given by the text: the title (a description written by the archive)." in html
    assert "Set date in the manifest" not in html  # staff notes stay in the admin


def test_an_assumed_date_is_marked_where_it_is_shown():
    for slug, marked in ((QINGDAO, True), (BISHKEK, False)):
        document = Document.objects.select_related("summit").get(slug=slug)
        html = unescape(
            render_to_string(
                "declarations/_document_date.html",
                {"document": document, "provenance": provenance.describe(document)},
            )
        )
        assert ("(assumed: the text gives no date; the summit's last day)" in html) is marked


def test_a_value_staff_corrected_is_no_longer_called_assumed():
    document = Document.objects.get(slug=QINGDAO)
    document.date = datetime.date(2018, 6, 11)
    document.save()
    _document, html = shown(QINGDAO)
    assert "Corrected by the archive's staff after the import: the date." in html
    assert "the date (the summit" not in html


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/x", "http://[::1"]
)
def test_only_an_http_or_https_original_is_linked(url):
    document = make_document(source_url=url)
    assert provenance.describe(document).original_url is None


def test_describing_costs_one_query(django_assert_num_queries):
    document = Document.objects.select_related("summit").get(slug=QINGDAO)
    with django_assert_num_queries(1):
        provenance.describe(document)


def test_a_document_entered_by_staff_says_so():
    document = make_document()
    described = provenance.describe(Document.objects.select_related("summit").get(pk=document.pk))
    assert described.imported == "Entered by the archive's staff"


def test_a_re_import_records_where_values_came_from_for_documents_imported_before_it_was_kept():
    from io import StringIO

    from django.core.management import call_command

    Document.objects.update(value_origins={}, source_shape="")
    out = StringIO()
    call_command("import_seeds", stdout=out)
    assert "texts: 0 created, 0 updated, 3 unchanged" in out.getvalue()
    fragment = Document.objects.get(slug=QINGDAO)
    assert fragment.source_shape == "news_fragment"
    assert fragment.value_origins == {
        "date": "assumed",
        "title": "assumed",
        "summit": "manifest",
        "kind": "manifest",
    }
    assert Document.objects.get(slug=BISHKEK).source_shape == "wajd_declaration"
