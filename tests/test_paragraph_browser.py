"""The paragraph browser /paragraphs/: filters, facets, ordering, pagination that keeps the filters."""

import datetime
import re
from collections import namedtuple
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from declarations import search
from declarations.models import Paragraph, State, Summit, Theme
from declarations.search import counts as browsing
from declarations.search.query import START, STOP
from declarations.views.paragraphs import facet_url

from .factories import make_document, make_paragraph, make_paragraphs, theme, year_start

BROWSER = reverse("declarations:paragraph_list")
# The three option lists, the chosen options' validation, the count and facets (summary table) or the bounded
# count, the facets' labels, the quoted facet's bounded count, the page's ids, rows, tags and states, the
# highlights, and on PostgreSQL the search's planner estimate: whatever the number of paragraphs.
MAX_QUERIES = 16


def shown(response):
    return [(p.document.slug, p.number) for p in response.context["page"]]


@pytest.mark.django_db
def test_it_lists_every_public_paragraph_oldest_first(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(BROWSER)
    page = response.context["page"]
    assert page.paginator.count == Paragraph.objects.public().count() == 51
    dates = [p.date for p in page]
    assert dates == sorted(dates)
    assert b"51 paragraphs" in response.content


@pytest.mark.django_db
def test_every_filter_at_once_stays_within_the_query_budget(client, django_assert_max_num_queries):
    document = make_document()
    make_paragraphs(
        document,
        30,
        text="Drug trafficking from Afghanistan.",
        themes=["drugs", "afghanistan"],
        states=["russia", "china"],
    )
    query = {
        "q": "drug trafficking",
        "theme": ["drugs", "afghanistan"],
        "summit": ["2013-bishkek", "2018-qingdao"],
        "state": ["russia", "china"],
        "kind": "statement",
        "year_from": 2010,
        "year_to": 2020,
        "o": "relevance",
    }
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(BROWSER, query)
    assert response.context["page"].paginator.count == 30


@pytest.mark.django_db
def test_filtering_by_the_afghanistan_theme_shows_only_paragraphs_about_afghanistan(client):
    response = client.get(BROWSER, {"theme": "afghanistan"})
    paragraphs = list(response.context["page"])
    # the Bishkek declaration's paragraph on Afghanistan; the two news lines that only list Afghanistan among the
    # observer states are not the theme (its scope note, issue 19)
    assert [(p.document.slug, p.number) for p in paragraphs] == [("2013-bishkek-declaration", 14)]
    for paragraph in paragraphs:
        assert "afghanistan" in {label.slug for label in paragraph.theme_labels}
        assert "Afghan" in paragraph.html


@pytest.mark.django_db
def test_a_parent_theme_includes_its_sub_themes(client):
    document = make_document()
    tagged = make_paragraph(document, themes=["drugs"])
    response = client.get(BROWSER, {"theme": "security", "summit": "2013-bishkek", "kind": "statement"})
    assert shown(response) == [(document.slug, tagged.number)]


@pytest.mark.django_db
def test_two_themes_require_both(client):
    document = make_document()
    both = make_paragraph(document, themes=["drugs", "health"])
    make_paragraph(document, themes=["drugs"])
    make_paragraph(document, themes=["health"])
    response = client.get(BROWSER, {"theme": ["drugs", "health"], "kind": "statement"})
    assert shown(response) == [(document.slug, both.number)]


@pytest.mark.django_db
def test_several_summits_are_alternatives(client):
    response = client.get(BROWSER, {"summit": ["2013-bishkek", "2018-qingdao"]})
    assert response.context["page"].paginator.count == 51
    response = client.get(BROWSER, {"summit": "2018-qingdao"})
    assert {p.summit.slug for p in response.context["page"]} == {"2018-qingdao"}


@pytest.mark.django_db
def test_state_filter_finds_paragraphs_naming_every_chosen_state(client):
    response = client.get(BROWSER, {"state": ["russia", "syria"]})
    for paragraph in response.context["page"]:
        assert {"russia", "syria"} <= {label.slug for label in paragraph.state_labels}
    assert response.context["page"].paginator.count >= 1


@pytest.mark.django_db
def test_kind_and_year_range_filter_on_the_paragraphs_own_columns(client):
    response = client.get(BROWSER, {"kind": "declaration"})
    assert {p.kind for p in response.context["page"]} == {"declaration"}
    response = client.get(BROWSER, {"year_from": 2014, "year_to": 2020})
    assert {p.summit.slug for p in response.context["page"]} == {"2018-qingdao"}


@pytest.mark.django_db
def test_newest_first_reverses_the_order(client):
    response = client.get(BROWSER, {"o": "-date"})
    assert next(iter(response.context["page"])).summit.slug == "2018-qingdao"


@pytest.mark.django_db
def test_searching_orders_by_relevance_unless_told_otherwise(client):
    response = client.get(BROWSER, {"q": "chemical weapons"})
    assert response.context["ordering"] == "relevance"
    response = client.get(BROWSER, {"q": "chemical weapons", "o": "date"})
    dates = [p.date for p in response.context["page"]]
    assert dates == sorted(dates)


@pytest.mark.django_db
def test_facets_count_the_current_results_and_link_to_add_a_filter(client):
    response = client.get(BROWSER, {"q": "chemical weapons"})
    facets = response.context["facets"]
    assert {f.label: f.count for f in facets["summit"]} == {"Bishkek 2013": 3, "Qingdao 2018": 4}
    assert {f.label: f.count for f in facets["kind"]} == {"News article": 6, "Declaration": 1}
    arms = next(f for f in facets["theme"] if f.label.startswith("Arms control"))
    assert arms.count == 7
    params = parse_qs(urlsplit(arms.url).query)
    assert params == {"q": ["chemical weapons"], "theme": ["arms-control"]}


@pytest.mark.django_db
def test_a_chosen_facet_links_to_removing_it(client):
    response = client.get(BROWSER, {"theme": ["drugs", "security"]})
    drugs = next(f for f in response.context["facets"]["theme"] if f.label == "Drugs")
    assert drugs.selected
    assert parse_qs(urlsplit(drugs.url).query) == {"theme": ["security"]}


@pytest.mark.django_db
def test_pagination_keeps_every_filter(client, django_assert_max_num_queries):
    document = make_document()
    make_paragraphs(document, 30, themes=["drugs", "health"], states=["russia"])
    query = {"theme": ["drugs", "health"], "summit": "2013-bishkek", "kind": "statement", "o": "-date"}
    with django_assert_max_num_queries(MAX_QUERIES):
        first = client.get(BROWSER, query)
    assert first.context["page"].paginator.count == 30
    html = first.content.decode()
    assert 'rel="next"' in html
    next_href = html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    last = first.context["page"][-1]
    assert parse_qs(urlsplit(next_href).query) == {
        **{k: v if isinstance(v, list) else [v] for k, v in query.items()},
        "page": ["2"],
        "after": [f"{last.date.isoformat()}.{last.pk}"],
    }
    with django_assert_max_num_queries(MAX_QUERIES):
        second = client.get(BROWSER + next_href)
    assert len(second.context["page"]) == 5
    assert not set(shown(first)) & set(shown(second))


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["999999999999", "-1", "0", "abc", "1e9", "", "2.5", "9" * 400])
def test_any_page_number_gives_a_page(client, page):
    response = client.get(BROWSER, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number in (1, 3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, field",
    [
        ({"o": ","}, "o"),
        ({"o": "-id"}, "o"),
        ({"theme": "no-such-theme"}, "theme"),
        ({"summit": "1999-atlantis"}, "summit"),
        ({"state": "narnia"}, "state"),
        ({"kind": "poem"}, "kind"),
        ({"year_from": "twenty"}, "year_from"),
        ({"year_from": "1"}, "year_from"),
        ({"year_from": "2020", "year_to": "2010"}, "year_to"),
        ({"theme": ["drugs"] * 31}, "theme"),
    ],
)
def test_an_invalid_filter_is_a_form_error_shown_on_the_page(client, params, field):
    response = client.get(BROWSER, params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["page"] is None
    assert "Some filters could not be used" in response.content.decode()


@pytest.mark.django_db
def test_unpublished_paragraphs_never_appear(client):
    document = make_document(published=False)
    make_paragraph(document, themes=["drugs"])
    response = client.get(BROWSER, {"summit": "2013-bishkek", "kind": "statement"})
    assert response.context["page"].paginator.count == 0


@pytest.mark.django_db
def test_each_result_links_its_document_summit_and_permalink(client):
    response = client.get(BROWSER, {"q": "jcpoa"})
    html = response.content.decode()
    paragraph = Paragraph.objects.get(document__slug__startswith="2018-qingdao", number=3)
    assert f'href="{paragraph.get_absolute_url()}"' in html
    assert f'href="{paragraph.document.get_absolute_url()}#p3"' in html
    assert f'href="{paragraph.summit.get_absolute_url()}"' in html


# ------------------------------------------------------------------ bounded work at scale (issue 7)
# The caps (1,000 counted, 1,000 ranked, 10,000 reachable) are set low here so a few dozen paragraphs cross them.


@pytest.mark.django_db
def test_a_count_past_the_cap_shows_a_plus_and_its_facets_say_they_are_bounded(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(browsing, "COUNT_CAP", 20)
    document = make_document(summit_slug="2018-qingdao")
    make_paragraphs(document, 30, themes=["drugs"])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(BROWSER, {"theme": "drugs", "summit": "2018-qingdao"})
    facets = response.context["facets"]
    assert response.context["counts"].capped
    assert sum(f.count for f in facets["summit"]) == 20
    assert next(f for f in facets["theme"] if f.label == "Drugs").count == 20
    html = response.content.decode()
    assert "20+ paragraphs" in html
    assert "counted among the first 20" in html
    # every result stays reachable: the pages no longer say how many there are, only whether one follows
    assert len(response.context["page"]) == 25
    assert 'rel="next"' in html and "Page 1 of" not in html
    second = client.get(BROWSER, {"theme": "drugs", "summit": "2018-qingdao", "page": 2})
    assert len(second.context["page"]) == 5
    assert 'rel="next"' not in second.content.decode()
    third = client.get(BROWSER, {"theme": "drugs", "summit": "2018-qingdao", "page": 3})
    assert third.status_code == 200
    assert "The results end before page 3" in third.content.decode()


@pytest.mark.django_db
def test_below_the_cap_counts_are_exact_and_unlabelled(client, monkeypatch):
    monkeypatch.setattr(browsing, "COUNT_CAP", 20)
    response = client.get(BROWSER, {"q": "chemical weapons"})
    assert not response.context["counts"].capped
    assert response.context["counts"].shown_total == 7
    assert "counted among" not in response.content.decode()


@pytest.mark.django_db
def test_a_search_ranks_only_its_first_candidates_and_says_so(client, monkeypatch):
    monkeypatch.setattr(search, "RANK_CANDIDATES", 10)
    document = make_document()
    repeats = {}
    for i in range(30):
        n = i % 3 + 1
        paragraph = make_paragraph(document, " ".join(["A zanzibarian proposal."] * n))
        repeats[paragraph.pk] = n
    response = client.get(BROWSER, {"q": "zanzibarian"})
    page = response.context["page"]
    assert response.context["counts"].shown_total == 30  # counted exactly: below the count cap
    assert page.paginator.count == 10 and len(page) == 10  # only the ranked candidates are listed
    ranks = [repeats[p.pk] for p in page]
    assert ranks == sorted(ranks, reverse=True)  # best first among them
    assert "30 paragraphs match" in response.content.decode()
    assert "only the first 10 matches are ranked" in response.content.decode()
    response = client.get(BROWSER, {"q": "zanzibarian", "o": "date"})
    assert response.context["page"].paginator.count == 30  # by date, every match is reachable
    assert "are ranked" not in response.content.decode()


@pytest.mark.django_db
def test_a_page_beyond_reach_gives_the_last_reachable_page_and_says_so(client, monkeypatch):
    monkeypatch.setattr(search, "MAX_REACHABLE", 30)
    response = client.get(BROWSER, {"page": 5})
    page = response.context["page"]
    assert response.status_code == 200
    assert page.number == 2 and len(page) == 5
    assert page.paginator.num_pages == 2
    html = response.content.decode()
    assert "51 paragraphs" in html  # the count stays true
    assert "Page 5 is past the last page that can be shown" in html
    assert "only the first 30 results can be paged through" in html
    response = client.get(BROWSER, {"page": 2})
    assert "past the last page" not in response.content.decode()
    assert "Only the first 30 results can be paged through" in response.content.decode()


@pytest.mark.django_db
def test_a_deep_page_lists_the_same_paragraphs_as_the_plain_order(client, monkeypatch):
    document = make_document()
    make_paragraphs(document, 60, themes=["health"])
    expected = list(
        Paragraph.objects.public()
        .tagged(theme("health"))
        .order_by("-date", "-id")
        .values_list("id", flat=True)
    )
    shown_ids = []
    for number in (1, 2, 3):
        response = client.get(BROWSER, {"theme": "health", "o": "-date", "page": number})
        shown_ids += [p.pk for p in response.context["page"]]
    assert shown_ids == expected[:75]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [{}, {"summit": "2013-bishkek"}, {"kind": "news"}, {"summit": ["2018-qingdao"], "kind": "declaration"}],
)
def test_the_summary_table_and_the_bounded_count_agree(client, params):
    document = make_document()
    make_paragraph(document, themes=["drugs", "terrorism"])  # two sub-themes of security: counted once there
    response = client.get(BROWSER, params)
    filterset = response.context["filter"]
    assert browsing.summary_counts_it(filterset.form.cleaned_data)
    from_summary = browsing.from_summary(
        filterset.form.cleaned_data.get("summit") or (), filterset.form.cleaned_data.get("kind") or None
    )
    counted = browsing.bounded(filterset.qs)
    assert (from_summary.total, from_summary.by_summit, from_summary.by_kind, from_summary.by_theme) == (
        counted.total,
        counted.by_summit,
        counted.by_kind,
        counted.by_theme,
    )


@pytest.mark.django_db
def test_a_search_past_both_caps_is_counted_and_ranked_from_one_query_of_its_candidates(client, monkeypatch):
    monkeypatch.setattr(browsing, "COUNT_CAP", 10)
    monkeypatch.setattr(search, "RANK_CANDIDATES", 10)
    document = make_document()
    for i in range(30):
        make_paragraph(document, " ".join(["A zanzibarian proposal."] * (i % 3 + 1)))
    recounts = []
    monkeypatch.setattr(browsing, "bounded", lambda *args, **kwargs: recounts.append(args))
    response = client.get(BROWSER, {"q": "zanzibarian"})
    assert recounts == []  # the candidates told the count: no second search for it
    _facets, page = response.context["facets"], response.context["page"]
    assert response.context["counts"].capped and response.context["counts"].shown_total == 10
    assert len(page) == 10 and not page.has_next()
    html = response.content.decode()
    assert "10+ paragraphs match" in html and "only the first 10 matches are ranked" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": "terrorism"},
        {"q": "cooperation", "theme": "security"},
        {"q": "states", "theme": ["economy", "trade-investment"]},
        {"q": "zanzibarian", "theme": "security"},
    ],
)
def test_a_ranked_search_counts_from_its_candidates_what_the_bounded_count_gives(client, params):
    document = make_document()
    # two sub-themes of security on one paragraph: counted once for security either way
    make_paragraphs(document, 3, text="Zanzibarian terrorism and drugs.", themes=["drugs", "terrorism"])
    response = client.get(BROWSER, params)
    filterset = response.context["filter"]
    assert filterset.ordering == "relevance"
    candidates = filterset.results().ids.rows()
    assert candidates, "each search should find something in the seeds"
    from_candidates = browsing.from_candidates(candidates)
    counted = browsing.bounded(filterset.qs)
    assert (
        from_candidates.total,
        from_candidates.by_summit,
        from_candidates.by_kind,
        from_candidates.by_theme,
    ) == (
        counted.total,
        counted.by_summit,
        counted.by_kind,
        counted.by_theme,
    )
    assert response.context["counts"].shown_total == counted.total


Checkbox = namedtuple("Checkbox", "value id label checked child label_for")


def checkbox_items(html, name):
    """Every checkbox named `name` in the page, in order."""
    pattern = re.compile(
        r'<li( class="child")?><label for="([^"]+)"><input type="checkbox" name="'
        + name
        + r'" value="([^"]*)" id="([^"]+)"( checked)?> ([^<]*)</label></li>'
    )
    return [
        Checkbox(value, input_id, label, bool(checked), bool(child), label_for)
        for child, label_for, value, input_id, checked, label in pattern.findall(html)
    ]


@pytest.mark.django_db
def test_the_checkbox_lists_offer_every_choice_labelled_grouped_and_ticked(client):
    html = client.get(BROWSER, {"theme": "drugs", "summit": "2018-qingdao"}).content.decode()
    themes = checkbox_items(html, "theme")
    assert len(themes) == Theme.objects.count()
    assert all(box.id == box.label_for for box in themes)
    assert [box.value for box in themes if box.checked] == ["drugs"]
    by_slug = {t.slug: t for t in Theme.objects.all()}
    assert [(box.label, box.child) for box in themes] == [
        (by_slug[box.value].name, by_slug[box.value].parent_id is not None) for box in themes
    ]
    position = {box.value: i for i, box in enumerate(themes)}
    for t in Theme.objects.filter(parent__isnull=False).select_related("parent"):
        assert position[t.parent.slug] < position[t.slug]  # a sub-theme follows its parent
    summits = checkbox_items(html, "summit")
    assert [box.label for box in summits] == [str(s) for s in Summit.objects.order_by("start_date")]
    assert [box.value for box in summits if box.checked] == ["2018-qingdao"]
    states = checkbox_items(html, "state")
    assert [box.label for box in states] == [str(s) for s in State.objects.all()]
    assert not any(box.checked for box in states)


@pytest.mark.django_db
def test_the_checkbox_lists_follow_each_request_and_each_edit(client):
    ticked = checkbox_items(client.get(BROWSER, {"theme": "drugs"}).content.decode(), "theme")
    assert [box.value for box in ticked if box.checked] == ["drugs"]
    assert not any(box.checked for box in checkbox_items(client.get(BROWSER).content.decode(), "theme"))
    theme = Theme.objects.get(slug="drugs")
    theme.name = "Narcotics, renamed by staff"
    theme.save()
    labels = [box.label for box in checkbox_items(client.get(BROWSER).content.decode(), "theme")]
    assert "Narcotics, renamed by staff" in labels
    errors = client.get(BROWSER, {"theme": "no-such-theme"}).content.decode()
    assert "no-such-theme" in errors and 'class="error"' in errors


@pytest.mark.django_db
def test_choice_and_facet_labels_are_escaped(client):
    State.objects.filter(slug="syria").update(short_name='<script>alert("x")</script>')
    Theme.objects.filter(slug="drugs").update(name="<b onclick=alert(1)>Drugs</b>")
    html = client.get(BROWSER).content.decode()
    assert "<script>alert" not in html and "<b onclick" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html  # a checkbox label
    facets = html[html.index('<details class="facets"') :]
    assert "&lt;b onclick=alert(1)&gt;Drugs&lt;/b&gt;" in facets  # a facet label


@pytest.mark.parametrize(
    ("query", "key", "value", "single", "expected"),
    [
        ("", "theme", "drugs", False, "?theme=drugs"),
        ("page=3", "theme", "drugs", False, "?theme=drugs"),
        ("theme=a&q=x", "theme", "b", False, "?theme=a&theme=b&q=x"),
        ("theme=a&q=x&theme=b", "theme", "a", False, "?theme=b&q=x"),
        ("q=x&kind=news&o=date", "kind", "declaration", True, "?q=x&kind=declaration&o=date"),
        ("q=x&kind=news", "kind", "news", True, "?q=x"),
        ("q=a+b%26c", "summit", "2013-bishkek", False, "?q=a+b%26c&summit=2013-bishkek"),
    ],
)
def test_a_facet_link_adds_or_removes_its_filter_and_keeps_the_others(query, key, value, single, expected):
    assert facet_url(QueryDict(query), key, value, single=single) == expected


@pytest.mark.django_db
def test_the_cached_option_lists_follow_staff_edits(client):
    client.get(BROWSER)  # fills the cache
    drugs = Theme.objects.get(slug="drugs")
    drugs.name = "Narcotics"
    drugs.save()
    html = client.get(BROWSER).content.decode()
    assert "> Narcotics</label>" in html and "> Drugs</label>" not in html
    russia = State.objects.get(slug="russia")
    russia.short_name = "Russian Federation (renamed)"
    russia.save()
    assert "> Russian Federation (renamed)</label>" in client.get(BROWSER).content.decode()


# ------------------------------------------------------------------ keyset paging (issue 7: deep pages)


def link(response, rel):
    html = response.content.decode()
    if f'rel="{rel}"' not in html:
        return None
    return html.split(f'rel="{rel}"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")


def ids_of(response):
    return [p.pk for p in response.context["page"]]


@pytest.fixture
def many_paragraphs():
    """A hundred and twenty paragraphs on three dates, so that many rows share a date and ids break the ties."""
    for slug, year in (("2013-bishkek", 2013), ("2018-qingdao", 2018), ("2019-bishkek", 2019)):
        make_paragraphs(make_document(summit_slug=slug, date=year_start(year)), 40, themes=["drugs"])


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["date", "-date"])
def test_next_and_previous_walk_from_a_cursor_and_show_what_page_numbers_show(client, many_paragraphs, order):
    query = {"theme": "drugs", "o": order}
    first = client.get(BROWSER, query)
    count = first.context["page"].paginator.count
    assert count > 120  # the seeds' drug paragraphs and these
    numbered = [ids_of(client.get(BROWSER, {**query, "page": n})) for n in range(1, -(-count // 25) + 1)]
    assert len({pk for page in numbered for pk in page}) == sum(map(len, numbered)) == count

    response, walked = first, []
    while True:
        walked.append(ids_of(response))
        href = link(response, "next")
        if not href:
            break
        assert "after=" in href
        response = client.get(BROWSER + href)
    assert walked == numbered

    backwards = []
    while True:
        backwards.append(ids_of(response))
        href = link(response, "prev")
        if not href:
            break
        response = client.get(BROWSER + href)
    assert backwards == numbered[::-1]
    assert response.context["page"].number == 1


@pytest.mark.django_db
def test_a_page_reached_by_its_cursor_walks_an_index_from_there_not_from_the_start(
    client, many_paragraphs, django_assert_max_num_queries
):
    second = client.get(BROWSER, {"theme": "drugs", "page": 2})
    href = link(second, "next")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(MAX_QUERIES):
        third = client.get(BROWSER + href)
    assert ids_of(third) == ids_of(client.get(BROWSER, {"theme": "drugs", "page": 3}))
    assert not [q["sql"] for q in queries if "OFFSET" in q["sql"].upper()]
    assert "Page 3 of " in third.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "",
        ".",
        "2013-13-40.5",
        "2013-01-01",
        "2013-01-01.",
        "2013-01-01.-5",
        "2013-01-01.0",
        "2013-01-01.5.5",
        "2013-01-01.99999999999999999999999",
        "2013-01-01.9223372036854775808",  # one past the largest bigint
        "2013-01-01.١٢",  # digits of another script
        "x" * 5000,
    ],
)
def test_a_cursor_that_cannot_be_read_is_ignored(client, many_paragraphs, cursor):
    expected = ids_of(client.get(BROWSER, {"theme": "drugs", "page": 2}))
    for key in ("after", "before"):
        response = client.get(BROWSER, {"theme": "drugs", "page": 2, key: cursor})
        assert response.status_code == 200
        assert ids_of(response) == expected


@pytest.mark.django_db
def test_a_cursor_is_ignored_on_the_first_page_and_when_ranking(client, many_paragraphs):
    first = ids_of(client.get(BROWSER, {"theme": "drugs"}))
    assert ids_of(client.get(BROWSER, {"theme": "drugs", "after": "2019-01-01.1"})) == first
    response = client.get(BROWSER, {"q": "test paragraph", "theme": "drugs"})
    assert response.context["ordering"] == "relevance"
    assert link(response, "next") and "after=" not in link(response, "next")
    ranked_second = ids_of(client.get(BROWSER, {"q": "test paragraph", "theme": "drugs", "page": 2}))
    with_cursor = client.get(
        BROWSER, {"q": "test paragraph", "theme": "drugs", "page": 2, "after": "2013-01-01.1"}
    )
    assert ids_of(with_cursor) == ranked_second


def cursor_of(paragraph):
    return f"{paragraph.date.isoformat()}.{paragraph.pk}"


@pytest.mark.django_db
def test_a_previous_link_whose_rows_are_gone_counts_from_the_start(client, many_paragraphs):
    query = {"theme": "drugs"}
    numbered = {n: client.get(BROWSER, {**query, "page": n}).context["page"] for n in (1, 3, 4, 5)}
    # a cursor is honoured: "page 3, before page 5's first row" lists page 4's rows (a stale link's label)
    before_five = client.get(BROWSER, {**query, "page": 3, "before": cursor_of(numbered[5][0])})
    assert ids_of(before_five) == [p.pk for p in numbered[4]]
    # page 3 "before" the very first row: nothing precedes it, so the page number decides
    response = client.get(BROWSER, {**query, "page": 3, "before": cursor_of(numbered[1][0])})
    assert ids_of(response) == [p.pk for p in numbered[3]]


@pytest.mark.django_db
def test_with_both_cursors_the_page_follows_after(client, many_paragraphs):
    query = {"theme": "drugs"}
    second, fourth = (client.get(BROWSER, {**query, "page": n}).context["page"] for n in (2, 4))
    response = client.get(
        BROWSER, {**query, "page": 3, "after": cursor_of(second[-1]), "before": cursor_of(fourth[0])}
    )
    assert ids_of(response) == ids_of(client.get(BROWSER, {**query, "page": 3}))
    assert response.context["page"].number == 3


def test_facet_links_drop_where_the_page_is():
    params = QueryDict("theme=drugs&page=3&after=2013-01-01.5&before=2013-01-01.9")
    assert parse_qs(urlsplit(facet_url(params, "kind", "declaration", single=True)).query) == {
        "theme": ["drugs"],
        "kind": ["declaration"],
    }


@pytest.mark.django_db
def test_a_search_s_results_carry_the_highlights_django_s_headline_gives():
    parsed = search.parse("cooperation")
    ids = list(search.matching(Paragraph.objects.public(), parsed).values_list("id", flat=True))
    results = search.paragraph_rows(ids, parsed)
    assert len(results) == len(ids) > 5
    assert all("<mark>" in str(result.highlighted) for result in results)
    assert all(isinstance(result.date, datetime.date) for result in results)
    if connection.vendor == "postgresql":  # the results' own SQL against the ORM's SearchHeadline
        from django.contrib.postgres.search import SearchHeadline, SearchQuery

        query = SearchQuery(parsed.as_websearch(), search_type="websearch", config="english")
        headline = SearchHeadline(
            "text", query, config="english", start_sel=START, stop_sel=STOP, highlight_all=True
        )
        expected = Paragraph.objects.filter(id__in=ids).annotate(h=headline).values_list("id", "h")
        assert {r.pk: r.highlighted for r in results} == {pk: search.marked(h) for pk, h in expected}
        assert search.highlights(Paragraph, parsed, ids) == {r.pk: r.highlighted for r in results}


@pytest.mark.django_db
def test_on_equal_relevance_a_declaration_comes_before_the_news_about_it(client):
    news = make_document(kind="news", summit_slug="2018-qingdao")
    declaration = make_document(kind="declaration", summit_slug="2018-qingdao")
    make_paragraph(news, "The zanzibarian initiative was welcomed.")  # the older row: it would win the tie
    make_paragraph(declaration, "The zanzibarian initiative was welcomed.")
    results = [row.document.kind for row in client.get(BROWSER, {"q": "zanzibarian"}).context["page"]]
    assert results == ["declaration", "news"]


@pytest.mark.django_db
def test_the_quoted_filter_lists_the_declaration_paragraphs_the_news_quotes_and_counts_them(client):
    from declarations.models import Document
    from declarations.quotations.links import refresh_document

    refresh_document(
        Document.objects.get(slug="2013-09-13-shanghai-cooperation-organization-discusses-syria-in-bishkek")
    )
    response = client.get(BROWSER, {"quoted": "on"})
    shown_numbers = sorted(p.number for p in response.context["page"])
    assert shown_numbers == [17, 18, 21]
    # A filter the summary table is not keyed by: counted over its matches, so the count is right.
    assert response.context["counts"].total == 3 and not response.context["counts"].capped
    facet = response.context["facets"]["quoted"][0]
    assert facet.count == 3 and facet.selected
    unfiltered = client.get(BROWSER).context["facets"]["quoted"][0]
    assert unfiltered.count == 3 and not unfiltered.selected


@pytest.mark.django_db
def test_every_result_links_to_its_paragraph_as_reverse_writes_it(client):
    rows = list(client.get(BROWSER, {"o": "-date"}).context["page"])
    expected = {
        p.pk: reverse("declarations:paragraph_detail", args=[p.document.slug, p.number])
        for p in Paragraph.objects.filter(pk__in=[r.pk for r in rows]).select_related("document")
    }
    assert rows and all(row.url == expected[row.pk] for row in rows)
