from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from ..models import Paragraph, Theme


def theme_list(request):
    themes = Theme.objects.annotate(
        paragraph_count=Count("tags__paragraph", filter=Q(tags__paragraph__published=True), distinct=True)
    ).order_by("position")
    top = [t for t in themes if t.parent_id is None]
    children = {}
    for theme in themes:
        if theme.parent_id:
            children.setdefault(theme.parent_id, []).append(theme)
    ctx = {"groups": [(theme, children.get(theme.pk, [])) for theme in top]}
    return render(request, "declarations/theme_list.html", ctx)


def theme_detail(request, slug):
    theme = get_object_or_404(Theme.objects.select_related("parent"), slug=slug)
    paragraphs = (
        Paragraph.objects.public()
        .with_theme(theme)
        .select_related("document", "summit")
        .order_by("date", "document_id", "number")
    )
    page = Paginator(paragraphs, 25).get_page(request.GET.get("page"))
    ctx = {"theme": theme, "children": theme.children.all(), "page": page}
    return render(request, "declarations/theme_detail.html", ctx)
