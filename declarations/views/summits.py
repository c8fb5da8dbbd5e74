"""The summit list (/summits/) and a summit's page (/summits/<slug>/)."""

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, render

from ..models import Document, ParagraphTheme, Status, Summit

TOP_THEMES = 8


def summit_list(request):
    summits = Summit.objects.select_related("host").with_document_counts().order_by("start_date")
    return render(request, "declarations/summit_list.html", {"summits": summits})


def summit_detail(request, slug):
    summit = get_object_or_404(Summit.objects.select_related("host"), slug=slug)
    participations = summit.participations.select_related("state").order_by("state__short_name")
    by_status = {value: [] for value, _ in Status.choices}
    for participation in participations:
        by_status[participation.status].append(participation.state)
    documents = (
        Document.objects.public()
        .filter(summit=summit)
        .annotate(
            declaration_first=Case(
                When(kind=Document.Kind.DECLARATION, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            paragraph_count=Count("paragraphs", filter=Q(paragraphs__published=True)),
        )
        .order_by("declaration_first", "date", "title")
    )
    # Sub-themes only: a parent theme would always outrank its own children.
    themes = (
        ParagraphTheme.objects.filter(
            paragraph__summit=summit, paragraph__published=True, theme__parent__isnull=False
        )
        .values("theme__slug", "theme__name")
        .annotate(n=Count("paragraph_id"))
        .order_by("-n", "theme__name")[:TOP_THEMES]
    )
    ctx = {
        "summit": summit,
        "groups": [(label, by_status[value]) for value, label in Status.choices if by_status[value]],
        "status_changes": summit.status_changes.select_related("state"),
        "documents": documents,
        "themes": themes,
    }
    return render(request, "declarations/summit_detail.html", ctx)
