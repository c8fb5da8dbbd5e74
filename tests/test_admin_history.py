"""Every staff change is a revision (who, when, what changed) that can be reverted; re-imports keep staff edits."""

import io
import shutil

import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from declarations.admin.versioning import BASELINE_COMMENT
from declarations.models import Document, Paragraph, Summit, Theme

from .admin_forms import edit_in_admin, form_data

pytestmark = pytest.mark.django_db

SEED = "001_d8c982eaffdaa9bf.txt"


def seed_paragraph(number=3):
    return Paragraph.objects.get(document__seed_file=SEED, number=number)


def test_a_staff_edit_records_who_when_and_which_fields_after_a_baseline(client, editor):
    paragraph = seed_paragraph()
    original = paragraph.text
    edit_in_admin(client, paragraph, "Edited by staff.", add_theme=Theme.objects.get(slug="health"))
    versions = list(Version.objects.get_for_object(paragraph).select_related("revision__user").order_by("pk"))
    assert len(versions) == 2
    baseline, edit = versions
    assert baseline.revision.comment == BASELINE_COMMENT and baseline.field_dict["text"] == original
    assert edit.revision.user == editor
    assert edit.revision.date_created is not None
    assert "Changed Text" in edit.revision.comment or "Changed text" in edit.revision.comment
    assert "Health" in edit.revision.comment  # the inline tag is part of the same change
    history = client.get(reverse("admin:declarations_paragraph_history", args=[paragraph.pk]))
    body = history.content.decode()
    assert "editor" in body and BASELINE_COMMENT in body


def test_reverting_from_history_restores_the_text_the_html_and_the_tags(client, editor):
    paragraph = seed_paragraph()
    original_text, original_html = paragraph.text, paragraph.html
    original_tags = set(paragraph.tags.values_list("theme__slug", "origin"))
    edit_in_admin(client, paragraph, "Edited by staff.", add_theme=Theme.objects.get(slug="health"))
    assert paragraph.staff_edited and paragraph.tags.filter(theme__slug="health").exists()
    baseline = Version.objects.get_for_object(paragraph).get(revision__comment=BASELINE_COMMENT)
    url = reverse("admin:declarations_paragraph_revision", args=[paragraph.pk, baseline.pk])
    page = client.get(url)
    assert page.status_code == 200
    paragraph.refresh_from_db()
    assert paragraph.text == "Edited by staff."  # looking at an old version changes nothing
    assert client.post(url, form_data(page)).status_code == 302
    paragraph.refresh_from_db()
    assert (paragraph.text, paragraph.html) == (original_text, original_html)
    assert not paragraph.staff_edited
    assert set(paragraph.tags.values_list("theme__slug", "origin")) == original_tags
    latest = Version.objects.get_for_object(paragraph).order_by("-pk").first()
    assert latest.revision.comment.startswith("Reverted to previous version")


def test_inline_paragraph_edits_are_in_the_documents_revision(client, editor):
    document = Document.objects.get(seed_file=SEED)
    url = reverse("admin:declarations_document_change", args=[document.pk])
    data = form_data(client.get(url))
    data["title"] = "Bishkek Declaration (edited)"
    data["paragraphs-1-text"] = "Edited inline."
    assert client.post(url, data).status_code == 302
    edited = document.paragraphs.get(number=2)
    assert edited.staff_edited
    revision = (
        Version.objects.get_for_object(document).exclude(revision__comment=BASELINE_COMMENT).get().revision
    )
    assert set(revision.version_set.values_list("content_type__model", "object_id")) >= {
        ("document", str(document.pk)),
        ("paragraph", str(edited.pk)),
    }


def test_participation_edits_are_in_the_summits_revision(client, editor):
    summit = Summit.objects.get(slug="2013-bishkek")
    url = reverse("admin:declarations_summit_change", args=[summit.pk])
    data = form_data(client.get(url))
    status_field = next(k for k in data if k.startswith("participations-") and k.endswith("-status"))
    data[status_field] = "guest"
    assert client.post(url, data).status_code == 302
    revision = (
        Version.objects.get_for_object(summit).exclude(revision__comment=BASELINE_COMMENT).get().revision
    )
    assert revision.version_set.filter(content_type__model="participation").count() >= 1


def test_a_reimport_keeps_the_staff_edit(client, editor):
    paragraph = edit_in_admin(client, seed_paragraph(), "Edited by staff.")
    call_command("import_seeds", stdout=io.StringIO())
    paragraph.refresh_from_db()
    assert paragraph.text == "Edited by staff." and paragraph.staff_edited


def test_a_reimport_of_a_changed_source_keeps_the_edit_and_reports_the_conflict(
    client, editor, seeds_dir, tmp_path
):
    paragraph = seed_paragraph()
    source = paragraph.source_text
    edit_in_admin(client, paragraph, "Edited by staff.")
    for path in seeds_dir.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    changed = tmp_path / SEED
    content = changed.read_text(encoding="utf-8")
    assert source in content
    changed.write_text(content.replace(source, source + " The source was amended."), encoding="utf-8")
    out = io.StringIO()
    call_command("import_seeds", str(tmp_path), stdout=out)
    paragraph.refresh_from_db()
    assert paragraph.text == "Edited by staff."
    assert paragraph.source_text != source  # the import recorded the new source text beside the staff text
    assert (
        f"conflict: {SEED}: paragraph {paragraph.number} was edited by staff; kept the staff text"
        in out.getvalue()
    )
    assert "kept the staff text" in Document.objects.get(seed_file=SEED).import_notes
