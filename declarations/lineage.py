"""A paragraph's lineage: the most similar paragraphs of other summits, to see where its wording first appeared.

Comparing one paragraph with every other one is out of the question at a million paragraphs, so this works in
two steps:

1. Candidates: the full-text index (search.py: the GIN-indexed tsvector on PostgreSQL, FTS5 on SQLite) finds
   the paragraphs of other summits sharing two of the paragraph's three most distinctive words, and only the
   first CANDIDATES of them (in index order, unranked) are read. "Distinctive" without corpus statistics:
   content words minus the vocabulary every SCO paragraph shares ("member states", "Organization"), longest
   first, since long words are the rare ones (Zipf). One query, whose cost is the index's posting lists of
   three words, whatever the archive's size: ranking every match in SQL took 1.7 s at 100,000 synthetic
   paragraphs, and pairs of four words 60 ms of index reading at a million.
2. Ranking: those candidates are scored in Python with the same similarity as the comparison page
   (alignment.similarities: stemmed content words weighted by their rarity among the candidates) and the
   best `limit` above MIN_SIMILARITY are kept.

The paragraph page reads it through stored_lineage(): computed on the page's first view and kept in
StoredLineage while the archive is unchanged (ArchiveVersion), since aligning on every request made the page
the slowest of all (31 ms p95 at 200,000 paragraphs in SQLite, issue 13).

What it can miss: a paragraph reworded so that fewer than two of the chosen words survive, or one beyond the
first CANDIDATES matches when the words are common.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from . import search
from .alignment import STEMMER, similarities, surface_words
from .models import ArchiveVersion, Paragraph, StoredLineage

CANDIDATES = 150
# What scoring and the lineage partial read: a document's original text would be a large, unused read.
CANDIDATE_FIELDS = (
    "number",
    "text",
    "date",
    "document_id",
    "document__slug",
    "document__title",
    "document__kind",
    "document__publisher",
    "summit__city",
    "summit__start_date",
)
QUERY_WORDS = 8
MIN_SIMILARITY = 0.25

# Words in nearly every SCO paragraph: as query terms they would select everything and rank nothing.
SCO_VOCABULARY = frozenset(
    [
        "sco",
        "shanghai",
        "cooperation",
        "organization",
        "organisation",
        "member",
        "state",
        "country",
        "countries",
        "party",
        "parties",
        "head",
        "heads",
        "council",
        "declaration",
        "summit",
        "also",
        "further",
        "continue",
        "support",
        "international",
        "regional",
        "region",
        "development",
        "cooperate",
        "interest",
        "note",
        "noted",
        "notes",
        "stress",
        "stressed",
        "reaffirm",
        "reaffirmed",
    ]
)


SCO_STEMS = frozenset(STEMMER.stemWords(sorted(SCO_VOCABULARY)))


def distinctive_words(text, count=QUERY_WORDS):
    """The text's words most likely to single out its wording elsewhere: longest first, then by first use.

    Words as written (one per stem), since the search index stems them itself.
    """
    chosen = {}
    for word, stem in surface_words(text):
        if stem not in SCO_STEMS and stem not in chosen and len(word) > 2 and word.isalpha():
            chosen[stem] = word
    return sorted(chosen.values(), key=lambda w: -len(w))[:count]


@dataclass(frozen=True)
class Ancestor:
    paragraph: Paragraph
    similarity: float

    @property
    def percent(self):
        return round(self.similarity * 100)


def lineage(paragraph, limit=5):
    """The paragraphs of other summits most similar to this one, earliest first, each with its similarity.

    The earliest is where, as far as the archive knows, the wording first appeared.
    """
    words = distinctive_words(paragraph.text)
    if not words:
        return []
    # Paragraphs sharing at least two of the four most distinctive words (any one alone matches tens of
    # thousands at scale, and ranking them all is what costs); with fewer words, any of them.
    top = words[:3]
    pairs = [f"{x} {y}" for i, x in enumerate(top) for y in top[i + 1 :]]
    parsed = search.parse(" or ".join(pairs or top))
    others = Paragraph.objects.public().exclude(summit_id=paragraph.summit_id)
    candidates = (
        search.matching(others, parsed)
        .select_related("document", "summit")
        .only(*CANDIDATE_FIELDS)
        .order_by()[:CANDIDATES]
    )
    candidates = list(candidates)
    scores = similarities(paragraph.text, [candidate.text for candidate in candidates])
    scored = zip(scores, candidates, strict=True)
    best = sorted(
        (pair for pair in scored if pair[0] >= MIN_SIMILARITY), key=lambda pair: (-pair[0], pair[1].date)
    )
    ancestors = [Ancestor(candidate, round(score, 3)) for score, candidate in best[:limit]]
    return sorted(ancestors, key=lambda a: (a.paragraph.date, a.paragraph.document_id, a.paragraph.number))


def stored_lineage(paragraph, limit=5):
    """lineage(paragraph), as stored under the current ArchiveVersion, or computed now and stored."""
    version = ArchiveVersion.current()
    stored = (
        StoredLineage.objects.filter(paragraph=paragraph, version=version)
        .values_list("ancestors", flat=True)
        .first()
    )
    if stored is None:
        ancestors = lineage(paragraph, limit=limit)
        try:
            with transaction.atomic():
                StoredLineage.objects.update_or_create(
                    paragraph=paragraph,
                    defaults={
                        "version": version,
                        "ancestors": [[a.paragraph.pk, a.similarity] for a in ancestors],
                    },
                )
        except IntegrityError:  # another request stored it first
            pass
        return ancestors
    shown = (
        Paragraph.objects.public()
        .filter(pk__in=[pk for pk, _ in stored])
        .select_related("document", "summit")
        .only(*CANDIDATE_FIELDS)
    )
    by_id = {p.pk: p for p in shown}
    return [Ancestor(by_id[pk], similarity) for pk, similarity in stored if pk in by_id]
