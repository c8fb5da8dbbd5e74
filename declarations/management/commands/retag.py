from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from declarations.admin.retagging import retag
from declarations.models import Document, Paragraph


class Command(BaseCommand):
    help = (
        "Apply the themes' current rules and the state names to paragraphs (all, or those of the given "
        "documents). Staff tags are never touched and tags staff rejected never come back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--document", action="append", default=[], metavar="SLUG", help="Only this document (repeatable)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args, document, dry_run, **options):
        paragraphs = Paragraph.objects.all()
        if document:
            found = set(Document.objects.filter(slug__in=document).values_list("slug", flat=True))
            unknown = [slug for slug in document if slug not in found]
            if unknown:
                raise CommandError(f"unknown document slug(s): {', '.join(unknown)}")
            paragraphs = paragraphs.filter(document__slug__in=document)
        with transaction.atomic():
            result, total = retag(paragraphs)
            if dry_run:
                transaction.set_rollback(True)
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        prefix = "dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{total} paragraphs: {result.added} tags added, {result.removed} removed, "
            f"{len(result.changed_paragraphs)} paragraphs changed, {result.unchanged} unchanged"
        )
