"""Decoding and line-level helpers shared by the shape parsers (stdlib only, no Django).

Everything here is pure: bytes or str in, values out. ``ParseError`` lives here so that
``decode`` can raise it; ``shapes`` re-exports it.
"""

from __future__ import annotations

import datetime
import re

__all__ = [
    "ParseError",
    "collapse_ws",
    "decode",
    "ends_terminal",
    "is_heading_like",
    "noise_reason",
    "normalise_newlines",
    "parse_date",
    "should_join",
    "split_dateline",
]


class ParseError(ValueError):
    """Malformed input. ``str(e)`` is ``"line N: message"`` when the line is known."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


# --------------------------------------------------------------------------- decoding


def normalise_newlines(text: str) -> str:
    """Strip a leading BOM and turn CRLF / lone CR into LF (line numbers are preserved)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_and_column(data: bytes, pos: int) -> tuple[int, int]:
    """1-based line and character column of byte ``pos`` (bytes before ``pos`` are valid UTF-8)."""
    head = data[:pos]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    text = head.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    line = text.count("\n") + 1
    column = len(text) - (text.rfind("\n") + 1) + 1
    return line, column


def decode(data: bytes) -> str:
    """Strict UTF-8 decode: strip a BOM, normalise line ends to LF.

    Raises ParseError for empty / whitespace-only input, binary input (NUL bytes),
    UTF-16 input and bytes that are not valid UTF-8 (with line and column).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError("file is UTF-16 encoded, not UTF-8")
    if b"\x00" in data:
        raise ParseError("file is binary, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_and_column(data, exc.start)
        raise ParseError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {column})", line) from None
    text = normalise_newlines(text)
    if not text.strip():
        raise ParseError("file is empty")
    return text


# --------------------------------------------------------------------------- whitespace


def collapse_ws(text: str) -> str:
    """Collapse every run of whitespace (incl. NBSP, tabs, thin spaces) to one space; strip."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_FULL_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
for _i, _name in enumerate(_FULL_MONTHS, start=1):
    _MONTHS[_name] = _i

_MONTH_RE = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY_RE = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>\d{4})"
_WEEKDAY_RE = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME_RE = (
    r"(?:\s*(?:,|\bat\b|-|–|—|\|)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:\(?(?:[A-Z]{2,5}|(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?)\)?)?)?"
)
_DATE_PATTERNS = [
    # September 13, 2013 / Sept. 13 2013 / Friday, September 13th, 2013
    re.compile(rf"{_WEEKDAY_RE}{_MONTH_RE}\s+{_DAY_RE},?\s+{_YEAR_RE}{_TIME_RE}", re.I),
    # 13 September 2013 / 13 Sept. 2013 / Fri, 13th of September, 2013
    re.compile(rf"{_WEEKDAY_RE}{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE},?\s+{_YEAR_RE}{_TIME_RE}", re.I),
    # 2013-09-13 / 2013/09/13 / 2013.09.13 (optionally with a time)
    re.compile(
        rf"{_YEAR_RE}(?P<s>[-/.])(?P<month>\d{{1,2}})(?P=s)(?P<day>\d{{1,2}})(?:[T ]?{_TIME_RE})", re.I
    ),
    # 13.09.2013 (day first; the dotted form used by Russian and Central Asian sources)
    re.compile(rf"(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.{_YEAR_RE}{_TIME_RE}", re.I),
]


def parse_date(value: str) -> datetime.date | None:
    """Tolerant English date parser; the whole (stripped) value must be a date. None if not."""
    value = collapse_ws(value).strip(" .,;")
    if not value or len(value) > 80:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(value)
        if not match:
            continue
        month_text = match.group("month")
        if month_text.isdigit():
            month = int(month_text)
        else:
            month = _MONTHS.get(month_text.lower(), 0)
        try:
            return datetime.date(int(match.group("year")), month, int(match.group("day")))
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------- line classes

_CLOSERS = "\"'”’»)]*_`"
_TERMINAL = ".!?:;…"
_CONNECTORS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "nor",
        "but",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "between",
        "among",
        "as",
        "than",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "this",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "not",
        "also",
        "both",
        "either",
        "neither",
        "such",
        "per",
        "via",
        "amid",
        "including",
    ]
)


def ends_terminal(text: str) -> bool:
    """True if ``text`` ends a sentence: . ! ? : ; … possibly followed by closing quotes/brackets."""
    stripped = text.rstrip().rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _TERMINAL


def should_join(prev: str, nxt: str) -> bool:
    """Is ``nxt`` the continuation of a paragraph broken (by a newline or a stray blank line) after ``prev``?

    Join only when ``prev`` does not end a sentence, and either ``nxt`` starts in lower case or
    ``prev`` ends in a comma, a dash, an opening bracket or a function word ("the", "of", ...).
    """
    prev = prev.rstrip()
    nxt = nxt.lstrip()
    if not prev or not nxt or ends_terminal(prev):
        return False
    if nxt[0].islower():
        return True
    if prev[-1] in ",-–—(/&":
        return True
    last_word = re.sub(r"[^\w]", "", prev.rsplit(None, 1)[-1]).lower()
    return last_word in _CONNECTORS


_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "per",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
    ]
)


def is_heading_like(text: str) -> bool:
    """A short title-case line with no sentence-final punctuation ("Compliance With JCPOA for Global Stability")."""
    text = collapse_ws(text)
    if not text or len(text) > 100 or ends_terminal(text) or text.endswith(","):
        return False
    words = text.split()
    if not 2 <= len(words) <= 14:
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    checked = [w for w in words if w[0].isalpha() and w.lower() not in _SMALL_WORDS]
    if not checked:
        return False
    capitalised = sum(1 for w in checked if w[0].isupper())
    return capitalised / len(checked) >= 0.75


# Interleaved promotional / embedded-post / credit lines: (reason, pattern, max length).
_NOISE = [
    (
        "promo",
        re.compile(
            r"(?:read more|read also|also read|more|related|see also|watch|listen|"
            r"recommended|trending|most read|don't miss|do not miss|opinion)(?:\s*:|\s+[|–—-])\s*\S.*",
            re.I,
        ),
        300,
    ),
    (
        "promo",
        re.compile(r"(?:follow|subscribe to|subscribe|join|like) (?:us|our|to our)\b.*", re.I),
        160,
    ),
    (
        "promo",
        re.compile(
            r".{0,40}\b(?:is|are) (?:now )?(?:on|available on) "
            r"(?:telegram|twitter|x|facebook|vk|vkontakte|instagram|youtube|whatsapp|tiktok|odysee|rumble)\b.*",
            re.I,
        ),
        160,
    ),
    ("promo", re.compile(r"(?:click here|sign up|download (?:our|the) app)\b.*", re.I), 160),
    (
        "caption",
        re.compile(
            r"(?:photos?|images?|pictures?|video|photograph|credits?|illustration)\s*"
            r"(?::|\s[–—-]|\sby\b|\scourtesy\b)\s*\S.*",
            re.I,
        ),
        200,
    ),
    ("caption", re.compile(r"!\[[^\]]*\]\([^)]*\)\s*(?:\*[^*]*\*)?"), 500),
    ("embed", re.compile(r"\(?\s*embedded\s+(?:tweet|post|video|content|image|media)\s*\)?\.?", re.I), 80),
    ("embed", re.compile(r".*\bpic\.twitter\.com/\S+.*", re.I), 600),
    ("embed", re.compile(r"[—–-]+\s*.{1,80}\(@\w{1,30}\)\s+.{3,40}", re.I), 200),
    ("embed", re.compile(r"<?https?://\S+>?"), 500),
    (
        "credit",
        re.compile(
            r"(?:edited|editing|written|writing|reporting|reported|additional reporting|compiled|"
            r"translated|translation) by\b.*",
            re.I,
        ),
        160,
    ),
    (
        "credit",
        re.compile(
            r"(?:web editor|editor|editors|copy editor|responsible editor)(?:\s*:|\s+[–—-])\s*\S.*", re.I
        ),
        120,
    ),
    ("credit", re.compile(r"\(\s*(?:edited|editing|reporting|writing) by\b.*\)\.?", re.I), 200),
]


def noise_reason(line: str) -> str | None:
    """The reason a line is not body text ("promo", "embed", "caption", "credit"), else None."""
    text = collapse_ws(line)
    bare = text.strip("*_ ")  # "**READ MORE: ...**" is still a promo line
    for reason, pattern, max_len in _NOISE:
        if len(text) <= max_len and (pattern.fullmatch(text) or pattern.fullmatch(bare)):
            return reason
    return None


# --------------------------------------------------------------------------- datelines

_DATELINE_RES = [
    # ASTANA (Sputnik) -  /  BEIJING, June 10 (Xinhua) --  /  NEW DELHI, June 10 -
    re.compile(
        r"(?P<place>[A-Z][A-Z'’.\- ]*[A-Z])(?:\s*/\s*[A-Z][A-Za-z]+)?"
        r"(?:,\s*(?P<when>[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
        r"\s*(?:\((?P<agency>[^()]{1,40})\))?\s*(?:--|-|–|—|:)\s+(?=\S)"
    ),
    # Moscow, June 10 (Sputnik) -   (mixed case: the agency in brackets is required)
    re.compile(
        r"(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})"
        r"(?:,\s*(?P<when>[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
        r"\s*\((?P<agency>[^()]{1,40})\)\s*(?:--|-|–|—|:)\s+(?=\S)"
    ),
]


def split_dateline(text: str) -> str:
    """The place of a news dateline opening ``text`` ("ASTANA (Sputnik) - ..." -> "Astana"), else ""."""
    for index, pattern in enumerate(_DATELINE_RES):
        match = pattern.match(text)
        if not match:
            continue
        bare = index == 0 and not (match.group("agency") or match.group("when"))
        if bare and len(match.group("place")) < 4:
            continue  # a bare "WORD - " is only a dateline if the word is a longer all-caps run
        place = match.group("place").strip()
        if place.isupper():
            place = " ".join(part.capitalize() if part.isalpha() else part.title() for part in place.split())
        return place
    return ""
