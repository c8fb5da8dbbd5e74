"""Bookkeeping the importer and the summary counts keep: visible to staff, written only by the code."""

from django.contrib import admin

from ..models import ArchiveVersion, ImportOverride, ImportRecord, ImportUpload, ParagraphCount, StoredLineage


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyAdmin):
    """What each import last wrote: the base of the three-way merge that keeps staff edits."""

    list_display = ["kind", "key", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["key"]


@admin.register(ParagraphCount)
class ParagraphCountAdmin(ReadOnlyAdmin):
    """The summary table behind the heatmap, timelines and counts (rebuilt by search.counts.refresh)."""

    list_display = ["summit", "kind", "theme", "paragraphs"]
    list_filter = ["kind", "summit"]
    list_select_related = ["summit", "theme"]


@admin.register(ImportOverride)
class ImportOverrideAdmin(ReadOnlyAdmin):
    """Corrections chosen in the import preview; every import of the file reads them (change them there)."""

    list_display = ["file_name", "values", "updated_by", "updated_at"]
    search_fields = ["file_name"]
    list_select_related = ["updated_by"]


@admin.register(ImportUpload)
class ImportUploadAdmin(ReadOnlyAdmin):
    """Texts uploaded through "Import texts": previewed, imported or undone (undo from the import history)."""

    list_display = ["file_name", "state", "outcome", "uploaded_by", "uploaded_at", "imported_at"]
    list_filter = ["state", "outcome"]
    search_fields = ["file_name"]
    list_select_related = ["uploaded_by"]
    exclude = ["data"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data", "previous_text")  # up to 1 MB each


@admin.register(ArchiveVersion)
class ArchiveVersionAdmin(ReadOnlyAdmin):
    """The number that moves whenever paragraphs or tags change: what is computed and kept is current under it."""

    list_display = ["number"]


@admin.register(StoredLineage)
class StoredLineageAdmin(ReadOnlyAdmin):
    """Each paragraph's similar wording at other summits, as its page last computed it."""

    list_display = ["paragraph", "version"]
    list_select_related = ["paragraph__document"]
    show_full_result_count = False  # as many rows as paragraphs viewed: no COUNT of them per page
