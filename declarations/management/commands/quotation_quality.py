from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from declarations.importing.errors import SourceError
from declarations.importing.loader import load_manifest
from declarations.importing.reference import read_toml
from declarations.models import QuotationMeasure, Summit
from declarations.quotations.quality import evaluate

LABELS = Path(settings.BASE_DIR) / "tests" / "data"
# The labelled sets measured by default, each with what a reader must know to weigh its figures.
LABEL_SETS = {
    "quotations_b": (
        "Written and labelled by an annotator who never saw the matcher, and frozen before the matcher was first "
        "measured on it; nothing in the matcher was changed for it."
    ),
    "quotations": (
        "Written and labelled by an annotator who had not seen the matcher, with the Moscow Times seed; the matcher "
        "was then tuned on this set's errors, so its figures are optimistic."
    ),
}


class Command(BaseCommand):
    help = (
        "Precision and recall of the quotation matcher against labelled sets (links.toml + texts/; default: the "
        "two independent sets in tests/data/). Reads the summits from the database; with --save, stores the "
        "figures the methodology page shows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--labels", action="append", help="Folder of a labelled set (repeatable; default: both sets)."
        )
        parser.add_argument(
            "--errors", action="store_true", help="List every false, missed and mis-kinded link."
        )
        parser.add_argument("--save", action="store_true", help="Store the figures for /methodology/.")

    def handle(self, *args, labels, errors, save, **options):
        summits = list(Summit.objects.select_related("host"))
        if not summits:
            raise CommandError("no summits in the database: run manage.py import_seeds first")
        seeds_dir = Path(settings.SEEDS_DIR)
        folders = [Path(folder) for folder in labels] if labels else [LABELS / name for name in LABEL_SETS]
        measured = []
        try:
            manifest = load_manifest(seeds_dir / "manifest.toml", read_toml)
            for folder in folders:
                quality = evaluate(folder, seeds_dir, summits, manifest)
                self.stdout.write(f"== {folder.name}\n{quality.report(errors=errors)}")
                measured.append((folder, quality))
        except SourceError as e:
            raise CommandError(str(e)) from e
        if save:
            with transaction.atomic():
                for folder, quality in measured:
                    store(folder, quality)
            self.stdout.write(f"stored the figures of {len(measured)} labelled set(s)")


def store(folder, quality):
    right = len(quality.right)
    QuotationMeasure.objects.update_or_create(
        label_set=folder.name,
        defaults={
            "description": LABEL_SETS.get(folder.name, f"The labelled set in {folder.name}/."),
            "news_items": len(quality.news_files),
            "true_positives": right,
            "false_positives": len(quality.found) - right,
            "false_negatives": len(quality.gold) - right,
            "kinds_agree": quality.kinds_agree(),
            "measured_at": timezone.now(),
        },
    )
