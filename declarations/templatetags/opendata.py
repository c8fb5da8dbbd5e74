from django import template
from django.urls import reverse

from ..exports import LIMIT

register = template.Library()

PAGING = ("page", "after", "before")


@register.inclusion_tag("declarations/_downloads.html", takes_context=True)
def downloads(context, what, total, capped=False, ranked_among=None):
    """ "Download CSV / JSON" for the list on this page, with its filters: `what` is "paragraphs" or "documents",
    total and capped the list's count (a capped count is a lower bound), ranked_among how many best matches a
    search ranks when it ranks fewer than match (the download holds those, as the pages do)."""
    params = context["request"].GET.copy()
    for name in PAGING:
        params.pop(name, None)
    query = f"?{params.urlencode()}" if params else ""
    name = "declarations:paragraph_export" if what == "paragraphs" else "declarations:document_export"
    return {
        "what": what,
        "total": total,
        "capped": capped and not ranked_among,
        "ranked_among": ranked_among,
        "limit": LIMIT,
        "too_many": what == "paragraphs" and not capped and total > LIMIT,
        "csv_url": reverse(name, kwargs={"fmt": "csv"}) + query,
        "json_url": reverse(name, kwargs={"fmt": "json"}) + query,
        "data_url": reverse("declarations:data") + "#dataset",
    }
