"""Hostile text renders inert; hostile URL parameters never cause a 500."""

from html.parser import HTMLParser

import pytest

from .factories import make_document, make_paragraph

HOSTILE_TEXT = (
    'Chemical weapons <script>alert("x")</script> and <img src=x onerror="alert(1)"> '
    '[a link](javascript:alert(2)) and <a href="javascript:alert(3)">another</a> '
    '<iframe src="http://evil.example/"></iframe> <b onclick="alert(4)">bold</b>'
)


@pytest.fixture
def hostile(db):
    document = make_document(title='<script>alert("title")</script>', publisher="<b>Evil</b>")
    return make_paragraph(document, HOSTILE_TEXT, themes=["arms-control"], states=["syria"])


class ActiveContent(HTMLParser):
    """Collects what a browser would run: script-like elements, event handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        given = dict(attrs)
        # The site's own: JSON-LD metadata (data, not run) and its self-hosted scripts.
        own = tag == "script" and (
            given.get("type") == "application/ld+json" or (given.get("src") or "").startswith("/static/")
        )
        if tag in {"script", "iframe", "object", "embed"} and not own:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def assert_inert(html):
    parser = ActiveContent()
    parser.feed(html)
    assert parser.found == []


@pytest.mark.parametrize(
    "url",
    [
        lambda p: p.document.get_absolute_url(),
        lambda p: p.get_absolute_url(),
        lambda p: "/paragraphs/?q=chemical+weapons+alert",
        lambda p: "/paragraphs/?theme=arms-control&kind=statement",
        lambda p: "/states/syria/",
        lambda p: "/documents/?kind=statement",
        lambda p: "/summits/2013-bishkek/",
        lambda p: "/",
    ],
)
def test_a_hostile_paragraph_renders_inert_everywhere(client, hostile, url):
    response = client.get(url(hostile))
    assert response.status_code == 200
    html = response.content.decode()
    assert_inert(html)


def test_hostile_text_is_shown_escaped_not_dropped_from_search_results(client, hostile):
    html = client.get("/paragraphs/", {"q": "alert"}).content.decode()
    assert "&lt;script&gt;" in html
    assert_inert(html)


HOSTILE_VALUES = [
    "\x00",
    "a\x00b",
    "'; DROP TABLE declarations_paragraph; --",
    '"><script>alert(1)</script>',
    "../../etc/passwd",
    "%00",
    "💥" * 50,
    "9" * 500,
    "-1",
    ",",
    "x" * 10_000,
]
PAGES = [
    "/",
    "/summits/",
    "/summits/2013-bishkek/",
    "/documents/",
    "/documents/2013-bishkek-declaration/",
    "/documents/2013-bishkek-declaration/12/",
    "/paragraphs/",
    "/states/",
    "/states/russia/",
]
PARAMS = ["q", "theme", "summit", "state", "kind", "year_from", "year_to", "o", "page", "publisher"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize("path", PAGES)
def test_hostile_url_parameters_never_cause_a_500(client, path, value):
    response = client.get(path, dict.fromkeys(PARAMS, value))
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.django_db
def test_hundreds_of_repeated_parameters_are_a_form_error(client):
    response = client.get("/paragraphs/", {"theme": ["drugs"] * 450, "state": ["russia"] * 450})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"theme", "state"}


@pytest.mark.django_db
def test_thousands_of_parameters_are_a_bad_request_not_a_server_error(client):
    client.raise_request_exception = False
    response = client.get("/paragraphs/", {"theme": ["drugs"] * 3000})
    assert response.status_code == 400  # Django's DATA_UPLOAD_MAX_NUMBER_FIELDS


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/documents/%00/", "/summits/%00/", "/states/%00/", "/p/%00/", "/documents/x/%00/", "/nope/%00"]
)
def test_hostile_paths_are_404s(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_the_404_page_suggests_a_search_and_summits_of_the_year(client):
    response = client.get("/documents/2013-bishkek-declaraton/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'href="/summits/2013-bishkek/"' in html
    assert "/paragraphs/?q=bishkek%20declaraton" in html


def test_a_hostile_title_in_another_documents_compare_picker_is_escaped(client, hostile):
    # The picker on a document of the same summit lists it as an <option>.
    html = client.get("/documents/2013-bishkek-declaration/").content.decode()
    assert_inert(html)
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in html
