"""The taxonomy: rules validated on save, paragraph counts, and a retag action that says what changed."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count

from ..editing import accept_theme, reject_tag
from ..models import Paragraph, ParagraphTheme, RejectedTag, Theme
from ..tagging import RuleError, parse_rules
from .base import ArchiveAdmin, count_of
from .retagging import retag_and_report


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "slug", "parent", "position", "description", "rules"]
        widgets = {"rules": forms.Textarea(attrs={"rows": 12, "cols": 60, "spellcheck": "false"})}

    def clean_rules(self):
        rules = self.cleaned_data["rules"]
        try:
            parse_rules(rules)
        except RuleError as e:
            raise forms.ValidationError(str(e), code="invalid_rule") from e
        return rules


@admin.register(Theme)
class ThemeAdmin(ArchiveAdmin):
    form = ThemeForm
    list_display = ["name", "slug", "parent", "position", "paragraph_count"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "rules", "description"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["retag_everything"]

    def get_queryset(self, request):
        # A paragraph has at most one tag per theme, so counting tags counts paragraphs.
        return (
            super().get_queryset(request).annotate(paragraph_total=count_of(ParagraphTheme.objects, "theme"))
        )

    @admin.display(description="paragraphs", ordering="paragraph_total")
    def paragraph_count(self, theme):
        return theme.paragraph_total

    @admin.action(description="Retag all paragraphs with the current rules (report the selected themes)")
    def retag_everything(self, request, queryset):
        themes = list(queryset)
        before = dict(
            ParagraphTheme.objects.filter(theme__in=themes)
            .values("theme")
            .annotate(n=Count("pk"))
            .values_list("theme", "n")
        )
        retag_and_report(self, request, Paragraph.objects.all())
        after = dict(
            ParagraphTheme.objects.filter(theme__in=themes)
            .values("theme")
            .annotate(n=Count("pk"))
            .values_list("theme", "n")
        )
        changes = [
            f"{t.name}: {before.get(t.pk, 0)} → {after.get(t.pk, 0)}"
            for t in themes
            if before.get(t.pk, 0) != after.get(t.pk, 0)
        ]
        self.message_user(
            request,
            "Paragraph counts: " + ("; ".join(changes) if changes else "no change for the selected themes"),
            messages.INFO,
        )


@admin.register(ParagraphTheme)
class ParagraphThemeAdmin(ArchiveAdmin):
    list_display = ["paragraph", "theme", "origin", "rule", "created_at"]
    list_filter = ["origin", "theme"]
    list_select_related = ["paragraph__document", "theme"]
    search_fields = ["paragraph__document__title", "theme__name", "rule"]
    autocomplete_fields = ["paragraph", "theme"]
    readonly_fields = ["origin", "rule", "created_at"]

    def save_model(self, request, obj, form, change):
        obj.origin, obj.rule = ParagraphTheme.Origin.STAFF, ""
        super().save_model(request, obj, form, change)
        accept_theme(obj.paragraph, obj.theme)

    def delete_model(self, request, obj):
        reject_tag(obj)

    def delete_queryset(self, request, queryset):
        for tag in queryset:
            reject_tag(tag)


@admin.register(RejectedTag)
class RejectedTagAdmin(ArchiveAdmin):
    list_display = ["paragraph", "theme", "created_at"]
    list_filter = ["theme"]
    list_select_related = ["paragraph__document", "theme"]
    search_fields = ["paragraph__document__title", "theme__name"]
    autocomplete_fields = ["paragraph", "theme"]
