"""The state list (/states/) and a state's page (/states/<slug>/)."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from ..models import Paragraph, Participation, State
from ..paragraph_html import with_labels
from .pages import INDEX_ORDER, BoundedPaginator, rows_for_page

PER_PAGE = 25
COUNT_CAP = 100


def state_list(request):
    # By name: Meta.ordering does not apply to an aggregating query (it listed them by ISO code).
    states = (
        State.objects.annotate(
            summit_count=Count("participations", distinct=True),
            hosted_count=Count("summits_hosted", distinct=True),
        )
        .order_by("short_name")
        .prefetch_related(
            # the latest participation gives the state's current status
            Prefetch(
                "participations",
                Participation.objects.select_related("summit").order_by("-summit__start_date"),
                to_attr="latest_first",
            )
        )
    )
    return render(request, "declarations/state_list.html", {"states": states})


def state_detail(request, slug):
    state = get_object_or_404(State.objects.prefetch_related("aliases"), slug=slug)
    participations = state.participations.select_related("summit").order_by("summit__start_date")
    # Date order on the (published, date, id) index, probing the mentions per paragraph until the page is full;
    # counted up to COUNT_CAP only (counting Russia’s 30,000 mentions at a million paragraphs cost more than the
    # rest of the page) and paged as deep as that: the paragraph browser's ?state= filter reads on.
    ids = Paragraph.objects.public().naming_any([state]).order_by(*INDEX_ORDER).values_list("id", flat=True)
    paginator = BoundedPaginator(ids, PER_PAGE, count_cap=COUNT_CAP, max_pages=max(1, COUNT_CAP // PER_PAGE))
    shown = Paragraph.objects.select_related("document", "summit")
    page = rows_for_page(paginator.get_page(request.GET.get("page")), shown)
    page.object_list = with_labels(page.object_list)  # tags and states as tuples, not model instances
    ctx = {
        "state": state,
        "participations": participations,
        "hosted": state.summits_hosted.order_by("start_date"),
        "status_changes": state.status_changes.select_related("summit").order_by("summit__start_date"),
        "page": page,
    }
    return render(request, "declarations/state_detail.html", ctx)
