"""The retag admin actions: apply the current rules to some paragraphs and tell staff what changed."""

from django.contrib import messages

from ..retag import Retagger

CHUNK = 500


def retag(paragraphs):
    """Retag in chunks so a retag of the whole archive never holds every paragraph in memory."""
    retagger = Retagger()
    ids = list(paragraphs.order_by("pk").values_list("pk", flat=True))
    model = paragraphs.model
    for start in range(0, len(ids), CHUNK):
        retagger.retag(model.objects.filter(pk__in=ids[start : start + CHUNK]))
    return retagger.result, len(ids)


def retag_and_report(model_admin, request, paragraphs):
    result, total = retag(paragraphs)
    model_admin.message_user(request, f"Retagged {total} paragraphs: {result.summary()}.", messages.SUCCESS)
    for warning in result.warnings:
        model_admin.message_user(request, warning, messages.WARNING)
    return result
