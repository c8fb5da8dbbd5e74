"""Golden-file and error tests for the pure source-text parsers (declarations.importing.shapes).

Each ``tests/golden/<name>.txt`` input sits beside ``tests/golden/<name>.json``, the expected parse
(``dataclasses.asdict`` of the ParsedDocument, dates as ISO strings). To regenerate the expected
files on purpose after a deliberate parser change::

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_parsers.py

then review every changed ``.json`` by hand (``git diff tests/golden``) before committing: the
goldens are only as good as that review.
"""

import dataclasses
import datetime
import json
import os
from pathlib import Path

import pytest

from declarations.importing.shapes import (
    ParsedDocument,
    ParseError,
    decode,
    detect_shape,
    parse,
    parse_date,
)

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(path.stem for path in GOLDEN.glob("*.txt"))
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def as_json(doc: ParsedDocument) -> dict:
    def default(value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        raise TypeError(type(value))

    return json.loads(json.dumps(dataclasses.asdict(doc), default=default))


def parse_file(path: Path) -> ParsedDocument:
    return parse(decode(path.read_bytes()))


@pytest.mark.parametrize("name", CASES)
def test_golden(name):
    actual = as_json(parse_file(GOLDEN / f"{name}.txt"))
    expected_path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert expected_path.exists(), f"no expected parse for {name}; run with UPDATE_GOLDEN=1 and review it"
    assert actual == json.loads(expected_path.read_text(encoding="utf-8"))


def test_every_golden_shape_is_covered_three_times():
    prefixes = {"wajd": "wajd_declaration", "md": "markdown_article", "fragment": "news_fragment"}
    for prefix, shape in prefixes.items():
        names = [name for name in CASES if name.startswith(prefix + "_")]
        assert len(names) >= 4, prefix
        for name in names:
            assert detect_shape(decode((GOLDEN / f"{name}.txt").read_bytes())) == shape, name


# --------------------------------------------------------------------------- the seeds, in words


def test_seed_markdown_article():
    doc = parse_file(SEEDS / "000_20ba804d8d0fad59.txt")
    assert doc.shape == "markdown_article" and doc.kind == "news"
    assert doc.title == "Shanghai Cooperation Organization Discusses Syria in Bishkek"
    assert doc.publisher == "The Moscow Times"
    assert doc.date == datetime.date(2013, 9, 13)
    assert doc.source_url.startswith("https://www.themoscowtimes.com/2013/09/13/")
    assert len(doc.paragraphs) == 7
    assert "executive secretary of the Commonwealth of Independent States" in doc.paragraphs[3].text
    assert all("Moscow Times" not in p.text for p in doc.paragraphs)


def test_seed_wajd_declaration():
    doc = parse_file(SEEDS / "001_d8c982eaffdaa9bf.txt")
    assert doc.shape == "wajd_declaration" and doc.kind == "declaration"
    assert doc.title == (
        "BISHKEK DECLARATION By the Heads of the Member States of the Shanghai Cooperation Organization"
    )
    assert (doc.place, doc.date, doc.date_line) == ("Bishkek", datetime.date(2013, 9, 13), 8)
    assert doc.source_name == "Shanghai Cooperation Organization Secretariat"
    assert (doc.closing_date, doc.closing_place, doc.closing_line) == (
        datetime.date(2013, 9, 13),
        "Bishkek",
        82,
    )
    assert len(doc.paragraphs) == 32
    # the introductory paragraph, then six more sections, each opened by a double blank line
    assert [p.section for p in doc.paragraphs].count(1) == 1
    assert max(p.section for p in doc.paragraphs) == 7
    assert not any(p.text.startswith("September 13, 2013") for p in doc.paragraphs)
    assert doc.warnings == []


def test_seed_news_fragment():
    doc = parse_file(SEEDS / "004_d2337c7b666bdca4.txt")
    assert doc.shape == "news_fragment" and doc.title == ""
    assert len(doc.paragraphs) == 12
    headings = [p.heading for p in doc.paragraphs]
    assert headings[:2] == ["", ""]
    assert len(set(headings[2:])) == 3 and "" not in headings[2:]
    assert [reason for _, _, reason in doc.skipped] == ["promo"] * 3
    assert not any("READ MORE" in p.text for p in doc.paragraphs)


# --------------------------------------------------------------------------- decode


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "file is empty"),
        (b" \n\r\n\t ", "file is empty"),
        (b"\xef\xbb\xbf\n\n", "file is empty"),
        ("\ufeff \n".encode("utf-16"), "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "file is a PNG image, not a text file"),
        (b"%PDF-1.7\n%\xe2\xe3", "file is a PDF document, not a text file"),
        (b"PK\x03\x04\x14\x00", "file is a ZIP archive (a .docx or .odt file is one), not a text file"),
        (b"abc\ndef\x00ghi", "line 2: file is binary, not text (it contains NUL bytes)"),
        ("Bishkek Declaration\n".encode("utf-16-le"), "file looks like UTF-16 without a byte-order mark"),
        ("Bishkek".encode("utf-32"), "file is UTF-32 encoded, which is not accepted"),
        (b"first line\nsecond \xe9t\xe9\n", "line 2: not valid UTF-8 (byte 0xe9 at column 8)"),
        (b"a\r\nb\r\n\xe2\x80\x9cok\xe2\x80\x9d \x93x", "line 3: not valid UTF-8 (byte 0x93 at column 6)"),
        (b"a\rb\r\xc3", "line 3: not valid UTF-8 (byte 0xc3 at column 1)"),
        (b"\xef\xbb\xbfab\xff", "line 1: not valid UTF-8 (byte 0xff at column 3)"),
        (
            b"x" * (1024 * 1024 + 1),
            "file is 1.0 MB, over the limit of 1 MB per file (a declaration is under 200 KB)",
        ),
    ],
)
def test_decode_errors(data, message):
    with pytest.raises(ParseError) as info:
        decode(data)
    assert str(info.value).startswith(message)


def test_a_refused_encoding_is_named():
    text = "Декларация глав государств-членов Шанхайской организации сотрудничества.\n" * 3
    with pytest.raises(ParseError) as info:
        decode(text.encode("cp1251"))
    assert str(info.value) == (
        "line 1: not valid UTF-8 (byte 0xc4 at column 1); it looks like cp1251; save it as UTF-8 text and try again"
    )


def test_decode_normalises_bom_and_line_ends():
    assert decode(b"\xef\xbb\xbfa\r\nb\rc\n") == "a\nb\nc\n"
    assert decode("“curly” text\u00a0kept".encode()) == "“curly” text\u00a0kept"


def test_utf16_with_a_byte_order_mark_reads_as_its_utf8_twin():
    text = "[Title] Qingdao Declaration\r\n\r\nThe member states “reaffirm”.\r\n"
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        data = text.encode(encoding)
        if encoding != "utf-16":
            data = ("\ufeff" + text).encode(encoding)
        assert decode(data) == decode(text.encode("utf-8-sig"))


def test_parse_error_carries_line():
    error = ParseError("[Date] is not a date: 'Sept 31'", 7)
    assert (str(error), error.line, error.message) == (
        "line 7: [Date] is not a date: 'Sept 31'",
        7,
        error.message,
    )
    assert str(ParseError("file is empty")) == "file is empty"
    assert isinstance(error, ValueError)


# --------------------------------------------------------------------------- parse errors

WAJD_HEAD = (
    '"The World and Japan" Database (Project Leader: TANAKA Akihiko)\n'
    "Database of Japanese Politics and International Relations\n"
    "National Graduate Institute for Policy Studies (GRIPS)\n"
    "\n"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            WAJD_HEAD + "[Title] X\n[Place] Bishkek\n[Date] Sept 31\n[Full text]\nText.\n",
            "line 7: [Date] is not a date: 'Sept 31'",
        ),
        (
            WAJD_HEAD + "[Title] X\n[Date]\nSeptember 31, 2013\n[Full text]\nText.\n",
            "line 7: [Date] is not a date: 'September 31, 2013'",
        ),
        (
            WAJD_HEAD + "[Title] X\n[Date] 2013-09-13\n[Full text]\n\n\n",
            "line 7: [Full text] is not followed by any text",
        ),
        (WAJD_HEAD + "[Title] X\n[Place] Bishkek\n[Date] 2013-09-13\n", "line 7: header but no body text"),
        ("# A Title Only\n\nBy [TASS](#)\n\nJune 9, 2017\n", "line 1: article has no body text"),
        (
            "READ MORE: Something Else\nFollow us on Telegram\n",
            "line 1: no paragraphs of text (every line was skipped)",
        ),
        ("  \n\t\n", "file is empty"),
    ],
)
def test_parse_errors(text, message):
    with pytest.raises(ParseError) as info:
        parse(text)
    assert str(info.value) == message


# --------------------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("September 13, 2013", datetime.date(2013, 9, 13)),
        ("13 September 2013", datetime.date(2013, 9, 13)),
        ("2013-09-13", datetime.date(2013, 9, 13)),
        ("Sept. 13, 2013", datetime.date(2013, 9, 13)),
        ("Sep 13 2013", datetime.date(2013, 9, 13)),
        ("13th of September, 2013", datetime.date(2013, 9, 13)),
        ("Friday, September 13, 2013", datetime.date(2013, 9, 13)),
        ("13.09.2013", datetime.date(2013, 9, 13)),
        ("June 10, 2018 14:05 GMT", datetime.date(2018, 6, 10)),
        ("  june 10, 2018. ", datetime.date(2018, 6, 10)),
        ("Sept 31", None),
        ("September 31, 2013", None),
        ("September 2013", None),
        ("Bishkek", None),
        ("Smarch 3, 2013", None),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("[Title] X\n[Date] 2013-09-13\n[Full text]\nBody.", "wajd_declaration"),
        ("# Title\n\nBody.", "markdown_article"),
        ("Body.\n\nOriginal url: <https://example.org/a>", "markdown_article"),
        ("Body line one.\nBody line two.", "news_fragment"),
        ("#hashtag is not a title.\nAnother line.", "news_fragment"),
    ],
)
def test_detect_shape(text, shape):
    assert detect_shape(text) == shape


def test_header_closing_disagreement_warning_names_both_lines():
    doc = parse(
        WAJD_HEAD
        + "[Place] Bishkek\n[Date] 2013-09-13\n[Full text]\n\nText here.\n\nSeptember 14, 2013, Bishkek\n"
    )
    assert doc.warnings == [
        "line 6: header date 2013-09-13 disagrees with closing line date 2013-09-14 (line 11)"
    ]
    assert (doc.date, doc.closing_date) == (datetime.date(2013, 9, 13), datetime.date(2013, 9, 14))


def test_paragraph_line_numbers_point_at_the_source():
    text = decode((GOLDEN / "md_stray_blank_subheading.txt").read_bytes()).split("\n")
    doc = parse("\n".join(text))
    for paragraph in doc.paragraphs:
        first_words = " ".join(text[paragraph.line - 1].split()[:3])
        assert paragraph.text.startswith(first_words)
    for line, skipped, _reason in doc.skipped:
        assert text[line - 1].strip() == skipped
