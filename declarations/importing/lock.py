"""One import at a time, whatever starts it (import_seeds, the admin): a lock in the database itself.

Two imports at once crashed one of them half-way (SQLite: "database is locked"; PostgreSQL: an IntegrityError on
a document slug both created). Now the second says plainly that an import is running, before it writes.

PostgreSQL: a session-level advisory lock, which the server releases if the importing process dies.
SQLite: a row in ImportLock naming the process; a row left by a process that is no longer running on this host
is stale and taken over (an SQLite database lives on one machine).
"""

import os
import socket
from contextlib import contextmanager

from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from ..models import ImportLock
from .errors import SourceError

ADVISORY_KEY = 0x5C0_1D0C  # any constant bigint, the same for every process of the archive
NAME = "import"


class ImportRunning(SourceError):
    def __init__(self, holder):
        super().__init__("", f"an import is running ({holder}); try again when it has finished")

    def __str__(self):
        return self.message


@contextmanager
def import_lock(using="default"):
    """Hold the import lock for the block; ImportRunning if another import holds it."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with advisory_lock(connection):
            yield
    else:
        with lock_row(using):
            yield


@contextmanager
def advisory_lock(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
        if not cursor.fetchone()[0]:
            cursor.execute(
                "SELECT a.pid, a.backend_start FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                "WHERE l.locktype = 'advisory' AND l.objid = %s AND l.granted",
                [ADVISORY_KEY & 0xFFFFFFFF],
            )
            row = cursor.fetchone()
            raise ImportRunning(f"database backend {row[0]}" if row else "another database session")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])


@contextmanager
def lock_row(using):
    host, pid = socket.gethostname(), os.getpid()
    rows = ImportLock.objects.using(using)
    with transaction.atomic(using=using):
        held = rows.filter(name=NAME).first()
        if held and held.host == host and not running(held.pid):
            held.delete()  # left by an import that died
        try:
            with transaction.atomic(using=using):
                rows.create(name=NAME, host=host, pid=pid, started_at=timezone.now())
        except IntegrityError:
            raise ImportRunning(str(rows.get(name=NAME))) from None
    try:
        yield
    finally:
        rows.filter(name=NAME, host=host, pid=pid).delete()


def running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
