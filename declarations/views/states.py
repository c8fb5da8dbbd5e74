"""The state list (/states/) and a state's page (/states/<slug>/)."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from ..filters import ParagraphFilter
from ..models import Paragraph, Participation, State


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
    # Its paragraphs as the paragraph browser lists them for ?state=<slug>, in date order.
    filterset = ParagraphFilter({"state": [state.slug]}, queryset=Paragraph.objects.public())
    results = filterset.results(facets=False)  # the page shows the count alone
    page = results.page(request.GET.get("page"), request.GET.get("after"), request.GET.get("before"))
    ctx = {
        "state": state,
        "participations": participations,
        "hosted": state.summits_hosted.order_by("start_date"),
        "status_changes": state.status_changes.select_related("summit").order_by("summit__start_date"),
        "page": page,
        "counts": results.counts,
    }
    return render(request, "declarations/state_detail.html", ctx)
