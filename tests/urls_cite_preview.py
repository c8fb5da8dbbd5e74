"""The site's URLs plus two pages that show the citation partials the way the document and paragraph pages
include them, for the browser test of the copy button and the head metadata."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import include, path

from declarations import citations
from declarations.models import Document, Paragraph

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}'
    '{% block head %}{% include "declarations/_cite_meta.html" with cite=cite only %}{% endblock %}'
    '{% block content %}<h1>Preview</h1>{% include "declarations/_cite.html" with cite=cite only %}{% endblock %}'
)


def document_page(request, slug):
    document = get_object_or_404(Document.objects.public(), slug=slug)
    return HttpResponse(PAGE.render({"cite": citations.for_document(request, document)}, request))


def paragraph_page(request, key):
    paragraph = get_object_or_404(Paragraph.objects.public().select_related("document"), key=key)
    return HttpResponse(PAGE.render({"cite": citations.for_paragraph(request, paragraph)}, request))


urlpatterns = [
    path("preview/documents/<slug:slug>/", document_page),
    path("preview/p/<slug:key>/", paragraph_page),
    path("", include("declarations.urls")),
]
