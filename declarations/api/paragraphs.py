"""/api/v1/paragraphs/: the paragraph browser's list as JSON, through the same FilterSet and search.find().

Same filters, same validation, same order, same count (exact, or capped and said so) as /paragraphs/. Pages are
the browser's pages: ordered by date, each `next` link carries the (date, id) keyset cursor of the last row, so a
deep page costs what the first costs; ordered by relevance, pages are slices of the ranked candidates.
"""

import re

from django.db.models import Q
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from ..filters import ParagraphFilter
from ..models import Paragraph
from ..search import paragraph_rows
from .views import DETAIL_ERRORS, INVALID, SLUG, THROTTLED

PAGE_SIZE, MAX_PAGE_SIZE = 25, 100
# A cursor is "<page>" or "<page>~<date>.<id>": the page number the browser's paginator bounds, and the keyset
# position of the row before it when the list is by date.
_CURSOR = re.compile(r"([1-9][0-9]{0,5})(?:~([0-9]{4}-[0-9]{2}-[0-9]{2}\.[0-9]{1,19}))?")


class ThemeTagSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    origin = serializers.ChoiceField(
        choices=["rule", "staff"], help_text="Tagged by a theme rule, or by staff."
    )
    rule = serializers.CharField(help_text="For a rule tag, the rule that matched; empty for staff tags.")


class NamedStateSerializer(serializers.Serializer):
    slug = serializers.CharField()
    short_name = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, state) -> str:
        return self.context["request"].build_absolute_uri(state.url)


class ParagraphDocumentSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    publisher = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, document) -> str:
        return self.context["request"].build_absolute_uri(document.url)


class ParagraphSummitSerializer(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField(source="__str__")
    start_date = serializers.DateField()
    url = serializers.SerializerMethodField()

    def get_url(self, summit) -> str:
        return self.context["request"].build_absolute_uri(summit.url)


class ParagraphSerializer(serializers.Serializer):
    """A search.ParagraphRow, with its Markdown text (context["texts"], read for the page in one query)."""

    key = serializers.CharField(help_text="Stable identity: survives renumbering.")
    number = serializers.IntegerField(help_text="1-based reading order within the document.")
    text = serializers.SerializerMethodField(help_text="The paragraph in Markdown.")
    heading = serializers.CharField()
    section = serializers.IntegerField()
    date = serializers.DateField()
    kind = serializers.CharField()
    permalink = serializers.SerializerMethodField(help_text="Its stable URL, to cite.")
    url = serializers.SerializerMethodField(help_text="Its page, at its current number.")
    document = ParagraphDocumentSerializer()
    summit = ParagraphSummitSerializer()
    themes = ThemeTagSerializer(many=True)
    states = NamedStateSerializer(many=True, help_text="The states it names.")

    def get_text(self, row) -> str:
        return self.context["texts"][row.pk]

    def get_permalink(self, row) -> str:
        return self.context["request"].build_absolute_uri(f"/p/{row.key}/")

    def get_url(self, row) -> str:
        return self.context["request"].build_absolute_uri(row.url)


@extend_schema_serializer(many=False)  # the list answers one page object, not an array of them
class ParagraphPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many paragraphs match, or the cap when count_capped.")
    count_capped = serializers.BooleanField(help_text="True: more than `count` paragraphs match.")
    ordering = serializers.ChoiceField(choices=["relevance", "date", "-date"])
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    beyond_reach = serializers.BooleanField(
        help_text="True: results go on past the last page this list reaches; narrow the filters or use the dataset."
    )
    results = ParagraphSerializer(many=True)


def texts_of(rows):
    return dict(Paragraph.objects.filter(pk__in=[row.pk for row in rows]).values_list("pk", "text"))


CURSOR = OpenApiParameter("cursor", OpenApiTypes.STR, description="From a `next` or `previous` link.")
SIZE = OpenApiParameter(
    "page_size",
    OpenApiTypes.INT,
    description=f"Paragraphs a page (default {PAGE_SIZE}, at most {MAX_PAGE_SIZE}).",
)


@extend_schema_view(
    list=extend_schema(
        operation_id="paragraphs_list",
        summary="Paragraphs, filtered, ordered and counted as on /paragraphs/",
        parameters=[CURSOR, SIZE],
        responses={200: ParagraphPageSerializer, 400: INVALID, 429: THROTTLED},
    ),
    retrieve=extend_schema(
        summary="One paragraph, by its stable key", responses={200: ParagraphSerializer, **DETAIL_ERRORS}
    ),
)
class ParagraphViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "key"
    lookup_value_regex = SLUG
    filter_backends = [DjangoFilterBackend]
    filterset_class = ParagraphFilter
    serializer_class = ParagraphSerializer
    pagination_class = None  # pages come from search.find(), as the browser's do

    def get_queryset(self):
        return Paragraph.objects.public()

    def list(self, request):
        filterset = DjangoFilterBackend().get_filterset(request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        number, after = self.cursor()
        size = self.page_size()
        results = filterset.results(facets=False)  # the response holds the count alone
        page = results.page(number, after=after, per_page=size)
        url = request.build_absolute_uri()
        next_url = previous_url = None
        if page.has_next():
            position = f"~{page.next_cursor}" if page.next_cursor else ""
            next_url = replace_query_param(url, "cursor", f"{page.number + 1}{position}")
        if page.number > 1:
            previous_url = replace_query_param(url, "cursor", str(page.number - 1))
        rows = list(page.object_list)
        context = {**self.get_serializer_context(), "texts": texts_of(rows)}
        return Response(
            {
                "count": results.counts.shown_total,
                "count_capped": results.counts.capped,
                "ordering": results.ordering,
                "next": next_url,
                "previous": previous_url,
                "beyond_reach": bool(page.at_the_reach),
                "results": ParagraphSerializer(rows, many=True, context=context).data,
            }
        )

    def retrieve(self, request, key):
        rows = paragraph_rows(self.get_queryset().filter(Q(key=key)))
        if not rows:
            raise Http404
        context = {**self.get_serializer_context(), "texts": texts_of(rows)}
        return Response(ParagraphSerializer(rows[0], context=context).data)

    def cursor(self):
        value = self.request.query_params.get("cursor")
        if value is None:
            return 1, None
        match = _CURSOR.fullmatch(value)
        if not match:
            raise ValidationError({"cursor": ["Not a cursor: use the next or previous link as given."]})
        return int(match[1]), match[2]

    def page_size(self):
        value = self.request.query_params.get("page_size")
        if value is None:
            return PAGE_SIZE
        if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE_SIZE:
            raise ValidationError({"page_size": [f"A whole number from 1 to {MAX_PAGE_SIZE}."]})
        return int(value)
