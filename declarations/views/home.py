"""The home page: what the archive holds, a search box, the summits, the themes and the latest documents."""

from django.shortcuts import render

from ..models import Document, Theme
from ..search import counts as summary_counts
from .summits import summits_with_document_counts


def home(request):
    summits = summits_with_document_counts()
    ctx = {
        "paragraph_total": summary_counts.total_paragraphs(),  # the summary table's: counting a million took longer
        "summits": summits,
        "themes": Theme.objects.filter(parent=None).prefetch_related("children"),
        "latest_documents": Document.objects.public().select_related("summit").order_by("-date", "-id")[:8],
        # every document belongs to a summit: the per-summit counts already add up to the total
        "documents": sum(summit.document_count for summit in summits),
    }
    return render(request, "declarations/home.html", ctx)
