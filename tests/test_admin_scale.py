"""The staff admin with 10,000 paragraphs in one document: every page stays within a fixed query budget.

The rows are built once for the module, outside the per-test transactions (building them for every test took
most of the admin suite's time), and deleted when the module ends. Every test here only reads them, and no test
outside this module runs while they exist: pytest runs a module's tests together and then tears its fixtures down.
"""

import pytest
from django.db.models.signals import post_delete, pre_delete
from django.urls import reverse
from reversion.utils import mute_signals

from declarations.models import Document, Paragraph, ParagraphTheme, Summit, Theme

pytestmark = pytest.mark.django_db

SLUG = "admin-scale-ten-thousand"


def delete_big_document():
    # Built with bulk_create, so no signal saw the rows arrive; none should see them go (and with no receivers
    # the delete is a few set-based DELETEs rather than 20,000 row-by-row signals).
    with mute_signals(pre_delete, post_delete):
        Document.objects.filter(slug=SLUG).delete()


@pytest.fixture(scope="module")
def big_document(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        delete_big_document()  # left behind by an interrupted run with --reuse-db
        summit = Summit.objects.order_by("start_date").last()
        document = Document.objects.create(
            summit=summit, slug=SLUG, title="Ten thousand paragraphs", date=summit.end_date, synthetic=True
        )
        themes = list(Theme.objects.filter(parent__isnull=False)[:5])
        Paragraph.objects.bulk_create(
            [
                Paragraph(
                    document=document,
                    number=n,
                    text=f"Synthetic paragraph {n} on cooperation.",
                    summit=summit,
                    date=document.date,
                    kind=document.kind,
                    published=True,
                )
                for n in range(1, 10_001)
            ],
            batch_size=2000,
        )
        paragraphs = list(document.paragraphs.order_by("number").only("pk"))
        ParagraphTheme.objects.bulk_create(
            [
                ParagraphTheme(paragraph=p, theme=themes[i % 5], origin="rule")
                for i, p in enumerate(paragraphs)
            ],
            batch_size=2000,
        )
    yield document
    with django_db_blocker.unblock():
        delete_big_document()
        # An error here (reported against the last test) means later modules would have seen the rows.
        assert not Paragraph.objects.filter(document_id=document.pk).exists()


def change_url(obj):
    return reverse(f"admin:declarations_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize(
    "url_name, query, budget",
    [
        ("paragraph", "", 14),
        ("paragraph", "origin=rule&theme={theme}", 14),
        ("paragraph", "summit__id__exact={summit}&document={document}", 15),
        ("paragraph", "q=cooperation", 14),
        ("document", "", 14),
        ("theme", "", 12),
    ],
)
def test_changelists_stay_within_a_fixed_query_budget_with_10000_paragraphs(
    client, editor, big_document, django_assert_max_num_queries, url_name, query, budget
):
    theme = ParagraphTheme.objects.filter(paragraph__document=big_document).values_list("theme", flat=True)[0]
    query = query.format(theme=theme, summit=big_document.summit_id, document=big_document.pk)
    url = f"{reverse(f'admin:declarations_{url_name}_changelist')}?{query}"
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


def test_a_huge_documents_page_links_to_its_paragraphs_instead_of_inlining_them(
    client, editor, big_document, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        response = client.get(change_url(big_document))
    assert response.status_code == 200
    assert not response.context["inline_admin_formsets"]
    assert "10000 paragraphs in the paragraph list" in response.content.decode()


def test_the_paragraph_change_page_has_a_fixed_query_count(
    client, editor, big_document, django_assert_max_num_queries
):
    paragraph = big_document.paragraphs.get(number=5000)
    with django_assert_max_num_queries(16):
        response = client.get(change_url(paragraph))
    assert response.status_code == 200
