"""The one paragraph partial (templates/declarations/_paragraph.html) against golden HTML.

Every page that shows a paragraph includes this partial with a search.ParagraphRow, so these files are what a
paragraph looks like everywhere. To change its look on purpose, edit the partial (and static/css), then
regenerate with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_paragraph_partial.py`` and review every changed
file (``git diff tests/golden``) before committing: the goldens are only as good as that review.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils.html import format_html

from declarations.search.rows import DocumentRef, ParagraphRow, StateLabel, SummitRef, ThemeLabel

GOLDEN = Path(__file__).parent / "golden"


def row(**overrides):
    values = {
        "pk": 7,
        "key": "abcdef0123",
        "number": 16,
        "html": "<p>The member states <em>stress</em> the central role of the UN.</p>",
        "heading": "",
        "section": 1,
        "date": datetime.date(2013, 9, 13),
        "kind": "declaration",
        "document": DocumentRef(
            "2013-bishkek-declaration",
            "Bishkek Declaration",
            "declaration",
            "",
            "/documents/2013-bishkek-declaration/",
        ),
        "summit": SummitRef(
            13, "2013-bishkek", "Bishkek", datetime.date(2013, 9, 13), "/summits/2013-bishkek/"
        ),
        "url": "/documents/2013-bishkek-declaration/16/",
        "themes": [
            ThemeLabel(
                "un-role",
                "Role of the United Nations",
                "rule",
                '"United Nations"',
                "/paragraphs/?theme=un-role",
            ),
            ThemeLabel("terrorism", "Terrorism", "staff", "", "/paragraphs/?theme=terrorism"),
        ],
        "states": [StateLabel("syria", "Syria", "/states/syria/")],
    }
    values.update(overrides)
    return ParagraphRow(**values)


NEWS = DocumentRef(
    "2013-09-13-sco-discusses-syria", "SCO <Discusses> Syria", "news", "The Moscow Times", "/documents/x/"
)
CASES = {
    "paragraph_plain": ({"p": row()}),
    "paragraph_anchor_no_labels": ({"p": row(themes=[], states=[]), "anchor": True}),
    "paragraph_with_source_news": ({"p": row(document=NEWS, kind="news"), "show_source": True}),
    "paragraph_highlighted": (
        {
            "p": row(highlighted=format_html("The {} <b>role</b> of the <mark>{}</mark>.", "central", "UN")),
            "show_source": True,
        }
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_partial_renders_as_its_golden(name):
    html = render_to_string("declarations/_paragraph.html", CASES[name])
    path = GOLDEN / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(html)
    assert html == path.read_text(), f"{path.name} differs: see this module's docstring to regenerate"


def test_text_from_sources_and_staff_is_escaped():
    html = render_to_string("declarations/_paragraph.html", {"p": row(document=NEWS), "show_source": True})
    assert "SCO &lt;Discusses&gt; Syria" in html and "<Discusses>" not in html
    assert "News: The Moscow Times" in html
