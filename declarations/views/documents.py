"""The document list (/documents/) and a document's page with all its paragraphs (/documents/<slug>/)."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from ..filters import DocumentFilter
from ..models import Document, Paragraph

PER_PAGE = 25


def document_list(request):
    filterset = DocumentFilter(
        request.GET,
        queryset=Document.objects.public()
        .select_related("summit")
        .annotate(paragraph_count=Count("paragraphs", filter=Q(paragraphs__published=True)))
        .order_by("date", "title"),
    )
    page = None
    if filterset.is_valid():
        page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    ctx = {"filter": filterset, "form": filterset.form, "page": page, "filtered": bool(request.GET)}
    return render(request, "declarations/document_list.html", ctx)


def sections(paragraphs):
    """Group paragraphs in reading order into sections: a new one wherever the section number or heading
    changes. Returns [(heading, [paragraph, ...]), ...]."""
    grouped = []
    previous = None
    for paragraph in paragraphs:
        key = (paragraph.section, paragraph.heading)
        if key != previous:
            grouped.append((paragraph.heading, []))
            previous = key
        grouped[-1][1].append(paragraph)
    return grouped


def document_detail(request, slug):
    document = get_object_or_404(Document.objects.public().select_related("summit__host"), slug=slug)
    paragraphs = Paragraph.objects.public().filter(document=document).for_display().order_by("number")
    ctx = {"document": document, "sections": sections(paragraphs), "summit": document.summit}
    return render(request, "declarations/document_detail.html", ctx)
