"""Error pages that help a reader on: a 404 suggests where the thing they wanted may be."""

import re

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from ..models import Summit

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_WORDS = re.compile(r"[^\W\d_]{3,}")
IGNORED = {"documents", "summits", "paragraphs", "states", "themes", "compare"}


def suggestions(path):
    """Summits of a year in the path and a search for the path's words: '/documents/2013-bishkek-decl/'."""
    years = {int(y) for y in _YEAR.findall(path)}
    summits = (
        list(Summit.objects.filter(start_date__year__in=years).order_by("start_date")[:5]) if years else []
    )
    words = [w for w in _WORDS.findall(path.lower()) if w not in IGNORED][:6]
    return {"summits": summits, "query": " ".join(words)}


@requires_csrf_token
def page_not_found(request, exception):
    ctx = {"request_path": request.path, **suggestions(request.path[:300])}
    return render(request, "404.html", ctx, status=404)


@requires_csrf_token
def server_error(request):
    # No context and no database: whatever failed may fail again.
    return HttpResponseServerError(loader.get_template("500.html").render())
