"""The home page: what the archive holds, a search box, the summits, the themes and the latest documents."""

from django.shortcuts import render

from .. import catalog, stats
from ..models import Document, Theme
from .summits import summits_with_document_counts


def home(request):
    # The page is a cached fragment (templates: {% cache %}) under the catalog's version, which staff edits and
    # rebuilds of the summary counts move (catalog.py), and the paragraph total: its lists change only when
    # those do, and rendering them cost more than the rest of the request.
    ctx = {
        **catalog.fragment_context(),
        "paragraph_total": stats.total_paragraphs(),  # the summary table's: counting a million took longer
        "lists": home_lists,  # called by the template only when the fragment is not cached
    }
    return render(request, "declarations/home.html", ctx)


def home_lists():
    summits = summits_with_document_counts()
    return {
        "summits": summits,
        "themes": Theme.objects.filter(parent=None).prefetch_related("children"),
        "latest_documents": Document.objects.public().select_related("summit").order_by("-date", "-id")[:8],
        # every document belongs to a summit: the per-summit counts already add up to the total
        "documents": sum(summit.document_count for summit in summits),
    }
