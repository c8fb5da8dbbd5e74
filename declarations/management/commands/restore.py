from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from declarations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup written by `manage.py backup` (of the same kind of "
        "database). Stop the app servers first, or they serve a mixture of old and restored pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file to restore.")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Do not ask for confirmation."
        )

    def handle(self, *args, path, database, interactive, **options):
        if interactive:
            answer = input(f"This replaces everything in the {database} database with {path}. Type 'yes': ")
            if answer.strip() != "yes":
                raise CommandError("restore cancelled")
        try:
            restore(path, using=database)
        except BackupError as e:
            raise CommandError(str(e)) from e
        cache.clear()  # cached fragments of the archive as it was
        self.stdout.write(f"restored the {database} database from {path}")
