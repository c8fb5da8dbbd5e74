"""Which declaration paragraphs the news quote (Paragraph.quoted): kept in step with the links readers see, through
every path that adds, removes or decides a link or changes what is published, and counted in the summary table."""

import pytest
from django.urls import reverse

from declarations.models import Document, Paragraph, ParagraphCount, QuotationLink

pytestmark = pytest.mark.django_db
Origin = QuotationLink.Origin
BROWSER = reverse("declarations:paragraph_list")
LINKS = reverse("admin:declarations_quotationlink_changelist")


def quoted_numbers():
    rows = Paragraph.objects.filter(document__slug="2013-bishkek-declaration", quoted=True)
    return sorted(rows.values_list("number", flat=True))


def summary_quoted():
    """What the summary table says the archive holds of quoted paragraphs."""
    return sum(ParagraphCount.objects.filter(theme__isnull=True).values_list("quoted", flat=True))


def facet_count(client, **params):
    facet = client.get(BROWSER, params).context["facets"]["quoted"]
    return facet[0].count if facet else 0


def moscow_times():
    return Document.objects.get(seed_file__startswith="000_")


def link_to(number):
    return QuotationLink.objects.get(source__document__slug="2013-bishkek-declaration", source__number=number)


def test_the_seed_import_marks_the_three_paragraphs_the_moscow_times_quotes(client):
    assert quoted_numbers() == [17, 18, 21]
    assert summary_quoted() == 3
    assert facet_count(client) == 3


def test_a_staff_rejection_unmarks_the_paragraph_and_a_confirmation_keeps_it(client, editor):
    chosen = [link_to(17).pk, link_to(18).pk]
    client.post(LINKS, {"action": "reject_links", "_selected_action": [chosen[0]]})
    client.post(LINKS, {"action": "confirm_links", "_selected_action": [chosen[1]]})
    assert quoted_numbers() == [18, 21]
    assert summary_quoted() == 2
    assert facet_count(client) == 2
    assert facet_count(client, kind="declaration") == 2


def test_a_decision_from_the_change_form_moves_the_mark_both_ways(client, editor):
    link = link_to(21)
    url = reverse("admin:declarations_quotationlink_change", args=[link.pk])
    client.post(url, {"origin": Origin.REJECTED})
    assert quoted_numbers() == [17, 18]
    client.post(url, {"origin": Origin.CONFIRMED})
    assert quoted_numbers() == [17, 18, 21]


def test_deleting_a_link_in_the_admin_unmarks_its_paragraph(client, admin_user):
    client.force_login(admin_user)
    link = link_to(18)
    client.post(LINKS, {"action": "delete_selected", "_selected_action": [link.pk], "post": "yes"})
    assert not QuotationLink.objects.filter(pk=link.pk).exists()
    assert quoted_numbers() == [17, 21]


def test_withdrawing_the_news_item_unmarks_what_it_quoted_and_publishing_it_again_marks_it():
    news = moscow_times()
    news.published = False
    news.save()
    assert quoted_numbers() == []
    assert summary_quoted() == 0
    news.published = True
    news.save()
    assert quoted_numbers() == [17, 18, 21]


def test_withdrawing_the_declaration_leaves_none_of_it_counted_as_quoted():
    declaration = Document.objects.get(slug="2013-bishkek-declaration")
    declaration.published = False
    declaration.save()
    assert quoted_numbers() == []
    assert Paragraph.objects.filter(quoted=True).count() == 0


def test_deleting_the_news_paragraph_or_item_unmarks_what_it_quoted():
    moscow_times().paragraphs.get(number=7).delete()
    assert quoted_numbers() == [17, 18]
    moscow_times().delete()
    assert quoted_numbers() == []
    assert summary_quoted() == 0


def test_a_news_text_that_stops_quoting_unmarks_the_paragraph_on_the_next_run():
    from django.core.management import call_command

    paragraph = moscow_times().paragraphs.get(number=7)
    paragraph.text = "As for North Korea, the leaders said little."
    paragraph.save()
    call_command("find_quotations", "--summit", "2013-bishkek", verbosity=0)
    assert quoted_numbers() == [17, 18]
    assert summary_quoted() == 2


def test_a_dry_run_marks_nothing():
    from django.core.management import call_command

    Paragraph.objects.update(quoted=False)
    QuotationLink.objects.all().delete()
    call_command("find_quotations", "--dry-run", verbosity=0)
    assert quoted_numbers() == []


def test_publishing_a_declaration_while_editing_one_of_its_paragraphs_inline_publishes_and_marks_it(
    client, editor
):
    from .admin_forms import form_data

    declaration = Document.objects.get(slug="2013-bishkek-declaration")
    declaration.published = False
    declaration.save()
    assert quoted_numbers() == []
    url = reverse("admin:declarations_document_change", args=[declaration.pk])
    data = form_data(client.get(url))
    data["published"] = "on"
    seventeenth = str(Paragraph.objects.get(document=declaration, number=17).pk)
    index = next(
        i for i in range(int(data["paragraphs-TOTAL_FORMS"])) if data[f"paragraphs-{i}-id"] == seventeenth
    )
    data[f"paragraphs-{index}-heading"] = "Syria"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    edited = Paragraph.objects.get(document=declaration, number=17)
    assert (edited.heading, edited.published, edited.quoted) == ("Syria", True, True)
    assert quoted_numbers() == [17, 18, 21]
    assert summary_quoted() == 3


def test_reverting_a_paragraph_keeps_its_quoted_flag_as_the_links_now_have_it(client, editor):
    from reversion.models import Version

    from declarations.admin.versioning import BASELINE_COMMENT

    from .admin_forms import edit_in_admin, form_data

    paragraph = Paragraph.objects.get(document__slug="2013-bishkek-declaration", number=17)
    edit_in_admin(client, paragraph, paragraph.text + " (Checked by staff.)")  # still quoted
    baseline = Version.objects.get_for_object(paragraph).get(revision__comment=BASELINE_COMMENT)
    client.post(LINKS, {"action": "reject_links", "_selected_action": [link_to(17).pk]})
    assert quoted_numbers() == [18, 21]
    url = reverse("admin:declarations_paragraph_revision", args=[paragraph.pk, baseline.pk])
    assert client.post(url, form_data(client.get(url))).status_code == 302
    assert quoted_numbers() == [18, 21]
    assert summary_quoted() == 2
    assert facet_count(client) == 2
