from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from declarations.importing.errors import SourceError
from declarations.importing.loader import load_manifest
from declarations.importing.reference import read_toml
from declarations.models import Summit
from declarations.quotations.quality import evaluate

DEFAULT_LABELS = Path(settings.BASE_DIR) / "tests" / "data" / "quotations"


class Command(BaseCommand):
    help = (
        "Precision and recall of the quotation matcher against a labelled set (links.toml + texts/; default: "
        "the independent set in tests/data/quotations). Reads the summits from the database; writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--labels", default=str(DEFAULT_LABELS), help="Folder of the labelled set.")
        parser.add_argument(
            "--errors", action="store_true", help="List every false, missed and mis-kinded link."
        )

    def handle(self, *args, labels, errors, **options):
        summits = list(Summit.objects.select_related("host"))
        if not summits:
            raise CommandError("no summits in the database: run manage.py import_seeds first")
        seeds_dir = Path(settings.SEEDS_DIR)
        try:
            manifest = load_manifest(seeds_dir / "manifest.toml", read_toml)
            quality = evaluate(labels, seeds_dir, summits, manifest)
        except SourceError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(quality.report(errors=errors))
