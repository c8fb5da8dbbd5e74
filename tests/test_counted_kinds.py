"""Statistics count the summits' own texts unless the reader switches news in, and say which they count
(issue 16: a summit held only through news must not read as a trend)."""

import pytest

from declarations.models import Summit

pytestmark = pytest.mark.django_db


def test_the_heatmap_leaves_news_out_until_it_is_switched_in(client):
    # Qingdao 2018 is held only through a news fragment.
    official = client.get("/themes/").content.decode()
    assert "news articles are left out" in official
    assert "Terrorism, separatism and extremism at Qingdao 2018" not in official
    with_news = client.get("/themes/", {"news": "1"}).content.decode()
    assert "news articles included" in with_news
    assert "Terrorism, separatism and extremism at Qingdao 2018:" in with_news


def test_a_theme_timeline_counts_the_same_way(client):
    official = client.get("/themes/terrorism/")
    with_news = client.get("/themes/terrorism/", {"news": "on"})
    qingdao = Summit.objects.get(slug="2018-qingdao")
    share = {r["summit"].pk: r["point"].count for r in official.context["points"]}
    share_with_news = {r["summit"].pk: r["point"].count for r in with_news.context["points"]}
    assert share[qingdao.pk] == 0 < share_with_news[qingdao.pk]
    assert "news articles are left out" in official.content.decode()


def test_a_summit_held_only_through_news_says_so_and_can_show_what_the_news_dwell_on(client):
    official = client.get("/summits/2018-qingdao/")
    assert official.context["themes"] == []
    assert "own texts with a theme yet" in official.content.decode()
    with_news = client.get("/summits/2018-qingdao/", {"news": "1"})
    assert with_news.context["themes"]


def test_a_summit_with_its_declaration_counts_the_declaration(client):
    themes = client.get("/summits/2013-bishkek/").context["themes"]
    assert themes and all(t["n"] > 0 for t in themes)
