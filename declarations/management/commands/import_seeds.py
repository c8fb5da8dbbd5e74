from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from declarations.importing.errors import SourceError
from declarations.importing.seeds import import_seeds


class Command(BaseCommand):
    help = (
        "Import the reference data (states, summits, participation), the theme taxonomy and every .txt source "
        "text given or found in the given folders (default: seeds/). Idempotent; staff edits are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Text files or folders (default: the seeds folder).")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument(
            "--overwrite-edits",
            action="store_true",
            help="Replace staff edits with the source (use with care).",
        )

    def handle(self, *args, paths, dry_run, overwrite_edits, **options):
        paths = paths or [settings.SEEDS_DIR]
        verbosity = options["verbosity"]

        def progress(i, total, path):
            if verbosity >= 2 or (total >= 50 and i % 50 == 0):
                self.stdout.write(f"[{i}/{total}] {path.name}")

        try:
            result = import_seeds(
                paths, settings.SEEDS_DIR, overwrite_edits=overwrite_edits, dry_run=dry_run, progress=progress
            )
        except SourceError as e:
            raise CommandError(str(e)) from e
        prefix = "dry run, nothing written: " if dry_run else ""
        self.stdout.write(f"{prefix}reference data: {result.reference.summary()}")
        self.stdout.write(f"{prefix}themes: {result.themes.summary()}")
        self.stdout.write(f"{prefix}texts: {result.texts.summary()}")
        if verbosity >= 1:
            for outcome in result.outcomes:
                if outcome.outcome != "unchanged":
                    counts = ", ".join(f"{v} {k}" for k, v in outcome.paragraphs.items() if v)
                    self.stdout.write(
                        f"  {outcome.path}: {outcome.outcome} {outcome.document.slug} ({counts})"
                    )
        for line in result.reference.warnings + result.themes.warnings + result.texts.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {line}"))
        for line in result.reference.conflicts + result.themes.conflicts + result.texts.conflicts:
            self.stdout.write(self.style.WARNING(f"conflict: {line}"))
        if result.texts.failures:
            for line in result.texts.failures:
                self.stderr.write(self.style.ERROR(f"failed: {line}"))
            raise CommandError(
                f"{len(result.texts.failures)} file(s) failed to import; the others were imported"
            )
