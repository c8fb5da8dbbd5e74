"""Issue 14, 10: `manage.py backup` and `manage.py restore`. A backup restored into a fresh database holds every
row of every table and answers a search as the original does."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from scobase.settings import BASE_DIR, database_from_url

pytestmark = pytest.mark.usefixtures(
    "committed_seeds"
)  # the backup must see committed rows, as in production


def manage(*args, database_url, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def postgres_admin(sql):
    import psycopg2

    db = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"]
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql)
    admin.close()


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a database that does not exist yet or is empty, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_restored"
    postgres_admin(f'DROP DATABASE IF EXISTS "{name}"')
    postgres_admin(f'CREATE DATABASE "{name}"')
    yield f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    postgres_admin(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def open_database():
    """A Django connection to a database URL, as the app would make from DATABASE_URL (outside the test's
    connection handler, which allows only the test database)."""
    from django.db.utils import load_backend

    opened = []

    def open_url(url):
        config = connections.configure_settings({"default": database_from_url(url)})["default"]
        opened.append(load_backend(config["ENGINE"]).DatabaseWrapper(config, alias="restored"))
        return opened[-1]

    yield open_url
    for db in opened:
        db.close()


def every_row(db):
    tables = sorted(db.introspection.table_names(include_views=False))
    rows = {}
    with db.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def search(db, word):
    """Paragraph ids matching a word, through each database's full-text index."""
    sql = {
        "postgresql": "SELECT id FROM declarations_paragraph "
        "WHERE search_vector @@ plainto_tsquery('english', %s) ORDER BY id",
        "sqlite": "SELECT rowid FROM declarations_paragraph_fts WHERE declarations_paragraph_fts MATCH %s "
        "ORDER BY rowid",
    }[db.vendor]
    with db.cursor() as cursor:
        cursor.execute(sql, [word])
        return [row[0] for row in cursor.fetchall()]


def test_a_backup_restored_into_a_fresh_database_has_every_row_and_the_same_search_results(
    tmp_path, fresh_database, open_database
):
    from declarations.models import Paragraph

    path = tmp_path / "archive.backup"
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert out.getvalue() == f"backed up the default database to {path}\n"
    assert path.stat().st_size > 0

    result = manage("restore", str(path), "--no-input", database_url=fresh_database)
    assert result.returncode == 0, result.stderr
    assert "restored the default database" in result.stdout

    restored = open_database(fresh_database)
    original = every_row(connection)
    assert Paragraph.objects.count() > 0 and len(original) > 20
    assert every_row(restored) == original
    assert search(restored, "terrorism") == search(connection, "terrorism") != []


def test_restoring_something_that_is_not_a_backup_is_refused(tmp_path, fresh_database):
    junk = tmp_path / "junk.backup"
    junk.write_text("not a backup\n")
    result = manage("restore", str(junk), "--no-input", database_url=fresh_database)
    assert result.returncode != 0 and "junk.backup" in result.stderr + result.stdout


def test_a_missing_backup_file_is_named():
    with pytest.raises(CommandError, match="no-such.backup: no such file"):
        call_command("restore", "no-such.backup", "--no-input")


def test_without_the_postgresql_client_tools_the_error_says_what_to_install(tmp_path, fresh_database):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite needs no tools")
    result = manage("backup", str(tmp_path / "x.backup"), database_url=fresh_database, PATH="/nonexistent")
    assert result.returncode != 0
    assert "pg_dump is not installed: install PostgreSQL's client tools" in result.stderr
    assert not (tmp_path / "x.backup").exists()
