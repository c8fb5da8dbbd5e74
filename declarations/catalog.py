"""Small lists that every page of a kind shows and that change only when staff edit them, cached.

- Each summit's principal documents, which both compare pickers offer: every document page shows the picker,
  and Document.objects.principal() (a window over every public declaration) cost about 5 ms to compile and 6 ms
  to run at a million paragraphs, on every view (issue 7).
- The paragraph browser's option lists of themes, summits and states (filters.py), three queries a request.
- The compare picker's rendered options of each summit (templatetags/compare_tags.py), and the home page and
  each summit's page below its heading, template fragments keyed on version() (views/home.py, summits.py).

They are kept in Django's cache for CACHE_SECONDS under a version that forget() moves on; signals.py calls it
whenever a document, summit, theme, state, participation or status change is saved or deleted through the ORM,
and stats.py whenever it rebuilds the summary counts (paragraphs and tags changed), each time again when the
transaction commits (a request served in between would cache the old lists under the new version). Bulk
writes that send no signals and rebuild no counts are seen when the entries expire. With the default per-process cache another
worker may show the old lists for at most CACHE_SECONDS; a shared cache (CACHE_URL; README, Deployment) moves
the version for every worker at once.
"""

import time

from django.core.cache import cache
from django.db import transaction

from .models import Document
from .paragraph_html import url_base

CACHE_SECONDS = 60
VERSION_KEY = "declarations:catalog-version"
PRINCIPAL_FIELDS = ("summit_id", "slug", "title", "date", "kind", "summit__city", "summit__start_date")


def version():
    """The current version: part of every cached list's key (and of the home page's cached fragment)."""
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def cached(name, build):
    """The value cached under `name` for the current version, or build() cached now."""
    key = f"declarations:catalog:{version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


def principal_documents():
    """(summit_id, slug, title, date, kind, city, summit start) of every summit's principal documents, in
    summit order, each summit's best first."""
    return cached("principal-documents", principal_rows)


def principal_rows():
    """principal_documents(), read now: what is built from it and cached builds from this, not from the cached
    copy, which may already be most of CACHE_SECONDS old."""
    principal = Document.objects.principal().order_by("summit__start_date", "principal_rank")
    return list(principal.values_list(*PRINCIPAL_FIELDS))


def fragment_context():
    """What a cached page fragment is keyed on ({% cache cache_seconds name ... catalog_version links_base %}):
    the version, and the script prefix and URLconf its links were reversed under."""
    return {
        "catalog_version": version(),
        "cache_seconds": CACHE_SECONDS,
        "links_base": " ".join(map(str, url_base())),
    }


def forget_when_committed():
    """forget() now, and again when the current transaction commits: a request served in between reads the old
    rows and would cache them under the new version."""
    forget()
    transaction.on_commit(forget)


def forget():
    """Every cached list is out of date: their keys move to a new version, never used before (a clock reading,
    so a version evicted from a shared cache cannot come back), and the old entries expire."""
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)
