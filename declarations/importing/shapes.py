"""Pure parsers for the three shapes of source text (stdlib only, no Django).

* ``wajd_declaration``: a text from "The World and Japan" Database ([Title]/[Place]/[Date]/[Source]/
  [Full text] header, blank-line paragraphs, double blank lines between sections, a closing
  "Month D, YYYY, Place" line);
* ``markdown_article``: a scraped news article in Markdown (``# Title``, ``By [Publisher](...)``, a date
  line, a bold masthead, paragraphs, ``Original url: <URL>``);
* ``news_fragment``: a headerless news fragment (one paragraph per line, title-case subheadings,
  interleaved "READ MORE: ..." lines).

Use ``decode(bytes)`` then ``parse(text)``. Lines that are dropped (banner, masthead, promo, embedded
post, caption, credit lines) are recorded in ``ParsedDocument.skipped`` as ``(line, text, reason)``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .text import (
    ParseError,
    collapse_ws,
    decode,
    ends_terminal,
    is_heading_like,
    meeting_date,
    noise_reason,
    normalise_newlines,
    parse_date,
    reporters,
    should_join,
    split_dateline,
)

__all__ = [
    "ParseError",
    "ParsedDocument",
    "ParsedParagraph",
    "decode",
    "detect_shape",
    "parse",
    "parse_date",
]

WAJD = "wajd_declaration"
MARKDOWN = "markdown_article"
FRAGMENT = "news_fragment"


@dataclass(frozen=True)
class ParsedParagraph:
    number: int  # 1-based reading order
    text: str  # whitespace collapsed, stripped; markdown emphasis kept as written
    heading: str = ""  # subheading it falls under ("" if none)
    section: int = 1  # increments at a section break (double blank line) or a new subheading
    line: int = 0  # 1-based source line where the paragraph starts


@dataclass
class ParsedDocument:
    shape: str  # WAJD | MARKDOWN | FRAGMENT
    kind: str  # "declaration" | "statement" | "communique" | "news"
    title: str = ""
    date: datetime.date | None = None
    date_line: int | None = None
    place: str = ""
    closing_date: datetime.date | None = None
    closing_place: str = ""
    publisher: str = ""
    source_name: str = ""
    source_url: str = ""
    dateline_place: str = ""
    paragraphs: list[ParsedParagraph] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, reason)
    warnings: list[str] = field(default_factory=list)  # each "line N: ..."
    # additions to the agreed interface
    notes: str = ""  # WAJD [Notes] value
    title_line: int | None = None
    closing_line: int | None = None  # WAJD closing "Month D, YYYY, Place" line
    author: str = ""  # the reporters a credit line names ("Reporting by ...")
    meeting_date: datetime.date | None = None  # the date the body gives for the meeting (WAJD)
    meeting_date_line: int | None = None


# --------------------------------------------------------------------------- detection

_WAJD_TAGS = {
    "title": "title",
    "place": "place",
    "date": "date",
    "source": "source",
    "notes": "notes",
    "note": "notes",
    "full text": "full text",
    "fulltext": "full text",
    "表題": "title",
    "名称": "title",
    "場所": "place",
    "年月日": "date",
    "出典": "source",
    "備考": "notes",
    "全文": "full text",
}
_TAG_RE = re.compile(r"\[\s*([^\[\]]{1,12}?)\s*\]\s*(.*)")
_BANNER_RE = re.compile(r'"?the world and japan"? database', re.I)
_ORIGINAL_URL_RE = re.compile(r"[*_]*original\s+url\s*:?[*_]*\s*:?\s*(.*)", re.I)
_BYLINE_RE = re.compile(r"[*_]*by\s+(.+)", re.I)
_MD_LINK_BYLINE_RE = re.compile(r"[*_]*by\s+\[[^\]]+\]\([^)]*\)", re.I)
_ATX_RE = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*")
_BOLD_LINE_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def _wajd_tag(line: str) -> tuple[str, str] | None:
    match = _TAG_RE.fullmatch(line.strip())
    if not match:
        return None
    key = _WAJD_TAGS.get(collapse_ws(match.group(1)).lower())
    return (key, match.group(2).strip()) if key else None


def detect_shape(text: str) -> str:
    """``wajd_declaration`` if the banner or >= 2 header tags (or [Full text]) open the text;
    ``markdown_article`` if it opens with ``# Title``, has a ``By [..](..)`` byline near the top or an
    ``Original url:`` line; otherwise ``news_fragment``."""
    lines = normalise_newlines(text).split("\n")
    nonblank = [line.strip() for line in lines if line.strip()]
    head = nonblank[:60]
    tags = {tag[0] for tag in map(_wajd_tag, head) if tag}
    if any(_BANNER_RE.search(line) for line in head[:5]) or len(tags) >= 2 or "full text" in tags:
        return WAJD
    if nonblank and _ATX_RE.fullmatch(nonblank[0]) and nonblank[0].startswith("# "):
        return MARKDOWN
    if any(_MD_LINK_BYLINE_RE.fullmatch(line) for line in nonblank[:8]):
        return MARKDOWN
    if any(_ORIGINAL_URL_RE.fullmatch(line) for line in nonblank):
        return MARKDOWN
    return FRAGMENT


def parse(text: str) -> ParsedDocument:
    """Detect the shape of ``text`` and parse it. Raises ParseError for malformed input."""
    text = normalise_newlines(text)
    if not text.strip():
        raise ParseError("file is empty")
    shape = detect_shape(text)
    lines = [line.rstrip() for line in text.split("\n")]
    numbered = list(enumerate(lines, start=1))
    if shape == WAJD:
        return _parse_wajd(numbered)
    if shape == MARKDOWN:
        return _parse_markdown(numbered)
    doc = ParsedDocument(shape=FRAGMENT, kind="news")
    _parse_body(numbered, doc, implicit_headings=True, dateline=True)
    if not doc.paragraphs:
        first = next(number for number, line in numbered if line.strip())
        raise ParseError("no paragraphs of text (every line was skipped)", first)
    _credit_author(doc)
    return doc


def _credit_author(doc: ParsedDocument) -> None:
    """A news site's closing credit names the reporters: they are the article's author."""
    if doc.author:
        return
    for _, text, reason in doc.skipped:
        if reason == "credit" and reporters(text):
            doc.author = reporters(text)
            return


# --------------------------------------------------------------------------- body


@dataclass
class _Block:
    line: int
    parts: list[str]
    blanks_before: int
    heading: str | None = None  # explicit heading (markdown "## ..." or bold-only line)

    @property
    def text(self) -> str:
        return collapse_ws(" ".join(self.parts))


_BARE_PROMO_RE = re.compile(r"(?:also read|read also|read more|related|see also)\s*:?", re.I)
_NUMERAL_HEADING_RE = re.compile(r"(?:[IVXL]{1,6}|\d{1,2})\.?|(?:[IVXL]{1,6}|\d{1,2})[.)]\s+\S.*")


def _parse_body(
    numbered: list[tuple[int, str]],
    doc: ParsedDocument,
    *,
    implicit_headings: bool,
    dateline: bool,
) -> None:
    """Turn body lines into paragraphs (joining broken sentences), headings and skipped lines."""
    blocks: list[_Block] = []
    blanks = carried = 0  # a skipped line is transparent: blank lines around it count once, not twice
    promoted = False
    for number, raw in numbered:
        line = raw.strip()
        if not line:
            blanks += 1
            continue
        reason = noise_reason(line)
        if not reason and promoted and len(line) <= 150 and not ends_terminal(line):
            reason = "promo"  # the headline a bare "Also read" line announces
        promoted = reason == "promo" and bool(_BARE_PROMO_RE.fullmatch(line.strip("*_ ")))
        if reason:
            doc.skipped.append((number, line, reason))
            blanks, carried = 0, max(blanks, carried)
            continue
        blanks, carried = max(blanks, carried), 0
        atx = _ATX_RE.fullmatch(line)
        bold = _BOLD_LINE_RE.fullmatch(line)
        if atx or (bold and not ends_terminal(bold.group(2)) and len(bold.group(2).split()) <= 14):
            heading = collapse_ws(atx.group(2) if atx else bold.group(2))
            blocks.append(_Block(number, [line], blanks, heading=heading))
        elif blocks and blocks[-1].heading is None and should_join(blocks[-1].parts[-1], line):
            blocks[-1].parts.append(line)
        else:
            blocks.append(_Block(number, [line], blanks))
        blanks = 0

    def implicit(index: int) -> bool:
        block = blocks[index]
        if block.heading is not None:
            return True
        text = block.text
        if not implicit_headings:  # declarations: only numbered or all-caps section titles
            return bool(_NUMERAL_HEADING_RE.fullmatch(text)) or (
                is_heading_like(text) and text.isupper() and index + 1 < len(blocks)
            )
        if not is_heading_like(text) or index + 1 >= len(blocks):
            return False
        following = blocks[index + 1]
        return following.heading is None and not is_heading_like(following.text)

    section, heading, pending = 1, "", False
    for index, block in enumerate(blocks):
        if block.blanks_before >= 2:
            pending, heading = True, ""
        if implicit(index):
            heading = block.heading if block.heading is not None else block.text
            pending = True
            continue
        if pending and doc.paragraphs:
            section += 1
        pending = False
        doc.paragraphs.append(
            ParsedParagraph(len(doc.paragraphs) + 1, block.text, heading, section, block.line)
        )
    if dateline and doc.paragraphs:
        doc.dateline_place = split_dateline(doc.paragraphs[0].text)


# --------------------------------------------------------------------------- WAJD


def _closing(line: str) -> tuple[datetime.date, str] | None:
    """Parse a closing "September 13, 2013, Bishkek" / "Bishkek, 13 September 2013" line."""
    text = collapse_ws(line).rstrip(".")
    text = re.sub(r"^(?:done|signed|adopted|issued)\s+(?:at|in)\s+", "", text, flags=re.I)
    if len(text) > 90:
        return None
    whole = parse_date(text)
    if whole:
        return whole, ""
    pieces = text.split(",")
    for cut in range(1, len(pieces)):
        left, right = ",".join(pieces[:cut]).strip(), ",".join(pieces[cut:]).strip()
        for date_part, place in ((left, right), (right, left)):
            date = parse_date(date_part)
            if date and place and len(place.split()) <= 5 and not any(ch.isdigit() for ch in place):
                return date, place
    return None


def _kind_from_title(title: str) -> str:
    lowered = title.lower()
    for word, kind in (
        ("declaration", "declaration"),
        ("communiq", "communique"),
        ("statement", "statement"),
    ):
        if word in lowered:
            return kind
    return "declaration"


def _parse_wajd(numbered: list[tuple[int, str]]) -> ParsedDocument:
    doc = ParsedDocument(shape=WAJD, kind="declaration")
    full_text_at = next(
        (i for i, (_, line) in enumerate(numbered) if (_wajd_tag(line) or ("",))[0] == "full text"), None
    )
    body_start: int | None = None
    body_first: list[tuple[int, str]] = []
    tags_seen, blank_seen, last_header_line = False, False, 1
    i = 0
    while i < len(numbered):
        number, line = numbered[i]
        if not line.strip():
            blank_seen = True
            i += 1
            continue
        tag = _wajd_tag(line)
        if tag is None and not tags_seen and noise_reason(line):
            doc.skipped.append(
                (number, line.strip(), noise_reason(line))
            )  # a language switch above the header
            i += 1
            continue
        if tag is None:
            if tags_seen or blank_seen:
                body_start = i  # header without [Full text]: the body starts at the first other block
                break
            doc.skipped.append((number, line.strip(), "banner"))
            i += 1
            continue
        tags_seen, last_header_line = True, number
        key, value = tag
        if key == "full text":
            body_start = i + 1
            if value:
                body_first = [(number, value)]
            break
        parts: list[tuple[int, str]] = [(number, value)] if value else []
        j = i + 1
        if not value and full_text_at is not None:
            while j < full_text_at and not numbered[j][1].strip():
                j += 1
        while j < len(numbered) and numbered[j][1].strip() and not _wajd_tag(numbered[j][1]):
            parts.append(numbered[j])
            j += 1
        value_line = parts[0][0] if parts else number
        value = collapse_ws(" ".join(text for _, text in parts))
        last_header_line = max(last_header_line, parts[-1][0] if parts else number)
        _assign_header(doc, key, value, value_line, number, line)
        i = j
    body = body_first + (numbered[body_start:] if body_start is not None else [])
    # A database's footer (navigation, copyright) follows the closing line: set it aside first.
    last = next(
        (k for k in range(len(body) - 1, -1, -1) if body[k][1].strip() and not noise_reason(body[k][1])), None
    )
    if last is not None:
        doc.skipped += [(n, t.strip(), noise_reason(t)) for n, t in body[last + 1 :] if t.strip()]
        body = body[: last + 1]
    if last is None:
        if full_text_at is not None:
            raise ParseError("[Full text] is not followed by any text", numbered[full_text_at][0])
        raise ParseError("header but no body text", last_header_line)
    closing = _closing(body[last][1])
    if closing and any(line.strip() for _, line in body[:last]):
        doc.closing_date, doc.closing_place = closing
        doc.closing_line = body[last][0]
        body = body[:last]
    _parse_body(body, doc, implicit_headings=False, dateline=False)
    if not doc.paragraphs:
        raise ParseError("no paragraphs of text after the header", last_header_line)
    doc.skipped.sort()
    for paragraph in doc.paragraphs[:3]:
        doc.meeting_date = meeting_date(paragraph.text)
        if doc.meeting_date:
            doc.meeting_date_line = paragraph.line
            break
    _reconcile_closing(doc)
    return doc


def _assign_header(
    doc: ParsedDocument, key: str, value: str, value_line: int, tag_line: int, raw: str
) -> None:
    if key == "title":
        doc.title, doc.title_line = value, value_line
        doc.kind = _kind_from_title(value)
    elif key == "place":
        doc.place = value
    elif key == "source":
        doc.source_name = value
    elif key == "notes":
        doc.notes = value
    elif key == "date" and value:
        date = parse_date(value)
        if date is None:
            raise ParseError(f"[Date] is not a date: {value!r}", value_line)
        doc.date, doc.date_line = date, value_line


def _reconcile_closing(doc: ParsedDocument) -> None:
    if (
        doc.meeting_date
        and doc.date
        and doc.meeting_date != doc.date
        and doc.closing_date != doc.meeting_date
    ):
        doc.warnings.append(
            f"line {doc.date_line}: header date {doc.date.isoformat()} disagrees with the meeting date the "
            f"text gives, {doc.meeting_date.isoformat()} (line {doc.meeting_date_line})"
        )
    if doc.closing_line is None:
        return
    if doc.date is None:
        doc.date, doc.date_line = doc.closing_date, doc.closing_line
    elif doc.closing_date and doc.closing_date != doc.date:
        doc.warnings.append(
            f"line {doc.date_line}: header date {doc.date.isoformat()} disagrees with closing line "
            f"date {doc.closing_date.isoformat()} (line {doc.closing_line})"
        )
    if not doc.place:
        doc.place = doc.closing_place
    elif doc.closing_place and doc.closing_place.lower() != doc.place.lower():
        doc.warnings.append(
            f"line {doc.closing_line}: closing line place {doc.closing_place!r} differs from header "
            f"place {doc.place!r}"
        )


# --------------------------------------------------------------------------- Markdown article

_LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_URL_RE = re.compile(r"<(https?://[^>\s]+)>|\[[^\]]*\]\((https?://[^)\s]+)\)|(https?://\S+)")
# Xinhua's header line: "Source: Xinhua| 2024-07-04 21:33:17|Editor: huaxia"
_SOURCE_LINE_RE = re.compile(r"source\s*:[^|]{1,40}\|\s*(\d{4}-\d{2}-\d{2})[\d: ]*(?:\|.{0,60})?", re.I)
_DATE_PREFIX_RE = re.compile(r"(?:published|posted|updated|date|dated|last updated)\s*(?:on)?\s*:?\s*", re.I)


def _plain(text: str) -> str:
    """Markdown link -> its text; emphasis markers stripped; whitespace collapsed (for metadata)."""
    return collapse_ws(_LINK_RE.sub(r"\1", text).replace("**", "").replace("__", "").strip("*_ "))


def _header_date(line: str) -> datetime.date | None:
    return parse_date(_DATE_PREFIX_RE.sub("", _plain(line), count=1))


def _byline(doc: ParsedDocument, line: str, number: int) -> bool:
    match = _BYLINE_RE.fullmatch(line)
    if not match or len(match.group(1)) > 120:
        return False
    if not _LINK_RE.search(line) and (ends_terminal(line.strip("*_ ")) or len(match.group(1).split()) > 8):
        return False  # "By the end of the summit, ..." is body text, not a byline
    rest = match.group(1).rstrip("*_ ")
    for separator in ("|", "·", "•", " — ", " – ", " - ", ","):
        if separator in rest:
            name, _, tail = rest.rpartition(separator)
            date = parse_date(tail)
            if date:
                rest = name
                if doc.date is None:
                    doc.date, doc.date_line = date, number
                break
    doc.publisher = _plain(rest)
    return bool(doc.publisher)


def _parse_markdown(numbered: list[tuple[int, str]]) -> ParsedDocument:
    doc = ParsedDocument(shape=MARKDOWN, kind="news")
    index = 0
    rows = [(number, line.strip()) for number, line in numbered]
    while index < len(rows) and not rows[index][1]:
        index += 1
    number, first = rows[index]
    setext = index + 1 < len(rows) and re.fullmatch(r"=+", rows[index + 1][1] or "-")
    if first.startswith("# ") or setext:
        doc.title = collapse_ws(first.lstrip("#").rstrip("#")) if not setext else collapse_ws(first)
        doc.title_line = number
        index += 2 if setext else 1
    masthead = ""
    while index < len(rows):  # header zone: byline, date, masthead, images
        number, line = rows[index]
        bold = _BOLD_LINE_RE.fullmatch(line)
        if not line or (not doc.publisher and _byline(doc, line, number)):
            pass
        elif doc.date is None and _header_date(line):
            doc.date, doc.date_line = _header_date(line), number
        elif doc.date is None and _SOURCE_LINE_RE.fullmatch(line):
            doc.date, doc.date_line = parse_date(_SOURCE_LINE_RE.fullmatch(line).group(1)), number
            doc.skipped.append((number, line, "credit"))
        elif bold and not masthead and not ends_terminal(line.strip("*_")) and len(line) <= 80:
            masthead = _plain(line)
            doc.skipped.append((number, line, "masthead"))
        elif noise_reason(line) == "caption":
            doc.skipped.append((number, line, "caption"))
        else:
            break
        index += 1
    doc.publisher = doc.publisher or masthead
    doc.source_name = doc.publisher
    body = numbered[index:]
    for position, (number, raw) in enumerate(body):
        match = _ORIGINAL_URL_RE.fullmatch(raw.strip())
        if not match:
            continue
        rest, url_line = match.group(1).strip(), number
        tail = body[position + 1 :]
        if not rest:
            following = next(((n, t.strip()) for n, t in tail if t.strip()), None)
            if following and _URL_RE.fullmatch(following[1]):
                url_line, rest = following
        url = _URL_RE.fullmatch(rest) if rest else None
        if url:
            doc.source_url = next(group for group in url.groups() if group)
        else:
            doc.warnings.append(f"line {number}: 'Original url:' is not followed by a URL")
        for n, t in tail:
            if n > url_line and t.strip():
                doc.skipped.append((n, t.strip(), "after original url"))
        body = body[:position]
        break
    _parse_body(body, doc, implicit_headings=True, dateline=True)
    if not doc.paragraphs:
        raise ParseError("article has no body text", doc.title_line or numbered[index - 1][0])
    _credit_author(doc)
    return doc
