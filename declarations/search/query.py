"""A reader's query, parsed once in Python with the rules of PostgreSQL's websearch_to_tsquery: words are ANDed,
"quoted words" form a phrase, `or` between terms makes alternatives, a leading `-` excludes a term. English stop
words outside phrases are dropped, as PostgreSQL's 'english' configuration drops them, so both databases see the
same terms. No Django here: backend.py writes the parsed query for each database.
"""

import re
from dataclasses import dataclass

MAX_TERMS = 32
START, STOP = "\x02", "\x03"

# PostgreSQL's english.stop (tsearch_data), so that SQLite drops the same words.
_STOP_WORDS_FILE = """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
    herself it its itself they them their theirs themselves what which who whom this that these those am is are
    was were be been being have has had having do does did doing a an the and but if or because as until while
    of at by for with about against between into through during before after above below to from up down in out
    on off over under again further then once here there when where why how all any both each few more most
    other some such no nor not only own same so than too very s t can will just don should now"""
STOP_WORDS = frozenset(_STOP_WORDS_FILE.split())

# A quoted phrase (the closing quote may be missing, as websearch allows) or a run of anything but space/quote.
_ITEM = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
# Word characters as FTS5's unicode61 tokenizer sees them: letters and digits, not the underscore.
_WORD = re.compile(r"[^\W_]+")


class SearchSyntaxError(ValueError):
    """A query that cannot be searched; the message is shown to the reader as a form error."""


@dataclass(frozen=True)
class Term:
    words: tuple  # one word, or several forming a phrase
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple  # alternatives (OR) of tuples of Terms (AND)
    themes: tuple = ()  # theme ids every match must have in its family (ANDed with the words)

    def __bool__(self):
        return bool(self.groups)

    def within_themes(self, theme_ids):
        """The same words, restricted to paragraphs whose family holds every one of these theme ids."""
        return ParsedQuery(self.groups, tuple(sorted(set(theme_ids))))

    def as_websearch(self):
        """The query in websearch_to_tsquery syntax, built only from word characters."""
        return " or ".join(
            " ".join(("-" if t.negated else "") + '"' + " ".join(t.words) + '"' for t in group)
            for group in self.groups
        )

    def as_fts5(self):
        """An FTS5 MATCH expression in which every word is a quoted string, on the text column only (the
        theme tokens are another column), ANDed with the theme filter's tokens."""

        def quoted(term):
            return '"' + " ".join(term.words).replace('"', '""') + '"'

        alternatives = []
        for group in self.groups:
            positives = " AND ".join(quoted(t) for t in group if not t.negated)
            negatives = "".join(f" NOT {quoted(t)}" for t in group if t.negated)
            alternatives.append(f"(({positives}){negatives})")
        return (
            "text : ("
            + " OR ".join(alternatives)
            + ")"
            + "".join(" AND " + _fts5_theme(theme_id) for theme_id in self.themes)
        )


def _fts5_theme(theme_id):
    return f'theme_ids : "t{int(theme_id)}"'


def _words(text, in_phrase):
    words = _WORD.findall(text.lower())
    if not in_phrase:
        return [w for w in words if w not in STOP_WORDS]
    # PostgreSQL drops stop words at a phrase's edges; inside, they hold a place.
    while words and words[0] in STOP_WORDS:
        words.pop(0)
    while words and words[-1] in STOP_WORDS:
        words.pop()
    return words


def parse(q):
    """Parse a reader's query; raises SearchSyntaxError for a query that only excludes."""
    groups, current, pending_or = [], [], False
    for match in _ITEM.finditer(q or ""):
        quote_minus, phrase, word_minus, bare = match.groups()
        if bare is not None and bare.lower() == "or" and not word_minus:
            pending_or = bool(current)
            continue
        if phrase is not None:
            words, negated = _words(phrase, in_phrase=True), bool(quote_minus)
        else:
            # "socio-economic" or "U.N." is one token to websearch: a phrase of its parts.
            words, negated = _words(bare, in_phrase=len(_WORD.findall(bare)) > 1), bool(word_minus)
        if not words:
            continue
        if pending_or and current:
            groups.append(tuple(current))
            current = []
        pending_or = False
        current.append(Term(tuple(words), negated))
    if current:
        groups.append(tuple(current))
    if sum(len(g) for g in groups) > MAX_TERMS:
        raise SearchSyntaxError(f"Use at most {MAX_TERMS} search terms.")
    for group in groups:
        if all(t.negated for t in group):
            raise SearchSyntaxError(
                "Add a word to search for: a minus sign only excludes paragraphs from a search's results."
            )
    return ParsedQuery(tuple(groups))
