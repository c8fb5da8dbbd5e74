"""/paragraphs/export.csv|json and /documents/export.csv|json: the list page's rows for the same URL parameters."""

import datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from .. import exports
from ..filters import DocumentFilter, ParagraphFilter
from ..models import Document, Paragraph

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def refused(filterset):
    lines = [f"{field}: {problem}" for field, problems in filterset.errors.items() for problem in problems]
    return HttpResponse(
        "The filters were refused, so there is nothing to download:\n" + "\n".join(lines) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def download(body, fmt, name):
    response = StreamingHttpResponse(body, content_type=CONTENT_TYPES[fmt])
    stamp = datetime.date.today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sco-{name}-{stamp}.{fmt}"'
    return response


def origin(request):
    """The scheme and host that links in a download start with (one build_absolute_uri a download, not one a
    row)."""
    return f"{request.scheme}://{request.get_host()}"


@require_safe
def paragraph_export(request, fmt):
    filterset = ParagraphFilter(request.GET, queryset=Paragraph.objects.public())
    if not filterset.is_valid():
        return refused(filterset)
    results = filterset.results(facets=False)  # a download needs the count alone
    counts = results.counts
    if not counts.capped and counts.total > exports.LIMIT:
        dataset = request.build_absolute_uri(reverse("declarations:data") + "#dataset")
        return HttpResponse(
            f"These filters match {counts.total:,} paragraphs, more than the {exports.LIMIT:,} a download holds. "
            f"Narrow the filters, or take the whole archive as a dataset: {dataset}\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if fmt == "csv":
        body = exports.csv_lines(
            exports.PARAGRAPH_COLUMNS, exports.paragraph_csv_rows(results, origin(request))
        )
    else:
        rows = results.iter_rows(chunk=exports.CHUNK, limit=exports.LIMIT, text=True)
        body = exports.json_chunks(exports.paragraph_records(rows, origin(request)))
    return download(body, fmt, "paragraphs")


@require_safe
def document_export(request, fmt):
    filterset = DocumentFilter(request.GET, queryset=Document.objects.public())
    if not filterset.is_valid():
        return refused(filterset)
    documents = filterset.qs.order_by("date", "title", "id")  # the document list's order
    records = exports.document_records(documents, origin(request))
    if fmt == "csv":
        body = exports.csv_lines(exports.DOCUMENT_COLUMNS, (list(record.values()) for record in records))
    else:
        body = exports.json_chunks(records)
    return download(body, fmt, "documents")
