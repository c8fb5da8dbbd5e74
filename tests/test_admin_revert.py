"""Reverting to an old version after the document was renumbered: the paragraph keeps its place.

A version stores a paragraph's number and its copies of the document's fields; splits, merges, inserts and
deletions renumber the document afterwards, and publishing it changes the copies. Viewing or reverting an old
version must restore what staff edited (text, heading, section, tags) and leave the place and the copies as they
are now.
"""

import pytest
from django.urls import reverse
from reversion.models import Version

from declarations.admin.versioning import BASELINE_COMMENT
from declarations.models import Document, Paragraph, Theme

from .admin_forms import edit_in_admin, form_data, make_document

pytestmark = pytest.mark.django_db

TEXTS = [
    "The member states condemn terrorism in all its forms. They will deepen cooperation against it.",
    "They call for a peaceful settlement in Afghanistan.",
    "Trade and investment between the member states keep growing.",
    "They welcome the next summit.",
]


@pytest.fixture
def document():
    return make_document("revert-test", TEXTS)


def split_first_paragraph(client, document):
    first = document.paragraphs.get(number=1)
    url = reverse("admin:declarations_paragraph_split", args=[first.pk])
    position = client.get(url).context["form"].fields["position"].choices[0][0]
    assert client.post(url, {"position": position}).status_code == 302


def merge_first_paragraph(client, document):
    first = document.paragraphs.get(number=1)
    assert client.post(reverse("admin:declarations_paragraph_merge", args=[first.pk])).status_code == 302


def baseline_of(obj):
    return Version.objects.get_for_object(obj).get(revision__comment=BASELINE_COMMENT)


def revision_url(obj, version):
    return reverse(f"admin:declarations_{obj._meta.model_name}_revision", args=[obj.pk, version.pk])


def numbers(document):
    return list(document.paragraphs.order_by("number").values_list("number", flat=True))


def messages_of(response):
    return " ".join(str(m) for m in response.context["messages"])


def test_viewing_and_reverting_an_old_version_after_a_split_above_keeps_the_number(client, editor, document):
    third = document.paragraphs.get(number=3)
    edit_in_admin(client, third, "Edited by staff.", add_theme=Theme.objects.get(slug="health"))
    split_first_paragraph(client, document)
    third.refresh_from_db()
    assert third.number == 4
    url = revision_url(third, baseline_of(third))

    page = client.get(url)
    assert page.status_code == 200
    assert page.context["adminform"].form.instance.number == 4
    third.refresh_from_db()
    assert (third.number, third.text) == (4, "Edited by staff.")  # looking changes nothing

    assert client.post(url, form_data(page)).status_code == 302
    third.refresh_from_db()
    assert (third.number, third.text, third.staff_edited) == (4, TEXTS[2], False)
    assert not third.tags.filter(theme__slug="health").exists()
    assert numbers(document) == [1, 2, 3, 4, 5]


def test_reverting_after_a_merge_above_keeps_the_paragraph_in_the_closed_gap(client, editor, document):
    third = document.paragraphs.get(number=3)
    edit_in_admin(client, third, "Edited by staff.")
    merge_first_paragraph(client, document)
    third.refresh_from_db()
    assert third.number == 2
    url = revision_url(third, baseline_of(third))
    page = client.get(url)
    assert page.status_code == 200
    assert client.post(url, form_data(page)).status_code == 302
    third.refresh_from_db()
    assert (third.number, third.text) == (2, TEXTS[2])
    assert numbers(document) == [1, 2, 3]


def test_reverting_keeps_the_documents_copied_fields(client, editor, document):
    second = document.paragraphs.get(number=2)
    edit_in_admin(client, second, "Edited by staff.")
    later_summit = document.summit.__class__.objects.order_by("start_date").last()
    document.published, document.summit = False, later_summit
    document.save()
    url = revision_url(second, baseline_of(second))
    page = client.get(url)
    assert client.post(url, form_data(page)).status_code == 302
    second.refresh_from_db()
    assert second.text == TEXTS[1]
    assert (second.published, second.summit_id) == (False, later_summit.pk)
    assert not Paragraph.objects.public().filter(pk=second.pk).exists()


def test_a_version_of_a_paragraph_merged_away_cannot_be_restored_and_says_why(client, editor, document):
    second = document.paragraphs.get(number=2)
    edit_in_admin(client, second, "Edited by staff.")
    version = baseline_of(second)
    merge_first_paragraph(client, document)
    assert not Paragraph.objects.filter(pk=second.pk).exists()
    url = revision_url(second, version)
    for response in [client.get(url, follow=True), client.post(url, {"text": "x"}, follow=True)]:
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == reverse("admin:declarations_paragraph_changelist")
        assert "has since been deleted" in messages_of(response)
    assert not Paragraph.objects.filter(pk=second.pk).exists()
    assert numbers(document) == [1, 2, 3]
    recover = reverse("admin:declarations_paragraph_recover", args=[version.pk])
    assert client.get(recover).status_code == 403  # paragraphs are only added from their document's page


def test_reverting_a_document_skips_its_paragraphs_deleted_since_and_keeps_the_importers_fields(
    client, editor, document
):
    url = reverse("admin:declarations_document_change", args=[document.pk])
    data = form_data(client.get(url))
    data["title"] = "Retitled"
    data["paragraphs-1-text"] = "Edited inline."
    data["paragraphs-2-text"] = "Also edited inline."
    assert client.post(url, data).status_code == 302
    edit = Version.objects.get_for_object(document).exclude(revision__comment=BASELINE_COMMENT).get()
    second, third = document.paragraphs.get(number=2), document.paragraphs.get(number=3)
    merge_first_paragraph(client, document)  # deletes the second paragraph; the third becomes ¶2
    Document.objects.filter(pk=document.pk).update(title="Retitled again", checksum="abc123")

    page = client.get(revision_url(document, edit))
    assert page.status_code == 200
    assert "has since been deleted" in messages_of(page)
    assert client.post(revision_url(document, edit), form_data(page)).status_code == 302
    document.refresh_from_db()
    assert (document.title, document.checksum) == ("Retitled", "abc123")
    assert not Paragraph.objects.filter(pk=second.pk).exists()
    third.refresh_from_db()
    assert (third.number, third.text) == (2, "Also edited inline.")
    assert numbers(document) == [1, 2, 3]


def test_the_first_save_of_a_document_page_versions_only_the_paragraphs_it_changes(client, editor, document):
    url = reverse("admin:declarations_document_change", args=[document.pk])
    data = form_data(client.get(url))
    data["paragraphs-1-text"] = "Edited inline."
    assert client.post(url, data).status_code == 302
    versioned = set(
        Version.objects.get_for_model(Paragraph)
        .filter(object_id__in=[str(pk) for pk in document.paragraphs.values_list("pk", flat=True)])
        .values_list("object_id", flat=True)
    )
    assert versioned == {str(document.paragraphs.get(number=2).pk)}
    edited = Version.objects.get_for_object(document.paragraphs.get(number=2))
    assert edited.filter(revision__comment=BASELINE_COMMENT).get().field_dict["text"] == TEXTS[1]


def test_reverting_leaves_out_a_tag_whose_theme_has_since_been_deleted(client, editor, document):
    second = document.paragraphs.get(number=2)
    health = Theme.objects.get(slug="health")
    edit_in_admin(client, second, "Edited by staff.", add_theme=health)
    edit = Version.objects.get_for_object(second).exclude(revision__comment=BASELINE_COMMENT).get()
    edit_in_admin(client, second, "Edited again.")
    health.delete()
    url = revision_url(second, edit)
    page = client.get(url)
    assert page.status_code == 200
    assert "Not restored: Health (staff)" in messages_of(page)
    assert client.post(url, form_data(page)).status_code == 302
    second.refresh_from_db()
    assert (second.number, second.text) == (2, "Edited by staff.")
    assert not second.tags.filter(theme_id=health.pk).exists()
