"""Citation downloads of a document (/documents/<slug>/cite.bib) and of a paragraph (/p/<key>/cite.bib):
BibTeX, RIS and CSL-JSON, all written from one CSL-JSON item (declarations/citations.py)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from .. import citation_formats, citations
from ..models import Document, Paragraph

WRITERS = {
    "bib": (citation_formats.bibtex, "application/x-bibtex"),
    "ris": (citation_formats.ris, "application/x-research-info-systems"),
    "json": (citation_formats.csl_json, "application/vnd.citationstyles.csl+json"),
}


def download(cite, filename, fmt):
    if fmt not in WRITERS:
        raise Http404("No such citation format")
    write, content_type = WRITERS[fmt]
    response = HttpResponse(write(cite.item), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def document_cite(request, slug, fmt):
    document = get_object_or_404(Document.objects.public(), slug=slug)
    return download(citations.for_document(request, document), document.slug, fmt)


def paragraph_cite(request, key, fmt):
    paragraph = get_object_or_404(Paragraph.objects.public().select_related("document"), key=key)
    filename = f"{paragraph.document.slug}-para-{paragraph.number}"
    return download(citations.for_paragraph(request, paragraph), filename, fmt)
