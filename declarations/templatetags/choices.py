"""{% choice_rows field as rows %}: a repeatable filter's options as (value, label, is_child, checked) tuples, for
_choices.html to write as checkboxes.

`{% for choice in field %}` builds a widget, its attributes and a formatted value per option through the
ModelChoiceIterator: 80 ms of the paragraph browser's 125 at a million paragraphs, measured with
bench/profile_page.py on a loaded machine (its three fields list about 100 themes, summits and states). The
options are read here from the field's own queryset, once, and the markup stays in the template.
"""

from django import template

register = template.Library()


@register.simple_tag
def choice_rows(field):
    chosen = {str(value) for value in (field.value() or ())}
    to_field = field.field.to_field_name or "pk"
    rows = []
    for option in field.field.queryset:
        value = str(getattr(option, to_field))
        rows.append((value, str(option), getattr(option, "parent_id", None) is not None, value in chosen))
    return rows
