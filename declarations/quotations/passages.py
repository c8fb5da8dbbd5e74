"""The passages of a news text that may reproduce a declaration (plain Python, no Django).

A passage is either words in quotation marks (straight, curly or angle quotes; truncated with "..." or "[...]";
with the journalist's bracketed insertions like "[North Korean]", which matching.py leaves out of the
comparison), or a sentence credited to a declaration ("the declaration read", "as noted in the Bishkek
Declaration") or to the summit's collective voice ("the member states agreed"). Quotations a person is credited
with ("I think ...," Putin said) are that person's words and are skipped, and so are the collective's words as
someone else reports them ("Officials said that the member states ...").
"""

import re
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"\w+(?:['\u2019]\w+)*")

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
_NAME = (
    r"(?!(?:The|In|On|At|As|For|Member|Members|States?|Heads?|Leaders?|Shanghai|Cooperation|Organi[sz]ation|"
    r"Council|Declaration|Document|Charter|Summit)\b)[A-Z][a-z]+"
)
_PERSON_REPORTING = re.compile(
    # a title, anywhere before the verb in the sentence
    rf"\b(?:President|Premier|Prime\s+Minister|Minister|Chairman|Secretary(?:-General)?|spokes(?:man|woman|person))\b"
    rf"[^.!?\"\u201c]{{0,100}}?\b{_SPEECH_VERBS}\b[^.!?\"\u201c]*$"
    # or a full name right before the verb, perhaps with an aside: "Sergei Lavrov, the foreign minister, said"
    rf"|\b{_NAME}\s+{_NAME}(?:,[^,.]{{0,60}},)?\s+{_SPEECH_VERBS}\b[^.!?\"\u201c]*$"
)

_DOCUMENT_CUE = re.compile(rf"\b{_DOCUMENT_NOUN}\b", re.IGNORECASE)

# A sentence credited to a document. Each alternative starts with a keyword, so the search skips along quickly.
_DOCUMENT_ATTRIBUTION = re.compile(
    rf"""
    \b{_DOCUMENT_NOUN}s?\b(?:\s+[\w-]+){{0,9}}?\s+(?:read|reads|said|says|stated|states|noted|notes|added|adds|
        stressed|stresses|emphasi[sz]ed|emphasi[sz]es|underlined|underlines|declared|declares|reiterated|
        reiterates|pointed\s+out|points\s+out|mentioned|mentions|urged|urges|called|calls|expressed|expresses|
        affirmed|affirms|reaffirmed|reaffirms|welcomed|welcomes|supported|supports|highlighted|highlights|warned|
        warns|insisted|insists|backed|backs|pledged|pledges|condemned|condemns)\b
    | \b(?:as|was)\s+(?:noted|stated|said|set\s+out|written|stipulated|declared|stressed|reflected|recorded)\s+in\b
    | \baccording\s+to\s+the\s+(?:[\w-]+\s+){{0,4}}?{_DOCUMENT_NOUN}
    | \bin\s+(?:the|their|its)\s+(?:[\w-]+\s+){{0,3}}?{_DOCUMENT_NOUN}\b
    """,
    re.VERBOSE | re.IGNORECASE,
)

# A sentence whose subject is the summit's collective voice: "the member states stood behind", "leaders agreed".
_COLLECTIVE = re.compile(
    r"""
    \b(?:member\s+(?:states|countries|nations)|heads\s+of\s+(?:state|government)|leaders|participants|sides|
        parties|SCO\s+(?:states|countries|nations))\s+(?:(?:have|had|also|all|jointly|further|once\s+again|again|
        strongly|firmly|unanimously)\s+)*(?:agreed|agree|declared|declare|stressed|stress|noted|note|reaffirmed|
        reaffirm|reiterated|reiterate|pledged|pledge|called|call|supported|support|stood|stand|expressed|express|
        urged|urge|emphasi[sz]ed|emphasi[sz]e|condemned|condemn|welcomed|welcome|opposed|oppose|believe|believed|
        consider|considered|attach|attached|favou?r|favou?red|advocate|advocated|underlined|underline|
        recogni[sz]ed|recogni[sz]e|highlighted|confirmed|confirm|vowed|committed|resolved|decided|voiced|spoke|
        backed|insisted|will|would|are|were)\b
    """,
    re.VERBOSE | re.IGNORECASE,
)
# ... unless someone else reports it: "Officials said that the member states ..." are the officials' words.
_REPORTED = re.compile(
    r"\b(?:said|says|told\s+[\w-]+|tells\s+[\w-]+|added|adds|believes?|according\s+to\s+[\w-]+)[\s,]+(?:that\s+)?"
    r"(?:the\s+)?(?:SCO\s+)?$",
    re.IGNORECASE,
)


@lru_cache(
    maxsize=100_000
)  # news repeats its sentences: a million-paragraph run reads each distinct one once
def attributed(text):
    """Is the text credited to a declaration, or to the summit's collective voice in its own right?"""
    if _DOCUMENT_ATTRIBUTION.search(text):
        return True
    return any(
        not _REPORTED.search(text, max(0, m.start() - 40), m.start()) for m in _COLLECTIVE.finditer(text)
    )


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")
# Where a long attributed sentence may hold two reports: "..., and also agreed to ...", "...; ...".
_CLAUSE_BREAK = re.compile(
    r";\s+|:\s+|,?\s+(?:and|but|while|whereas)\s+(?:also\s+)?(?=\w+ed\b|called|agreed)|,\s+(?=(?:adding|saying|noting)\b)"
)


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
        if not attributed(sentence):
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
    return bool(_QUOTE.search(text)) or attributed(text)
