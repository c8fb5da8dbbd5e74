"""The charts: heatmap colour scale (bins, contrast, CSS in step) and the timeline SVG (accessible, escaped)."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings

from declarations.charts import (
    HEAT_LEVELS,
    TimelinePoint,
    contrast_ratio,
    heat_level,
    percent,
    timeline_description,
    timeline_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("share", "level"),
    [(0, 0), (0.001, 1), (0.05, 1), (0.051, 2), (0.2, 3), (0.3, 4), (0.5, 5), (0.51, 6), (1, 6)],
)
def test_heat_level_bins_shares(share, level):
    assert heat_level(share) == level


@pytest.mark.parametrize(("level", "colours"), list(enumerate(HEAT_LEVELS)))
def test_every_heat_level_has_aa_contrast_for_its_text(level, colours):
    _upper, background, text, _label = colours
    assert contrast_ratio(text, background) >= 4.5, level


def test_contrast_ratio_matches_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_charts_css_uses_the_same_colours_as_the_python_scale():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "charts.css").read_text()
    for level, (_upper, background, text, _label) in enumerate(HEAT_LEVELS):
        rule = re.search(rf"\.heat-{level} \{{([^}}]*)\}}", css)
        assert rule, f".heat-{level} missing from charts.css"
        assert f"background: {background}" in rule.group(1)
        assert f"color: {text}" in rule.group(1)


def test_percent_is_short_but_never_rounds_a_small_share_to_zero():
    assert percent(0.375) == "38%"
    assert percent(0.004) == "0.4%"
    assert percent(0) == "0%"


POINTS = [
    TimelinePoint(label="2012", name="Beijing 2012", count=0, total=0),
    TimelinePoint(label="2013", name="Bishkek 2013", count=10, total=32),
    TimelinePoint(label="2014", name="Dushanbe 2014", count=0, total=12),
    TimelinePoint(label="2018", name="<Qingdao> & 2018", count=6, total=12),
]


def render(points=POINTS, title="Terrorism & <b>extremism</b>"):
    return str(timeline_svg(points, title=title, description=timeline_description("Terrorism", points)))


def test_timeline_is_an_accessible_image_with_title_and_description():
    root = ET.fromstring(render())
    assert root.get("role") == "img"
    labelled_by = root.get("aria-labelledby").split()
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert [ids[i].tag for i in labelled_by] == [f"{SVG}title", f"{SVG}desc"]
    assert (
        ids[labelled_by[0]].text == "Terrorism & <b>extremism</b>"
    )  # escaped in the markup, parsed back here
    assert "first at Bishkek 2013" in ids[labelled_by[1]].text


def test_timeline_draws_a_bar_per_summit_with_texts_and_a_marker_for_the_others():
    root = ET.fromstring(render())
    bars = root.findall(f".//{SVG}rect")
    assert len(bars) == 3
    assert len(root.findall(f".//{SVG}circle")) == 1
    heights = [float(bar.get("height")) for bar in bars]
    assert heights[1] == 0  # 0 of 12
    assert heights[2] > heights[0] > 0  # 50% above 31%
    tooltips = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")]
    assert "Bishkek 2013: 10 of 32 paragraphs (31%)" in tooltips
    assert "<Qingdao> & 2018: 6 of 12 paragraphs (50%)" in tooltips


def test_timeline_labels_every_summit_and_both_axes():
    texts = [t.text for t in ET.fromstring(render()).iter(f"{SVG}text")]
    for label in ("2012", "2013", "2014", "2018", "Summit", "Share of the summit’s paragraphs"):
        assert label in texts


def test_timeline_escapes_text_so_no_markup_gets_through():
    svg = render()
    assert "<b>" not in svg and "<Qingdao>" not in svg
    assert "&lt;Qingdao&gt; &amp; 2018" in svg


def test_timeline_with_no_texts_at_all_still_renders():
    points = [TimelinePoint(label="2001", name="Shanghai 2001", count=0, total=0)]
    root = ET.fromstring(render(points))
    assert not root.findall(f".//{SVG}rect")
    assert "no texts" in timeline_description("Drugs", points)
