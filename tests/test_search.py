"""Full-text search: the query parser, and the same results on SQLite (FTS5) and PostgreSQL (tsvector)."""

import re

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from declarations.models import Paragraph
from declarations.search import ParsedQuery, SearchSyntaxError, Term, highlights, marked, parse

from .factories import make_document, make_paragraph, searched

BROWSER = reverse("declarations:paragraph_list")
BISHKEK = "2013-bishkek-declaration"
QINGDAO = "2018-qingdao-news-fragment-syria-jcpoa-terrorist-fighters"
MOSCOW_TIMES = "2013-09-13-shanghai-cooperation-organization-discusses-syria-in-bishkek"


def found(q):
    return set(searched(Paragraph.objects.public(), q).values_list("document__slug", "number"))


# ------------------------------------------------------------------------------------------------ parser


def test_it_parses_words_as_required_terms_without_stop_words():
    assert parse("the chemical weapons") == ParsedQuery(((Term(("chemical",)), Term(("weapons",))),))


def test_it_parses_quotes_as_a_phrase_and_minus_as_exclusion():
    assert parse('"three evils" -drugs') == ParsedQuery(((Term(("three", "evils")), Term(("drugs",), True)),))


def test_it_parses_or_as_alternatives():
    assert parse("syria or afghanistan drugs").groups == (
        (Term(("syria",)),),
        (Term(("afghanistan",)), Term(("drugs",))),
    )


def test_a_hyphenated_word_is_a_phrase_of_its_parts():
    assert parse("socio-economic") == ParsedQuery(((Term(("socio", "economic")),),))


def test_it_refuses_a_query_that_only_excludes():
    with pytest.raises(SearchSyntaxError):
        parse("-weapons")
    with pytest.raises(SearchSyntaxError):
        parse("syria or -weapons")


def test_punctuation_and_operators_of_either_database_are_only_separators():
    parsed = parse("weapon* & (syria | iran) ! NEAR(a b) : ^x ' ; DROP TABLE")
    assert parsed.as_fts5().count('"') % 2 == 0
    words = [w for group in parsed.groups for t in group for w in t.words]
    assert words == ["weapon", "syria", "iran", "near", "b", "x", "drop", "table"]


def test_the_fts5_query_quotes_every_word_and_searches_the_text_column_only():
    assert parse('chemical -"mass destruction" or iran').as_fts5() == (
        'text : ((("chemical") NOT "mass destruction") OR (("iran")))'
    )


def test_the_fts5_query_ands_each_theme_token_with_the_words():
    parsed = parse("chemical or iran").within_themes([15, 8, 8])
    assert parsed.themes == (8, 15)
    assert (
        parsed.as_fts5() == 'text : ((("chemical")) OR (("iran"))) AND theme_ids : "t8" AND theme_ids : "t15"'
    )


def test_marked_escapes_text_and_turns_only_markers_into_mark():
    html = marked('<b>a</b> \x02chemical\x03 & "x" \x02stray')
    assert html == "&lt;b&gt;a&lt;/b&gt; <mark>chemical</mark> &amp; &quot;x&quot; stray"


# ------------------------------------------------------------------------------------------- database


@pytest.mark.django_db
def test_chemical_weapons_finds_the_bishkek_and_qingdao_paragraphs():
    results = found("chemical weapons")
    assert results == {
        (BISHKEK, 17),
        (QINGDAO, 2),
        (QINGDAO, 9),
        (QINGDAO, 10),
        (QINGDAO, 11),
        (MOSCOW_TIMES, 2),
        (MOSCOW_TIMES, 5),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q, expected",
    [
        # Stemming: the singular finds the plural.
        (
            "weapon",
            {
                (MOSCOW_TIMES, 2),
                (MOSCOW_TIMES, 5),
                (BISHKEK, 3),
                (BISHKEK, 9),
                (BISHKEK, 17),
                (QINGDAO, 2),
                (QINGDAO, 9),
                (QINGDAO, 10),
                (QINGDAO, 11),
            },
        ),
        (
            '"chemical weapons" syria',
            {(MOSCOW_TIMES, 2), (MOSCOW_TIMES, 5), (BISHKEK, 17), (QINGDAO, 2), (QINGDAO, 11)},
        ),
        ("chemical weapons -syria", {(QINGDAO, 9), (QINGDAO, 10)}),
        ("skripal or jcpoa", {(QINGDAO, 3), (QINGDAO, 11), (QINGDAO, 12)}),
        ("JCPOA", {(QINGDAO, 3)}),
        ('"weapons of mass destruction"', {(BISHKEK, 3), (QINGDAO, 10)}),
        ("drug trafficking", {(BISHKEK, 3), (BISHKEK, 9), (BISHKEK, 11), (BISHKEK, 12)}),
        ("socio-economic", {(BISHKEK, 4), (BISHKEK, 23)}),
        ("afghanistan or iran -nuclear", {(MOSCOW_TIMES, 4), (BISHKEK, 14), (BISHKEK, 20), (QINGDAO, 5)}),
        ("the of and", set()),
        ("xylophone", set()),
    ],
)
def test_the_same_query_finds_the_same_paragraphs_on_either_database(q, expected):
    assert found(q) == expected


@pytest.mark.django_db
def test_highlights_wrap_the_matched_words_in_mark():
    parsed = parse("chemical weapon")
    paragraph = Paragraph.objects.get(document__slug=QINGDAO, number=2)
    html = highlights(Paragraph, parsed, [paragraph.pk])[paragraph.pk]
    assert re.findall(r"<mark>(.*?)</mark>", html)[:2] == ["chemical", "weapons"]
    assert "Syria" in html


@pytest.mark.django_db
def test_highlights_escape_hostile_text():
    document = make_document()
    paragraph = make_paragraph(document, "Chemical <img src=x onerror=alert(1)> weapons & <script>x</script>")
    html = highlights(Paragraph, parse("chemical"), [paragraph.pk])[paragraph.pk]
    assert "<img" not in html and "<script" not in html
    assert "<mark>" in html and "&lt;img" in html


@pytest.mark.django_db
def test_the_search_index_follows_edits_and_deletions():
    document = make_document()
    paragraph = make_paragraph(document, "A zanzibarian proposal.")
    assert found("zanzibarian") == {(document.slug, paragraph.number)}
    paragraph.text = "A quite different proposal."
    paragraph.save()
    assert found("zanzibarian") == set()
    assert found("quite different") == {(document.slug, paragraph.number)}
    paragraph.delete()
    assert found("quite different") == set()


@pytest.mark.django_db
def test_unpublished_paragraphs_are_never_found():
    document = make_document(published=False)
    make_paragraph(document, "An unpublished zanzibarian draft.")
    assert found("zanzibarian") == set()


# ------------------------------------------------------------------------------------------ the page


@pytest.mark.django_db
def test_the_browser_highlights_search_terms(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        response = client.get(BROWSER, {"q": "chemical weapons"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>chemical</mark>" in html and "<mark>weapons</mark>" in html
    assert "best matches first" in html


@pytest.mark.django_db
def test_a_search_that_finds_nothing_says_so_and_suggests_removing_filters(client):
    response = client.get(BROWSER, {"q": "xylophone", "theme": "drugs"})
    html = response.content.decode()
    assert "No paragraphs match this search" in html
    assert "remove every filter" in html


HOSTILE = [
    '"',
    '""""',
    '"unterminated phrase',
    "-",
    "- - -",
    "or",
    "OR OR OR",
    "NOT",
    "AND",
    "NEAR(chemical weapons, 3)",
    "chemical*",
    "text: chemical",
    "^chemical",
    "{text}: chemical",
    "'; DROP TABLE declarations_paragraph; --",
    "1' OR '1'='1",
    "chemical\x00weapons",
    "\x00",
    "!!!(((",
    "a & b | !c <-> d",
    "\\",
    "%_%",
    "ﷺ 中国 Россия",
    "x" * 10_000,
    "chemical " * 40,
]


@pytest.mark.django_db
@pytest.mark.parametrize("q", HOSTILE)
def test_any_search_input_gives_a_page_or_a_form_error(client, q):
    response = client.get(BROWSER, {"q": q})
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_very_long_search_is_a_form_error(client):
    response = client.get(BROWSER, {"q": "x" * 10_000})
    assert "Some filters could not be used" in response.content.decode()
    assert response.context["page"] is None


@pytest.mark.django_db
def test_an_exclusion_alone_is_a_form_error(client):
    response = client.get(BROWSER, {"q": "-weapons"})
    assert "a minus sign only excludes" in response.content.decode()


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    q=st.text(alphabet=st.characters(codec="utf-8"), max_size=80)
    | st.text(alphabet='"-() *orNOTAND:^ab', max_size=40)
)
def test_arbitrary_text_never_breaks_search(client, q):
    try:
        parsed = parse(q)
    except SearchSyntaxError:
        return
    list(searched(Paragraph.objects.public(), parsed).values_list("id", flat=True))
    assert client.get(BROWSER, {"q": q}).status_code == 200


@pytest.mark.django_db
def test_postgresql_keeps_the_search_vector_in_the_row():
    # Migration 0008: out of line, every match a search ranks read its vector from TOAST (issue 7).
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's FTS5 index is a table of its own: no vector in the row")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'declarations_paragraph'::regclass "
            "AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("m",)
    long_text = " ".join(f"Word{i} security cooperation terrorism" for i in range(600))
    paragraph = make_paragraph(make_document(), long_text)  # a row far past a page still stores
    assert searched(Paragraph.objects.filter(pk=paragraph.pk), "word599").exists()


@pytest.mark.django_db
def test_equally_relevant_paragraphs_come_oldest_first_then_by_id():
    from declarations.search import RankedIds

    newer = make_document(summit_slug="2019-bishkek")
    older = make_document(summit_slug="2013-bishkek")
    text = "Quokkas and wombats are discussed."
    created = [make_paragraph(newer, text), make_paragraph(older, text), make_paragraph(older, text)]
    stronger = make_paragraph(newer, "Quokkas, quokkas and quokkas: wombats, wombats and quokkas.")
    parsed = parse("quokkas wombats")
    ids = RankedIds(searched(Paragraph.objects.public(), parsed), parsed)[0:10]
    assert ids == [stronger.pk, created[1].pk, created[2].pk, created[0].pk]


@pytest.mark.django_db
def test_every_page_of_a_ranking_is_the_same_slice_of_one_full_ordering():
    from operator import itemgetter

    from declarations.search.backend import DATE, ID, KIND, RANK, RankedIds

    document = make_document()
    for i in range(40):  # many equal ranks among the seeds' matches
        make_paragraph(document, f"Cooperation number {i} on cooperation." if i % 3 else "Cooperation.")
    parsed = parse("cooperation")
    candidates = RankedIds(searched(Paragraph.objects.public(), parsed), parsed, candidates=50)
    rows = candidates.rows()[:50]
    assert len(rows) == 50
    # The ordering as two stable sorts give it: a document's own text before news, date and id first, then
    # rank (best first).
    by_date = sorted(rows, key=lambda row: (row[KIND] == "news", row[DATE], row[ID]))
    expected = [
        row[ID] for row in sorted(by_date, key=itemgetter(RANK), reverse=connection.vendor == "postgresql")
    ]
    assert candidates[:] == expected
    assert [pk for start in range(0, 50, 7) for pk in candidates[start : start + 7]] == expected
    assert candidates[0:1] == expected[:1] and candidates[49:70] == expected[49:]
