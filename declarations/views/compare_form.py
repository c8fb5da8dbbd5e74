"""The form of /compare/: two documents, each from a list or by its address, an optional theme and part.

The lists offer each summit's principal documents grouped by kind, the kind of the other side's document first
(issue 16: a declaration is set beside a declaration unless the reader means otherwise).
"""

import re
from collections import defaultdict

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from ..kinds import kind_label, kind_plural
from ..models import PRINCIPAL_KINDS, Document, Summit, Theme

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
CHOICE_FIELDS = ("slug", "title", "date", "kind", "summit__city", "summit__start_date")
KIND_ORDER = {kind: position for position, kind in enumerate(PRINCIPAL_KINDS)}


class DocumentPicker(forms.Widget):
    """A <select> of each summit's principal documents plus a text field for any other document's address.

    Both carry the field's name, so /compare/?a=<slug>&b=<slug> stays the address of a comparison and the
    form works without JavaScript; the first non-empty value wins. Listing every document was a <select> of
    37,000 options at a million paragraphs (0.55 s for the empty form); this lists a few per summit.
    `choices` are groups: [(group label, [(slug, label), ...]), ...].
    """

    choices = ()

    def use_required_attribute(self, initial):
        # Either the list or the address field may carry the choice: a required <select> would stop a browser
        # from submitting a typed address. The form says what is missing instead.
        return False

    def value_from_datadict(self, data, files, name):
        values = [v.strip() for v in data.getlist(name) if isinstance(v, str) and v.strip()]
        return values[0] if values else ""

    def render(self, name, value, attrs=None, renderer=None):
        value = "" if value is None else str(value)
        attrs = self.build_attrs(self.attrs, attrs)
        listed = any(slug == value for _group, options in self.choices for slug, _label in options)
        groups = format_html_join(
            "",
            '<optgroup label="{}">{}</optgroup>',
            (
                (
                    group,
                    format_html_join(
                        "",
                        '<option value="{}"{}>{}</option>',
                        ((slug, " selected" if slug == value else "", label) for slug, label in options),
                    ),
                )
                for group, options in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}><option value="">Choose a document…</option>{}</select>'
            '<label class="compare-address-label" for="{}-address">…or any other, by its address</label>'
            '<input type="text" name="{}" id="{}-address" value="{}" maxlength="120" spellcheck="false">',
            name,
            flatatt(attrs),
            groups,
            attrs["id"],
            name,
            attrs["id"],
            "" if listed else value[:120],
        )


class DocumentField(forms.CharField):
    """A public document chosen by its slug."""

    widget = DocumentPicker
    default_error_messages = {"invalid_choice": "There is no public document with that address."}

    def __init__(self, **kwargs):
        super().__init__(max_length=None, **kwargs)

    def to_python(self, value):
        slug = super().to_python(value)
        if slug in self.empty_values:
            return None
        # Only slug characters reach the database (a NUL byte is an error in a PostgreSQL string).
        document = Document.objects.public().filter(slug=slug).first() if SLUG.fullmatch(slug) else None
        if document is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return document

    def prepare_value(self, value):
        return value.slug if isinstance(value, Document) else value


def choice_rows(selected=()):
    """CHOICE_FIELDS of every summit's principal documents, and of the documents already chosen."""
    rows = [row[1:] for row in Document.objects.principal_rows()]
    listed = {row[0] for row in rows}
    extra = [slug for slug in selected if SLUG.fullmatch(slug) and slug not in listed]
    if extra:
        rows += Document.objects.public().filter(slug__in=extra).values_list(*CHOICE_FIELDS)
    return rows


def grouped_choices(rows, kind_first=None):
    """The rows as DocumentPicker groups, one per kind, kind_first's group first and saying why."""
    groups = defaultdict(list)
    for slug, title, date, kind, city, start in rows:
        label = f"{Summit.label(city, start)} · {date:%Y-%m-%d} · {title} ({kind_label(kind)})"
        groups[kind].append((slug, label))
    order = sorted(groups, key=lambda kind: (kind != kind_first, KIND_ORDER.get(kind, len(KIND_ORDER))))
    return [
        (
            f"{kind_plural(kind)}, like the other document" if kind == kind_first else kind_plural(kind),
            groups[kind],
        )
        for kind in order
    ]


class CompareForm(forms.Form):
    a = DocumentField(label="Document A", error_messages={"required": "Choose document A."})
    b = DocumentField(label="Document B", error_messages={"required": "Choose document B."})
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.order_by("position", "name"),
        to_field_name="slug",
        required=False,
        label="Only paragraphs about",
        empty_label="Any theme (all paragraphs)",
        error_messages={"invalid_choice": "There is no theme with that address."},
    )
    # Long documents are compared a part at a time (views/compare.py, PART); the page links to each part.
    part = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        widget=forms.HiddenInput,
        error_messages={"invalid": "The part must be a whole number."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = {name: str(self[name].value() or "") for name in ("a", "b")} if self.is_bound else {}
        rows = choice_rows([slug for slug in chosen.values() if slug])
        kinds = {row[0]: row[3] for row in rows}
        for name, other in (("a", "b"), ("b", "a")):
            self.fields[name].widget.choices = grouped_choices(rows, kinds.get(chosen.get(other)))

    def clean(self):
        cleaned = super().clean()
        a, b = cleaned.get("a"), cleaned.get("b")
        if a and b and a.pk == b.pk:
            raise forms.ValidationError("Choose two different documents.")
        return cleaned
