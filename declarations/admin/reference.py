"""States and their aliases, summits with participation and status changes inline."""

from django.contrib import admin
from django.db.models import Count

from ..models import Participation, State, StateAlias, StatusChange, Summit
from .base import ArchiveAdmin


class StateAliasInline(admin.TabularInline):
    model = StateAlias
    extra = 1


@admin.register(State)
class StateAdmin(ArchiveAdmin):
    list_display = ["short_name", "name", "iso3", "slug"]
    search_fields = ["short_name", "name", "iso3", "slug", "aliases__name"]
    inlines = [StateAliasInline]


@admin.register(StateAlias)
class StateAliasAdmin(ArchiveAdmin):
    list_display = ["name", "state"]
    list_select_related = ["state"]
    search_fields = ["name", "state__short_name"]
    autocomplete_fields = ["state"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 1
    autocomplete_fields = ["state"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("state", "summit")


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    autocomplete_fields = ["state"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("state", "summit")


@admin.register(Summit)
class SummitAdmin(ArchiveAdmin):
    list_display = ["__str__", "number", "start_date", "end_date", "format", "host", "document_count"]
    list_filter = ["format", "host"]
    list_select_related = ["host"]
    search_fields = ["city", "slug", "declaration_name", "host__short_name"]
    autocomplete_fields = ["host"]
    date_hierarchy = "start_date"
    inlines = [ParticipationInline, StatusChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(document_total=Count("documents"))

    @admin.display(description="documents", ordering="document_total")
    def document_count(self, summit):
        return summit.document_total


@admin.register(Participation)
class ParticipationAdmin(ArchiveAdmin):
    list_display = ["summit", "state", "status"]
    list_filter = ["status", "summit"]
    list_select_related = ["summit", "state"]
    search_fields = ["state__short_name", "summit__city", "summit__slug"]
    autocomplete_fields = ["summit", "state"]


@admin.register(StatusChange)
class StatusChangeAdmin(ArchiveAdmin):
    list_display = ["summit", "state", "status", "note"]
    list_filter = ["status"]
    list_select_related = ["summit", "state"]
    search_fields = ["state__short_name", "summit__city", "note"]
    autocomplete_fields = ["summit", "state"]
