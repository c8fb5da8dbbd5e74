"""Each summit's principal documents: the list both compare pickers offer, cached.

Every document page shows the picker, and Document.objects.principal() (a window over every public declaration)
cost about 5 ms to compile and 6 ms to run at a million paragraphs, on every view (issue 7). The list changes
only when documents or summits do, so it is kept in Django's cache for CACHE_SECONDS and dropped whenever a
document or summit is saved or deleted through the ORM (signals.py). Bulk writes that send no signals (the
synthetic corpus) are seen when the entry expires. With the default per-process cache another worker may show
the old list for at most CACHE_SECONDS; a shared cache (CACHES; README, Deployment) drops it everywhere at once.
"""

from django.core.cache import cache

from .models import Document

CACHE_KEY = "declarations:principal-documents"
CACHE_SECONDS = 60
FIELDS = ("summit_id", "slug", "title", "date", "kind", "summit__city", "summit__start_date")


def principal_documents():
    """(summit_id, slug, title, date, kind, city, summit start) of every summit's principal documents, in
    summit order, each summit's best first."""
    rows = cache.get(CACHE_KEY)
    if rows is None:
        rows = list(
            Document.objects.principal().order_by("summit__start_date", "principal_rank").values_list(*FIELDS)
        )
        cache.set(CACHE_KEY, rows, CACHE_SECONDS)
    return rows


def forget():
    cache.delete(CACHE_KEY)
