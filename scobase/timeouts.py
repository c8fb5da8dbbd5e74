"""Time bounds for the queries of web requests.

Every public page is built from bounded queries, but a bound missed or a plan gone wrong must not hold a
gunicorn worker and the database for minutes: the query is cancelled and the request ends in an error page.
PostgreSQL cancels any statement that runs longer than STATEMENT_TIMEOUT_MS (its statement_timeout). SQLite has
no such setting; its progress handler interrupts the running query once the request has spent that long, which
bounds the request's SQL as a whole. Only the serving process sets this up (scobase/wsgi.py calls
`bound_web_requests`), so management commands (imports, exports, corpus loads, backups) are not bound.
"""

import threading
import time

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db.backends.signals import connection_created

SQLITE_CHECK_EVERY = 10_000  # SQLite virtual machine steps between looks at the clock
_request = threading.local()


def bound_statements(sender, connection, **kwargs):
    if settings.STATEMENT_TIMEOUT_MS <= 0:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [settings.STATEMENT_TIMEOUT_MS])
    elif connection.vendor == "sqlite":
        connection.connection.set_progress_handler(over_time, SQLITE_CHECK_EVERY)


def over_time():
    """True (interrupt the query) once the current request has run out of time; never outside a request."""
    deadline = getattr(_request, "deadline", None)
    return deadline is not None and time.monotonic() > deadline


def start_clock(**kwargs):
    _request.deadline = time.monotonic() + settings.STATEMENT_TIMEOUT_MS / 1000


def stop_clock(**kwargs):
    _request.deadline = None


def bound_web_requests():
    connection_created.connect(bound_statements, dispatch_uid="sco-statement-timeout")
    request_started.connect(start_clock, dispatch_uid="sco-request-clock-start")
    request_finished.connect(stop_clock, dispatch_uid="sco-request-clock-stop")


def unbound_web_requests():
    """Undo bound_web_requests: for a process that imported the WSGI module without serving (the test suite)."""
    connection_created.disconnect(dispatch_uid="sco-statement-timeout")
    request_started.disconnect(dispatch_uid="sco-request-clock-start")
    request_finished.disconnect(dispatch_uid="sco-request-clock-stop")
