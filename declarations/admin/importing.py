"""The admin's "Import texts" page: upload or paste, preview with corrections, import, and undo from the history.

The views are thin: checking and keeping uploads, importing and undoing live in importing/staging.py, the dry run
and where each value came from in importing/preview.py. Every page works without JavaScript: the uploaded text
is kept in the database between the preview and the import, and every step is a plain form post.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from ..importing.errors import SourceError
from ..importing.preview import FIELDS, LABELS, preview
from ..importing.staging import MAX_FILES, confirm, latest, stage, undo
from ..importing.text import MAX_BYTES, OVER_THE_LIMIT
from ..models import Document, ImportUpload, Summit

PERMISSION = "declarations.import_texts"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,text/plain"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(
        required=False,
        label="Text files",
        help_text=f"One or more .txt files (UTF-8, or UTF-16 with a byte-order mark), at most 1 MB each and "
        f"{MAX_FILES} at a time.",
    )
    text = forms.CharField(
        required=False,
        label="Or paste a text",
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
    )
    name = forms.CharField(
        required=False,
        max_length=100,
        label="File name for the pasted text",
        help_text="For example 2024-07-04-xinhua-astana.txt. Importing the same name again updates the same "
        "document; a date in the name is used when the text gives none.",
    )

    def __init__(self, *args, refused=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.refused = refused  # files the upload handler stopped at the size limit

    def clean(self):
        data = super().clean()
        files, text = data.get("files") or [], (data.get("text") or "").strip()
        if not files and not text and not self.refused:
            raise forms.ValidationError("Choose at least one .txt file, or paste a text.")
        if len(files) + bool(text) > MAX_FILES:
            raise forms.ValidationError(f"At most {MAX_FILES} files at a time.")
        if text and not data.get("name"):
            self.add_error("name", "Give the pasted text a file name ending in .txt.")
        return data

    def uploads(self):
        """(name, size, read) for every file and the pasted text; sizes are known before anything is read."""
        items = [(f.name, f.size, f.read) for f in self.cleaned_data["files"]]
        text = self.cleaned_data["text"].strip()
        if text:
            data = (text + "\n").encode("utf-8")
            items.append((self.cleaned_data["name"], len(data), lambda: data))
        return items


class CorrectionForm(forms.Form):
    title = forms.CharField(required=False, max_length=300, widget=forms.TextInput(attrs={"size": 60}))
    kind = forms.ChoiceField(required=False, choices=Document.Kind.choices)
    summit = forms.ModelChoiceField(
        required=False, queryset=Summit.objects.order_by("start_date"), to_field_name="slug"
    )
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    place = forms.CharField(required=False, max_length=120)
    publisher = forms.CharField(required=False, max_length=150)
    author = forms.CharField(required=False, max_length=200)
    source_url = forms.URLField(required=False, max_length=500, assume_scheme="https", label="Source URL")
    skip = forms.BooleanField(required=False, label="Leave this file out of the import")

    def changes(self, current):
        """The values the curator changed from what the import would take, as manifest values."""
        changed = {}
        for name in FIELDS:
            value = manifest_value(self.cleaned_data.get(name))
            if value not in ("", None) and value != manifest_value(current.get(name)):
                changed[name] = value
        return changed


def manifest_value(value):
    if isinstance(value, Summit):
        return value.slug
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class ImportTextsMixin:
    """Mixed into DocumentAdmin: the import pages live under the document changelist's URL."""

    change_list_template = "admin/declarations/document/change_list.html"  # reversion's, with two links more

    def has_import_permission(self, request):
        return request.user.has_perm(PERMISSION)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="declarations_document_import"),
            path(
                "import/history/", view(self.import_history_view), name="declarations_document_import_history"
            ),
            path(
                "import/<uuid:batch>/",
                view(self.import_preview_view),
                name="declarations_document_import_preview",
            ),
            path(
                "import/undo/<int:pk>/", view(self.import_undo_view), name="declarations_document_import_undo"
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_context(self, request, title, **ctx):
        if not self.has_import_permission(request):
            raise PermissionDenied
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **ctx}

    def import_view(self, request):
        ctx = self.import_context(request, "Import texts")
        posted = (request.POST, request.FILES) if request.method == "POST" else ()
        # Parsing the upload (just above) notes the files the upload handler stopped at the size limit.
        refused = [f"{name}: file is {OVER_THE_LIMIT}" for name in getattr(request, "oversized_uploads", [])]
        form = UploadForm(*posted, refused=refused)
        if request.method == "POST" and form.is_valid():
            batch, errors = stage(form.uploads(), request.user)
            errors = refused + errors
            if batch is not None:
                for error in errors:
                    messages.error(request, f"Refused {error}")
                return redirect("admin:declarations_document_import_preview", batch)
            for error in errors:
                form.add_error(None, f"Refused {error}")
        ctx.update(form=form, max_bytes=MAX_BYTES)
        return TemplateResponse(request, "admin/declarations/document/import.html", ctx)

    def import_preview_view(self, request, batch):
        ctx = self.import_context(request, "Preview the import")
        uploads = list(
            ImportUpload.objects.filter(batch=batch, state=ImportUpload.State.STAGED).order_by("pk")
        )
        if not uploads:
            if ImportUpload.objects.filter(batch=batch).exists():
                return redirect("admin:declarations_document_import_history")
            raise Http404("No such upload.")
        items = []
        for upload in uploads:
            shown = preview(upload.file_name, bytes(upload.data), upload.corrections)
            initial = {name: manifest_value(value) for name, value in shown.current.items()}
            form = CorrectionForm(request.POST or None, prefix=f"u{upload.pk}", initial=initial)
            items.append((upload, shown, form))
        if request.method == "POST" and all(form.is_valid() for _, _, form in items):
            kept = []
            for upload, shown, form in items:
                if form.cleaned_data["skip"]:
                    upload.delete()
                    continue
                upload.corrections = {**upload.corrections, **form.changes(shown.current)}
                upload.save(update_fields=["corrections"])
                kept.append(upload)
            if "_import" in request.POST and kept:
                errors = confirm(kept, request.user)
                if not errors:
                    links = format_html_join(
                        ", ",
                        '<a href="{}">{}</a>',
                        ((u.document.get_absolute_url(), u.document.title) for u in kept),
                    )
                    messages.success(request, format_html("Imported {} text(s): {}", len(kept), links))
                    return redirect("admin:declarations_document_import_history")
                for error in errors:
                    messages.error(request, f"Nothing was imported: {error}")
            return redirect(request.path)
        ctx.update(items=items, labels=LABELS, blocked=any(shown.error for _, shown, _ in items))
        return TemplateResponse(request, "admin/declarations/document/import_preview.html", ctx)

    def import_history_view(self, request):
        ctx = self.import_context(request, "Import history")
        imports = (
            ImportUpload.objects.exclude(state=ImportUpload.State.STAGED)
            .select_related("document", "uploaded_by")
            .order_by("-imported_at", "-pk")
            .defer("data", "previous_text")
        )
        ctx["page"] = Paginator(imports, 50).get_page(request.GET.get("page"))
        return TemplateResponse(request, "admin/declarations/document/import_history.html", ctx)

    def import_undo_view(self, request, pk):
        upload = get_object_or_404(ImportUpload.objects.select_related("document", "uploaded_by"), pk=pk)
        ctx = self.import_context(request, f"Undo the import of {upload.file_name}", upload=upload)
        history = reverse("admin:declarations_document_import_history")
        if request.method == "POST":
            try:
                undo(upload, request.user)
            except SourceError as e:
                messages.error(request, f"Cannot undo: {e}")
            else:
                messages.success(request, f"Undid the import of {upload.file_name}.")
            return redirect(history)
        ctx.update(
            can_undo=upload.state == ImportUpload.State.IMPORTED and latest(upload), history_url=history
        )
        return TemplateResponse(request, "admin/declarations/document/import_undo.html", ctx)
