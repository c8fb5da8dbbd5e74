"""The FilterSets of the two list pages: /documents/ and /paragraphs/.

URL parameters are user input: every value is validated by a form field, and an invalid one becomes a form
error shown on the page (the view then shows no results rather than silently ignoring the filter).
"""

import copy
from functools import cached_property
from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import QuerySet

from . import catalog
from .models import Document, Paragraph, State, Summit, Theme
from .search import RankedIds, SearchSyntaxError, parse

MAX_CHOICES = 30  # per repeatable parameter: an URL with thousands of ?theme= is not a reader's
MAX_QUERY_LENGTH = 500
FIRST_YEAR, LAST_YEAR = 1990, 2100


class Chosen(NamedTuple):
    """A chosen option of a repeatable filter: what the filters and facets need of its model instance."""

    pk: int
    value: str  # the slug in the URL
    label: str


class LimitedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """At most MAX_CHOICES values; `options(queryset)` lists the choices as (pk, value, label, is_child) tuples,
    a values() query instead of a model instance per choice, read once per form and cached between requests
    (catalog.py): the checkboxes (templatetags/choices.py), the filters' validation and the paragraph
    browser's facet labels all use them."""

    def __init__(self, *args, options, **kwargs):
        self.options = options
        self._option_rows = None
        super().__init__(*args, **kwargs)

    def option_rows(self):
        if self._option_rows is None:
            self._option_rows = catalog.cached(
                f"options:{self.options.__name__}", lambda: self.options(self.queryset)
            )
        return self._option_rows

    def clean(self, value):
        if value and len(value) > MAX_CHOICES:
            raise forms.ValidationError(f"Choose at most {MAX_CHOICES}.", code="too_many")
        if not value and not self.required:
            # Not queryset.none(): testing that for emptiness compiles its query (about 1 ms for the themes'
            # ordering), three times a request.
            return []
        return self.chosen_options(value)

    def chosen_options(self, values):
        """The chosen options as Chosen(pk, value, label), in the order given, checked against the option rows
        (which the checkboxes read anyway) instead of a query for model instances."""
        if not isinstance(values, (list, tuple)):
            raise forms.ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        by_value = {value: Chosen(pk, value, label) for pk, value, label, _ in self.option_rows()}
        chosen = {}
        for value in values:
            option = by_value.get(str(value))
            if option is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
                )
            chosen[option.pk] = option
        self.run_validators(values)
        return list(chosen.values())


class ModelMultipleSlugFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = LimitedModelMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, lookup, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        self.lookup = lookup
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        # A date range, not __year, so the (published, date, id) index serves it.
        if self.lookup == "gte":
            return qs.filter(date__gte=f"{value}-01-01")
        return qs.filter(date__lte=f"{value}-12-31")


class SearchField(forms.CharField):
    def validate(self, value):
        super().validate(value)
        if value:
            try:
                parse(value)
            except SearchSyntaxError as e:
                raise forms.ValidationError(str(e), code="syntax") from e


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class YearRangeForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", "The end year comes before the start year.")
        return cleaned


class _FilterCopies(dict):
    """A FilterSet's base filters, of which each FilterSet instance takes a copy (BaseFilterSet.__init__
    deep-copies them). A deep copy also copied the model querysets the filters hold, about 0.4 ms a request
    (issue 7); here each filter is copied shallowly, with its own `extra` (QuerySetRequestMixin writes into it),
    its own clone of its queryset and its own FilterMethod, which must call the new copy's parent, not the class's
    filter's."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, base in self.items():
            filter_ = copy.copy(base)
            filter_.extra = dict(base.extra)
            if isinstance(getattr(base, "queryset", None), QuerySet):
                filter_.queryset = base.queryset.all()  # its own, so nothing one request evaluates is shared
            if base.method is not None:
                filter_.method = base.method  # the setter binds a new FilterMethod to this copy
            copies[name] = filter_
        return copies


class ReadingRoomFilterSet(django_filters.FilterSet):
    """NUL bytes can't be stored in or compared with PostgreSQL text: drop them before any field sees them.

    The form class is built once per FilterSet class: django-filter builds it for each instance, from new
    fields, and the form deep-copies those fields again anyway (about 0.5 ms a request). Nothing in these forms
    depends on the instance: choices are read when the form is, and model choices from a copy of the queryset.
    """

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for key in list(data):
                data.setlist(key, [v.replace("\x00", "") for v in data.getlist(key)])
        super().__init__(data, *args, **kwargs)

    @classmethod
    def get_filters(cls):
        return _FilterCopies(super().get_filters())

    def get_form_class(self):
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class

    @property
    def selected(self):
        return {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "", [])}


def theme_options(themes):
    """Top-level themes in taxonomy order (position, name), each followed by its sub-themes in theirs. Sorted
    here: as a query's ordering expressions (Coalesce of the parent's position) they cost more to compile than
    25 rows cost to sort, and the field's validation query would compile them again."""
    rows = list(themes.order_by().values_list("id", "slug", "name", "parent_id", "position"))
    top = {pk: (position, name) for pk, _, name, parent_id, position in rows if parent_id is None}

    def place(row):
        pk, _, name, parent_id, position = row
        return (*top.get(parent_id or pk, (position, name)), parent_id is not None, position, name)

    return [
        (pk, slug, name, parent_id is not None) for pk, slug, name, parent_id, _ in sorted(rows, key=place)
    ]


def summit_options(summits):
    return [
        (pk, slug, Summit.label(city, start), False)
        for pk, slug, city, start in summits.values_list("pk", "slug", "city", "start_date")
    ]


def state_options(states):
    return [(pk, slug, name, False) for pk, slug, name in states.values_list("pk", "slug", "short_name")]


class ParagraphFilter(ReadingRoomFilterSet):
    ORDERINGS = [("relevance", "Relevance"), ("date", "Oldest first"), ("-date", "Newest first")]

    q = SearchFilter(
        method="filter_q",
        label="Search the paragraphs",
        max_length=MAX_QUERY_LENGTH,
        help_text='Words are all required; "quoted words" form a phrase; or gives alternatives; -word excludes.',
    )
    theme = ModelMultipleSlugFilter(
        queryset=Theme.objects.all(),
        options=theme_options,
        method="filter_themes",
        label="Themes",
        help_text="Paragraphs with every theme.",
    )
    summit = ModelMultipleSlugFilter(
        queryset=Summit.objects.all(),
        options=summit_options,
        method="filter_summits",
        label="Summits",
        help_text="Any of the summits.",
    )
    state = ModelMultipleSlugFilter(
        queryset=State.objects.all(),
        options=state_options,
        method="filter_states",
        label="States named",
        help_text="Paragraphs naming every state.",
    )
    kind = django_filters.ChoiceFilter(choices=Document.Kind.choices, label="Kind", empty_label="Any kind")
    year_from = YearFilter(lookup="gte", label="From year")
    year_to = YearFilter(lookup="lte", label="To year")
    o = django_filters.ChoiceFilter(
        choices=ORDERINGS, method="filter_nothing", label="Order", empty_label="Best first when searching"
    )

    class Meta:
        model = Paragraph
        fields = ["q", "theme", "summit", "state", "kind", "year_from", "year_to", "o"]
        form = YearRangeForm

    def filter_q(self, qs, name, value):
        # The theme filter goes into the search itself: one BitmapAnd (PostgreSQL), one FTS5 MATCH (SQLite).
        return qs.search(self.parsed_query) if value else qs

    def filter_themes(self, qs, name, themes):
        # With a search, parsed_query already carries the themes (filter_q).
        if not themes or self.form.cleaned_data.get("q"):
            return qs
        return qs.with_every_theme([theme.pk for theme in themes])

    def filter_summits(self, qs, name, summits):
        # Ids, not the form's queryset: as a subquery the planner cannot use (summit_id, date, id) for the order.
        return qs.filter(summit_id__in=[summit.pk for summit in summits]) if summits else qs

    def filter_states(self, qs, name, states):
        for state in states:
            qs = qs.naming_state(state)
        return qs

    def filter_nothing(self, qs, name, value):
        return qs  # ordering is applied by order(), after counting

    @cached_property
    def parsed_query(self):
        """The search, restricted to the chosen themes (ParsedQuery.within_themes), or None."""
        q = self.form.cleaned_data.get("q")
        if not q:
            return None
        return parse(q).within_themes(theme.pk for theme in self.form.cleaned_data.get("theme") or ())

    @property
    def ordering(self):
        chosen = self.form.cleaned_data.get("o")
        if self.parsed_query and chosen in ("", None, "relevance"):
            return "relevance"
        return "-date" if chosen == "-date" else "date"

    @property
    def summary_counts_it(self):
        """Whether the summary table (ParagraphCount) can count these results: no filter but summits and kind."""
        cleaned = self.form.cleaned_data
        # A repeatable filter left empty cleans to [] (LimitedModelMultipleChoiceField.clean).
        return not any(cleaned.get(name) for name in ("q", "theme", "state", "year_from", "year_to"))

    def ordered_ids(self, qs):
        """The ids of the filtered paragraphs in display order, for the paginator to slice a page from.

        By date, the (published, date, id) index gives them without reading a row; by relevance, the search
        ranks a bounded set of candidates (search.RankedIds).
        """
        if self.ordering == "relevance":
            cleaned = self.form.cleaned_data
            # Summits and years gather their matches in one part of the table: no walk from its start. A state
            # filter probes the mentions' index for every row, which the walk's planner settings turn off.
            walkable = not any(cleaned.get(name) for name in ("summit", "state", "year_from", "year_to"))
            return RankedIds(qs, self.parsed_query, walkable=walkable)
        return qs.order_by(*self.date_order).values_list("id", flat=True)

    @property
    def date_order(self):
        return ("-date", "-id") if self.ordering == "-date" else ("date", "id")


def publisher_choices():
    publishers = Document.objects.public().exclude(publisher="").values_list("publisher", flat=True)
    return [(p, p) for p in publishers.order_by("publisher").distinct()]


class DocumentFilter(ReadingRoomFilterSet):
    summit = ModelMultipleSlugFilter(
        queryset=Summit.objects.all(),
        options=summit_options,
        method="filter_summits",
        label="Summits",
        help_text="Any of the summits.",
    )
    kind = django_filters.ChoiceFilter(choices=Document.Kind.choices, label="Kind", empty_label="Any kind")
    year_from = YearFilter(lookup="gte", label="From year")
    year_to = YearFilter(lookup="lte", label="To year")
    publisher = django_filters.ChoiceFilter(choices=publisher_choices, label="Publisher", empty_label="Any")

    class Meta:
        model = Document
        fields = ["summit", "kind", "year_from", "year_to", "publisher"]
        form = YearRangeForm

    def filter_summits(self, qs, name, summits):
        return qs.filter(summit_id__in=[summit.pk for summit in summits]) if summits else qs
