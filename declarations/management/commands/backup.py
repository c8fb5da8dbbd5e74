from django.core.management.base import BaseCommand, CommandError

from declarations.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a backup of the database to PATH: SQLite's online backup (a database file), or pg_dump's custom "
        "format for PostgreSQL. The site can keep serving meanwhile. Restore it with `manage.py restore PATH`."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file to write (replaced if it exists).")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args, path, database, **options):
        try:
            backup(path, using=database)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"backed up the {database} database to {path}")
