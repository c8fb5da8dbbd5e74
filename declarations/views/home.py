"""The home page: what the archive holds, a search box, the summits, the themes and the latest documents."""

from django.shortcuts import render

from .. import stats
from ..models import Document, Theme
from .summits import summits_with_document_counts


def home(request):
    summits = summits_with_document_counts()
    ctx = {
        "summits": summits,
        "themes": Theme.objects.filter(parent=None).prefetch_related("children"),
        "latest_documents": Document.objects.public().select_related("summit").order_by("-date", "-id")[:8],
        "counts": {
            "summits": len(summits),
            # every document belongs to a summit: the per-summit counts already add up to the total
            "documents": sum(summit.document_count for summit in summits),
            # the summary table's total: counting a million paragraphs took longer than the rest of the page
            "paragraphs": stats.total_paragraphs(),
        },
    }
    return render(request, "declarations/home.html", ctx)
