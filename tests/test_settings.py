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


@pytest.mark.parametrize(
    "key, why",
    [
        ("abc", "it has 3 characters"),
        ("ab" * 30, "it has only 2 different characters"),
        ("django-insecure-" + secrets.token_urlsafe(64), "it is the development key"),
    ],
)
def test_production_mode_refuses_a_secret_key_its_message_would_refuse(key, why):
    result = run_manage("check", PRODUCTION="1", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY of at least 50 random characters" in result.stderr and why in result.stderr


def test_replica_urls_add_read_replicas_and_the_router():
    code = (
        "from django.conf import settings; "
        "print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS, settings.DATABASES['replica2']['HOST'])"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        DATABASE_URL="postgres://sco@primary:5432/sco",
        DATABASE_REPLICA_URLS="postgres://sco@replica-a:5432/sco, postgres://sco@replica-b:5432/sco",
    )
    assert result.returncode == 0, result.stderr
    last_line = result.stdout.strip().splitlines()[-1]  # after the shell's own notice
    assert (
        last_line == "['default', 'replica1', 'replica2'] ['scobase.routers.PrimaryReplicaRouter'] replica-b"
    )


def test_the_router_reads_from_a_replica_except_inside_a_transaction(monkeypatch):
    from django.db import connections

    from declarations.models import Paragraph
    from scobase import routers

    router = routers.PrimaryReplicaRouter()
    monkeypatch.setattr(routers, "replicas", lambda: ["replica1"])
    assert router.db_for_read(Paragraph) == "replica1"
    assert router.db_for_write(Paragraph) == "default"
    assert router.allow_migrate("default", "declarations") and not router.allow_migrate(
        "replica1", "declarations"
    )
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert router.db_for_read(Paragraph) == "default"  # a transaction reads its own writes
    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    monkeypatch.setattr(routers, "replicas", lambda: [])
    assert router.db_for_read(Paragraph) == "default"  # no replicas configured


def test_cache_urls_name_a_shared_cache_or_default_to_one_per_process():
    from scobase.settings import cache_from_url

    assert cache_from_url("")["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("redis://cache.internal:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
    }
    assert cache_from_url("memcached://cache.internal:11211")["LOCATION"] == "cache.internal:11211"
    with pytest.raises(ValueError, match="CACHE_URL"):
        cache_from_url("ftp://cache.internal")


def test_serving_freezes_what_the_app_loaded_and_collects_young_objects_less_often():
    import gc
    import importlib

    threshold = gc.get_threshold()
    try:
        wsgi = importlib.import_module("scobase.wsgi")
        wsgi.tune_garbage_collector()
        assert gc.get_threshold()[0] == wsgi.YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 10_000  # Django, the app, its URLconf and views
        from django.urls import get_resolver

        resolver = get_resolver()
        assert not any(tracked is resolver for tracked in gc.get_objects())  # frozen: no collection walks it
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        # Importing the WSGI module bounds the statements of connections opened later; tests run unbounded.
        from django.db.backends.signals import connection_created

        connection_created.disconnect(dispatch_uid="sco-statement-timeout")
