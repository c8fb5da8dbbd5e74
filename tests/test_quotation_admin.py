"""The staff list of quotation links: filters, confirm and reject actions with history, editors' rights."""

import pytest
from django.urls import reverse
from reversion.models import Version

from declarations.models import QuotationLink

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:declarations_quotationlink_changelist")


def bishkek_links():
    return QuotationLink.objects.filter(news__summit__slug="2013-bishkek").order_by("news__number")


def test_an_editor_sees_the_found_links_best_first(client, editor, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('name="_selected_action"') == 3
    assert "negotiations and consultations are the single effective way" in page
    assert page.index("single effective way") < page.index("one-sided sanctions")  # 90 before 62.5


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kind__exact=paraphrase", 1),
        ("kind__exact=quotation", 2),
        ("origin__exact=found", 3),
        ("origin__exact=rejected", 0),
        ("score=90", 1),
        ("score=50", 1),
        ("score=0", 1),
        ("score=banana", 0),
        ("news__summit__id__exact=999999", 0),
    ],
)
def test_the_list_filters_by_kind_origin_score_and_summit(client, editor, query, expected):
    response = client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 200
    assert response.content.decode().count('name="_selected_action"') == expected


def test_the_list_filters_by_summit(client, editor):
    summit_id = bishkek_links().first().news.summit_id
    response = client.get(f"{CHANGELIST}?news__summit__id__exact={summit_id}")
    assert response.content.decode().count('name="_selected_action"') == 3


@pytest.mark.parametrize("action, origin", [("confirm_links", "confirmed"), ("reject_links", "rejected")])
def test_staff_confirm_or_reject_links_and_the_decision_is_recorded(client, editor, action, origin):
    chosen = list(bishkek_links().filter(kind="quotation").values_list("pk", flat=True))
    response = client.post(CHANGELIST, {"action": action, "_selected_action": chosen}, follow=True)
    assert response.status_code == 200
    assert f"{origin.capitalize()} 2 links" in response.content.decode()
    assert set(QuotationLink.objects.filter(pk__in=chosen).values_list("origin", flat=True)) == {origin}
    assert QuotationLink.objects.get(kind="paraphrase", news__summit__slug="2013-bishkek").origin == "found"
    versions = Version.objects.get_for_model(QuotationLink).filter(object_id__in=[str(pk) for pk in chosen])
    assert {v.field_dict["origin"] for v in versions if v.revision.comment.endswith("(bulk action)")} == {
        origin
    }


def test_the_change_page_shows_both_texts_with_the_matched_words_marked(client, editor):
    link = bishkek_links().get(news__number=7)
    response = client.get(reverse("admin:declarations_quotationlink_change", args=[link.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<mark>negotiations and consultations are the single effective way" in page
    assert "<mark>negotiations and consultations are the only effective ways" in page


def test_staff_cannot_add_links_by_hand(client, editor):
    assert client.get(reverse("admin:declarations_quotationlink_add")).status_code == 403
