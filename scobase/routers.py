"""Reads from PostgreSQL read replicas when DATABASE_REPLICA_URLS names any; everything else on the primary.

Scaling out needs no code change (README, Deployment): with replicas configured in the environment, settings.py
adds them as "replica1", "replica2", ... and installs this router. A read goes to a replica chosen at random,
except inside a transaction on the primary, where it must see that transaction's own writes (the admin's
edit pages, the importer, the search's SET LOCAL). Writes and migrations go to the primary only.
"""

import random

from django.conf import settings
from django.db import connections


def replicas():
    return [alias for alias in settings.DATABASES if alias != "default"]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        names = replicas()
        if not names or connections["default"].in_atomic_block:
            return "default"
        return random.choice(names)  # noqa: S311 (load spreading, not security)

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every database holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
