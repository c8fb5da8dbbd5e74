"""/compare/?a=<document>&b=<document>[&theme=<theme>]: two documents side by side, paragraph by paragraph.

Missing or unknown parameters never raise: the page shows the choosing form with the errors (400 when
something was submitted, 200 for the empty form). The alignment itself is pure (alignment.py).
"""

from collections import Counter
from urllib.parse import urlencode

from django import forms
from django.forms.utils import flatatt
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..alignment import align
from ..models import Document, Paragraph, Theme


class QuickSelect(forms.Select):
    """A <select> whose options are built with format_html_join: Django renders each option through a template,
    which cost this page 1.5 s with 3,700 documents in two lists; this costs milliseconds."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(key), " selected" if str(key) in selected else "", label) for key, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class DocumentChoiceField(forms.ModelChoiceField):
    widget = QuickSelect

    def label_from_instance(self, document):
        return f"{document.date:%Y-%m-%d} · {document.title} ({document.get_kind_display()})"


def public_documents():
    # only() keeps the option lists light when the archive holds thousands of documents
    return Document.objects.public().only("slug", "title", "date", "kind").order_by("date", "title")


class CompareForm(forms.Form):
    a = DocumentChoiceField(
        queryset=public_documents(),
        to_field_name="slug",
        label="Document A",
        empty_label="Choose a document…",
        error_messages={
            "required": "Choose document A.",
            "invalid_choice": "There is no public document with that address.",
        },
    )
    b = DocumentChoiceField(
        queryset=public_documents(),
        to_field_name="slug",
        label="Document B",
        empty_label="Choose a document…",
        error_messages={
            "required": "Choose document B.",
            "invalid_choice": "There is no public document with that address.",
        },
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.order_by("position", "name"),
        to_field_name="slug",
        required=False,
        label="Only paragraphs about",
        empty_label="Any theme (all paragraphs)",
        error_messages={"invalid_choice": "There is no theme with that address."},
    )

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


def comparison(a, b, theme):
    left, right = document_paragraphs(a, theme), document_paragraphs(b, theme)
    rows = [
        {
            "status": row.status,
            "a": left[row.left] if row.left is not None else None,
            "b": right[row.right] if row.right is not None else None,
            "a_segments": row.left_segments,
            "b_segments": row.right_segments,
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
        ctx.update(comparison(data["a"], data["b"], data["theme"]))
    return render(request, "declarations/compare.html", ctx, status=400 if submitted and form.errors else 200)
