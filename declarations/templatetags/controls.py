"""{% control field %}: a form field's <input> or <select>, written in one pass from the widget's own context;
{% field_block field %}: the field's whole block (label, control, help text, errors), as the _field.html partial
wrote it, without an include's template render per field (about 0.3 ms each; tests/data keeps the partial and
tests/test_form_controls.py compares the two).

Django renders a widget through three to five templates (the widget, its attributes, each option): the
paragraph browser's kind, year and order controls cost about 3 ms of every request that way (issue 7). This tag
writes the same elements from the same context (Widget.get_context: names, values, ids, aria attributes, the
selected option), every value escaped as the templates escape it. Widgets other than plain text, number and
search inputs and single selects without groups are rendered by Django as before.
"""

from html import escape

from django import forms
from django.template import Library
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = Library()

INPUTS = (forms.TextInput, forms.NumberInput, forms.SearchInput)


def attributes(attrs):
    """As django/forms/widgets/attrs.html writes them: False leaves a name out, True writes it bare."""
    return "".join(
        f" {escape(str(name))}" if value is True else f' {escape(str(name))}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _context(field, widget):
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return widget.get_context(field.html_name, field.value(), attrs)["widget"]


def _input(context):
    value = "" if context["value"] is None else f' value="{escape(str(context["value"]))}"'
    return f'<input type="{escape(context["type"])}" name="{escape(context["name"])}"{value}{attributes(context["attrs"])}>'


def _select(context):
    options = "".join(
        f'\n  <option value="{escape(str(option["value"]))}"{attributes(option["attrs"])}>'
        f"{escape(str(option['label']))}</option>"
        for _, group, _ in context["optgroups"]
        for option in group
    )
    return f'<select name="{escape(context["name"])}"{attributes(context["attrs"])}>{options}\n</select>'


@register.simple_tag
def control(field):
    widget = field.field.widget
    if type(widget) in INPUTS:
        return mark_safe(_input(_context(field, widget)))  # noqa: S308 (every value escaped)
    if type(widget) is forms.Select:
        context = _context(field, widget)
        if not any(group_name for group_name, _, _ in context["optgroups"]):
            return mark_safe(_select(context))  # noqa: S308 (every value and label escaped)
    return field.as_widget()


def error_lines(errors):
    """A field's errors, each its own <p class="error">, escaped."""
    return "".join(f'<p class="error">{conditional_escape(error)}</p>' for error in errors)


@register.simple_tag
def field_block(field):
    """<div class="field"> with the label, the control, the help text and the errors, under the ids that the
    control's aria-describedby names (Django: <id>_helptext, <id>_error)."""
    auto_id, errors = conditional_escape(field.auto_id), field.errors
    help_text = (
        f'  <p class="help" id="{auto_id}_helptext">{conditional_escape(field.help_text)}</p>\n'
        if field.help_text
        else ""
    )
    error_block = f'  <div id="{auto_id}_error">{error_lines(errors)}</div>\n' if errors else ""
    return mark_safe(  # noqa: S308 (every value is escaped; control() is safe)
        f'<div class="field{" has-error" if errors else ""}">\n'
        f'  <label for="{auto_id}">{conditional_escape(field.label)}</label>\n'
        f"  {control(field)}\n"
        f"{help_text}{error_block}"
        "</div>"
    )
