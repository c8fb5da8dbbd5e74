"""Back up and restore the archive's database, whichever it is.

SQLite: the online backup API (sqlite3.Connection.backup) copies a consistent snapshot while the site keeps
serving, and copies a backup file back page by page. PostgreSQL: pg_dump's custom format, restored by
pg_restore in one transaction; the client tools must be installed (and not older than the server).

A backup is written to a temporary file beside its destination and renamed when complete, so a failed backup
never leaves a file that looks whole.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    pass


def backup(path, using="default"):
    path = Path(path)
    connection = connections[using]
    partial = path.with_name(f".{path.name}.partial")
    try:
        if connection.vendor == "sqlite":
            sqlite_backup(connection, partial)
        elif connection.vendor == "postgresql":
            run_tool("pg_dump", connection, ["--format=custom", "--file", str(partial)], path)
        else:
            raise BackupError(f"cannot back up a {connection.vendor} database")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def restore(path, using="default"):
    """Replace everything in the database with the backup at path."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    connection = connections[using]
    if connection.vendor == "sqlite":
        sqlite_restore(connection, path)
    elif connection.vendor == "postgresql":
        connection.close()  # pg_restore drops and recreates what this connection might hold open
        run_tool(
            "pg_restore",
            connection,
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", str(path)],
            path,
        )
    else:
        raise BackupError(f"cannot restore a {connection.vendor} database")


def sqlite_backup(connection, path):
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def sqlite_restore(connection, path):
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as e:
        raise BackupError(f"{path}: not an SQLite backup ({e})") from None
    try:
        if "django_migrations" not in tables:
            raise BackupError(f"{path}: not a backup of this archive (it has no django_migrations table)")
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def run_tool(name, connection, arguments, path):
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client tools, the server's major version or newer "
            "(Debian: apt-get install postgresql-client)"
        )
    db = connection.settings_dict
    command = [tool, "--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [flag, str(db[key])]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or os.environ.get("PGPASSWORD", "")}
    result = subprocess.run([*command, *arguments], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{path}: {name} failed: {result.stderr.strip() or result.returncode}")
