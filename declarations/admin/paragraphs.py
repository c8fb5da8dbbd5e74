"""Paragraphs: a changelist for 10,000s of rows, tags inline, bulk theme actions, split and merge pages."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from .. import editing
from ..models import Document, Paragraph, ParagraphTheme, RejectedTag, Theme
from ..quotations.links import refresh_paragraphs as refresh_quotations
from .base import ArchiveAdmin
from .retagging import retag_and_report
from .review import review_buttons
from .versioning import record_baseline

TEXT_CHANGES = {"text", "heading"}


def mark_staff_edit(paragraph, changed_fields):
    """A staff change of text or heading is marked so a re-import keeps it (importing/loader.py)."""
    if TEXT_CHANGES & set(changed_fields):
        paragraph.staff_edited = True


def save_tag_formset(formset):
    """Tags edited inline: additions are staff tags, removals (and replacements) are remembered as rejections."""
    formset.save(commit=False)
    for tag in formset.deleted_objects:
        editing.reject_tag(tag)
    for tag, changed in formset.changed_objects:
        if "theme" in changed:
            old = formset.forms[[f.instance for f in formset.forms].index(tag)].initial.get("theme")
            if old:
                editing.reject_tag(ParagraphTheme(paragraph_id=tag.paragraph_id, theme_id=old))
            tag.origin, tag.rule = ParagraphTheme.Origin.STAFF, ""
        tag.save()
        editing.accept_theme(tag.paragraph, tag.theme)
    for tag in formset.new_objects:
        tag.origin, tag.rule = ParagraphTheme.Origin.STAFF, ""
        tag.save()
        editing.accept_theme(tag.paragraph, tag.theme)


class TagInline(admin.TabularInline):
    model = ParagraphTheme
    fields = ["theme", "origin", "rule", "matched", "review"]
    readonly_fields = ["origin", "rule", "matched", "review"]
    autocomplete_fields = ["theme"]
    extra = 1
    verbose_name = "theme"
    verbose_name_plural = "themes (a rejected or removed tag is kept below: the rules never add it back)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("theme", "paragraph__document")

    @admin.display(description="review")
    def review(self, tag):
        return review_buttons(tag)


class RejectedTagInline(admin.TabularInline):
    """Rejected tags stay as data; deleting one here lifts the rejection (the next retag may tag it again)."""

    model = RejectedTag
    fields = ["theme", "origin", "rule", "matched", "rejected_by", "created_at"]
    readonly_fields = fields
    extra = 0
    verbose_name = "rejected theme"
    verbose_name_plural = "rejected themes (hidden from the public site; delete a row to lift the rejection)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("theme", "rejected_by")


class ThemeOriginFilter(admin.SimpleListFilter):
    title = "tag origin"
    parameter_name = "origin"

    def lookups(self, request, model_admin):
        return [("rule", "Has a rule tag"), ("staff", "Has a staff tag"), ("none", "Untagged")]

    def queryset(self, request, queryset):
        value = self.value()
        theme = request.GET.get(ThemeFilter.parameter_name, "")
        tags = ParagraphTheme.objects.filter(paragraph=OuterRef("pk"))
        if theme.isdigit():
            tags = tags.filter(theme_id=theme)
        if value in ("rule", "staff"):
            return queryset.filter(Exists(tags.filter(origin=value)))
        if value == "none":
            return queryset.filter(~Exists(tags))
        return queryset


class ThemeFilter(admin.SimpleListFilter):
    title = "theme"
    parameter_name = "theme"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Theme.objects.values_list("pk", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(
            Exists(ParagraphTheme.objects.filter(paragraph=OuterRef("pk"), theme_id=value))
        )


class DocumentFilter(admin.SimpleListFilter):
    """Lists the documents of the chosen summit only: the whole archive would be thousands of links."""

    title = "document (choose a summit first)"
    parameter_name = "document"

    def lookups(self, request, model_admin):
        summit = request.GET.get("summit__id__exact", "")
        value = self.value() or ""
        documents = Document.objects.none()
        if summit.isdigit():
            documents = Document.objects.filter(summit_id=summit)
        elif value.isdigit():
            documents = Document.objects.filter(pk=value)
        return [(str(pk), Truncator(title).chars(60)) for pk, title in documents.values_list("pk", "title")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(document_id=value) if value.isdigit() else queryset.none()


class ThemeActionForm(ActionForm):
    theme = forms.ModelChoiceField(
        Theme.objects.all(), required=False, label="Theme", help_text="for the add/remove theme actions"
    )


class ParagraphForm(forms.ModelForm):
    class Meta:
        model = Paragraph
        fields = ["document", "heading", "section", "text", "staff_edited", "states"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10, "cols": 90})}


class SplitForm(forms.Form):
    position = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, label="Split after")

    def __init__(self, *args, paragraph, **kwargs):
        super().__init__(*args, **kwargs)
        text = paragraph.text
        self.fields["position"].choices = [
            (
                point,
                f"…{Truncator(text[:point].strip()[-80:]).chars(80)}  ‖  {Truncator(text[point:]).chars(60)}",
            )
            for point in editing.split_points(text)
        ]


@admin.register(Paragraph)
class ParagraphAdmin(ArchiveAdmin):
    form = ParagraphForm
    list_display = ["label", "document_title", "excerpt", "theme_list", "summit", "staff_edited", "published"]
    list_display_links = ["label"]
    list_filter = [
        ("summit", admin.RelatedFieldListFilter),
        DocumentFilter,
        ThemeFilter,
        ThemeOriginFilter,
        "staff_edited",
        "published",
        "kind",
    ]
    list_select_related = ["document", "summit"]
    search_fields = ["text", "heading", "=key", "document__slug"]
    autocomplete_fields = ["document", "states"]
    readonly_fields = ["number", "key", "preview", "source_heading", "source_text", "public_link"]
    inlines = [TagInline, RejectedTagInline]
    action_form = ThemeActionForm
    actions = ["add_theme", "remove_theme", "retag_selected"]
    action_changes_rows = True
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["document", "number", "key", "public_link", "heading", "section", "text"]}),
        ("Rendered for the public site (sanitized)", {"fields": ["preview"]}),
        ("Provenance", {"fields": ["staff_edited", "source_heading", "source_text"]}),
        ("States named", {"fields": ["states"]}),
    ]

    def get_queryset(self, request):
        tags = Prefetch("tags", queryset=ParagraphTheme.objects.select_related("theme"))
        return super().get_queryset(request).prefetch_related(tags)

    def get_readonly_fields(self, request, obj=None):
        # Moving a paragraph to another document would break both documents' numbering.
        return [*self.readonly_fields, "document"] if obj else self.readonly_fields

    def has_add_permission(self, request):
        return False  # paragraphs are added in place, from their document's page

    @admin.display(description="¶", ordering="number")
    def label(self, paragraph):
        return f"¶{paragraph.number}"

    @admin.display(description="document", ordering="document__title")
    def document_title(self, paragraph):
        return Truncator(paragraph.document.title).chars(50)

    @admin.display(description="text")
    def excerpt(self, paragraph):
        return Truncator(paragraph.text).chars(110)

    @admin.display(description="themes")
    def theme_list(self, paragraph):
        return ", ".join(
            f"{t.theme.name}{'' if t.origin == 'rule' else ' (staff)'}" for t in paragraph.tags.all()
        )

    @admin.display(description="rendered")
    def preview(self, paragraph):
        # html is sanitized by rendering.py on every save: the same markup the public page shows.
        return render_to_string("admin/declarations/paragraph/_preview.html", {"paragraph": paragraph})

    @admin.display(description="public page")
    def public_link(self, paragraph):
        if not paragraph.pk:
            return "-"
        url = reverse("admin:declarations_paragraph_public", args=[paragraph.pk])
        return format_html('<a href="{}">{}</a>', url, paragraph)

    # Saving ---------------------------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        mark_staff_edit(obj, form.changed_data)
        super().save_model(request, obj, form, change)
        if TEXT_CHANGES & set(form.changed_data):
            refresh_quotations([obj])

    def save_formset(self, request, form, formset, change):
        if formset.model is ParagraphTheme:
            save_tag_formset(formset)
        else:
            super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        editing.delete_paragraph(obj)

    def delete_queryset(self, request, queryset):
        documents = {p.document for p in queryset.select_related("document")}
        queryset.delete()
        for document in documents:
            editing.renumber(document)

    # Bulk actions ---------------------------------------------------------------------------------------------

    def chosen_theme(self, request):
        theme_id = request.POST.get("theme", "")
        theme = Theme.objects.filter(pk=theme_id).first() if theme_id.isdigit() else None
        if theme is None:
            self.message_user(request, "Choose a theme in the Theme menu next to the action.", messages.ERROR)
        return theme

    def record(self, request, ids, comment):
        for paragraph in Paragraph.objects.filter(pk__in=ids):
            reversion.add_to_revision(paragraph)
        reversion.set_comment(comment)

    @admin.action(description="Add the chosen theme to the selected paragraphs", permissions=["change"])
    def add_theme(self, request, queryset):
        theme = self.chosen_theme(request)
        if theme is None:
            return
        added, converted = editing.add_theme(queryset, theme)
        self.record(request, added | converted, f"Added theme {theme.name} (bulk action)")
        self.message_user(
            request,
            f"{theme.name}: added to {len(added)} paragraphs; {len(converted)} rule tags confirmed.",
            messages.SUCCESS,
        )

    @admin.action(description="Remove the chosen theme from the selected paragraphs", permissions=["change"])
    def remove_theme(self, request, queryset):
        theme = self.chosen_theme(request)
        if theme is None:
            return
        removed = editing.remove_theme(queryset, theme)
        self.record(request, removed, f"Removed theme {theme.name} (bulk action)")
        self.message_user(
            request,
            f"{theme.name}: removed from {len(removed)} paragraphs (rules won't add it back).",
            messages.SUCCESS,
        )

    @admin.action(description="Retag the selected paragraphs with the current rules", permissions=["change"])
    def retag_selected(self, request, queryset):
        result = retag_and_report(self, request, queryset)
        self.record(request, result.changed_paragraphs, "Retagged with the current rules")

    # Split, merge, public page --------------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/split/", view(self.split_view), name="declarations_paragraph_split"),
            path("<int:pk>/merge/", view(self.merge_view), name="declarations_paragraph_merge"),
            path("<int:pk>/public/", view(self.public_view), name="declarations_paragraph_public"),
            *super().get_urls(),
        ]

    def edit_context(self, request, paragraph, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": paragraph,
            "title": title,
            "change_url": reverse("admin:declarations_paragraph_change", args=[paragraph.pk]),
        }

    def split_view(self, request, pk):
        paragraph = get_object_or_404(Paragraph.objects.select_related("document"), pk=pk)
        if not (
            self.has_change_permission(request, paragraph) and self.has_add_permission_for_split(request)
        ):
            raise PermissionDenied
        form = SplitForm(request.POST or None, paragraph=paragraph)
        if request.method == "POST" and form.is_valid():
            record_baseline(Paragraph, [paragraph.pk])
            with reversion.create_revision():
                reversion.set_user(request.user)
                first, second = editing.split_paragraph(paragraph, form.cleaned_data["position"])
                reversion.add_to_revision(first)
                reversion.add_to_revision(second)
                reversion.set_comment(f"Split ¶{first.number} into ¶{first.number} and ¶{second.number}")
            self.log_change(request, first, f"Split into ¶{first.number} and ¶{second.number}")
            self.message_user(request, f"Split into ¶{first.number} and ¶{second.number}.", messages.SUCCESS)
            return redirect("admin:declarations_paragraph_change", first.pk)
        ctx = {**self.edit_context(request, paragraph, f"Split {paragraph}"), "form": form}
        return TemplateResponse(request, "admin/declarations/paragraph/split.html", ctx)

    def has_add_permission_for_split(self, request):
        return request.user.has_perm("declarations.add_paragraph")

    def merge_view(self, request, pk):
        paragraph = get_object_or_404(Paragraph.objects.select_related("document"), pk=pk)
        if not (
            self.has_change_permission(request, paragraph) and self.has_delete_permission(request, paragraph)
        ):
            raise PermissionDenied
        following = paragraph.document.paragraphs.filter(number=paragraph.number + 1).first()
        if request.method == "POST" and following is not None:
            record_baseline(Paragraph, [paragraph.pk, following.pk])
            with reversion.create_revision():
                reversion.set_user(request.user)
                merged = editing.merge_with_next(paragraph)
                reversion.add_to_revision(merged)
                reversion.set_comment(f"Merged ¶{merged.number + 1} into ¶{merged.number}")
            self.log_change(request, merged, f"Merged ¶{merged.number + 1} into this paragraph")
            self.message_user(request, f"Merged the next paragraph into ¶{merged.number}.", messages.SUCCESS)
            return redirect("admin:declarations_paragraph_change", merged.pk)
        ctx = {
            **self.edit_context(request, paragraph, f"Merge {paragraph} with the next"),
            "following": following,
        }
        return TemplateResponse(request, "admin/declarations/paragraph/merge.html", ctx)

    def public_view(self, request, pk):
        """The public permalink, resolved when clicked: after a renumbering the number may have changed."""
        paragraph = get_object_or_404(Paragraph.objects.select_related("document"), pk=pk)
        if not self.has_view_or_change_permission(request, paragraph):
            raise PermissionDenied
        return redirect(paragraph.get_absolute_url())
