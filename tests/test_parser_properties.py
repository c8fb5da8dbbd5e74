"""Property tests for the pure source-text parsers (declarations.importing.shapes).

* parse / decode never raise anything but ParseError, whatever they are given;
* for generated documents of each shape, every body sentence lands in exactly one paragraph, in
  order (nothing dropped, nothing duplicated), with the right heading and dates.
"""

import contextlib
import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from declarations.importing.shapes import ParseError, decode, detect_shape, parse, parse_date

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- robustness

TRICKY_LINES = [
    "",
    "",
    "[Title] BISHKEK DECLARATION",
    "[Title]",
    "[Place] Bishkek",
    "[Place]",
    "[Date] September 13, 2013",
    "[Date] Sept 31",
    "[Date]",
    "[Source] SCO Secretariat",
    "[Full text]",
    "[Full text] The heads of state declare.",
    '"The World and Japan" Database (Project Leader: TANAKA Akihiko)',
    "# A Title",
    "## A Subheading",
    "#",
    "By [The Moscow Times](#)",
    "By",
    "September 13, 2013",
    "September 13, 2013, Bishkek",
    "Bishkek, 13 September 2013",
    "**The  Moscow Times**",
    "****",
    "Original url:",
    "Original url: <https://example.org/a>",
    "<https://example.org/b>",
    "READ MORE: Something",
    "Follow us on Telegram",
    "Edited by Someone",
    "ASTANA (Sputnik) - The leaders met.",
    "Compliance With JCPOA for Global Stability",
    "The member states agreed on the",
    "cooperation in trade.",
    "I.",
    "\ufeff",
    "\u00a0",
    "\r",
]


@SETTINGS
@given(st.text())
def test_parse_raises_only_parse_error_on_arbitrary_text(text):
    with contextlib.suppress(ParseError):
        parse(text)


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(TRICKY_LINES), st.text(max_size=40)), max_size=30))
def test_parse_raises_only_parse_error_on_line_soup(lines):
    try:
        doc = parse("\n".join(lines))
    except ParseError as error:
        assert error.line is None or error.line >= 1
    else:
        assert doc.paragraphs, "a successful parse has at least one paragraph"
        assert [p.number for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1))
        assert all(p.text and p.text == " ".join(p.text.split()) for p in doc.paragraphs)
        assert all(p.line >= 1 for p in doc.paragraphs)
        assert detect_shape("\n".join(lines)) == doc.shape


@SETTINGS
@given(st.binary(max_size=200))
def test_decode_raises_only_parse_error(data):
    try:
        text = decode(data)
    except ParseError:
        return
    assert "\r" not in text and not text.startswith("\ufeff") and text.strip()


# --------------------------------------------------------------------------- generated documents

# vocabulary chosen so that no sentence can look like a date, a promo/credit line or a heading
SUBJECTS = ["Leaders", "Ministers", "Delegations", "Observers", "Partners", "Members", "Experts"]
WORDS = ["agree", "note", "support", "welcome", "discuss", "stress", "urge", "trade", "energy", "region"]
HEAD_WORDS = ["Regional", "Security", "Trade", "Energy", "Cooperation", "Stability", "Outlook", "Partners"]


@st.composite
def paragraphs(draw, min_size=1, max_size=8):
    """Paragraphs as lists of unique sentences; some contain "the <lowercase>" where they may be broken."""
    counter = iter(range(10_000))
    result = []
    for _ in range(draw(st.integers(min_size, max_size))):
        sentences = []
        for _ in range(draw(st.integers(1, 3))):
            words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
            if draw(st.booleans()):
                words += ["with", "the", draw(st.sampled_from(WORDS))]
            spaced = draw(st.sampled_from([" ", " ", "  ", "\u00a0", " \t"]))
            sentences.append(f"{draw(st.sampled_from(SUBJECTS))} {spaced.join(words)} n{next(counter)}.")
        result.append(sentences)
    return result


def render(draw, sentences: list[str], *, break_ok: bool) -> str:
    """One paragraph's source text, possibly broken mid-sentence by a stray blank line after "the"."""
    text = " ".join(sentences)
    if break_ok and " the " in text and draw(st.booleans()):
        head, _, tail = text.partition(" the ")
        return f"{head} the\n\n{tail}"
    return text


def norm(sentence: str) -> str:
    return " ".join(sentence.split())


def assert_sentences_in_order(doc, generated: list[list[str]]):
    assert len(doc.paragraphs) == len(generated)
    for paragraph, sentences in zip(doc.paragraphs, generated, strict=True):
        assert paragraph.text == " ".join(norm(s) for s in sentences)
    body = "\n".join(p.text for p in doc.paragraphs)
    positions = []
    for sentence in (norm(s) for para in generated for s in para):
        assert body.count(sentence) == 1, sentence
        positions.append(body.index(sentence))
    assert positions == sorted(positions)


def line_ends(draw, text: str) -> str:
    ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    return ("\ufeff" if draw(st.booleans()) else "") + text.replace("\n", ending)


DATE_FORMATS = [
    "{d:%B} {d.day}, {d.year}",
    "{d.day} {d:%B} {d.year}",
    "{d:%Y-%m-%d}",
    "{d:%b}. {d.day}, {d.year}",
]
dates = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2040, 12, 31))


@SETTINGS
@given(dates, st.sampled_from(DATE_FORMATS))
def test_parse_date_round_trips(date, fmt):
    assert parse_date(fmt.format(d=date)) == date


@SETTINGS
@given(st.data(), paragraphs(), dates, dates, st.sampled_from(DATE_FORMATS), st.booleans(), st.booleans())
def test_generated_wajd_declaration(data, generated, header_date, closing_date, fmt, with_title, with_place):
    draw = data.draw
    lines = ['"The World and Japan" Database (Project Leader: TANAKA Akihiko)', "Database", ""]
    if with_title:
        lines.append("[Title] DECLARATION of the Heads of State")
    if with_place:
        lines.append("[Place] Bishkek")
    lines += [f"[Date] {fmt.format(d=header_date)}", "[Source] SCO Secretariat", "[Full text]", ""]
    sections = []
    for index, sentences in enumerate(generated):
        if index and draw(st.integers(0, 4)) == 0:
            lines.append("")  # a double blank line: section break
            sections.append(index)
        lines += [render(draw, sentences, break_ok=True), ""]
    lines.append(f"{closing_date:%B} {closing_date.day}, {closing_date.year}, Tashkent")
    doc = parse(line_ends(draw, "\n".join(lines)))
    assert doc.shape == "wajd_declaration"
    assert_sentences_in_order(doc, generated)
    assert (doc.date, doc.closing_date, doc.closing_place) == (header_date, closing_date, "Tashkent")
    assert doc.place == ("Bishkek" if with_place else "Tashkent")
    assert bool(doc.warnings) == (header_date != closing_date or with_place)
    assert [p.section for p in doc.paragraphs][-1] == len(sections) + 1


@SETTINGS
@given(st.data(), paragraphs(), dates, st.sampled_from(["<{}>", "{}"]), st.booleans())
def test_generated_markdown_article(data, generated, date, url_format, url_on_next_line):
    draw = data.draw
    url = "https://example.org/2013/09/13/article"
    lines = [
        "",
        "# Leaders Meet in Bishkek",
        "",
        "By [The Moscow Times](#)",
        "",
        f"{date:%B} {date.day}, {date.year}",
    ]
    lines += ["", "**The  Moscow Times**", ""]
    for sentences in generated:
        lines += [render(draw, sentences, break_ok=True), ""]
        if draw(st.integers(0, 5)) == 0:
            lines += ["Read also: Another Story", ""]
    lines += ["Original url:", "", url_format.format(url)] if url_on_next_line else [f"Original url: {url}"]
    doc = parse(line_ends(draw, "\n".join(lines)))
    assert doc.shape == "markdown_article"
    assert_sentences_in_order(doc, generated)
    assert (doc.title, doc.publisher, doc.date, doc.source_url) == (
        "Leaders Meet in Bishkek",
        "The Moscow Times",
        date,
        url,
    )


@SETTINGS
@given(st.data(), st.lists(paragraphs(max_size=4), min_size=1, max_size=4), st.sampled_from(["\n", "\n\n"]))
def test_generated_news_fragment(data, groups, separator):
    draw = data.draw
    lines, generated, headings = [], [], []
    for index, group in enumerate(groups):
        group = [[f"{s[: s.rindex(' ')]} g{index}{s[s.rindex(' ') :]}" for s in para] for para in group]
        heading = ""
        if index or draw(st.booleans()):
            heading = " ".join(draw(st.lists(st.sampled_from(HEAD_WORDS), min_size=2, max_size=5)))
            lines.append(heading)
        for sentences in group:
            lines.append(render(draw, sentences, break_ok=separator == "\n\n"))
            generated.append(sentences)
            headings.append(heading)
            if draw(st.integers(0, 4)) == 0:
                lines.append(draw(st.sampled_from(["READ MORE: Another Story", "Follow us on Telegram"])))
    lines.append("Web editor: Someone")
    doc = parse(line_ends(draw, separator.join(lines)))
    assert doc.shape == "news_fragment"
    assert_sentences_in_order(doc, generated)
    assert [p.heading for p in doc.paragraphs] == headings
    assert doc.skipped[-1][1:] == ("Web editor: Someone", "credit")
