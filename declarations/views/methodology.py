"""The methodology page: how themes are assigned, the taxonomy, and how far each theme's tags can be trusted; how
news is linked to the declaration paragraphs it quotes, and how well.

The figures are stored rows: ThemeMeasure (`manage.py measure_themes` for the frozen labelled set, each staff
review decision for the reviewed tags) and QuotationMeasure (`manage.py quotation_quality --save`); never a report
run per request.
"""

from django.shortcuts import render

from ..models import QuotationLink, QuotationMeasure, Theme, ThemeMeasure


def measures_by_theme():
    """{theme id or None (all themes): {source: ThemeMeasure}}."""
    found = {}
    for measure in ThemeMeasure.objects.all():
        found.setdefault(measure.theme_id, {})[measure.source] = measure
    return found


def reliability(theme, measures=None):
    """What the theme pages and the methodology table show of one theme: its frozen-set and staff-review rows."""
    if measures is None:
        rows = {m.source: m for m in ThemeMeasure.objects.filter(theme=theme)}
    else:
        rows = measures.get(theme.pk, {})
    return {
        "theme": theme,
        "frozen": rows.get(ThemeMeasure.Source.FROZEN),
        "staff": rows.get(ThemeMeasure.Source.STAFF),
    }


def methodology(request):
    themes = list(Theme.objects.order_by("position", "name"))
    measures = measures_by_theme()
    overall = measures.get(None, {})
    groups = [
        {
            "theme": top,
            "children": [reliability(child, measures) for child in themes if child.parent_id == top.pk],
            "own": reliability(top, measures),
        }
        for top in themes
        if top.parent_id is None
    ]
    ctx = {
        "groups": groups,
        "frozen": overall.get(ThemeMeasure.Source.FROZEN),
        "staff": overall.get(ThemeMeasure.Source.STAFF),
        "quotation_measures": QuotationMeasure.objects.all(),
        "quotation_decisions": QuotationLink.objects.staff_decisions(),
    }
    return render(request, "declarations/methodology.html", ctx)
