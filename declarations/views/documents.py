"""The document list (/documents/) and a document's page (/documents/<slug>/), its paragraphs a page at a time."""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.shortcuts import get_object_or_404, render

from .. import citations, provenance
from ..filters import DocumentFilter
from ..models import Document, Paragraph
from ..search import paragraph_rows

PER_PAGE = 25
# Deep OFFSETs cost what they skip; 200 pages reach 5,000 documents, and the filters narrow any list below that.
MAX_PAGES = 200


class BoundedPaginator(Paginator):
    """Serves only the first max_pages pages: a later page number shows the last of them."""

    def __init__(self, object_list, per_page, max_pages):
        super().__init__(object_list, per_page)
        self.max_pages = max_pages

    @cached_property
    def total(self):
        return self.object_list.count()

    @cached_property
    def count(self):
        return min(self.total, self.max_pages * self.per_page)

    @property
    def truncated(self):
        return self.total > self.count


def with_paragraph_counts(documents):
    """Set paragraph_count on these documents (one grouped query, for the shown documents only)."""
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
        page = BoundedPaginator(filterset.qs, PER_PAGE, MAX_PAGES).get_page(request.GET.get("page"))
        page.object_list = with_paragraph_counts(page.object_list)
    ctx = {"filter": filterset, "form": filterset.form, "page": page, "filtered": bool(request.GET)}
    return render(request, "declarations/document_list.html", ctx)


def sections(rows):
    """Group paragraph rows in reading order into sections: a new one wherever the section number or heading
    changes. Returns [(heading, [row, ...]), ...]."""
    grouped = []
    previous = None
    for row in rows:
        key = (row.section, row.heading)
        if key != previous:
            grouped.append((row.heading, []))
            previous = key
        grouped[-1][1].append(row)
    return grouped


def contents(document):
    """The document's sections for its table of contents: (heading, first number, last number, page)."""
    spans = (
        document.paragraphs.filter(published=True)
        .values("section", "heading")
        .annotate(first=Min("number"), last=Max("number"))
        .order_by("first")
    )
    return [
        {**span, "page": document.page_of(span["first"])} for span in spans[: Document.PARAGRAPHS_PER_PAGE]
    ]


def document_detail(request, slug):
    document = get_object_or_404(Document.objects.public().select_related("summit__host"), slug=slug)
    paragraphs = Paragraph.objects.public().filter(document=document).order_by("number")
    page = Paginator(paragraphs.values_list("pk", flat=True), Document.PARAGRAPHS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = paragraph_rows(list(page.object_list))
    ctx = {
        "document": document,
        "summit": document.summit,
        "page": page,
        "sections": sections(rows),
        "cite": citations.for_document(request, document),
        "provenance": provenance.describe(document),
        "contents": contents(document)
        if page.paginator.num_pages > 1 or len({r.section for r in rows}) > 1
        else [],
    }
    return render(request, "declarations/document_detail.html", ctx)
