from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from declarations.dataset import write_package


class Command(BaseCommand):
    help = (
        "Write the whole public archive as a Frictionless Data Package (datapackage.json and one CSV per table) "
        "into DIR, replacing the release there; by default settings.DATASET_DIR, which /data/ serves."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="Where to write (default: settings.DATASET_DIR).")
        parser.add_argument("--release", help="The release's version (default: today's date, YYYY.MM.DD).")

    def handle(self, *args, directory, release, **options):
        target = directory or settings.DATASET_DIR
        if not target:
            raise CommandError("no DIR given and settings.DATASET_DIR is not set")

        def progress(name, rows):
            self.stdout.write(f"{name}.csv: {rows:,} rows")

        try:
            package = write_package(target, version=release, progress=progress)
        except OSError as e:
            raise CommandError(f"{target}: {e.strerror or e}") from e
        size = sum(r["bytes"] for r in package["resources"])
        self.stdout.write(
            f"wrote version {package['version']} to {target}: {len(package['resources'])} files, {size:,} bytes"
        )
