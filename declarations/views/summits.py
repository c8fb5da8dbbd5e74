"""The summit list (/summits/) and a summit's page (/summits/<slug>/)."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from ..models import OFFICIAL_KINDS, Document, Status, Summit, Theme
from ..search import counts as summary_counts
from .documents import with_paragraph_counts
from .themes import CountedKindsForm

TOP_THEMES = 8
# A summit of a large archive has hundreds of news articles: the page lists its declarations first, then the
# latest documents up to this many, and links to the document list filtered by the summit for the rest.
DOCUMENTS_SHOWN = 25


def summits_with_document_counts():
    """Every summit in date order with its host, document_count (public documents) and coverage.

    Two queries: grouping the documents alone is a quick scan of a narrow table, while an annotation grouped
    the join with the summit and host columns too (45 ms at 35,000 documents).
    """
    counts = dict(Document.objects.public().values_list("summit_id").annotate(n=Count("id")).order_by())
    summits = list(Summit.objects.with_coverage().select_related("host").order_by("start_date"))
    for summit in summits:
        summit.document_count = counts.get(summit.pk, 0)
    return summits


def summit_list(request):
    return render(request, "declarations/summit_list.html", {"summits": summits_with_document_counts()})


def summit_documents(summit):
    """(the first DOCUMENTS_SHOWN public documents, declarations first; how many there are in all)."""
    public = Document.objects.public().filter(summit=summit)
    documents = with_paragraph_counts(public.declarations_first(DOCUMENTS_SHOWN))  # only the shown ones
    total = len(documents) if len(documents) < DOCUMENTS_SHOWN else public.count()
    return documents, total


def top_themes(summit, kinds=OFFICIAL_KINDS):
    """The sub-themes most of the summit's public paragraphs of these kinds carry (a parent would outrank its
    children)."""
    counts = summary_counts.paragraphs_per_theme(summit.pk, kinds)
    themes = Theme.objects.filter(pk__in=counts, parent__isnull=False).values("pk", "slug", "name")
    ranked = sorted(themes, key=lambda t: (-counts[t["pk"]], t["name"]))[:TOP_THEMES]
    return [{"theme__slug": t["slug"], "theme__name": t["name"], "n": counts[t["pk"]]} for t in ranked]


def summit_detail(request, slug):
    summit = get_object_or_404(Summit.objects.with_coverage().select_related("host"), slug=slug)
    form = CountedKindsForm(request.GET)
    kinds = form.kinds()
    ctx = {"summit": summit, **summit_lists(summit, kinds), "form": form, "news_counted": kinds is None}
    return render(request, "declarations/summit_detail.html", ctx)


def summit_lists(summit, kinds=OFFICIAL_KINDS):
    """What the summit's page lists: its documents, its themes, who was in the room and what was decided."""
    participations = summit.participations.select_related("state").order_by("state__short_name")
    by_status = {value: [] for value, _ in Status.choices}
    for participation in participations:
        by_status[participation.status].append(participation.state)
    documents, document_total = summit_documents(summit)
    return {
        "groups": [(label, by_status[value]) for value, label in Status.choices if by_status[value]],
        "status_changes": list(summit.status_changes.select_related("state")),
        "documents": documents,
        "document_total": document_total,
        "themes": top_themes(summit, kinds),
    }
