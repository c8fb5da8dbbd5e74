"""Match the passages of a news text (passages.py) with the declaration paragraphs they come from (plain
Python, no Django).

Texts are compared as sequences of content words: lowercased, function words dropped, Snowball-stemmed, so "the
only effective ways" and "the single effective way" differ by one word. Each distinct stem is written as one
character, which lets rapidfuzz's partial_ratio_alignment (an Indel alignment of the passage against the best
window of the paragraph, in C++) score and locate a passage in a paragraph in microseconds.

Candidates come from an inverted index of the declaration paragraphs' stem pairs (bigrams): a passage looks
up its rarest pairs first and stops after a fixed number of postings, so the work per passage is bounded
however many paragraphs a summit has; only the best few candidates are aligned.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..alignment import STEMMER, STOP_WORDS
from .passages import WORD, find_passages, sentences, worth_reading

VERSION = "quotes-1"

QUOTATION = "quotation"
PARAPHRASE = "paraphrase"

# Scores are rapidfuzz's 0-100 partial ratios over content stems. Set on the seeds and the development examples
# in tests/data/quotation_examples/ (see the README's methodology section).
# Unrelated passages of the examples score below 25 against their best paragraph; true ones 38-92.
QUOTE_MIN_SCORE = (
    50.0  # a quoted passage in another translation: "single effective way" / "only effective ways"
)
PARAPHRASE_MIN_SCORE = (
    40.0  # an attributed clause: "stood behind Russia's initiative to have Syria place ..."
)
VERBATIM_SCORE = 92.0  # an attributed sentence this close to the text is a quotation without quote marks
MIN_QUOTE_WORDS = 3  # content words a quoted passage needs: "six", "serious step" quote nothing in particular
MIN_SENTENCE_WORDS = 6
CANDIDATES = 6  # paragraphs aligned per passage, best by shared stem pairs
POSTINGS_BUDGET = 250  # postings read per passage, rarest pairs first
SEEN_LIMIT = 50_000  # passages whose best paragraph an index remembers

# Words that every declaration paragraph and every report of one shares, so they tell nothing about which
# paragraph is meant: the subjects ("the member states", "the SCO countries") and the reporting verbs.
FRAME_WORDS = frozenset(
    """member members state states country countries sco organization organisation shanghai cooperation
    head heads leader leaders participant participants side sides party parties declaration document
    communique communiqué read reads said says added adds noted notes stated states also""".split()  # noqa: SIM905
)
_IGNORED = STOP_WORDS | FRAME_WORDS

# Tokens -------------------------------------------------------------------------------------------------------


class Vocabulary:
    """Stems to single characters, so a text's content words become a string rapidfuzz compares natively."""

    PARTS_KEPT = 300_000

    def __init__(self):
        self.words = {}  # word as written -> its stem's character, or "" for a word left out
        self.codes = {}  # stem -> character
        self.parts = {}  # a sentence -> its codes: declarations repeat their sentences (README, Performance)

    def code(self, word):
        code = self.words.get(word)
        if code is None:
            lower = word.lower()
            if lower in _IGNORED or lower.isdigit():
                code = ""
            else:
                stem = STEMMER.stemWord(lower.replace("\u2019", "'"))
                code = self.codes.get(stem)
                if code is None:
                    n = len(self.codes)  # skip the surrogate block, which is not text
                    code = self.codes[stem] = chr(0x100 + n if 0x100 + n < 0xD800 else 0xE000 + n)
            self.words[word] = code
        return code

    def codes_of(self, text):
        """The content words of a text, one character each: sentence by sentence (no word spans ". "), each
        distinct sentence read once."""
        return "".join([self._codes_of_part(part) for part in text.split(". ")])

    def _codes_of_part(self, text):
        codes = self.parts.get(text)
        if codes is None:
            if len(self.parts) >= self.PARTS_KEPT:
                self.parts.clear()
            get, code = self.words.get, self.code
            codes = self.parts[text] = "".join(
                [c if (c := get(w)) is not None else code(w) for w in WORD.findall(text)]
            )
        return codes

    def spans_of(self, text):
        """Where each content word of the text (each character of codes_of) is: [(start, end), ...]."""
        spans = []
        for match in WORD.finditer(text):
            word = match.group()
            code = self.words.get(word)
            if code is None:
                code = self.code(word)
            if code:
                spans.append(match.span())
        return spans


# Matching -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    news: Hashable
    source: Hashable
    kind: str
    score: float
    news_start: int
    news_end: int
    source_start: int
    source_end: int


class _Source:
    __slots__ = ("key", "text", "codes", "_spans", "_plain")

    def __init__(self, key, text, codes):
        self.key, self.text, self.codes = key, text, codes
        self._spans = self._plain = None

    def spans(self, vocabulary):
        if self._spans is None:
            self._spans = vocabulary.spans_of(self.text)
        return self._spans

    def plain(self):
        """Lowercase words, one space apart: what a verbatim quotation would repeat."""
        if self._plain is None:
            self._plain = _plain(self.text)
        return self._plain


def _plain(text):
    return " ".join(WORD.findall(text.lower()))


def passage_codes(vocabulary, text, passage):
    """The content words of each fragment of the passage, bracketed insertions left out; fragments of one word
    are dropped when there are several (what survives "... [a] ..." is noise)."""
    fragments = []
    for start, end in passage.fragments:
        segment = text[start:end]
        for a, b in passage.skip:
            if start <= a < end:
                segment = segment[: a - start] + " " * (min(b, end) - a) + segment[min(b, end) - start :]
        fragments.append(vocabulary.codes_of(segment))
    if len(fragments) > 1:
        fragments = [codes for codes in fragments if len(codes) >= 2]
    return tuple(fragments)


def best_links(news_key, found):
    """One Match per declaration paragraph, from (index, match_passage result) pairs: a quotation before a
    paraphrase, then the higher score."""
    best = {}
    for index, result in found:
        if result is None:
            continue
        position, kind, score, news_span, source_span = result
        key = index.sources[position].key
        rank = (kind == QUOTATION, score)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, Match(news_key, key, kind, round(score, 1), *news_span, *source_span))
    return sorted((m for _, m in best.values()), key=lambda m: (m.news_start, m.source_start))


def _pairs(codes):
    return {codes[i : i + 2] for i in range(len(codes) - 1)}


class SummitIndex:
    """The declaration paragraphs of one summit, ready to be searched for the passages of its news."""

    def __init__(self, sources: Iterable[tuple[Hashable, str]], vocabulary: Vocabulary | None = None):
        self.vocabulary = vocabulary or Vocabulary()
        self.sources = []
        self.postings = defaultdict(list)
        self.seen = {}
        for key, text in sources:
            codes = self.vocabulary.codes_of(text)
            index = len(self.sources)
            self.sources.append(_Source(key, text, codes))
            for pair in _pairs(codes):
                self.postings[pair].append(index)

    def candidates(self, codes):
        # Rarest pairs first; ties in the order the text has them, so the candidates never depend on a set's order.
        pairs = dict.fromkeys(codes[i : i + 2] for i in range(len(codes) - 1))
        pairs = sorted(pairs, key=lambda p: len(self.postings.get(p, ())))
        counts = Counter()
        read = 0
        for pair in pairs:
            postings = self.postings.get(pair)
            if not postings:
                continue
            if read and read + len(postings) > POSTINGS_BUDGET:
                break
            counts.update(postings)
            read += len(postings)
        return [index for index, _ in counts.most_common(CANDIDATES)]

    def match(self, news_key, text):
        """The links of one news text: for each declaration paragraph it reproduces, the best passage."""
        if not self.sources or not worth_reading(text):
            return []
        return best_links(news_key, ((self, self.match_passage(text, p)) for p in find_passages(text)))

    def match_passage(self, text, passage):
        """(source index, kind, score, news span, source span) for the passage's best paragraph, or None.

        Remembered by the passage's words: the same sentence in many reports is matched once."""
        key = (passage.quoted, text[passage.start : passage.end])
        if key in self.seen:
            found = self.seen[key]
        else:
            found = self._match_words(text, passage)
            if len(self.seen) >= SEEN_LIMIT:
                self.seen.clear()
            self.seen[key] = found
        return (
            None if found is None else (found[0], found[1], found[2], (passage.start, passage.end), found[3])
        )

    def _match_words(self, text, passage):
        fragments = passage_codes(self.vocabulary, text, passage)
        words = sum(len(codes) for codes in fragments)
        if words < (MIN_QUOTE_WORDS if passage.quoted else MIN_SENTENCE_WORDS):
            return None
        best = self._best(fragments)
        if best is None:
            return None
        index, score, (first, last) = best
        if last <= first:
            return None
        if passage.quoted:
            if score < QUOTE_MIN_SCORE:
                return None
            kind = QUOTATION
        else:
            if score < PARAPHRASE_MIN_SCORE:
                return None
            kind = (
                QUOTATION if score >= VERBATIM_SCORE and self._verbatim(text, passage, index) else PARAPHRASE
            )
        spans = self.sources[index].spans(self.vocabulary)
        return index, kind, score, (spans[first][0], spans[last - 1][1])

    def _best(self, fragments):
        """(source index, score, source span) of the best candidate for these fragments' codes, or None.

        Remembered per index: news items repeat the declaration's sentences (a synthetic corpus all the more)."""
        if fragments in self.seen:
            return self.seen[fragments]
        best = None
        for index in self.candidates("".join(fragments)):
            score, source_span = self._align(fragments, self.sources[index])
            if best is None or score > best[1]:
                best = (index, score, source_span)
        if len(self.seen) >= SEEN_LIMIT:
            self.seen.clear()
        self.seen[fragments] = best
        return best

    def _align(self, fragments, source):
        """Word-weighted mean of each fragment's best alignment in the paragraph, and the span they cover."""
        total, weight, starts, ends = 0.0, 0, [], []
        for codes in fragments:
            if len(codes) > len(source.codes):
                # The paragraph is shorter than the passage: score the whole paragraph against it, as a share
                # of the passage (partial_ratio would slide the paragraph over the passage instead).
                score = fuzz.ratio(codes, source.codes)
                start, end = 0, len(source.codes)
            else:
                aligned = fuzz.partial_ratio_alignment(codes, source.codes)
                score, start, end = aligned.score, aligned.dest_start, aligned.dest_end
                # The window is as long as the passage; trim words at its edges that the passage lacks.
                while start < end and source.codes[start] not in codes:
                    start += 1
                while end > start and source.codes[end - 1] not in codes:
                    end -= 1
            total += score * len(codes)
            weight += len(codes)
            if end > start:
                starts.append(start)
                ends.append(end)
        if not starts:
            return 0.0, (0, 0)
        return total / weight, (min(starts), max(ends))

    def _verbatim(self, text, passage, index):
        """Does the passage repeat the paragraph's exact words (function words included, nothing stemmed)?"""
        words = _plain(text[passage.start : passage.end])
        return fuzz.partial_ratio(words, self.sources[index].plain()) >= VERBATIM_SCORE


# Several summits -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummitInfo:
    key: Hashable
    city: str
    year: int


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LAST_YEAR = re.compile(r"\blast\s+year(?:'s|\u2019s)?\b", re.IGNORECASE)


class Archive:
    """Every summit's declarations, each summit's index built on first use by `load(summit key)`.

    A news item is compared with its own summit's declarations, except where a sentence names another summit's
    declaration ("Last year's Astana Declaration hailed ...", "as far back as 2013, the Bishkek Declaration
    warned ..."): that passage is compared with the declarations of the summits held in that city (in the year
    the sentence gives, if it gives one) before the news item's own, and linked there if it matches.
    """

    def __init__(self, summits: Iterable[SummitInfo], load, vocabulary: Vocabulary | None = None):
        self.summits = {s.key: s for s in summits}
        self.load = load
        self.vocabulary = vocabulary or Vocabulary()
        self.indexes = {}
        cities = sorted({s.city for s in self.summits.values()}, key=len, reverse=True)
        # "Shanghai Cooperation Organization" names no summit held in Shanghai.
        self.cities = (
            re.compile(
                r"\b("
                + "|".join(map(re.escape, cities))
                + r")\b(?!\s+(?i:Cooperation|Five|Spirit|Convention))"
            )
            if cities
            else None
        )

    def index(self, key):
        if key not in self.indexes:
            self.indexes[key] = SummitIndex(self.load(key), self.vocabulary)
        return self.indexes[key]

    def forget(self, key):
        self.indexes.pop(key, None)

    def named(self, own, sentence):
        """Other summits whose declaration the sentence names by city, held before `own`."""
        if self.cities is None:
            return []
        cities = {m.group() for m in self.cities.finditer(sentence)} - {own.city}
        if not cities:
            return []
        years = {int(y) for y in _YEAR.findall(sentence)}
        if _LAST_YEAR.search(sentence):
            years.add(own.year - 1)
        earlier = [s for s in self.summits.values() if s.city in cities and s.year <= own.year and s != own]
        return [s for s in earlier if s.year in years] or earlier

    def match(self, news_key, summit_key, text, passages=None):
        """The links of one news text of this summit (`passages`: its find_passages, if the caller has them)."""
        passages = find_passages(text) if passages is None else passages
        if not passages:
            return []
        own = self.summits[summit_key]
        spans = list(sentences(text))
        found = []
        for passage in passages:
            sentence = next((text[a:b] for a, b in spans if a <= passage.start < max(b, a + 1)), text)
            elsewhere = [
                (index, index.match_passage(text, passage))
                for index in (self.index(s.key) for s in self.named(own, sentence))
            ]
            elsewhere = [pair for pair in elsewhere if pair[1] is not None]
            if elsewhere:
                found.append(max(elsewhere, key=lambda pair: pair[1][2]))
            else:
                own_index = self.index(summit_key)
                found.append((own_index, own_index.match_passage(text, passage)))
        return best_links(news_key, found)
