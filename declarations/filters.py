"""The FilterSets of the two list pages, /documents/ and /paragraphs/ (and of their downloads and API lists).

URL parameters are user input: every value is validated by a form field, and an invalid one becomes a form
error shown on the page (the view then shows no results rather than silently ignoring the filter). The filters
narrow a queryset; counting, ordering and paging the result is the search package's work (search.find).

To add a filter to /paragraphs/: declare it here (a field, and a method or lookup that narrows the queryset) and
show it in paragraph_list.html. Counts stay right by construction: the summary table counts only lists whose
filters are all ones it is keyed by (search.counts.SUMMARY_FILTERS); every other list is counted over its
matches.
"""

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, When

from . import search
from .models import Document, Paragraph, State, Summit, Theme

MAX_CHOICES = 30  # per repeatable parameter: an URL with thousands of ?theme= is not a reader's
MAX_QUERY_LENGTH = 500
FIRST_YEAR, LAST_YEAR = 1990, 2100


class LimitedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        if value and len(value) > MAX_CHOICES:
            raise forms.ValidationError(f"Choose at most {MAX_CHOICES}.", code="too_many")
        return super().clean(value)


class SlugChoicesFilter(django_filters.ModelMultipleChoiceFilter):
    """Repeatable ?theme=a&theme=b by slug, as checkboxes."""

    field_class = LimitedModelMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.Filter):
    """A year bound, as a date range (not __year) so that the (published, date, id) index serves it."""

    field_class = forms.IntegerField

    def __init__(self, *args, bound, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        self.bound = bound
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        if self.bound == "from":
            return qs.filter(date__gte=f"{int(value)}-01-01")
        return qs.filter(date__lte=f"{int(value)}-12-31")


class SearchField(forms.CharField):
    def validate(self, value):
        super().validate(value)
        if value:
            try:
                search.parse(value)
            except search.SearchSyntaxError as e:
                raise forms.ValidationError(str(e), code="syntax") from e

    def to_python(self, value):
        # NUL bytes cannot be stored in or compared with PostgreSQL text.
        return super().to_python(value).replace("\x00", "")


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class YearRangeForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", "The end year comes before the start year.")
        return cleaned


def themes_in_taxonomy_order():
    """Top-level themes by position, each followed by its sub-themes by theirs (the checkboxes' order)."""
    return Theme.objects.select_related("parent").order_by(
        Case(When(parent__isnull=True, then=F("position")), default=F("parent__position")),
        Case(When(parent__isnull=True, then=F("name")), default=F("parent__name")),
        Case(When(parent__isnull=True, then=0), default=1, output_field=IntegerField()),
        "position",
        "name",
    )


class ReadingRoomFilterSet(django_filters.FilterSet):
    """The filters both list pages have: summits, kind and a year range."""

    summit = SlugChoicesFilter(
        queryset=Summit.objects.order_by("start_date"),
        method="filter_summits",
        label="Summits",
        help_text="Any of the summits.",
    )
    kind = django_filters.ChoiceFilter(choices=Document.Kind.choices, label="Kind", empty_label="Any kind")
    year_from = YearFilter(bound="from", label="From year")
    year_to = YearFilter(bound="to", label="To year")

    class Meta:
        form = YearRangeForm

    def filter_summits(self, qs, name, summits):
        # Ids, not a subquery: the planner can then use (summit_id, date, id) for the order.
        return qs.filter(summit_id__in=[summit.pk for summit in summits]) if summits else qs


class ParagraphFilter(ReadingRoomFilterSet):
    ORDERINGS = [("relevance", "Relevance"), ("date", "Oldest first"), ("-date", "Newest first")]

    q = SearchFilter(
        method="filter_q",
        label="Search the paragraphs",
        max_length=MAX_QUERY_LENGTH,
        help_text='Words are all required; "quoted words" form a phrase; or gives alternatives; -word excludes.',
    )
    theme = SlugChoicesFilter(
        queryset=themes_in_taxonomy_order(),
        method="filter_themes",
        label="Themes",
        help_text="Paragraphs with every theme.",
    )
    state = SlugChoicesFilter(
        queryset=State.objects.order_by("short_name"),
        method="filter_states",
        label="States named",
        help_text="Paragraphs naming every state.",
    )
    quoted = django_filters.BooleanFilter(
        method="filter_quoted",
        label="Quoted in the news",
        widget=forms.CheckboxInput,
        help_text="Declaration paragraphs that a news report quotes or closely paraphrases.",
    )
    o = django_filters.ChoiceFilter(
        choices=ORDERINGS, method="filter_nothing", label="Order", empty_label="Best first when searching"
    )

    class Meta(ReadingRoomFilterSet.Meta):
        model = Paragraph
        fields = ["q", "theme", "summit", "state", "kind", "year_from", "year_to", "quoted", "o"]

    def filter_q(self, qs, name, value):
        # The chosen themes go into the search itself: one index scan for words and themes together.
        return search.matching(qs, self.parsed_query) if value else qs

    def filter_themes(self, qs, name, themes):
        if not themes or self.form.cleaned_data.get("q"):
            return qs  # with a search, parsed_query carries the themes (filter_q)
        return search.in_themes(qs, [theme.pk for theme in themes])

    def filter_states(self, qs, name, states):
        for state in states:
            qs = qs.naming_state(state)
        return qs

    def filter_quoted(self, qs, name, value):
        return qs.quoted_in_news() if value else qs

    def filter_nothing(self, qs, name, value):
        return qs  # the order is search.find's

    @property
    def parsed_query(self):
        """The search, restricted to the chosen themes, or None."""
        q = self.form.cleaned_data.get("q")
        if not q:
            return None
        return search.parse(q).within_themes(theme.pk for theme in self.form.cleaned_data.get("theme") or ())

    @property
    def ordering(self):
        chosen = self.form.cleaned_data.get("o")
        if self.parsed_query and chosen in ("", None, "relevance"):
            return "relevance"
        return "-date" if chosen == "-date" else "date"

    def results(self, facets=True):
        """The filtered paragraphs, counted and ordered (search.find), for a page, a download or the API; facets:
        False where only the count is shown."""
        return search.find(
            self.qs, self.form.cleaned_data, query=self.parsed_query, ordering=self.ordering, facets=facets
        )


def publisher_choices():
    publishers = Document.objects.public().exclude(publisher="").values_list("publisher", flat=True)
    return [(p, p) for p in publishers.order_by("publisher").distinct()]


class DocumentFilter(ReadingRoomFilterSet):
    publisher = django_filters.ChoiceFilter(choices=publisher_choices, label="Publisher", empty_label="Any")

    class Meta(ReadingRoomFilterSet.Meta):
        model = Document
        fields = ["summit", "kind", "year_from", "year_to", "publisher"]
