"""A statement timeout for the queries of web requests (PostgreSQL).

Every public page is built from bounded queries, but a bound missed or a plan gone wrong must not hold a
gunicorn worker and a database backend for minutes: PostgreSQL cancels the statement and the request ends in
an error page. Only the serving process sets it (scobase/wsgi.py connects `bound_statements`), so management
commands (imports, exports, corpus loads, backups) are not bound.
"""

from django.conf import settings
from django.db.backends.signals import connection_created


def bound_statements(sender, connection, **kwargs):
    if connection.vendor == "postgresql" and settings.STATEMENT_TIMEOUT_MS > 0:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [settings.STATEMENT_TIMEOUT_MS])


def bound_web_requests():
    connection_created.connect(bound_statements, dispatch_uid="sco-statement-timeout")
