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


def test_chunks_give_what_one_round_gives_for_the_whole_archive_and_for_scattered_paragraphs(monkeypatch):
    from declarations import retag
    from declarations.models import Paragraph

    before = set(ParagraphTheme.objects.values_list("paragraph_id", "theme_id", "rule", "matched"))
    states = set(Paragraph.states.through.objects.values_list("paragraph_id", "state_id"))
    ParagraphTheme.objects.filter(origin="rule").delete()
    Paragraph.states.through.objects.all().delete()
    monkeypatch.setattr(retag, "CHUNK", 7)
    scattered = Paragraph.objects.filter(pk__in=list(Paragraph.objects.values_list("pk", flat=True))[::9])
    result = retag.Retagger().retag(scattered)
    assert result.paragraphs == scattered.count()
    assert "0 tags added" not in run()
    assert set(ParagraphTheme.objects.values_list("paragraph_id", "theme_id", "rule", "matched")) == before
    assert set(Paragraph.states.through.objects.values_list("paragraph_id", "state_id")) == states
