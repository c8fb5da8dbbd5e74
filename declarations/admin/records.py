"""Bookkeeping the importer and the summary counts keep: visible to staff, written only by the code."""

from django.contrib import admin

from ..models import ImportLock, ImportRecord, ParagraphCount


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
    """The summary table behind the heatmap, timelines and counts (rebuilt by stats.refresh)."""

    list_display = ["summit", "kind", "theme", "paragraphs"]
    list_filter = ["kind", "summit"]
    list_select_related = ["summit", "theme"]


@admin.register(ImportLock)
class ImportLockAdmin(ReadOnlyAdmin):
    """The import running now, on SQLite (importing/lock.py). A row left by a process on another host that died
    can be deleted here by someone with the permission; one on this host is cleared by the next import."""

    list_display = ["name", "host", "pid", "started_at"]

    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)
