from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from declarations import quality
from declarations.measuring import NothingToMeasure, measure_frozen


class Command(BaseCommand):
    help = (
        "Measure the themes' current rules on the frozen labelled set (tests/data/heldout/) and store the figures "
        "shown on /methodology/ and each theme page, with the staff-review figures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--heldout", default=str(quality.HELDOUT_DIR), help="Folder holding frozen.toml and texts/."
        )
        parser.add_argument("--dry-run", action="store_true", help="Print the figures; store nothing.")

    def handle(self, *args, heldout, dry_run, **options):
        warnings = []
        try:
            with transaction.atomic():
                scores = measure_frozen(Path(heldout), warnings)
                if dry_run:
                    transaction.set_rollback(True)
        except (NothingToMeasure, quality.AlignmentError, ValueError) as e:
            raise CommandError(str(e)) from e
        for warning in warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        self.stdout.write(quality.format_scores("FROZEN labels, the database's rules", scores))
        prefix = "dry run, nothing stored: " if dry_run else ""
        self.stdout.write(
            f"{prefix}measured {len(scores.per_theme)} themes on {scores.paragraphs} paragraphs"
        )
