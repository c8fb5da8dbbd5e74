"""The admin base class: django-reversion history with a baseline before the first staff edit, and reverts that
keep what staff cannot edit (versioning.revert_revision)."""

from contextlib import nullcontext

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.shortcuts import redirect
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from reversion import set_comment
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.utils import mute_signals

from ..search import counts as summary_counts
from .versioning import record_baseline, revert_revision


def count_of(rows, field):
    """How many of `rows` point at the outer row through `field`, as a correlated subquery.

    Not a GROUP BY join: a changelist's COUNT and filters then stay on its own table, however many rows point at it.
    """
    matching = rows.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(matching.annotate(n=Count("pk")).values("n")), 0)


class ShowOldVersion(Exception):
    """Raised to roll the revert back once the page showing the old version is rendered."""

    def __init__(self, response):
        self.response = response


class ArchiveAdmin(VersionAdmin):
    """History and revert for every content model; the change comment lists what changed (Django's log message)."""

    history_latest_first = True

    # A staff action saves a paragraph, its tags and its document one by one: the summary counts are rebuilt
    # once, when the request's work is done.
    def changeform_view(self, *args, **kwargs):
        with summary_counts.batch():
            return super().changeform_view(*args, **kwargs)

    def delete_view(self, *args, **kwargs):
        with summary_counts.batch():
            return super().delete_view(*args, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            self.baseline(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and request.POST.get("action") and self.action_changes_rows:
            pks = request.POST.getlist("_selected_action")
            if pks and request.POST.get("select_across") != "1":
                record_baseline(self.model, pks)
        with summary_counts.batch():
            return super().changelist_view(request, extra_context)

    # Actions on this changelist that write the selected rows themselves (others leave them alone).
    action_changes_rows = False

    def baseline(self, request, object_id):
        """Version the object and the inline rows this POST changes, if they have never been versioned.

        It runs before the change view opens its revision: a revision block inside another one would merge the
        baseline into the edit's revision, leaving nothing older to revert to.
        """
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return
        record_baseline(self.model, [obj.pk])
        for formset in self.posted_formsets(request, obj):
            # A form's has_changed() covers its DELETE box too; untouched rows need no baseline.
            pks = [f.instance.pk for f in formset.initial_forms if f.instance.pk and f.has_changed()]
            if pks:
                record_baseline(formset.model, pks)

    def posted_formsets(self, request, obj):
        """The inline formsets bound to this POST, with the prefixes Django's change view gives them."""
        prefixes = {}
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            prefix = formset_class.get_default_prefix()
            prefixes[prefix] = prefixes.get(prefix, 0) + 1
            if prefixes[prefix] != 1 or not prefix:
                prefix = f"{prefix}-{prefixes[prefix]}"
            yield formset_class(
                data=request.POST,
                files=request.FILES,
                instance=obj,
                prefix=prefix,
                queryset=inline.get_queryset(request),
            )

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        """reversion's revision and recover page, reverting with versioning.revert_revision.

        As in reversion: the old version is written inside a transaction and the change form runs on it; a GET
        renders the form and rolls everything back (signals muted), a valid POST keeps it as a new revision.
        Reversion's own revert writes every stored field back, a paragraph's old number included.
        """
        quiet = mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
        try:
            with transaction.atomic(using=version.db), quiet if request.method == "GET" else nullcontext():
                skipped = revert_revision(version.revision)
                for left_out, reason in skipped:
                    if left_out.pk == version.pk:
                        raise RevertError(f"{version.object_repr} {reason}")
                    messages.warning(request, f"Not restored: {left_out.object_repr} {reason}")
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, extra_context
                    )
                    if request.method == "POST" and response.status_code == 302:
                        saved_on = localize(template_localtime(version.revision.date_created))
                        set_comment(f"Reverted to previous version, saved on {saved_on}")
                    elif response.status_code == 200:
                        response.template_name = template_name
                        response.render()
                        raise ShowOldVersion(response)
                    else:
                        raise RevertError(f"Could not load {version.object_repr} version - not found")
        except (RevertError, models.ProtectedError) as e:
            messages.error(request, str(e))
            opts = self.model._meta
            return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        except ShowOldVersion as shown:
            return shown.response
        return response
