"""Issue 14: on PostgreSQL the queries of web requests are bounded in time; management commands are not."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from scobase.settings import BASE_DIR

SHOW = (
    "from django.db import connection\n"
    "with connection.cursor() as c:\n"
    "    c.execute('SHOW statement_timeout')\n"
    "    print(c.fetchone()[0])\n"
)


def statement_timeout(code, **env):
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "scobase.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")


def test_the_serving_process_bounds_every_statement(postgresql):
    assert statement_timeout("import scobase.wsgi\n" + SHOW) == "5s"
    assert statement_timeout("import scobase.wsgi\n" + SHOW, STATEMENT_TIMEOUT_MS="1500") == "1500ms"


def test_management_commands_are_not_bound(postgresql):
    code = "import django\ndjango.setup()\n" + SHOW
    assert statement_timeout(code) == "0"


@pytest.mark.django_db
def test_a_statement_over_the_limit_is_cancelled(postgresql, settings):
    from django.db import OperationalError, connections
    from django.db.backends.signals import connection_created

    from scobase.timeouts import bound_statements

    settings.STATEMENT_TIMEOUT_MS = 200
    connection_created.connect(bound_statements, dispatch_uid="test-timeout")
    worker = connections.create_connection("default")  # a fresh connection, as a gunicorn worker opens one
    try:
        with pytest.raises(OperationalError, match="statement timeout"), worker.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
    finally:
        connection_created.disconnect(dispatch_uid="test-timeout")
        worker.close()
