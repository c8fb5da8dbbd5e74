"""Find the passages of a news text that reproduce a declaration, and the declaration paragraph each comes from
(plain Python, no Django).

A passage is either words in quotation marks (straight, curly or angle quotes; truncated with "..." or "[...]";
with the journalist's bracketed insertions like "[North Korean]", which are left out of the comparison), or a
sentence attributed to the declaration or to the summit's leaders ("the declaration read", "as noted in the
Bishkek Declaration", "the member states agreed"). Quotations a person is credited with ("I think ...," Putin
said) are the leader's own words and are skipped.

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
POSTINGS_BUDGET = 600  # postings read per passage, rarest pairs first

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
# Words that every declaration paragraph and every report of one shares, so they tell nothing about which
# paragraph is meant: the subjects ("the member states", "the SCO countries") and the reporting verbs.
FRAME_WORDS = frozenset(
    """member members state states country countries sco organization organisation shanghai cooperation
    head heads leader leaders participant participants side sides party parties declaration document
    communique communiqué read reads said says added adds noted notes stated states also""".split()  # noqa: SIM905
)
_IGNORED = STOP_WORDS | FRAME_WORDS

# Quotation marks: pairs of open/close characters. Straight quotes open and close alike.
_QUOTE = re.compile(
    r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d|\u201e([^\u201c\u201d]+)[\u201c\u201d]|«([^»]+)»"
    # curly single quotes: a \u2019 followed by a letter is an apostrophe (Iran\u2019s), not the closing mark
    r"|(?<!\w)\u2018((?:[^\u2018\u2019]|\u2019(?=\w))+)\u2019(?!\w)"
)
_ELLIPSIS = re.compile(r"\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|(?:\.\s*){3}|…")
_INSERTION = re.compile(r"\[[^\]]*\]")

_SPEECH_VERBS = r"(?:said|says|told|tells|added|adds|stressed|noted|declared|remarked|explained|insisted|continued|recalled|warned|urged|announced)"
_DOCUMENT_NOUN = r"(?:declaration|document|communiqu[eé]|statement|text|charter|resolution|treaty)"
# A person credited with the quotation: `"...," Putin said`, `"...," said Xi`, `Putin said: "..."`.
_SPEAKER_AFTER = re.compile(
    rf"^[\s,]*(?:(?!the\b)(?:[A-Z][\w.'-]*\s+){{0,3}}[A-Z][\w.'-]*|he|she)\s+{_SPEECH_VERBS}\b"
    rf"|^[\s,]*{_SPEECH_VERBS}\s+(?!the\s+(?:\w+\s+)?{_DOCUMENT_NOUN})(?:[A-Z]|he\b|she\b)"
)
_SPEAKER_BEFORE = re.compile(
    rf"(?:\b(?!The\b)[A-Z][\w.'-]*|\bhe|\bshe)\s+{_SPEECH_VERBS}(?:\s+\w+){{0,2}}\s*[:,]?\s*$"
)
_FIRST_PERSON = re.compile(r"\b(?:I|my|I'm|I've)\b")
# A person reporting earlier in the sentence: `President Xi Jinping, who chaired the meeting, said the SCO should
# "..."`, `Modi told the summit that any project must "..."`.
_NAME_WORD = (
    r"(?!(?:The|In|On|At|As|For|Member|Members|States?|Heads?|Leaders?|Shanghai|Cooperation|Organi[sz]ation|"
    r"Council|Declaration|Document|Charter|Summit)\b)[A-Z][a-z]+"
)
_PERSON_REPORTING = re.compile(
    # a title, anywhere before the verb in the sentence
    rf"\b(?:President|Premier|Prime\s+Minister|Minister|Chairman|Secretary(?:-General)?|spokes(?:man|woman|person))\b"
    rf"[^.!?\"\u201c]{{0,100}}?\b{_SPEECH_VERBS}\b[^.!?\"\u201c]*$"
    # or a full name right before the verb, perhaps with an aside: "Sergei Lavrov, the foreign minister, said"
    rf"|\b{_NAME_WORD}\s+{_NAME_WORD}(?:,[^,.]{{0,60}},)?\s+{_SPEECH_VERBS}\b[^.!?\"\u201c]*$"
)

_DOCUMENT_CUE = re.compile(rf"\b{_DOCUMENT_NOUN}\b", re.IGNORECASE)

# Sentences attributed to the declaration or to the summit's collective voice.
_ATTRIBUTION = re.compile(
    rf"""
    \b(?:the|their|its|this|a|joint|final|[A-Z]\w+)\s+(?:[\w-]+\s+){{0,3}}?{_DOCUMENT_NOUN}s?\b
        (?:\s+(?:[\w-]+\s+){{0,6}}?)?\s*(?:read|reads|said|says|stated|states|noted|notes|added|adds|stressed|
        stresses|emphasi[sz]ed|emphasi[sz]es|underlined|underlines|declared|declares|reiterated|reiterates|
        pointed\s+out|points\s+out|mentioned|mentions|urged|urges|called|calls|expressed|expresses|affirmed|
        affirms|reaffirmed|reaffirms|welcomed|welcomes|supported|supports|highlighted|highlights|warned|warns|
        insisted|insists|backed|backs|pledged|pledges|condemned|condemns)\b
    | \b(?:as|was)\s+(?:noted|stated|said|set\s+out|written|stipulated|declared|stressed|reflected|recorded)\s+in\b
    | \baccording\s+to\s+the\s+(?:[\w-]+\s+){{0,4}}?{_DOCUMENT_NOUN}
    | \bin\s+(?:the|their|its)\s+(?:[\w-]+\s+){{0,3}}?{_DOCUMENT_NOUN}\b
    | \b(?:SCO\s+)?(?:member\s+(?:states|countries|nations)|heads\s+of\s+(?:state|government)|leaders|
        participants|sides|parties|SCO\s+(?:states|countries|nations))\s+(?:(?:have|had|also|have\s+also|
        all|jointly|further|once\s+again|again|strongly|firmly|unanimously)\s+)*(?:agreed|agree|declared|
        declare|stressed|stress|noted|note|reaffirmed|reaffirm|reiterated|reiterate|pledged|pledge|called|
        call|supported|support|stood|stand|expressed|express|urged|urge|emphasi[sz]ed|emphasi[sz]e|
        condemned|condemn|welcomed|welcome|opposed|oppose|believe|believed|consider|considered|attach|
        attached|favou?r|favou?red|advocate|advocated|underlined|underline|recogni[sz]ed|recogni[sz]e|
        highlighted|confirmed|confirm|vowed|committed|resolved|decided|voiced|spoke|backed|insisted|
        will|would|are|were)\b
    """,
    re.VERBOSE | re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")
# Where a long attributed sentence may hold two reports: "..., and also agreed to ...", "...; ...".
_CLAUSE_BREAK = re.compile(
    r";\s+|:\s+|,?\s+(?:and|but|while|whereas)\s+(?:also\s+)?(?=\w+ed\b|called|agreed)|,\s+(?=(?:adding|saying|noting)\b)"
)


# Tokens -------------------------------------------------------------------------------------------------------


class Vocabulary:
    """Stems to single characters, so a text's content words become a string rapidfuzz compares natively."""

    def __init__(self):
        self.stems = {}  # word (lowercase) -> stem
        self.codes = {}  # stem -> character

    def stem(self, word):
        stem = self.stems.get(word)
        if stem is None:
            stem = self.stems[word] = STEMMER.stemWord(word)
        return stem

    def code(self, stem):
        code = self.codes.get(stem)
        if code is None:
            n = len(self.codes)  # skip the surrogate block, which is not text
            code = self.codes[stem] = chr(0x100 + n if 0x100 + n < 0xD800 else 0xE000 + n)
        return code

    def tokens(self, text, start=0, end=None, skip=()):
        """The content words of text[start:end] as (codes string, [(char start, char end), ...]).

        `skip` lists (start, end) spans to leave out (bracketed insertions)."""
        codes, spans = [], []
        for match in _WORD.finditer(text, start, len(text) if end is None else end):
            word = match.group().lower()
            if word in _IGNORED or word.isdigit():
                continue
            s, e = match.span()
            if any(a <= s < b for a, b in skip):
                continue
            codes.append(self.code(self.stem(word.replace("\u2019", "'"))))
            spans.append((s, e))
        return "".join(codes), spans


# Passages -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A stretch of a news text that may reproduce a declaration: quoted or attributed."""

    start: int
    end: int
    quoted: bool
    fragments: tuple  # ((start, end), ...): the parts between truncation marks
    skip: tuple = ()  # ((start, end), ...): bracketed insertions


def _credited_to_a_person(text, start, end, inner):
    if _FIRST_PERSON.search(inner):
        return True
    if _SPEAKER_AFTER.search(text[end : end + 60]):
        return True
    if _SPEAKER_BEFORE.search(text[max(0, start - 60) : start]):
        return True
    # Earlier in the same sentence a person speaks, and nothing credits the words to a document.
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    before = text[sentence_start:start]
    return bool(_PERSON_REPORTING.search(before)) and not _DOCUMENT_CUE.search(before)


def quoted_passages(text):
    passages = []
    for match in _QUOTE.finditer(text):
        group = next(i for i in range(1, 6) if match.group(i) is not None)
        inner_start, inner_end = match.span(group)
        inner = match.group(group)
        # The passage is the quoted words: not the punctuation the reporter's sentence puts inside the marks.
        trimmed = inner.rstrip(" ,.;:!?")
        inner_start, inner_end = (
            inner_start + len(trimmed) - len(trimmed.lstrip()),
            inner_start + len(trimmed),
        )
        inner = text[inner_start:inner_end]
        if _credited_to_a_person(text, match.start(), match.end(), inner):
            continue
        skip = tuple((inner_start + m.start(), inner_start + m.end()) for m in _INSERTION.finditer(inner))
        fragments, cursor = [], inner_start
        for m in _ELLIPSIS.finditer(inner):
            fragments.append((cursor, inner_start + m.start()))
            cursor = inner_start + m.end()
        fragments.append((cursor, inner_end))
        passages.append(Passage(inner_start, inner_end, True, tuple(fragments), skip))
    return passages


def sentences(text):
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield start, match.start()
        start = match.end()
    if text[start:].strip():
        yield start, len(text.rstrip())


def attributed_passages(text):
    """Attributed sentences, and for a long one, each of its clauses too."""
    passages = []
    for start, end in sentences(text):
        sentence = text[start:end]
        if not _ATTRIBUTION.search(sentence):
            continue
        passages.append(Passage(start, end, False, ((start, end),)))
        cursor = start
        parts = []
        for m in _CLAUSE_BREAK.finditer(sentence):
            parts.append((cursor, start + m.start()))
            cursor = start + m.end()
        if parts:
            parts.append((cursor, end))
            passages += [Passage(s, e, False, ((s, e),)) for s, e in parts]
    return passages


def find_passages(text):
    """Every passage of a news text worth comparing with its summit's declarations."""
    return quoted_passages(text) + attributed_passages(text)


def worth_reading(text):
    """A cheap first test (no tokenising): does the text quote anything or attribute anything at all?"""
    return bool(_QUOTE.search(text) or _ATTRIBUTION.search(text))


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


@dataclass
class _Source:
    key: Hashable
    text: str
    codes: str
    spans: list


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
        for key, text in sources:
            codes, spans = self.vocabulary.tokens(text)
            index = len(self.sources)
            self.sources.append(_Source(key, text, codes, spans))
            for pair in _pairs(codes):
                self.postings[pair].append(index)

    def candidates(self, codes):
        pairs = sorted(_pairs(codes), key=lambda p: len(self.postings.get(p, ())))
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
        """(source index, kind, score, news span, source span) for the passage's best paragraph, or None."""
        fragments = [self.vocabulary.tokens(text, s, e, passage.skip) for s, e in passage.fragments]
        fragments = [(codes, spans) for codes, spans in fragments if len(codes) >= 2 or len(fragments) == 1]
        words = sum(len(codes) for codes, _ in fragments)
        if words < (MIN_QUOTE_WORDS if passage.quoted else MIN_SENTENCE_WORDS):
            return None
        codes = "".join(c for c, _ in fragments)
        best = None
        for index in self.candidates(codes):
            source = self.sources[index]
            score, source_span = self._align(fragments, source)
            if best is None or score > best[1]:
                best = (index, score, source_span)
        if best is None:
            return None
        index, score, source_span = best
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
        return index, kind, score, (passage.start, passage.end), source_span

    def _align(self, fragments, source):
        """Word-weighted mean of each fragment's best alignment in the paragraph, and the span they cover."""
        total, weight, starts, ends = 0.0, 0, [], []
        for codes, _ in fragments:
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
        spans = source.spans
        return total / weight, (spans[min(starts)][0], spans[max(ends) - 1][1])

    def _verbatim(self, text, passage, index):
        """Does the passage repeat the paragraph's exact words (function words included, nothing stemmed)?"""
        words = " ".join(w.lower() for w in _WORD.findall(text[passage.start : passage.end]))
        source = " ".join(w.lower() for w in _WORD.findall(self.sources[index].text))
        return fuzz.partial_ratio(words, source) >= VERBATIM_SCORE


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
        self.cities = re.compile(r"\b(" + "|".join(map(re.escape, cities)) + r")\b") if cities else None

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

    def match(self, news_key, summit_key, text):
        if not worth_reading(text):
            return []
        own = self.summits[summit_key]
        spans = list(sentences(text))
        found = []
        for passage in find_passages(text):
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
