"""The state list (/states/) and a state's page (/states/<slug>/)."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from ..models import Paragraph, Participation, State

PER_PAGE = 25


def state_list(request):
    states = State.objects.annotate(
        summit_count=Count("participations", distinct=True),
        hosted_count=Count("summits_hosted", distinct=True),
    ).prefetch_related(
        # the latest participation gives the state's current status
        Prefetch(
            "participations",
            Participation.objects.select_related("summit").order_by("-summit__start_date"),
            to_attr="latest_first",
        )
    )
    return render(request, "declarations/state_list.html", {"states": states})


def state_detail(request, slug):
    state = get_object_or_404(State.objects.prefetch_related("aliases"), slug=slug)
    participations = state.participations.select_related("summit").order_by("summit__start_date")
    paragraphs = Paragraph.objects.public().naming_any([state]).for_display().order_by("date", "id")
    page = Paginator(paragraphs, PER_PAGE).get_page(request.GET.get("page"))
    ctx = {
        "state": state,
        "participations": participations,
        "hosted": state.summits_hosted.order_by("start_date"),
        "status_changes": state.status_changes.select_related("summit").order_by("summit__start_date"),
        "page": page,
    }
    return render(request, "declarations/state_detail.html", ctx)
