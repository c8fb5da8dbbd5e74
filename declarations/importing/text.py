"""Decoding and line-level helpers shared by the shape parsers (stdlib only, no Django).

Everything here is pure: bytes or str in, values out (stdlib only, and charset-normalizer to name the encoding
of a refused file). ``ParseError`` lives here so that
``decode`` can raise it; ``shapes`` re-exports it.
"""

from __future__ import annotations

import datetime
import re

__all__ = [
    "MAX_BYTES",
    "OVER_THE_LIMIT",
    "ParseError",
    "check_size",
    "collapse_ws",
    "decode",
    "ends_terminal",
    "is_heading_like",
    "noise_reason",
    "normalise_newlines",
    "meeting_date",
    "parse_date",
    "reporters",
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


# A declaration is under 200 KB and the longest news article in the archive under 30 KB; a text five times the
# largest declaration is not a source text. Checked on the size alone, before a byte is read or parsed.
MAX_BYTES = 1024 * 1024
MAX_SIZE_LABEL = "1 MB"
OVER_THE_LIMIT = f"over the limit of {MAX_SIZE_LABEL} per file (a declaration is under 200 KB)"

# File types that are not text, by their first bytes: named, so the curator knows what to do instead.
_SIGNATURES = [
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .odt file is one)"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office document (.doc)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
]
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAVE_AS = "save it as UTF-8 text and try again"


def check_size(size: int) -> None:
    """Refuse a file over MAX_BYTES by its size alone, before it is read."""
    if size > MAX_BYTES:
        shown = f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"
        raise ParseError(f"file is {shown}, {OVER_THE_LIMIT}")


def _guess_encoding(data: bytes) -> str:
    """The encoding bytes that are not UTF-8 most likely are in, for the message (charset-normalizer's guess)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    return best.encoding if best is not None else ""


def decode(data: bytes) -> str:
    """Decode a source text: UTF-8 with or without a BOM, or UTF-16 with a BOM; normalise line ends to LF.

    Raises ParseError, naming the problem, for a file over the size limit, an empty one, a known binary format,
    NUL bytes (a binary file, or UTF-16 without its BOM), UTF-32 and bytes that are neither (with line, column
    and the encoding they look like).
    """
    check_size(len(data))
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise ParseError(f"file is {what}, not a text file; {_SAVE_AS}")
    if data.startswith(_UTF32_BOMS):
        raise ParseError(f"file is UTF-32 encoded, which is not accepted; {_SAVE_AS}")
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")  # the BOM says which byte order, and is removed
        except UnicodeDecodeError as exc:
            raise ParseError(f"not valid UTF-16 (bytes {exc.start}-{exc.end} of the file)") from None
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            head = data[:400]
            if head.count(b"\x00") * 3 >= len(head):  # every other byte NUL: UTF-16 text that lost its BOM
                raise ParseError(f"file looks like UTF-16 without a byte-order mark; {_SAVE_AS}")
            line, _ = _line_and_column(data, nul)
            raise ParseError("file is binary, not text (it contains NUL bytes)", line)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = _line_and_column(data, exc.start)
            guess = _guess_encoding(data)
            looks = f"; it looks like {guess}" if guess and not guess.startswith("utf") else ""
            raise ParseError(
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {column}){looks}; {_SAVE_AS}", line
            ) from None
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


_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}"
_RANGE = r"(?:\s*(?:-|–|—|and|to)\s*(?P<last>\d{1,2}))?"
_IN_TEXT_DATES = [
    # 8-9 June 2017 / 13 September 2013 / 9 and 10 June 2018
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{_RANGE}\s+(?P<month>{_MONTH_NAME})\.?,?\s+(?P<year>\d{{4}})\b",
        re.I,
    ),
    # June 8-9, 2017 / September 13, 2013
    re.compile(
        rf"\b(?P<month>{_MONTH_NAME})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{_RANGE},?\s+(?P<year>\d{{4}})\b",
        re.I,
    ),
]
_MEETING_RE = re.compile(r"\b(?:held|met|meeting|session|summit|convened|gathered|took place)\b", re.I)


def meeting_date(text: str) -> datetime.date | None:
    """The date a text gives for its meeting, from the first sentence that speaks of a meeting and names a date
    ("... held a meeting in Astana on 8-9 June 2017." -> 2017-06-09: the last day, when a declaration is
    adopted); None if no such sentence."""
    for sentence in re.split(r"(?<=[.;!?])\s+", text):
        if not _MEETING_RE.search(sentence):
            continue
        for pattern in _IN_TEXT_DATES:
            match = pattern.search(sentence)
            if not match:
                continue
            month = _MONTHS.get(match.group("month").lower().rstrip("."), 0)
            day = int(match.group("last") or match.group("day"))
            try:
                return datetime.date(int(match.group("year")), month, day)
            except ValueError:
                continue
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


# Lines a news site or a document database adds around a text: (reason, pattern, max length). A reason names
# the class, so a curator reading the skipped lines can tell a dropped credit from a dropped caption. Each pattern
# must match the whole line, and the length caps keep a long body paragraph that happens to start like one of
# these ("Related talks were held ...") in the text.
_AGENCIES = (
    r"(?:AP|AFP|EPA|Reuters|REUTERS|Xinhua|TASS|Sputnik|RIA Novosti|Getty Images|Kremlin|PTI|ANI|IRNA)"
)
_MONTH_DAY_YEAR = r"[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}"
_NOISE = [
    (
        "newsletter",
        re.compile(
            r"(?=.*\bnewsletters?\b|.*\binbox\b)(?=.*\b(?:sign up|subscribe|subscribing|inbox|delivered|get)\b).*",
            re.I,
        ),
        250,
    ),
    ("newsletter", re.compile(r"(?:weekly |daily |our |free )?newsletters?", re.I), 40),
    (
        "promo",
        re.compile(
            r"(?:read more|read also|also read|read|more|related|see also|watch|listen|"
            r"recommended|trending|most read|don't miss|do not miss|opinion|more on this)(?:\s*:|\s+[|–—-])\s*\S.*",
            re.I,
        ),
        300,
    ),
    (
        "promo",
        re.compile(
            r"(?:read more|related(?: stories| articles| news| coverage| content)?|recommended stories|"
            r"more on this story|most read|also read|read also|read next|keep reading|end of list|"
            r"list(?: \d+)? of \d+(?: items)?)\s*:?",
            re.I,
        ),
        40,
    ),
    (
        "promo",
        re.compile(r"(?:follow|subscribe to|subscribe|join|like) (?:us|our|to our)\b.*", re.I),
        160,
    ),
    ("promo", re.compile(r"follow\b.{0,80}\bcoverage\b.*", re.I), 200),  # AP: "Follow AP's coverage of ..."
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
        "share",
        re.compile(
            r"(?:share|share this(?: article| story| page| post)?|share (?:on|via|to) .{1,40}|"
            r"(?:facebook|twitter|x|whatsapp|telegram|linkedin|email|e-mail|print|copy link)"
            r"(?:\s*[|·•/]\s*(?:facebook|twitter|x|whatsapp|telegram|linkedin|email|e-mail|print|copy link))+)\s*:?",
            re.I,
        ),
        80,
    ),
    (
        "caption",
        re.compile(
            r"(?:photos?|images?|pictures?|video|photograph|credits?|illustration|file photo)\s*"
            r"(?::|\s[–—-]|\sby\b|\scourtesy\b)\s*\S.*",
            re.I,
        ),
        200,
    ),
    # AP: "... Wednesday, July 3, 2024. (Sergei Guneyev, Sputnik, Kremlin Pool Photo via AP)"
    ("caption", re.compile(r".*\([^()]{0,100}\bvia (?:AP|Reuters|AFP|Getty Images)\)\.?"), 600),
    ("caption", re.compile(r"!\[[^\]]*\]\([^)]*\)\s*(?:\*[^*]*\*)?"), 500),
    # A photo caption ends with the agency's credit: "(Xinhua/Li Xueren)", "(AP Photo/Name)", "[Photo/Xinhua]",
    # "REUTERS/Evgenia Novozhenina/Pool". Body text never ends so.
    (
        "caption",
        re.compile(
            rf".*(?:\((?:{_AGENCIES}(?: Photo)?|Photo)(?:/[^()]{{1,80}})\)|\[Photo/[^\]]{{1,60}}\]|"
            rf"\b(?:REUTERS|AFP|EPA)/[A-Z][\w .'’-]{{1,60}}(?:/[\w .'’-]{{1,60}})*)\.?",
        ),
        600,
    ),
    ("embed", re.compile(r"\(?\s*embedded\s+(?:tweet|post|video|content|image|media)\s*\)?\.?", re.I), 80),
    ("embed", re.compile(r".*\bpic\.twitter\.com/\S+.*", re.I), 600),
    ("embed", re.compile(r"[—–-]+\s*.{1,80}\(@\w{1,30}\)\s+.{3,40}", re.I), 200),
    # A post copied in with its signature at the end of the line: "... — Narendra Modi (@narendramodi) July 4, 2024"
    ("embed", re.compile(rf".*(?:—|–|--|-)\s*[^—–]{{1,80}}\(@\w{{1,30}}\)\s+{_MONTH_DAY_YEAR}"), 1200),
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
    (
        "credit",
        re.compile(
            r"\(\s*(?:additional |further )?(?:edited|editing|reporting|reported|writing|written|compiled|"
            r"translated|translation) by\b.*\)\.?",
            re.I,
        ),
        300,
    ),
    # AP: "Associated Press writer Jim Heintz in Tallinn, Estonia, contributed to this report."
    (
        "credit",
        re.compile(r".{3,160}\bcontributed(?: reporting)?(?: to)? (?:this|the) (?:report|story)\.?", re.I),
        200,
    ),
    # Al Jazeera: "Source: Al Jazeera and news agencies"; Xinhua: "Source: Xinhua| 2024-07-04 21:33:17|Editor: huaxia"
    (
        "credit",
        re.compile(rf"sources?\s*:\s*(?:al jazeera|news agencies|agencies|{_AGENCIES})\b.*", re.I),
        120,
    ),
    ("credit", re.compile(r"\(?\s*end\s*item\s*\)?\.?", re.I), 20),  # Xinhua's closing "Enditem"
    ("credit", re.compile(r"our standards\s*:.*trust principles.*", re.I), 120),  # Reuters
    ("copyright", re.compile(r"(?:©|\(c\)|copyright\b|all rights reserved\b).*", re.I), 300),
    ("separator", re.compile(r"[_*=~—–-]{3,}"), 200),
    # What a document database puts around a text: navigation, language switches, print and page-top links.
    (
        "navigation",
        re.compile(
            r"\[?\s*(?:return to|back to|go back to)\b[^\[\]]{0,80}\]?\.?|"
            r"\[?\s*(?:(?:page )?top(?: of (?:the )?page| page)?|print(?: this page| version)?|"
            r"printer[- ]friendly version|text version|pdf version|home|index|previous|next|"
            r"list of documents|document list|table of contents)\s*\]?",
            re.I,
        ),
        100,
    ),
    (
        "navigation",
        re.compile(
            r"(?:english|日本語|japanese|русский|中文)(?:\s*[|/]\s*(?:english|日本語|japanese|русский|中文))+",
            re.I,
        ),
        60,
    ),
]

_REPORTERS_RE = re.compile(r"\(?\s*reporting by\s+(?P<names>[^;()]+?)\s*(?:[;)]|$)", re.I)
_WHERE_RE = re.compile(r"\s+in\s+[A-Z][\w'’-]*(?:,?\s+[A-Z][\w'’-]*)*")


def noise_reason(line: str) -> str | None:
    """Why a line is not body text ("promo", "newsletter", "share", "caption", "embed", "credit", "copyright",
    "separator", "navigation"), else None."""
    text = collapse_ws(line)
    bare = text.strip("*_ ")  # "**READ MORE: ...**" is still a promo line
    for reason, pattern, max_len in _NOISE:
        if len(text) <= max_len and (pattern.fullmatch(text) or pattern.fullmatch(bare)):
            return reason
    return None


def reporters(line: str) -> str:
    """The reporters a credit line names ("(Reporting by A and B in Moscow; Editing by C)" -> "A and B"), else ""."""
    match = _REPORTERS_RE.match(collapse_ws(line))
    if not match:
        return ""
    names = [n.strip() for n in re.split(r",\s*|\s+and\s+", _WHERE_RE.sub("", match.group("names")))]
    names = [n for n in names if n]
    return " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1]


# --------------------------------------------------------------------------- datelines

_DATELINE_RES = [
    # ASTANA (Sputnik) -  /  BEIJING, June 10 (Xinhua) --  /  NEW DELHI, June 10 -
    re.compile(
        r"(?P<place>[A-Z][A-Z'’.\- ]*[A-Z])(?:\s*/\s*[A-Z][A-Za-z]+)?"
        r"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=\s*\())?"  # AP: "ASTANA, Kazakhstan (AP) —"
        r"(?:,\s*(?P<when>[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
        r"\s*(?:\((?P<agency>[^()]{1,40})\))?\s*(?:--|-|–|—|:)\s+(?=\S)"
    ),
    # TASS: "ASTANA, July 4. /TASS/."
    re.compile(
        r"(?P<place>[A-Z][A-Z'’.\- ]*[A-Z]),\s*(?P<when>[A-Za-z]{3,9}\.?\s+\d{1,2})\.\s*/(?P<agency>[A-Z-]{2,12})/\.?\s+(?=\S)"
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
