"""Documents: metadata, read-only provenance, and the paragraphs inline in reading order."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html

from .. import editing
from ..models import Document, Paragraph, ParagraphTheme
from ..quotations.links import refresh_document as refresh_quotation_links
from ..quotations.links import refresh_paragraphs as refresh_quotations
from .base import ArchiveAdmin, count_of
from .importing import ImportTextsMixin
from .paragraphs import mark_staff_edit
from .retagging import retag_and_report

# Above this many paragraphs the document page links to the paragraph changelist instead of an inline form:
# a form of thousands of textareas is neither usable nor fast.
MAX_INLINE_PARAGRAPHS = 150


class ParagraphInlineForm(forms.ModelForm):
    insert_after = forms.IntegerField(
        required=False,
        min_value=0,
        label="insert after ¶",
        help_text="New rows only; blank adds at the end.",
        widget=forms.NumberInput(attrs={"size": 4}),
    )

    class Meta:
        model = Paragraph
        fields = ["heading", "text"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4, "cols": 80}),
            "heading": forms.TextInput(attrs={"size": 24}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["insert_after"].disabled = True


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    form = ParagraphInlineForm
    fields = ["number", "heading", "text", "theme_list", "insert_after"]
    readonly_fields = ["number", "theme_list"]
    ordering = ["number"]
    extra = 0
    show_change_link = True
    verbose_name_plural = "paragraphs, in reading order (open one to edit its themes, split or merge it)"

    def get_queryset(self, request):
        tags = Prefetch("tags", queryset=ParagraphTheme.objects.select_related("theme"))
        return super().get_queryset(request).select_related("document").prefetch_related(tags)

    @admin.display(description="themes")
    def theme_list(self, paragraph):
        return ", ".join(t.theme.name for t in paragraph.tags.all()) or "-"


@admin.register(Document)
class DocumentAdmin(ImportTextsMixin, ArchiveAdmin):
    list_display = ["title", "summit", "kind", "date", "published", "paragraph_count", "last_imported_at"]
    list_filter = ["published", "kind", ("summit", admin.RelatedFieldListFilter), "language", "synthetic"]
    list_select_related = ["summit"]
    search_fields = ["title", "slug", "seed_file", "publisher", "source_name"]
    autocomplete_fields = ["summit"]
    date_hierarchy = "date"
    actions = ["retag_documents"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    provenance = [
        "seed_file",
        "checksum",
        "first_imported_at",
        "last_imported_at",
        "import_notes",
        "source_shape",
        "value_origins",
        "synthetic",
        "original_text",
    ]
    readonly_fields = [*provenance, "paragraphs_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summit", "kind", "date", "place", "published"]}),
        ("Source", {"fields": ["language", "publisher", "author", "source_name", "source_url"]}),
        ("Paragraphs", {"fields": ["paragraphs_link"]}),
        ("Provenance (written by the importer)", {"fields": provenance, "classes": ["collapse"]}),
    ]
    inlines = [ParagraphInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(paragraph_total=count_of(Paragraph.objects, "document"))

    @admin.display(description="paragraphs", ordering="paragraph_total")
    def paragraph_count(self, document):
        return document.paragraph_total

    @admin.display(description="all paragraphs")
    def paragraphs_link(self, document):
        if not document.pk:
            return "-"
        url = reverse("admin:declarations_paragraph_changelist")
        count = getattr(document, "paragraph_total", None)
        label = f"{count} paragraphs" if count is not None else "paragraphs"
        return format_html(
            '<a href="{}?summit__id__exact={}&amp;document={}">{} in the paragraph list</a>',
            url,
            document.summit_id,
            document.pk,
            label,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"kind", "summit"} & set(form.changed_data):
            refresh_quotation_links(obj)  # a news item became a declaration, or moved to another summit

    def get_inlines(self, request, obj):
        if obj is not None and getattr(obj, "paragraph_total", 0) > MAX_INLINE_PARAGRAPHS:
            return []
        return self.inlines

    def save_formset(self, request, form, formset, change):
        if formset.model is not Paragraph:
            return super().save_formset(request, form, formset, change)
        document = form.instance
        formset.save(commit=False)
        # New rows are placed relative to the paragraphs as the editor saw them, before any deletion renumbers.
        anchors = dict(document.paragraphs.values_list("number", "pk"))
        for paragraph in formset.deleted_objects:
            paragraph.delete()
        for paragraph, changed in formset.changed_objects:
            mark_staff_edit(paragraph, changed)
            # Loaded before the document was saved: its copies of the document's fields and its quoted flag may
            # have moved since, and save() writes every column.
            for name, value in document.copied_fields().items():
                setattr(paragraph, name, value)
            paragraph.refresh_from_db(fields=["quoted"])
            paragraph.save()
        editing.renumber(document)
        refresh_quotations([paragraph for paragraph, changed in formset.changed_objects if "text" in changed])
        new_forms = [f for f in formset.forms if f.instance in formset.new_objects]
        new_forms.sort(
            key=lambda f: (f.cleaned_data.get("insert_after") is None, f.cleaned_data.get("insert_after"))
        )
        inserted_after = {}
        for f in new_forms:
            after = f.cleaned_data.get("insert_after")
            if after is not None:
                anchor = anchors.get(after)
                current = document.paragraphs.filter(pk=anchor).values_list("number", flat=True).first()
                after = (current if current is not None else min(after, len(anchors))) + inserted_after.get(
                    after, 0
                )
                inserted_after[f.cleaned_data["insert_after"]] = (
                    inserted_after.get(f.cleaned_data["insert_after"], 0) + 1
                )
            f.instance = editing.insert_paragraph(document, f.instance.text, f.instance.heading, after=after)
        formset.new_objects = [f.instance for f in new_forms]

    @admin.action(description="Retag the paragraphs of the selected documents", permissions=["change"])
    def retag_documents(self, request, queryset):
        retag_and_report(self, request, Paragraph.objects.filter(document__in=queryset))
