"""/compare/?a=<document>&b=<document>[&theme=<theme>]: two documents side by side, paragraph by paragraph.

Missing or unknown parameters never raise: the page shows the choosing form with the errors (400 when
something was submitted, 200 for the empty form). The alignment itself is pure (alignment.py).
"""

import re
from collections import Counter
from urllib.parse import urlencode

from django import forms
from django.forms.utils import flatatt
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..alignment import align
from ..models import Document, Paragraph, Summit, Theme

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")


class DocumentPicker(forms.Widget):
    """A <select> of each summit's principal documents plus a text field for any other document's address.

    Both carry the field's name, so /compare/?a=<slug>&b=<slug> stays the address of a comparison and the
    form works without JavaScript; the first non-empty value wins. Listing every document was a <select> of
    37,000 options at a million paragraphs (0.55 s for the empty form); this lists a few per summit.
    """

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
        choices = list(self.choices)
        listed = any(slug == value for slug, _label in choices)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((slug, " selected" if slug == value else "", label) for slug, label in choices),
        )
        return format_html(
            '<select name="{}"{}><option value="">Choose a document…</option>{}</select>'
            '<label class="compare-address-label" for="{}-address">…or any other, by its address</label>'
            '<input type="text" name="{}" id="{}-address" value="{}" maxlength="120" spellcheck="false">',
            name,
            flatatt(attrs),
            options,
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


def document_choices(selected=()):
    """(slug, label) of every summit's principal documents, and of the documents already chosen."""
    fields = ("slug", "title", "date", "kind", "summit__city", "summit__start_date")
    rows = [row[1:] for row in Document.objects.principal_rows()]
    listed = {row[0] for row in rows}
    extra = [slug for slug in selected if SLUG.fullmatch(slug) and slug not in listed]
    if extra:
        rows += Document.objects.public().filter(slug__in=extra).values_list(*fields)
    kinds = dict(Document.Kind.choices)
    return [
        (slug, f"{Summit.label(city, start)} · {date:%Y-%m-%d} · {title} ({kinds.get(kind, kind)})")
        for slug, title, date, kind, city, start in rows
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = [self["a"].value(), self["b"].value()] if self.is_bound else []
        choices = document_choices([str(v) for v in chosen if v])
        self.fields["a"].widget.choices = self.fields["b"].widget.choices = choices

    def clean(self):
        cleaned = super().clean()
        a, b = cleaned.get("a"), cleaned.get("b")
        if a and b and a.pk == b.pk:
            raise forms.ValidationError("Choose two different documents.")
        return cleaned


def document_paragraphs(document, theme):
    paragraphs = Paragraph.objects.filter(document=document, published=True)
    if theme is not None:
        paragraphs = paragraphs.with_theme(theme)
    paragraphs = list(paragraphs.only("id", "number", "text", "document_id").order_by("number"))
    for paragraph in paragraphs:
        paragraph.document = document  # the permalink needs the slug; no query per paragraph
    return paragraphs


MARKS = {"del": "<del>{}</del>", "ins": "<ins>{}</ins>"}


def marked_text(segments, mark):
    """A paragraph's text with the words only on its side in <del> or <ins>, escaped (format_html): a template
    loop over every word run of a long comparison cost more than the alignment itself."""
    return format_html_join(
        "",
        "{}",
        ((format_html(MARKS[mark], s.text) if s.kind == mark else s.text,) for s in segments or ()),
    )


def comparison(a, b, theme):
    left, right = document_paragraphs(a, theme), document_paragraphs(b, theme)
    rows = [
        {
            "status": row.status,
            "a": left[row.left] if row.left is not None else None,
            "b": right[row.right] if row.right is not None else None,
            "a_text": marked_text(row.left_segments, "del"),
            "b_text": marked_text(row.right_segments, "ins"),
            "similarity": round(row.score * 100),
        }
        for row in align([p.text for p in left], [p.text for p in right])
    ]
    swap = {"a": b.slug, "b": a.slug}
    if theme is not None:
        swap["theme"] = theme.slug
    return {
        "a": a,
        "b": b,
        "theme": theme,
        "rows": rows,
        "counts": Counter(row["status"] for row in rows),
        "a_count": len(left),
        "b_count": len(right),
        "swap_url": f"{reverse('declarations:compare')}?{urlencode(swap)}",
    }


def compare(request):
    # The form's own submit sends a=&b=&theme= even when nothing is chosen: that is a submission too.
    submitted = any(name in request.GET for name in ("a", "b", "theme"))
    form = CompareForm(request.GET if submitted else None)
    ctx = {"form": form}
    if submitted and form.is_valid():
        data = form.cleaned_data
        # The picker sends each document twice (its list and its address field): redirect to the one address
        # of this comparison, /compare/?a=..&b=..[&theme=..], so what a reader copies or cites is clean.
        canonical = {"a": data["a"].slug, "b": data["b"].slug}
        if data["theme"] is not None:
            canonical["theme"] = data["theme"].slug
        query = urlencode(canonical)
        if request.GET.urlencode() != query:
            return redirect(f"{reverse('declarations:compare')}?{query}")
        ctx.update(comparison(data["a"], data["b"], data["theme"]))
    return render(request, "declarations/compare.html", ctx, status=400 if submitted and form.errors else 200)
