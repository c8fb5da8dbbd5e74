"""The filter forms' controls ({% control %}, templatetags/controls.py) and what their aria attributes point at."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.http import QueryDict
from django.template import Context, Template

from declarations.filters import DocumentFilter, ParagraphFilter
from declarations.models import Document, Paragraph
from declarations.templatetags.choices import choice_group
from declarations.templatetags.controls import control, field_block

# The include partials the field_block and choice_group tags replaced.
OLD_FIELD = Template((Path(__file__).parent / "data" / "old_field_partial.html").read_text())
OLD_CHOICES = Template((Path(__file__).parent / "data" / "old_choices_partial.html").read_text())


def squeezed(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


QUERIES = [
    "",
    "kind=declaration&year_from=2010&year_to=2018&o=-date",
    "kind=poem&year_from=twenty&year_to=1&o=-id",  # every control with an error
    'year_from=2010"><script>alert(1)</script>&kind=<b>',  # hostile values are escaped
    "publisher=RIA+Novosti&o=relevance&q=terrorism",
    "theme=security&theme=economy&summit=2013-bishkek&state=russia&state=china",
    "theme=no-such-theme&summit=<script>x</script>&state=russia",  # checkbox groups with errors
]


# Both filter forms, bound to each of the QUERIES.
EVERY_FORM_IN_EVERY_STATE = pytest.mark.parametrize(
    "form",
    [
        pytest.param((filterset_class, queryset, query), id=f"{filterset_class.__name__}-{query}")
        for filterset_class, queryset in (
            (ParagraphFilter, Paragraph.objects.public),
            (DocumentFilter, Document.objects.public),
        )
        for query in QUERIES
    ],
    indirect=True,
)


@pytest.fixture
def form(request, db):
    filterset_class, queryset, query = request.param
    form = filterset_class(QueryDict(query), queryset=queryset()).form
    form.is_valid()
    return form


@EVERY_FORM_IN_EVERY_STATE
def test_each_control_is_the_element_django_would_render(form):
    for field in form:
        if field.name in ("theme", "summit", "state"):
            continue  # checkboxes: the checkboxes tag (test_paragraph_browser)
        assert squeezed(control(field)) == squeezed(field.as_widget()), field.name


def spaced(html):
    """Whitespace runs as one space, none between tags: how the partials' indentation and the tags' differ."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


@EVERY_FORM_IN_EVERY_STATE
def test_each_field_block_is_what_its_partial_rendered(form):
    for field in form:
        if field.name in ("theme", "summit", "state"):
            for nested in (False, True):
                old = OLD_CHOICES.render(Context({"field": field, "nested": nested}))
                assert spaced(choice_group(field, nested=nested)) == spaced(old), field.name
        elif field.name != "q":  # the search box is written out in paragraph_list.html
            assert spaced(field_block(field)) == spaced(OLD_FIELD.render(Context({"field": field}))), (
                field.name
            )


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.described_by = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described_by.extend(attrs["aria-describedby"].split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/paragraphs/?kind=poem&year_from=twenty&year_to=1&o=-id",
        "/paragraphs/?q=-only",
        "/documents/?kind=poem&year_from=twenty&publisher=nobody",
        "/compare/?a=no-such-document&b=&theme=nothing",
    ],
)
def test_every_aria_describedby_names_an_element_of_the_page(client, url):
    parser = Ids()
    parser.feed(client.get(url).content.decode())
    assert parser.described_by  # the errors are described
    assert set(parser.described_by) <= parser.ids
