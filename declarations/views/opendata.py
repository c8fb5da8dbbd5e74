"""The pages for taking data out: /data/ (the API, exports, the bulk dataset, feeds, the licence), the dataset's
files, and /robots.txt."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..dataset import LICENSE, current_release

# The examples the page shows, with this site's address put in; tests/test_open_data.py runs them as shown.
CURL_EXAMPLES = [
    ("One summit, with who took part", "curl -s '{base}/api/v1/summits/2013-bishkek/'"),
    (
        "Paragraphs on terrorism, newest first",
        "curl -s '{base}/api/v1/paragraphs/?theme=terrorism&o=-date'",
    ),
    (
        "The same paragraphs as a CSV file",
        "curl -s -o paragraphs.csv '{base}/paragraphs/export.csv?theme=terrorism&o=-date'",
    ),
    ("The dataset's description, with each file's checksum", "curl -s '{base}/data/datapackage.json'"),
]
PYTHON_EXAMPLE = """\
import json
import urllib.request

# Every paragraph on terrorism, oldest first, following the cursor from page to page.
url = "{base}/api/v1/paragraphs/?theme=terrorism&o=date&page_size=100"
paragraphs = []
while url:
    with urllib.request.urlopen(url) as response:
        page = json.load(response)
    paragraphs += page["results"]
    url = page["next"]
print(len(paragraphs), "paragraphs; the first:", paragraphs[0]["permalink"])
"""


@require_safe
def data(request):
    release = current_release()
    base = request.build_absolute_uri("/").rstrip("/")
    ctx = {
        "release": release,
        "total_bytes": sum(r["bytes"] for r in release["resources"]) if release else 0,
        "license": LICENSE,
        "base": base,
        "curl_examples": [(label, command.format(base=base)) for label, command in CURL_EXAMPLES],
        "python_example": PYTHON_EXAMPLE.format(base=base),
    }
    return render(request, "declarations/data.html", ctx)


@require_safe
def dataset_file(request, name):
    """A file of the current release: only the names its datapackage.json lists (and itself), so no path from
    the URL ever reaches the file system."""
    release = current_release()
    names = {r["path"] for r in release["resources"]} | {"datapackage.json"} if release else set()
    if name not in names:
        raise Http404("No such file in the current release.")
    path = Path(settings.DATASET_DIR) / name
    content_type = "application/json" if name.endswith(".json") else "text/csv; charset=utf-8"
    response = FileResponse(path.open("rb"), content_type=content_type, as_attachment=name.endswith(".csv"))
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Filtered lists and exports are endless combinations of the same paragraphs: the sitemap lists each once.
        "Disallow: /paragraphs/?",
        "Disallow: /documents/?",
        "Disallow: /compare/?",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
