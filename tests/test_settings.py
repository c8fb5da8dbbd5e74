"""Settings come from the environment: SQLite by default, DATABASE_URL for PostgreSQL, a clean deploy check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from scobase.settings import BASE_DIR, database_from_url


def test_sqlite_urls_are_relative_to_the_project_or_absolute():
    assert database_from_url("sqlite:///db.sqlite3")["NAME"] == BASE_DIR / "db.sqlite3"
    assert database_from_url("sqlite:////tmp/x.sqlite3")["NAME"] == Path("/tmp/x.sqlite3")


def test_postgres_urls_give_every_connection_setting():
    db = database_from_url("postgres://user:p%40ss@db.example:6543/archive?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "archive",
        "user",
        "p@ss",
        "db.example",
        "6543",
    )
    assert db["OPTIONS"] == {"sslmode": "require", "options": "-c jit=off"}  # JIT off by default (issue 7)


def test_an_unknown_scheme_is_refused():
    with pytest.raises(ValueError, match="unsupported scheme 'mysql'"):
        database_from_url("mysql://x/y")


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        # The browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never has it.
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DATABASE_URL": "sqlite:///:memory:",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_passes_the_deploy_check():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", PRODUCTION="1", SECRET_KEY=secrets.token_urlsafe(64)
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_mode_refuses_the_development_secret_key():
    result = run_manage("check", PRODUCTION="1", SECRET_KEY="")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
