"""Quotation links: the matcher's finds, for staff to confirm or reject (a decision no re-run overrides)."""

import reversion
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from ..models import QuotationLink, QuotationMeasure
from ..quotations.links import refresh_quoted
from .base import ArchiveAdmin
from .records import ReadOnlyAdmin


class ScoreFilter(admin.SimpleListFilter):
    title = "score"
    parameter_name = "score"
    BANDS = {"90": (90, 101), "70": (70, 90), "50": (50, 70), "0": (0, 50)}

    def lookups(self, request, model_admin):
        return [("90", "90 and above"), ("70", "70 to 90"), ("50", "50 to 70"), ("0", "below 50")]

    def queryset(self, request, queryset):
        band = self.BANDS.get(self.value() or "")
        if self.value() is not None and band is None:
            return queryset.none()
        if band is None:
            return queryset
        return queryset.filter(score__gte=band[0], score__lt=band[1])


def passage(text, start, end, width=90):
    """The matched words with a little context either side, the words themselves in <mark>."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        "…" if start > 40 else "",
        before,
        Truncator(text[start:end]).chars(width * 3),
        after,
        "…" if end + 40 < len(text) else "",
    )


@admin.register(QuotationLink)
class QuotationLinkAdmin(ArchiveAdmin):
    list_display = ["news_label", "news_passage", "source_label", "kind", "score", "origin"]
    list_filter = [("news__summit", admin.RelatedFieldListFilter), ScoreFilter, "kind", "origin"]
    list_select_related = ["news__document", "source__document"]
    search_fields = ["news__document__title", "source__document__title"]
    actions = ["confirm_links", "reject_links"]
    action_changes_rows = True
    list_per_page = 50
    fields = ["news_side", "source_side", "kind", "score", "origin", "rule", "created_at", "updated_at"]
    readonly_fields = ["news_side", "source_side", "kind", "score", "rule", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False  # links are found by the matcher; staff decide on them

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_quoted([obj.source_id])

    def delete_queryset(self, request, queryset):
        sources = list(queryset.values_list("source_id", flat=True))
        super().delete_queryset(request, queryset)
        refresh_quoted(sources)

    @admin.display(description="news paragraph", ordering="news__date")
    def news_label(self, link):
        return f"{Truncator(link.news.document.title).chars(50)} ¶{link.news.number}"

    @admin.display(description="passage")
    def news_passage(self, link):
        return Truncator(link.news.text[link.news_start : link.news_end]).chars(110)

    @admin.display(description="declaration paragraph")
    def source_label(self, link):
        return f"{Truncator(link.source.document.title).chars(40)} ¶{link.source.number}"

    @admin.display(description="news (passage marked)")
    def news_side(self, link):
        return self._side(link.news, link.news_start, link.news_end)

    @admin.display(description="declaration (matched words marked)")
    def source_side(self, link):
        return self._side(link.source, link.source_start, link.source_end)

    def _side(self, paragraph, start, end):
        url = reverse("admin:declarations_paragraph_change", args=[paragraph.pk])
        return format_html(
            '<p><a href="{}">{}</a></p><blockquote>{}</blockquote>',
            url,
            paragraph,
            passage(paragraph.text, start, end, width=200),
        )

    def decide(self, request, queryset, origin, verb):
        ids = list(queryset.values_list("pk", flat=True))
        QuotationLink.objects.filter(pk__in=ids).update(origin=origin)
        refresh_quoted(QuotationLink.objects.filter(pk__in=ids).values_list("source_id", flat=True))
        for link in QuotationLink.objects.filter(pk__in=ids):
            reversion.add_to_revision(link)
        reversion.set_comment(f"{verb.capitalize()} {len(ids)} quotation link(s) (bulk action)")
        self.message_user(
            request,
            f"{verb.capitalize()} {len(ids)} links; the matcher will not change that.",
            messages.SUCCESS,
        )

    @admin.action(description="Confirm the selected links", permissions=["change"])
    def confirm_links(self, request, queryset):
        self.decide(request, queryset, QuotationLink.Origin.CONFIRMED, "confirmed")

    @admin.action(
        description="Reject the selected links (they will not be shown or found again)",
        permissions=["change"],
    )
    def reject_links(self, request, queryset):
        self.decide(request, queryset, QuotationLink.Origin.REJECTED, "rejected")


@admin.register(QuotationMeasure)
class QuotationMeasureAdmin(ReadOnlyAdmin):
    """Read-only: the rows are written by `manage.py quotation_quality --save`."""

    list_display = [
        "label_set",
        "news_items",
        "true_positives",
        "false_positives",
        "false_negatives",
        "measured_at",
    ]
