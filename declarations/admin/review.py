"""The review queue: machine-made tags to confirm or reject, one action each, from the queue or a paragraph's page.

Each decision is final for the rules (editing.confirm_tags / reject_tags) and moves the staff-review figures shown
on the public site (review.refresh_staff_measures), which staff see after every action.
"""

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator

from .. import editing, review
from ..models import ParagraphTheme, RejectedTag, Theme, ThemeMeasure
from ..retag import Retagger
from .base import ArchiveAdmin
from .records import ReadOnlyAdmin

# Bulk review is for a page of the queue, not the archive: a larger selection is refused, with a message.
MAX_REVIEWED_AT_ONCE = 1000


def review_buttons(tag):
    """Confirm and Reject buttons for one tag, inside whatever admin form shows it (the changelist, a paragraph's
    inline): `formaction` posts that form to the review view, so the buttons need no form of their own, no script.
    The form's hidden `next` field (in the two templates) brings staff back to the page they were on.
    """
    if not tag.pk:
        return ""
    action = reverse("admin:declarations_paragraphtheme_review", args=[tag.pk])
    name = tag.theme.name
    confirm = (
        format_html(
            '<button type="submit" class="button" formaction="{}" formmethod="post" name="decision" '
            'value="confirm" aria-label="Confirm the {} tag">Confirm</button> ',
            action,
            name,
        )
        if tag.origin == ParagraphTheme.Origin.RULE and not tag.is_confirmed
        else ""
    )
    status = format_html("<span>{}</span> ", review_status(tag))
    reject = format_html(
        '<button type="submit" class="button" formaction="{}" formmethod="post" name="decision" value="reject" '
        'aria-label="Reject the {} tag">Reject</button>',
        action,
        name,
    )
    return format_html("{}{}{}", status, confirm, reject)


def review_status(tag):
    if tag.origin == ParagraphTheme.Origin.STAFF:
        return "added by staff"
    if tag.is_confirmed:
        return "confirmed"
    return "not reviewed"


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("unreviewed", "Rule tags to review"),
            ("confirmed", "Confirmed rule tags"),
            ("staff", "Added by staff"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "unreviewed":
            return queryset.filter(origin=ParagraphTheme.Origin.RULE, confirmed_at__isnull=True)
        if value == "confirmed":
            return queryset.filter(origin=ParagraphTheme.Origin.RULE, confirmed_at__isnull=False)
        if value == "staff":
            return queryset.filter(origin=ParagraphTheme.Origin.STAFF)
        return queryset


class RuleFilter(admin.SimpleListFilter):
    """The rules of the chosen theme: every theme's rules at once would be hundreds of links."""

    title = "rule (choose a theme first)"
    parameter_name = "rule"

    def lookups(self, request, model_admin):
        theme = request.GET.get("theme__id__exact", "")
        if not theme.isdigit():
            return []
        rules = (
            ParagraphTheme.objects.filter(theme_id=theme, origin=ParagraphTheme.Origin.RULE)
            .order_by("rule")
            .values_list("rule", flat=True)
            .distinct()[:200]
        )
        return [(rule, rule) for rule in rules]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value is None else queryset.filter(rule=value)


def figures_message(model_admin, request, theme_ids):
    """After a decision: the figures of the themes it touched, as they now stand."""
    review.refresh_staff_measures()
    counts = review.staff_counts()
    for theme in Theme.objects.filter(pk__in=theme_ids):
        model_admin.message_user(request, review.summary(theme, counts.get(theme.pk, review.Counts())))


@admin.register(ParagraphTheme)
class ParagraphThemeAdmin(ArchiveAdmin):
    list_display = ["paragraph", "excerpt", "theme", "origin", "rule", "matched", "summit", "review"]
    list_filter = [
        ReviewFilter,
        ("theme", admin.RelatedFieldListFilter),
        RuleFilter,
        ("paragraph__summit", admin.RelatedFieldListFilter),
        "origin",
    ]
    list_select_related = ["paragraph__document", "paragraph__summit", "theme"]
    search_fields = ["paragraph__document__title", "theme__name", "rule", "matched"]
    autocomplete_fields = ["paragraph", "theme"]
    readonly_fields = ["origin", "rule", "matched", "confirmed_at", "confirmed_by", "created_at"]
    # Newest first by the primary key: ordering a million tags by theme name sorted them all on every page.
    ordering = ["-pk"]
    actions = ["confirm_selected", "reject_selected"]
    action_changes_rows = True
    # reversion's changelist (its "recover deleted" link) with the queue's `next` field
    change_list_template = "admin/declarations/paragraphtheme/change_list.html"

    @admin.display(description="text")
    def excerpt(self, tag):
        return Truncator(tag.paragraph.text).chars(140)

    @admin.display(description="summit")
    def summit(self, tag):
        return tag.paragraph.summit

    @admin.display(description="review")
    def review(self, tag):
        return review_buttons(tag)

    def save_model(self, request, obj, form, change):
        obj.origin, obj.rule, obj.matched = ParagraphTheme.Origin.STAFF, "", ""
        super().save_model(request, obj, form, change)
        editing.accept_theme(obj.paragraph, obj.theme)

    def delete_model(self, request, obj):
        editing.reject_tag(obj, request.user)

    def delete_queryset(self, request, queryset):
        editing.reject_tags(queryset, request.user)

    # Decisions ------------------------------------------------------------------------------------------------

    def too_many(self, request, queryset):
        if queryset.count() > MAX_REVIEWED_AT_ONCE:
            self.message_user(
                request,
                f"Review at most {MAX_REVIEWED_AT_ONCE} tags at a time: narrow the queue with its filters.",
                messages.ERROR,
            )
            return True
        return False

    def decide(self, request, tags, decision):
        """Confirm or reject `tags`; one revision records the paragraphs they belong to."""
        tags = list(tags.select_related("paragraph", "theme"))
        theme_ids = {t.theme_id for t in tags}
        chosen = ParagraphTheme.objects.filter(pk__in=[t.pk for t in tags])
        with reversion.create_revision():
            reversion.set_user(request.user)
            if decision == "confirm":
                done = editing.confirm_tags(chosen, request.user)
                verb = "Confirmed"
            else:
                done = len(editing.reject_tags(chosen, request.user))
                verb = "Rejected"
                # a parent theme the rejected tag alone gave goes too (Retagger.without_rejected)
                Retagger().retag({t.paragraph for t in tags})
            for tag in tags:
                reversion.add_to_revision(tag.paragraph)
            reversion.set_comment(f"{verb} {done} theme tag{'s' if done != 1 else ''} (review)")
        self.message_user(request, f"{verb} {done} tag{'s' if done != 1 else ''}.", messages.SUCCESS)
        figures_message(self, request, theme_ids)

    @admin.action(description="Confirm the selected tags (the rules got them right)", permissions=["change"])
    def confirm_selected(self, request, queryset):
        if not self.too_many(request, queryset):
            self.decide(request, queryset, "confirm")

    @admin.action(
        description="Reject the selected tags (hidden, never re-added by the rules)", permissions=["change"]
    )
    def reject_selected(self, request, queryset):
        if not self.too_many(request, queryset):
            self.decide(request, queryset, "reject")

    def get_urls(self):
        view = self.admin_site.admin_view(self.review_view)
        return [
            path("<int:pk>/review/", view, name="declarations_paragraphtheme_review"),
            *super().get_urls(),
        ]

    def review_view(self, request, pk):
        """One tag's decision, posted by its Confirm or Reject button; back to the page the button was on."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        tag = get_object_or_404(ParagraphTheme, pk=pk)
        if not self.has_change_permission(request, tag):
            raise PermissionDenied
        decision = request.POST.get("decision")
        if decision not in ("confirm", "reject"):
            self.message_user(request, "Choose Confirm or Reject.", messages.ERROR)
        else:
            self.decide(request, ParagraphTheme.objects.filter(pk=tag.pk), decision)
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            next_url = reverse("admin:declarations_paragraphtheme_changelist")
        return redirect(next_url)


@admin.register(RejectedTag)
class RejectedTagAdmin(ArchiveAdmin):
    list_display = ["paragraph", "theme", "origin", "rule", "matched", "rejected_by", "created_at"]
    list_filter = ["origin", ("theme", admin.RelatedFieldListFilter)]
    list_select_related = ["paragraph__document", "theme", "rejected_by"]
    search_fields = ["paragraph__document__title", "theme__name", "rule", "matched"]
    autocomplete_fields = ["paragraph", "theme"]
    readonly_fields = ["origin", "rule", "matched", "rejected_by", "created_at"]
    ordering = ["-pk"]


@admin.register(ThemeMeasure)
class ThemeMeasureAdmin(ReadOnlyAdmin):
    """Read-only: the rows are written by `manage.py measure_themes` and by each review decision."""

    list_display = ["__str__", "source", "true_positives", "false_positives", "false_negatives", "paragraphs"]
    list_filter = ["source"]
    list_select_related = ["theme"]
