"""The FilterSets' own machinery (declarations/filters.py): each instance's filters are copies bound to it, and
the form class built once per FilterSet class still gives every request a fresh form with current choices."""

import pytest
from django.http import QueryDict

from declarations.filters import DocumentFilter, ParagraphFilter
from declarations.models import Paragraph

from .factories import make_document, make_paragraph

pytestmark = pytest.mark.django_db


def paragraph_filter(query):
    return ParagraphFilter(QueryDict(query), queryset=Paragraph.objects.public())


def test_each_filterset_has_its_own_filters_bound_to_itself():
    first, second = paragraph_filter("q=terrorism"), paragraph_filter("q=glaciers")
    for name, filter_ in first.filters.items():
        other = second.filters[name]
        assert filter_ is not other and filter_ is not ParagraphFilter.base_filters[name]
        assert filter_.parent is first and other.parent is second
        assert filter_.extra is not other.extra is not ParagraphFilter.base_filters[name].extra
        # A clone each, not one queryset whose results every request would share.
        if hasattr(filter_, "queryset"):
            assert filter_.queryset is not other.queryset is not ParagraphFilter.base_filters[name].queryset
        if filter_.method is not None:  # the method filter calls its own FilterSet's method
            assert filter_.filter.f is filter_ and other.filter.f is other
    assert not hasattr(ParagraphFilter.base_filters["q"], "parent")


def test_method_filters_filter_with_their_own_filtersets_values():
    document = make_document()
    glaciers = make_paragraph(document, "The glaciers of the Pamir are melting.")
    make_paragraph(document, "The parties condemn terrorism in all its forms.")
    first, second = paragraph_filter("q=terrorism"), paragraph_filter("q=glaciers")
    assert second.is_valid() and first.is_valid()
    found = list(second.qs.values_list("id", flat=True))  # second first: the copies must not share state
    assert list(first.qs.filter(document=document).values_list("text", flat=True)) == [
        "The parties condemn terrorism in all its forms."
    ]
    assert glaciers.pk in found and len(found) == 1


def test_the_form_class_is_built_once_and_each_form_has_its_own_fields():
    first, second = paragraph_filter("q=a"), paragraph_filter("theme=security")
    assert type(first.form) is type(second.form)
    assert first.form.fields["theme"] is not second.form.fields["theme"]
    assert first.form.fields["theme"].queryset is not second.form.fields["theme"].queryset
    assert first.is_valid() and second.is_valid()
    assert [t.value for t in second.form.cleaned_data["theme"]] == ["security"]
    assert first.form.cleaned_data["theme"] == []


def test_a_form_built_after_new_data_offers_the_new_choices():
    DocumentFilter(QueryDict("")).form  # the form class now exists
    make_document(publisher="Press Service of a Later Publisher", published=True)
    form = DocumentFilter(QueryDict("publisher=Press Service of a Later Publisher")).form
    assert ("Press Service of a Later Publisher", "Press Service of a Later Publisher") in list(
        form.fields["publisher"].choices
    )
    assert form.is_valid(), form.errors
