"""manage.py retag: applies the current rules, keeps staff decisions, --dry-run writes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from declarations.models import Document, ParagraphTheme, RejectedTag, Theme

pytestmark = pytest.mark.django_db

SEED = "001_d8c982eaffdaa9bf.txt"


def run(*args):
    out = io.StringIO()
    call_command("retag", *args, stdout=out)
    return out.getvalue()


def test_it_is_idempotent_on_a_freshly_imported_archive():
    assert "0 tags added, 0 removed, 0 paragraphs changed" in run()


def test_it_puts_back_a_deleted_rule_tag_for_one_document_only():
    document = Document.objects.get(seed_file=SEED)
    ParagraphTheme.objects.filter(theme__slug="terrorism").delete()
    output = run("--document", document.slug)
    added = ParagraphTheme.objects.filter(theme__slug="terrorism").count()
    assert added > 0
    assert f"{document.paragraphs.count()} paragraphs: {added} tags added" in output
    assert set(
        ParagraphTheme.objects.filter(theme__slug="terrorism").values_list("paragraph__document", flat=True)
    ) == {document.pk}


def test_a_dry_run_reports_but_writes_nothing():
    ParagraphTheme.objects.filter(theme__slug="terrorism").delete()
    output = run("--dry-run")
    assert output.startswith("dry run, nothing written: ")
    assert ": 0 tags added" not in output
    assert not ParagraphTheme.objects.filter(theme__slug="terrorism").exists()


def test_it_never_brings_back_a_rejected_tag_or_removes_a_staff_tag():
    tag = ParagraphTheme.objects.filter(theme__slug="terrorism", origin="rule").first()
    RejectedTag.objects.create(paragraph=tag.paragraph, theme=tag.theme)
    tag.delete()
    health = Theme.objects.get(slug="health")
    staff = ParagraphTheme.objects.create(paragraph=tag.paragraph, theme=health, origin="staff")
    run()
    assert not tag.paragraph.tags.filter(theme__slug="terrorism").exists()
    assert ParagraphTheme.objects.filter(pk=staff.pk).exists()


def test_an_unknown_document_is_an_error():
    with pytest.raises(CommandError, match="unknown document slug.*nope"):
        run("--document", "nope")
