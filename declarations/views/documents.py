"""The document list (/documents/) and a document's page with all its paragraphs (/documents/<slug>/)."""

from dataclasses import dataclass, field

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


@dataclass(slots=True)
class ShownParagraph:
    """What a document's page shows of a paragraph (its block, its section): a long document's 160 model
    instances cost the page about 4 ms to build (issue 7). with_labels() sets the labels."""

    pk: int
    number: int
    html: str
    heading: str
    section: int
    document: Document
    theme_labels: list = field(default_factory=list)
    state_labels: list = field(default_factory=list)


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
    # Every paragraph is this document's: no join for it or its summit, only the columns the page shows.
    rows = Paragraph.objects.public().filter(document=document).order_by("number")
    paragraphs = with_labels(
        ShownParagraph(pk, number, html, heading, section, document)
        for pk, number, html, heading, section in rows.values_list(
            "pk", "number", "html", "heading", "section"
        )
    )
    ctx = {"document": document, "sections": sections(paragraphs), "summit": document.summit}
    return render(request, "declarations/document_detail.html", ctx)
