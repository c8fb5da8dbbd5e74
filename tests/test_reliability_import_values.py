"""Issue 14, 2 and 4: over-long and malformed values, from texts and from the manifest, are refused the same way
on SQLite and PostgreSQL, each reported with its file and line, and the run goes on with the next file."""

import pytest
from django.db import connection

from declarations.importing.seeds import import_seeds
from declarations.models import MAX_PARAGRAPH_CHARS, Document, Paragraph, ParagraphCount
from declarations.search import counts as stats

pytestmark = pytest.mark.django_db

WAJD_HEAD = (
    '"The World and Japan" Database (Project Leader: TANAKA Akihiko)\n'
    "Database of Japanese Politics and International Relations\n"
    "National Graduate Institute for Policy Studies (GRIPS)\n\n"
)


def wajd(title="Dushanbe Declaration", place="Dushanbe", source="SCO Secretariat", body="We declare."):
    return (
        f"{WAJD_HEAD}[Title] {title}\n[Place] {place}\n[Date] September 12, 2014\n[Source] {source}\n"
        f"[Full text]\n\n{body}\n\nThe member states agreed on cooperation.\n"
    )


def fragment(words):
    return f"Leaders met in Bishkek and spoke of {words}.\nThe talks covered security and trade.\n"


def markdown(heading):
    return (
        "# SCO leaders meet in Dushanbe\n\nBy [Test Wire](#)\n\nSeptember 12, 2014\n\n"
        "The leaders met in Dushanbe.\n\n"
        f"## {heading}\n\nThey spoke of trade and security.\n"
    )


LONG_WORDS = " ".join(f"w{i:06d}" for i in range(MAX_PARAGRAPH_CHARS // 8 + 10))

FILES = {
    "a_good.txt": wajd(body="The member states declare their resolve."),
    "b_heading.txt": markdown("H" * 301),
    "c_place.txt": wajd(place="P" * 121, body="Place too long."),
    "d_source.txt": wajd(source="S" * 201, body="Source too long."),
    "e_paragraph.txt": wajd(body="Opening words.\n\n" + LONG_WORDS),
    "f_slug.txt": fragment("slugs"),
    "g_javascript.txt": fragment("scripts"),
    "h_data.txt": fragment("data"),
    "i_ftp.txt": fragment("files"),
    "j_language.txt": fragment("languages"),
    "z_good.txt": wajd(title="Declaration of the Dushanbe summit", body="A later good file."),
}
MANIFEST = """\
# Values a curator wrote by hand
["f_slug.txt"]
summit = "2019-bishkek"
date = "2019-06-14"
slug = "Not a slug!"

["g_javascript.txt"]
summit = "2019-bishkek"
date = "2019-06-14"
source_url = "javascript:alert(document.cookie)"

["h_data.txt"]
summit = "2019-bishkek"
date = "2019-06-14"
source_url = "data:text/html,<script>alert(1)</script>"

["i_ftp.txt"]
summit = "2019-bishkek"
date = "2019-06-14"
source_url = "ftp://files.example.org/x.txt"

["j_language.txt"]
summit = "2019-bishkek"
date = "2019-06-14"
language = "english-as-spoken"
"""

EXPECTED_FAILURES = [
    "b_heading.txt: line 9: paragraph 2: heading: Ensure this value has at most 300 characters (it has 301).",
    "c_place.txt: line 6: place: Ensure this value has at most 120 characters (it has 121).",
    "d_source.txt: line 8: source_name: Ensure this value has at most 200 characters (it has 201).",
    f"e_paragraph.txt: line 13: paragraph 2: text: Ensure this value has at most {MAX_PARAGRAPH_CHARS:,} "
    f"characters (it has {len(LONG_WORDS):,}).".replace(",", ""),
    "manifest.toml: line 5: ['f_slug.txt'] slug: Enter a valid “slug” consisting of letters, numbers, "
    "underscores or hyphens.",
    "manifest.toml: line 10: ['g_javascript.txt'] source_url: Enter a valid URL.",
    "manifest.toml: line 15: ['h_data.txt'] source_url: Enter a valid URL.",
    "manifest.toml: line 20: ['i_ftp.txt'] source_url: Enter a valid URL.",
    "manifest.toml: line 25: ['j_language.txt'] language: Ensure this value has at most 10 characters "
    "(it has 17).",
]


@pytest.fixture
def folder(tmp_path, seeds_dir):
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    return tmp_path


def run(folder, seeds_dir):
    return import_seeds([folder], seeds_dir)


def test_every_bad_value_is_refused_with_its_file_and_line_and_the_run_goes_on(folder, seeds_dir):
    result = run(folder, seeds_dir)
    reported = [f.replace(f"{folder}/", "") for f in result.texts.failures]
    assert reported == EXPECTED_FAILURES
    # the files around the bad ones were imported, and nothing of a refused file was written
    assert result.texts.created == 2
    assert sorted(Document.objects.filter(seed_file__in=FILES).values_list("seed_file", flat=True)) == [
        "a_good.txt",
        "z_good.txt",
    ]


def test_the_summary_counts_match_the_paragraphs_held(folder, seeds_dir):
    run(folder, seeds_dir)
    counted = sum(ParagraphCount.objects.filter(theme=None).values_list("paragraphs", flat=True))
    assert counted == Paragraph.objects.public().count()


def test_a_paragraph_at_the_length_bound_fits_postgresqls_search_vector():
    """The bound is what keeps a paragraph's tsvector under PostgreSQL's 1 MB: the densest text there is (distinct
    one- and two-letter words of many alphabets) at the bound stores."""
    letters = [chr(c) for c in range(0x0400, 0x0450)] + [chr(c) for c in range(0x03B1, 0x03CA)]
    words = [a for a in letters] + [a + b for a in letters for b in letters]
    text = " ".join(words)
    while len(text) < MAX_PARAGRAPH_CHARS:
        text += " " + text
    text = text[:MAX_PARAGRAPH_CHARS].rsplit(" ", 1)[0]
    document = Document.objects.first()
    paragraph = Paragraph.objects.create(document=document, number=10_000, text=text)
    paragraph.full_clean()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_column_size(search_vector) FROM declarations_paragraph WHERE id = %s",
                [paragraph.pk],
            )
            assert cursor.fetchone()[0] < 1024 * 1024 / 2
    stats.refresh()


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            'slug = "2013-bishkek"',
            'slug = "2013 Bishkek!"',
            "reference.toml: line {line}: summit '2013 Bishkek!': slug: Enter a valid “slug”",
        ),
        ('iso3 = "KGZ"', 'iso3 = "KGZX"', "reference.toml: line {line}: state 'kyrgyzstan': iso3: Ensure"),
    ],
)
def test_reference_data_gets_the_same_validation(tmp_path, seeds_dir, old, new, message):
    from declarations.importing.errors import SourceError
    from declarations.models import Summit

    text = (seeds_dir / "reference.toml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "reference.toml").write_text(text.replace(old, new), encoding="utf-8")
    lines = text.split("\n")
    entry = next(i for i, line in enumerate(lines) if old in line)
    line = next(i for i in range(entry, -1, -1) if lines[i].startswith("slug = ")) + 1
    before = Summit.objects.count()
    with pytest.raises(SourceError) as refused:
        import_seeds([tmp_path], seeds_dir)
    assert str(refused.value).replace(f"{tmp_path}/", "").startswith(message.format(line=line))
    assert Summit.objects.count() == before  # nothing of the file was written
