"""Server-side charts: the heatmap's colour scale and a theme's timeline as accessible SVG.

No JavaScript and no inline styles (the Content-Security-Policy forbids them): colours are CSS classes defined
in static/css/charts.css, whose values must match HEAT_LEVELS (a test checks both the match and the contrast).
Every piece of markup is built with format_html, so a summit's city or a theme's name is always escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join

# Heatmap levels: (share up to and including, background, text colour, legend label). Fixed bins rather than
# bins relative to the largest cell, so the same colour means the same share on every visit.
HEAT_LEVELS = (
    (0.0, "#ffffff", "#1b1b1b", "none"),
    (0.05, "#eef4fb", "#1b1b1b", "up to 5%"),
    (0.10, "#cfe0f3", "#1b1b1b", "5–10%"),
    (0.20, "#9ec3e6", "#1b1b1b", "10–20%"),
    (0.35, "#5b9bd1", "#000000", "20–35%"),
    (0.50, "#2c6fad", "#ffffff", "35–50%"),
    (1.0, "#123f6e", "#ffffff", "over 50%"),
)


def heat_level(share: float) -> int:
    """The index into HEAT_LEVELS of a share between 0 and 1 (0 only for exactly none)."""
    if share <= 0:
        return 0
    for level, (upper, *_rest) in enumerate(HEAT_LEVELS):
        if level and share <= upper:
            return level
    return len(HEAT_LEVELS) - 1


def _relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (AA asks 4.5 for body text)."""
    lighter, darker = sorted((_relative_luminance(foreground), _relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def percent(share: float) -> str:
    """A share as a short percentage: 0.375 -> "38%", 0.004 -> "0.4%"."""
    value = share * 100
    if 0 < value < 1:
        return f"{value:.1f}%"
    return f"{value:.0f}%"


@dataclass(frozen=True)
class TimelinePoint:
    label: str  # the x-axis label, e.g. "2013"
    name: str  # the full name for the tooltip and table, e.g. "Bishkek 2013"
    count: int
    total: int  # public paragraphs at that summit; 0 means the archive holds no text from it yet

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0


# Geometry of the timeline, in SVG user units (the viewBox scales it to the page width).
WIDTH, HEIGHT = 800, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 24, 78


def _axis_maximum(largest_share: float) -> float:
    # ceilings whose quarters are round percentages, for the four gridlines
    for ceiling in (0.04, 0.08, 0.2, 0.4, 0.6, 0.8, 1.0):
        if largest_share <= ceiling:
            return ceiling
    return 1.0


def timeline_svg(points: list[TimelinePoint], title: str, description: str, id_prefix: str = "timeline"):
    """A bar chart of a theme's share of each summit's paragraphs, with the count above each bar.

    role="img" with aria-labelledby pointing at <title> and <desc>; each bar carries its own <title> so a
    pointer shows the exact numbers; summits with no texts in the archive get a hollow marker, not a bar.
    """
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    ceiling = _axis_maximum(max((p.share for p in points), default=0.0))
    band = plot_width / max(len(points), 1)
    bar_width = band * 0.62

    gridlines = []
    for step in range(5):
        fraction = ceiling * step / 4
        y = baseline - plot_height * step / 4
        gridlines.append(
            format_html(
                '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="chart-tick" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                f"{y:.1f}",
                f"{y:.1f}",
                LEFT - 6,
                f"{y + 4:.1f}",
                percent(fraction),
            )
        )

    marks = []
    for index, point in enumerate(points):
        centre = LEFT + band * index + band / 2
        label = format_html(
            '<text class="chart-label" x="{}" y="{}" text-anchor="end" transform="rotate(-50 {} {})">{}</text>',
            f"{centre:.1f}",
            baseline + 14,
            f"{centre:.1f}",
            baseline + 14,
            point.label,
        )
        if not point.total:
            tooltip = format_html("{}: no texts in the archive yet", point.name)
            mark = format_html(
                '<g><title>{}</title><circle class="chart-missing" cx="{}" cy="{}" r="3"/></g>',
                tooltip,
                f"{centre:.1f}",
                baseline - 4,
            )
        else:
            height = plot_height * point.share / ceiling
            tooltip = format_html(
                "{}: {} of {} paragraphs ({})", point.name, point.count, point.total, percent(point.share)
            )
            mark = format_html(
                '<g><title>{}</title><rect class="chart-bar" x="{}" y="{}" width="{}" height="{}"/>'
                '<text class="chart-count" x="{}" y="{}" text-anchor="middle">{}</text></g>',
                tooltip,
                f"{centre - bar_width / 2:.1f}",
                f"{baseline - height:.1f}",
                f"{bar_width:.1f}",
                f"{height:.1f}",
                f"{centre:.1f}",
                f"{baseline - height - 4:.1f}",
                point.count,
            )
        marks.append(format_html("{}{}", mark, label))

    return format_html(
        '<svg class="timeline" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        "{}"
        '<line class="chart-axis" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        "{}"
        '<text class="chart-axis-title" x="{}" y="{}" text-anchor="middle" transform="rotate(-90 {} {})">'
        "Share of the summit’s paragraphs</text>"
        '<text class="chart-axis-title" x="{}" y="{}" text-anchor="middle">Summit</text>'
        "</svg>",
        WIDTH,
        HEIGHT,
        id_prefix,
        id_prefix,
        id_prefix,
        title,
        id_prefix,
        description,
        format_html_join("", "{}", ((g,) for g in gridlines)),
        LEFT,
        WIDTH - RIGHT,
        baseline,
        baseline,
        format_html_join("", "{}", ((m,) for m in marks)),
        16,
        TOP + plot_height / 2,
        16,
        TOP + plot_height / 2,
        LEFT + plot_width / 2,
        HEIGHT - 6,
    )


def timeline_description(theme_name: str, points: list[TimelinePoint]) -> str:
    """A sentence a screen reader can use instead of the picture: coverage, peak, first appearance."""
    covered = [p for p in points if p.total]
    tagged = [p for p in covered if p.count]
    if not covered:
        return f"The archive holds no texts yet, so {theme_name} cannot be charted."
    if not tagged:
        return (
            f"{theme_name} appears in none of the {len(covered)} summits whose texts the archive holds "
            f"(of {len(points)} summits)."
        )
    peak = max(tagged, key=lambda p: p.share)
    return (
        f"{theme_name} appears at {len(tagged)} of the {len(covered)} summits whose texts the archive holds "
        f"(of {len(points)} summits), first at {tagged[0].name}; its largest share is {percent(peak.share)} "
        f"of the paragraphs, at {peak.name} ({peak.count} of {peak.total})."
    )
