"""What a document is, in words a reader can tell apart (issue 16): "Declaration", "News: The Moscow Times".

A sentence of a news article reads like declaration text unless the page says which is which.
"""

from .models import Document

KIND_LABELS = dict(Document.Kind.choices)
# "You are comparing a declaration with a news article": the kind with its article, in running text.
KIND_PHRASES = {
    Document.Kind.DECLARATION: "a declaration",
    Document.Kind.STATEMENT: "a statement",
    Document.Kind.COMMUNIQUE: "a communiqué",
    Document.Kind.NEWS: "a news article",
    Document.Kind.OTHER: "a document of another kind",
}


def kind_label(kind, publisher=""):
    """ "Declaration", "Statement", ...; news with its publisher when known: "News: The Moscow Times"."""
    if kind == Document.Kind.NEWS and publisher:
        return f"News: {publisher}"
    return KIND_LABELS.get(kind, kind)


def document_label(document):
    return kind_label(document.kind, document.publisher or document.source_name)


def kind_phrase(document):
    """ "a declaration", "a news article (The Moscow Times)"."""
    phrase = KIND_PHRASES.get(document.kind, "a document")
    publisher = document.publisher or document.source_name
    if document.kind == Document.Kind.NEWS and publisher:
        return f"{phrase} ({publisher})"
    return phrase


KIND_PLURALS = {
    Document.Kind.DECLARATION: "Declarations",
    Document.Kind.STATEMENT: "Statements",
    Document.Kind.COMMUNIQUE: "Communiqués",
    Document.Kind.NEWS: "News articles",
    Document.Kind.OTHER: "Other documents",
}


def kind_plural(kind):
    return KIND_PLURALS.get(kind, kind)
