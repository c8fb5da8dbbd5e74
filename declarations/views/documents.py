"""The document list (/documents/) and a document's page with all its paragraphs (/documents/<slug>/)."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from ..filters import DocumentFilter
from ..models import Document, Paragraph
from ..paragraph_html import with_labels
from .pages import BoundedPaginator

PER_PAGE = 25
# Deep OFFSETs cost what they skip; 200 pages reach 5,000 documents, and the filters narrow any list below that.
MAX_PAGES = 200


def with_paragraph_counts(documents):
    """Set paragraph_count on these documents (one grouped query on the (document, number) index).

    Counted for the page's documents only: an annotation on the filtered queryset counted every paragraph of
    every matching document before the LIMIT (tens of thousands of documents at a million paragraphs).
    """
    documents = list(documents)
    counts = dict(
        Paragraph.objects.public()
        .filter(document__in=[d.pk for d in documents])
        .values_list("document_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for document in documents:
        document.paragraph_count = counts.get(document.pk, 0)
    return documents


def document_list(request):
    filterset = DocumentFilter(
        request.GET,
        queryset=Document.objects.public().select_related("summit").order_by("date", "title", "id"),
    )
    page = None
    if filterset.is_valid():
        page = BoundedPaginator(filterset.qs, PER_PAGE, max_pages=MAX_PAGES).get_page(request.GET.get("page"))
        page.object_list = with_paragraph_counts(page.object_list)
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
    # Every paragraph is this document's: no join for it or its summit, and no columns the page doesn't show.
    paragraphs = (
        Paragraph.objects.public()
        .filter(document=document)
        .defer("text", "source_text", "source_heading")
        .order_by("number")
    )
    paragraphs = with_labels(paragraphs)
    for paragraph in paragraphs:
        paragraph.document = document
    ctx = {"document": document, "sections": sections(paragraphs), "summit": document.summit}
    return render(request, "declarations/document_detail.html", ctx)
