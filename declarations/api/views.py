"""Read-only endpoints: a list (cursor-paginated) and one object for each kind of thing the archive holds."""

from django.db.models import Count, Min, Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from ..filters import DocumentFilter
from ..models import Document, Participation, State, StatusChange, Summit, Theme
from . import pagination, schema  # noqa: F401  (schema: registers the FilterSets' OpenAPI reading)
from .serializers import (
    DocumentDetailSerializer,
    DocumentSerializer,
    StateSerializer,
    SummitDetailSerializer,
    SummitSerializer,
    ThemeSerializer,
)


class ProblemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="The parameter at fault (null: the combination)."
    )
    problem = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = ProblemSerializer(many=True, required=False)


NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such object (or not published).")
INVALID = OpenApiResponse(
    ErrorSerializer, description="A parameter was rejected: each field and its problem."
)
THROTTLED = OpenApiResponse(ErrorSerializer, description="Too many requests from this address; retry later.")
LIST_ERRORS = {404: OpenApiResponse(ErrorSerializer, description="The cursor is invalid."), 429: THROTTLED}
DETAIL_ERRORS = {404: NOT_FOUND, 429: THROTTLED}


# What a slug may hold, spelled the same in Python and in the schema's ECMAScript pattern (\w differs).
SLUG = "[-a-zA-Z0-9_]+"


@extend_schema_view(
    list=extend_schema(
        summary="Summits, in date order, with who took part", responses={200: SummitSerializer, **LIST_ERRORS}
    ),
    retrieve=extend_schema(summary="One summit", responses={200: SummitDetailSerializer, **DETAIL_ERRORS}),
)
class SummitViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG
    pagination_class = pagination.SummitsInDateOrder

    def get_queryset(self):
        summits = Summit.objects.select_related("host").prefetch_related(
            Prefetch(
                "participations", Participation.objects.select_related("state").order_by("state__short_name")
            )
        )
        if self.action == "retrieve":
            summits = summits.prefetch_related(
                Prefetch("status_changes", StatusChange.objects.select_related("state"))
            )
        return summits

    def get_serializer_class(self):
        return SummitDetailSerializer if self.action == "retrieve" else SummitSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Member, observer and partner states, by name",
        responses={200: StateSerializer, **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One state and its status at every summit", responses={200: StateSerializer, **DETAIL_ERRORS}
    ),
)
class StateViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG
    serializer_class = StateSerializer
    pagination_class = pagination.StatesByName

    def get_queryset(self):
        return State.objects.prefetch_related(
            "aliases",
            Prefetch(
                "participations",
                Participation.objects.select_related("summit").order_by("summit__start_date"),
            ),
        )


@extend_schema_view(
    list=extend_schema(summary="The theme taxonomy", responses={200: ThemeSerializer, **LIST_ERRORS}),
    retrieve=extend_schema(summary="One theme", responses={200: ThemeSerializer, **DETAIL_ERRORS}),
)
class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG
    serializer_class = ThemeSerializer
    pagination_class = pagination.ThemesInTaxonomyOrder

    def get_queryset(self):
        return Theme.objects.select_related("parent").prefetch_related(
            Prefetch("children", Theme.objects.order_by("position", "name"))
        )


@extend_schema_view(
    list=extend_schema(
        summary="Published documents, in date order, filtered as on /documents/",
        responses={200: DocumentSerializer, 400: INVALID, **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One published document, with its sections",
        responses={200: DocumentDetailSerializer, **DETAIL_ERRORS},
    ),
)
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG
    pagination_class = pagination.DocumentsInDateOrder
    filter_backends = [DjangoFilterBackend]
    filterset_class = DocumentFilter

    def get_queryset(self):
        return Document.objects.public().select_related("summit")

    def get_serializer_class(self):
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentSerializer

    def get_object(self):
        document = super().get_object()
        rows = (
            document.paragraphs.public()
            .values("section", "heading")
            .annotate(first_paragraph=Min("number"), paragraphs=Count("id"))
            .order_by("first_paragraph")
        )
        document.section_list = list(rows)
        document.paragraph_count = sum(row["paragraphs"] for row in document.section_list)
        return document
