"""The quotation partials: "Quoted in" on a declaration paragraph, the quoted paragraph beside a news paragraph,
and a document's count; each within a small query budget, escaped, marks written by the template."""

import pytest
from django.template.loader import render_to_string

from declarations.models import Document, Paragraph, QuotationLink
from declarations.quotations.display import QUOTED_IN_LIMIT, excerpt
from declarations.quotations.links import refresh_paragraphs

from .factories import make_document, make_paragraph

pytestmark = pytest.mark.django_db


def paragraph(slug_start, number):
    return Paragraph.objects.select_related("document").get(
        document__slug__startswith=slug_start, number=number
    )


def render(name, **context):
    return render_to_string(f"declarations/{name}", context)


def test_a_quoted_declaration_paragraph_lists_the_article_its_date_publisher_and_marked_words(
    django_assert_max_num_queries,
):
    source = paragraph("2013-bishkek-declaration", 21)
    with django_assert_max_num_queries(2):
        html = render("_quoted_in.html", paragraph=source)
    assert '<h2 id="quoted-in-heading">Quoted in</h2>' in html
    assert "Shanghai Cooperation Organization Discusses Syria in Bishkek, para. 7" in html
    assert "The Moscow Times" in html
    assert '<time datetime="2013-09-13">13 September 2013</time>' in html
    assert "<mark>negotiations and consultations are the single effective way" in html
    news = paragraph("2013-09-13-shanghai", 7)
    assert f'href="{news.get_absolute_url()}"' in html


def test_a_news_paragraph_shows_the_declaration_paragraph_it_quotes_side_by_side(
    django_assert_max_num_queries,
):
    news = paragraph("2013-09-13-shanghai", 7)
    with django_assert_max_num_queries(1):
        html = render("_quotes_from.html", paragraph=news)
    assert html.count('class="quote-side"') == 2
    assert "<mark>negotiations and consultations are the single effective way" in html
    assert "<mark>negotiations and consultations are the only effective ways" in html
    assert f'href="{paragraph("2013-bishkek-declaration", 21).get_absolute_url()}"' in html
    assert "Quotation, 90% alike" in html


def test_paragraphs_without_links_render_nothing_and_ask_nothing_of_the_wrong_kind(django_assert_num_queries):
    declaration = paragraph("2013-bishkek-declaration", 2)
    news = paragraph("2013-09-13-shanghai", 7)
    with django_assert_num_queries(1):
        assert render("_quoted_in.html", paragraph=declaration).strip() == ""
    with django_assert_num_queries(0):
        assert render("_quoted_in.html", paragraph=news).strip() == ""
        assert render("_quotes_from.html", paragraph=declaration).strip() == ""


def test_a_rejected_link_is_not_shown():
    QuotationLink.objects.filter(source__number=21).update(origin=QuotationLink.Origin.REJECTED)
    assert render("_quoted_in.html", paragraph=paragraph("2013-bishkek-declaration", 21)).strip() == ""
    assert render("_quotes_from.html", paragraph=paragraph("2013-09-13-shanghai", 7)).strip() == ""


def test_a_document_page_counts_its_quoted_paragraphs(django_assert_max_num_queries):
    declaration = Document.objects.get(slug="2013-bishkek-declaration")
    with django_assert_max_num_queries(1):
        html = render("_quotation_count.html", document=declaration)
    assert "3 of its paragraphs were quoted in the news." in html
    news = Document.objects.get(seed_file__startswith="000_")
    assert "3 of its paragraphs quote the summit's declaration." in render(
        "_quotation_count.html", document=news
    )
    fragment = Document.objects.get(seed_file__startswith="004_")
    assert render("_quotation_count.html", document=fragment).strip() == ""


def test_text_is_escaped_and_only_the_template_writes_marks():
    document = make_document(
        kind=Document.Kind.NEWS, slug="escaping", title="<i>Escaping</i>", publisher="<b>P</b>"
    )
    news = make_paragraph(
        document,
        'The declaration read: "<script>x</script> the member states support the initiative aimed at subjecting the '
        'Syrian chemical weapons to international control".',
    )
    refresh_paragraphs([news])
    html = render("_quoted_in.html", paragraph=paragraph("2013-bishkek-declaration", 17))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<i>" not in html and "&lt;b&gt;P&lt;/b&gt;" in html
    assert html.count("<mark>") == 2  # the Moscow Times' paraphrase and this one


def quote_bishkek_21(times):
    """A news item whose every paragraph quotes Bishkek 2013's paragraph 21; returns that paragraph."""
    document = make_document(kind=Document.Kind.NEWS, slug="many", title="Many")
    rows = [
        make_paragraph(
            document,
            'The declaration read: "negotiations and consultations are the only effective ways '
            f'to preserve peace and stability on the Korean Peninsula" (item {n}).',
        )
        for n in range(times)
    ]
    refresh_paragraphs(rows)
    return paragraph("2013-bishkek-declaration", 21)


def test_a_much_quoted_paragraph_lists_the_first_articles_and_counts_the_rest(django_assert_max_num_queries):
    source = quote_bishkek_21(QUOTED_IN_LIMIT + 2)
    with django_assert_max_num_queries(2):
        html = render("_quoted_in.html", paragraph=source)
    assert html.count("<mark>") == QUOTED_IN_LIMIT
    assert "And 3 more news paragraphs." in html


def test_the_rest_of_a_much_quoted_paragraphs_articles_is_counted_up_to_a_cap(monkeypatch):
    from declarations.quotations import display

    source = quote_bishkek_21(QUOTED_IN_LIMIT + 2)
    monkeypatch.setattr(display, "MORE_CAP", 2)
    html = render("_quoted_in.html", paragraph=source)
    assert "And 2+ more news paragraphs." in html


@pytest.mark.parametrize(
    "text, start, end, expected",
    [
        ("abc def ghi", 4, 7, ("abc ", "def", " ghi")),
        ("abc", 5, 9, ("abc", "", "")),  # a span past an edited text's end is clamped
        ("x " * 200 + "WORD" + " y" * 200, 400, 404, None),
    ],
)
def test_an_excerpt_keeps_the_marked_words_whole_and_cuts_the_context_at_spaces(text, start, end, expected):
    result = excerpt(text, start, end)
    if expected is not None:
        assert (result.before, result.marked, result.after) == expected
    else:
        assert result.marked == "WORD"
        assert result.before.startswith("…") and result.after.endswith("…")
        assert len(result.before) <= 162 and len(result.after) <= 162
