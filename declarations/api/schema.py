"""drf-spectacular's reading of the pages' FilterSets: a filter whose form field is an IntegerField (the year
filters) is an integer parameter with the field's bounds, and a repeatable slug filter (theme, summit, state) a
list of strings; spectacular would otherwise look for a model field of that name and, finding none, warn."""

import django_filters
from django import forms
from drf_spectacular.contrib.django_filters import DjangoFilterExtension


class ReadingRoomFilterExtension(DjangoFilterExtension):
    priority = 1  # before spectacular's own

    def _get_schema_from_model_field(self, auto_schema, filter_field, model):
        if issubclass(filter_field.field_class, forms.IntegerField):
            schema = {"type": "integer"}
            for bound, keyword in (("min_value", "minimum"), ("max_value", "maximum")):
                if filter_field.extra.get(bound) is not None:
                    schema[keyword] = filter_field.extra[bound]
            return schema
        if isinstance(filter_field, django_filters.ModelMultipleChoiceFilter):
            # ?theme=a&theme=b: the chosen objects' slugs, whatever model field the filter method reads
            return {"type": "string", "description": f"A {filter_field.extra.get('to_field_name', 'slug')}."}
        return super()._get_schema_from_model_field(auto_schema, filter_field, model)
