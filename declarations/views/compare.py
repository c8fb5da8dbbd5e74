"""/compare/?a=<document>&b=<document>[&theme=<theme>][&part=<n>]: two documents side by side, paragraph by
paragraph.

Missing or unknown parameters never raise: the page shows the choosing form with the errors (400 when
something was submitted, 200 for the empty form). The alignment itself is pure (alignment.py).

Bounded whatever the documents (issue 14): at most PART paragraphs of each are aligned and shown per request,
the same stretch of both; longer documents are compared a part at a time and the page says so. The whole part
is aligned before a theme chooses which rows to show, so a pairing never changes with the filter (issue 16).
"""

from collections import Counter
from urllib.parse import urlencode

from django.db.models import Count, Q, Window
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..alignment import align
from ..kinds import document_label, kind_phrase
from ..models import Document, Paragraph
from .compare_form import CompareForm

# Paragraphs of each document aligned and shown per request: every SCO declaration fits whole (the longest
# hold under 150), the page stays under about a megabyte, and the alignment well under a second.
PART = 500


def part_paragraphs(document, part):
    """The document's published paragraphs of this part, in reading order, and how many it has in all (one
    query: the count is a window over the document's paragraphs, taken before the part is cut)."""
    start = (part - 1) * PART
    published = Paragraph.objects.filter(document=document, published=True)
    paragraphs = published.only("id", "number", "text", "document_id").annotate(total=Window(Count("id")))
    paragraphs = list(paragraphs.order_by("number")[start : start + PART])
    for paragraph in paragraphs:
        paragraph.document = document  # the permalink needs the slug; no query per paragraph
    if paragraphs:
        return paragraphs, paragraphs[0].total
    return paragraphs, published.count() if start else 0


def about_theme(theme, *sides):
    """Ids of the given paragraphs tagged with the theme (one query, bounded by the part's number ranges)."""
    ranges = Q(pk__in=[])
    for paragraphs in sides:
        if paragraphs:
            ranges |= Q(
                document_id=paragraphs[0].document_id,
                number__range=(paragraphs[0].number, paragraphs[-1].number),
            )
    return set(Paragraph.objects.filter(ranges).tagged(theme).values_list("id", flat=True))


MARKS = {"del": "<del>{}</del>", "ins": "<ins>{}</ins>"}


def marked_text(segments, mark):
    """A paragraph's text with the words only on its side in <del> or <ins>, escaped (format_html): a template
    loop over every word run of a long comparison cost more than the alignment itself."""
    return format_html_join(
        "",
        "{}",
        ((format_html(MARKS[mark], s.text) if s.kind == mark else s.text,) for s in segments or ()),
    )


def kind_warning(a, b):
    """Words for a reader comparing two kinds of text, or "" when both are of one kind."""
    if a.kind == b.kind:
        return ""
    warning = (
        f"You are comparing {kind_phrase(a)} with {kind_phrase(b)}. They are different kinds of text, not one "
        "text revised into another: “dropped” says only that B has no paragraph worded like it, and “new” "
        "that A has none."
    )
    if Document.Kind.NEWS in (a.kind, b.kind):
        warning += " A news article retells a summit in its own words and quotes only parts of its documents."
    return warning


def compare_query(a, b, theme=None, part=1):
    """The one query string of a comparison: a=..&b=..[&theme=..][&part=..]."""
    query = {"a": a.slug, "b": b.slug}
    if theme is not None:
        query["theme"] = theme.slug
    if part > 1:
        query["part"] = part
    return urlencode(query)


def compare_url(*args):
    return f"{reverse('declarations:compare')}?{compare_query(*args)}"


def comparison(a, b, theme, part):
    """The page's context, or None when the documents have no such part."""
    (left, a_total), (right, b_total) = part_paragraphs(a, part), part_paragraphs(b, part)
    if not left and not right and part > 1:
        return None
    counts = (a_total, b_total)
    rows = align([p.text for p in left], [p.text for p in right])
    if theme is not None:
        themed = about_theme(theme, left, right)
        rows = [
            row
            for row in rows
            if (row.left is not None and left[row.left].pk in themed)
            or (row.right is not None and right[row.right].pk in themed)
        ]
    shown = [
        {
            "status": row.status,
            "a": left[row.left] if row.left is not None else None,
            "b": right[row.right] if row.right is not None else None,
            "a_text": marked_text(row.left_segments, "del"),
            "b_text": marked_text(row.right_segments, "ins"),
            "similarity": round(row.score * 100),
        }
        for row in rows
    ]
    parts = max(1, -(-max(counts) // PART))
    return {
        "a": a,
        "b": b,
        "a_label": document_label(a),
        "b_label": document_label(b),
        "kind_warning": kind_warning(a, b),
        "theme": theme,
        "rows": shown,
        "counts": Counter(row["status"] for row in shown),
        "a_count": sum(1 for row in shown if row["a"] is not None),
        "b_count": sum(1 for row in shown if row["b"] is not None),
        "a_total": counts[0],
        "b_total": counts[1],
        "part": part,
        "part_size": PART,
        "part_first": (part - 1) * PART + 1,
        "part_last": min(part * PART, max(counts)),
        "parts": [(n, compare_url(a, b, theme, n)) for n in range(1, parts + 1)] if parts > 1 else [],
        "swap_url": compare_url(b, a, theme, part),
    }


def compare(request):
    # The form's own submit sends a=&b=&theme= even when nothing is chosen: that is a submission too.
    submitted = any(name in request.GET for name in ("a", "b", "theme", "part"))
    form = CompareForm(request.GET if submitted else None)
    ctx = {"form": form}
    if submitted and form.is_valid():
        a, b, theme, part = (form.cleaned_data[name] for name in ("a", "b", "theme", "part"))
        part = part or 1
        # The picker sends each document twice (its list and its address field): redirect to the one address
        # of this comparison, so what a reader copies or cites is clean.
        if request.GET.urlencode() != compare_query(a, b, theme, part):
            return redirect(compare_url(a, b, theme, part))
        found = comparison(a, b, theme, part)
        if found is None:
            form.add_error("part", f"There is no part {part}: these documents are compared in fewer parts.")
        else:
            ctx.update(found)
    return render(request, "declarations/compare.html", ctx, status=400 if submitted and form.errors else 200)
