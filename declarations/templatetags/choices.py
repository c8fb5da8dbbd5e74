"""{% checkboxes field nested=True %}: the <li> items of a multiple-choice filter, written in one pass;
{% choice_group field nested=True %}: the collapsible group around them, as the _choices.html partial wrote it
(tests/data keeps the partial and tests/test_form_controls.py compares the two), without an include's render.

Rendering a CheckboxSelectMultiple through its widget templates (or `{% for choice in field %}`) costs a
template render per option, and its choices a model instance each: with ~100 themes, summits and states that
was most of the paragraph browser's own time (issue 7). The options come as (pk, value, label, is_child)
tuples from the form field (filters.LimitedModelMultipleChoiceField.option_rows); the markup is the widget's own
(same names, values and ids: id_<name>_<index>), with every label and value escaped.
"""

from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .controls import error_lines

register = template.Library()


@register.simple_tag
def checkboxes(field, nested=False):
    """One <li><label><input type=checkbox …> label</label></li> per option of a bound multiple-choice field;
    with nested, a sub-theme's item has class="child"."""
    chosen = {str(value) for value in (field.value() or ())}
    name, auto_id = escape(field.html_name), escape(field.auto_id)
    child = ' class="child"'
    items = []
    for index, (_, value, label, is_child) in enumerate(field.field.option_rows()):
        value = str(value)
        items.append(
            f"<li{child if nested and is_child else ''}>"
            f'<label for="{auto_id}_{index}"><input type="checkbox" name="{name}" value="{escape(value)}" '
            f'id="{auto_id}_{index}"{" checked" if value in chosen else ""}> {escape(label)}</label></li>'
        )
    return mark_safe("\n".join(items))  # noqa: S308 (every value and label above is escaped)


@register.simple_tag
def choice_group(field, nested=False):
    """<details> (open when something is chosen or wrong) holding a fieldset of the field's checkboxes, its
    help text and its errors."""
    chosen, errors, label = field.value(), field.errors, conditional_escape(field.label)
    help_text = f'    <p class="help">{conditional_escape(field.help_text)}</p>\n' if field.help_text else ""
    return mark_safe(  # noqa: S308 (every value is escaped; checkboxes() is safe)
        f'<details class="choices"{" open" if chosen or errors else ""}>\n'
        f"  <summary>{label}{f' ({len(chosen)} chosen)' if chosen else ''}</summary>\n"
        f'  <fieldset id="{conditional_escape(field.auto_id)}">\n'
        f'    <legend class="visually-hidden">{label}</legend>\n'
        f"{help_text}"
        f"    {error_lines(errors)}\n"
        f"    <ul>\n      {checkboxes(field, nested=nested)}\n    </ul>\n"
        "  </fieldset>\n"
        "</details>"
    )
