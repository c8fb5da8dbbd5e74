"""The taxonomy: rules validated on save and previewed before they are saved, paragraph counts, and a retag action
that says what changed."""

import hashlib

from django import forms
from django.contrib import admin, messages
from django.db.models import Count

from ..models import Paragraph, ParagraphTheme, Theme
from ..review import preview_rules
from ..tagging import RuleError, parse_rules
from .base import ArchiveAdmin, count_of
from .retagging import retag_and_report


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "slug", "parent", "position", "description", "rules", "previewed"]
        widgets = {"rules": forms.Textarea(attrs={"rows": 12, "cols": 60, "spellcheck": "false"})}

    # The digest of the rules last previewed: a changed rule set is saved only once its preview was shown.
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)
    preview = None

    def clean_rules(self):
        rules = self.cleaned_data["rules"]
        try:
            parse_rules(rules)
        except RuleError as e:
            raise forms.ValidationError(str(e), code="invalid_rule") from e
        return rules

    def clean(self):
        cleaned = super().clean()
        rules = cleaned.get("rules")
        if "rules" in self.changed_data and rules is not None:
            digest = hashlib.sha256(rules.encode()).hexdigest()
            if cleaned.get("previewed") != digest:
                self.preview = preview_rules(self.instance, rules)
                self.data = self.data.copy()
                self.data["previewed"] = digest
                raise forms.ValidationError(
                    "Not saved yet: see below what the new rules would do, then press Save again to save them.",
                    code="preview_rules",
                )
        return cleaned


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
