from django.shortcuts import render

from ..models import Document, Paragraph, Summit, Theme


def home(request):
    ctx = {
        "summits": Summit.objects.select_related("host").with_document_counts(),
        "themes": Theme.objects.filter(parent=None).prefetch_related("children"),
        "latest_documents": Document.objects.public().select_related("summit").order_by("-date", "-id")[:8],
        "counts": {
            "summits": Summit.objects.count(),
            "documents": Document.objects.public().count(),
            "paragraphs": Paragraph.objects.public().count(),
        },
    }
    return render(request, "declarations/home.html", ctx)
