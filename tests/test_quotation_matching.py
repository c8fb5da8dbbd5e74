"""The quotation matcher on the seeds and on hand-written examples (plain Python: no database)."""

from pathlib import Path

import pytest

from declarations.importing.shapes import decode, parse
from declarations.quotations.matching import PARAPHRASE, QUOTATION, SummitIndex, find_passages, worth_reading

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EXAMPLES = Path(__file__).resolve().parent / "data" / "quotation_examples"


def paragraphs(path):
    return [p.text for p in parse(decode(path.read_bytes())).paragraphs]


def links(news_texts, declaration_texts):
    index = SummitIndex((n, text) for n, text in enumerate(declaration_texts, 1))
    return {(n, m.source): m for n, text in enumerate(news_texts, 1) for m in index.match(n, text)}


@pytest.fixture(scope="module")
def bishkek():
    news = paragraphs(next(SEEDS.glob("000_*.txt")))
    declaration = paragraphs(next(SEEDS.glob("001_*.txt")))
    return news, declaration, links(news, declaration)


def test_the_moscow_times_quotes_and_paraphrase_are_linked_to_the_right_paragraphs(bishkek):
    _, _, found = bishkek
    assert {key: m.kind for key, m in found.items()} == {
        (7, 21): QUOTATION,
        (6, 18): QUOTATION,
        (5, 17): PARAPHRASE,
    }


def test_a_link_keeps_the_spans_of_both_texts(bishkek):
    news, declaration, found = bishkek
    link = found[(7, 21)]
    assert news[6][link.news_start : link.news_end].startswith(
        "negotiations and consultations are the single effective way"
    )
    matched = declaration[20][link.source_start : link.source_end]
    assert matched.startswith("negotiations and consultations are the only effective ways")
    assert "Korean Peninsula" in matched
    iran = found[(6, 18)]
    assert news[5][iran.news_start : iran.news_end] == (
        "the threat of military force and one-sided sanctions of individual governments"
    )
    assert (
        "threat of or the use of military force and unilateral sanctions by individual"
        in declaration[17][iran.source_start : iran.source_end]
    )
    assert 0 < iran.score <= 100


def test_a_leaders_own_words_are_not_declaration_text():
    declaration = [
        "The member states believe that negotiations and consultations are the only effective ways to preserve "
        "peace and stability on the Korean Peninsula."
    ]
    news = [
        '"Negotiations and consultations are the only effective ways to preserve peace and stability on the '
        'Korean Peninsula," Putin said.',
        'Xi told reporters: "Negotiations and consultations are the only effective ways to preserve peace and '
        'stability on the Korean Peninsula."',
        'The declaration read: "negotiations and consultations are the only effective ways to preserve peace and '
        'stability on the Korean Peninsula."',
    ]
    assert set(links(news, declaration)) == {(3, 1)}


def test_truncated_quotations_with_insertions_in_curly_quotes_are_found():
    declaration = [
        "The member states reaffirm that the Afghan problem cannot be solved by military means, and support an "
        "inclusive process of national reconciliation led and owned by the Afghans themselves.",
        "The member states will continue cooperation in culture, education, science and tourism.",
    ]
    news = [
        "The leaders backed \u201can inclusive process of national reconciliation [...] led by the Afghans "
        "themselves\u201d and said \u201cthe [Afghan] problem cannot be solved ... by military means.\u201d"
    ]
    found = links(news, declaration)
    assert list(found) == [(1, 1)]
    assert found[(1, 1)].kind == QUOTATION


def test_an_attributed_sentence_in_the_declarations_own_words_is_a_quotation():
    declaration = [
        "The member states attach importance to the sustainable implementation of the Joint Comprehensive Plan "
        "of Action on the Iranian nuclear program.",
    ]
    news = [
        "The member states attach importance to the sustainable implementation of the Joint Comprehensive Plan "
        "of Action on the Iranian nuclear program, the declaration read.",
        "The member states said they valued a lasting implementation of the Iran nuclear deal, the document said.",
    ]
    found = links(news, declaration)
    assert found[(1, 1)].kind == QUOTATION
    assert found.get((2, 1)) is None or found[(2, 1)].kind == PARAPHRASE


def test_a_text_that_quotes_nothing_has_no_passages_and_no_links():
    text = "The leaders toured an exhibition of crafts and watched a concert of folk music in the evening."
    assert not worth_reading(text)
    assert find_passages(text) == []
    assert links([text], ["The member states will continue cooperation in culture and tourism."]) == {}


def test_a_passage_shorter_than_three_content_words_links_nothing():
    declaration = [
        "The member states support the six-party talks on the nuclear problem of the Korean Peninsula."
    ]
    assert links(['They spoke of the "six" again.'], declaration) == {}


def test_the_development_examples_are_all_found_and_nothing_else():
    import tomllib

    labels = tomllib.loads((EXAMPLES / "links.toml").read_text())["link"]
    texts = {p.name: paragraphs(p) for p in [*EXAMPLES.glob("*.txt"), *SEEDS.glob("00[01]_*.txt")]}
    summits = {  # the examples' declarations and, by summit, the news items written for them
        "101_dushanbe_declaration.txt": [
            "102_dushanbe_news_quotes.txt",
            "103_dushanbe_news_paraphrase.txt",
            "104_dushanbe_news_other_summit.txt",
        ],
        "001_d8c982eaffdaa9bf.txt": [
            "000_20ba804d8d0fad59.txt",
            "105_bishkek_news_no_quotes.txt",
            "106_bishkek_news_paraphrase.txt",
        ],
    }
    found = set()
    for declaration, news_files in summits.items():
        for name in news_files:
            for (news_number, source_number), match in links(texts[name], texts[declaration]).items():
                found.add((name, news_number, declaration, source_number, match.kind))
    expected = {
        (x["news"], x["news_paragraph"], x["declaration"], x["declaration_paragraph"], x["kind"])
        for x in labels
    }
    assert found == expected


def test_a_sentence_naming_another_summits_declaration_is_matched_with_that_declaration():
    from declarations.quotations.matching import Archive, SummitInfo

    texts = {
        "bishkek-2013": [
            "The member states reaffirm that the unilateral and unlimited build-up of missile defense systems by "
            "one state or group of states can be detrimental to the strategic stability and international security."
        ],
        "astana-2017": [
            "The member states note that the unilateral and unlimited build-up of missile defence systems by one "
            "state or a group of states is detrimental to international security and stability in the region."
        ],
        "qingdao-2018": [
            "The member states consider that the unilateral and unlimited build-up of missile defense systems by "
            "a state or a group of states undermines strategic stability and international security."
        ],
    }
    summits = [
        SummitInfo("bishkek-2013", "Bishkek", 2013),
        SummitInfo("astana-2017", "Astana", 2017),
        SummitInfo("qingdao-2018", "Qingdao", 2018),
    ]
    archive = Archive(summits, lambda key: [((key, n), t) for n, t in enumerate(texts[key], 1)])
    quote = (
        '"unilateral and unlimited build-up of missile defense systems by one state or group of states" could be '
        '"detrimental to the strategic stability and international security."'
    )

    def sources(text):
        return [m.source for m in archive.match("news", "qingdao-2018", text)]

    assert sources(f"As far back as 2013, the Bishkek Declaration warned that the {quote}") == [
        ("bishkek-2013", 1)
    ]
    assert sources(f"Last year's Astana Declaration warned that the {quote}") == [("astana-2017", 1)]
    assert sources(f"The declaration warned that the {quote}") == [("qingdao-2018", 1)]
