"""The site's URLs plus two pages that show the citation partials the way the document and paragraph pages
include them (with the provenance partials), for the browser tests of the copy button, the head metadata and
the width at 390 px."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import include, path

from declarations import citations, provenance
from declarations.models import Document, Paragraph

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}'
    '{% block head %}{% include "declarations/_cite_meta.html" with cite=cite only %}{% endblock %}'
    "{% block content %}<h1>Preview</h1>"
    '<p>{% include "declarations/_document_date.html" with document=cite.document provenance=provenance only %}</p>'
    '{% include "declarations/_provenance.html" with provenance=provenance only %}'
    '{% include "declarations/_cite.html" with cite=cite only %}{% endblock %}'
)


def render_page(request, cite):
    ctx = {"cite": cite, "provenance": provenance.describe(cite.document)}
    return HttpResponse(PAGE.render(ctx, request))


def document_page(request, slug):
    document = get_object_or_404(Document.objects.public().select_related("summit"), slug=slug)
    return render_page(request, citations.for_document(request, document))


def paragraph_page(request, key):
    paragraph = get_object_or_404(Paragraph.objects.public().select_related("document__summit"), key=key)
    return render_page(request, citations.for_paragraph(request, paragraph))


urlpatterns = [
    path("preview/documents/<slug:slug>/", document_page),
    path("preview/p/<slug:key>/", paragraph_page),
    path("", include("declarations.urls")),
]
