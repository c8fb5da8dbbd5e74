"""/compare/?a=<document>&b=<document>[&theme=<theme>][&part=<n>]: two documents side by side, paragraph by
paragraph.

Missing or unknown parameters never raise: the page shows the choosing form with the errors (400 when
something was submitted, 200 for the empty form). The alignment itself is pure (alignment.py).

Bounded whatever the documents (issue 14): at most PART paragraphs of each are aligned and shown per request;
longer documents are compared a part at a time, the same share of each, and the page says so. The whole part
is aligned before a theme chooses which rows to show, so a pairing never changes with the filter (issue 16).
"""

import hashlib
from collections import Counter
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html

from ..alignment import align, diff_rows
from ..kinds import document_label, kind_phrase
from ..models import Document, Paragraph
from .compare_form import CompareForm

# Paragraphs of each document aligned and shown per request: a summit declaration (tens of paragraphs; the
# synthetic corpus's longest, 160) fits whole, and a page with a full part of each stays under a megabyte.
PART = 500


def part_count(a, b):
    return max(1, -(-max(a.paragraph_count, b.paragraph_count) // PART))


def part_window(document, part, longest):
    """(start, stop) positions of the document's paragraphs in this part: the longer document's part is PART
    paragraphs, the shorter one's the same share of its length, so a revision that dropped or added
    paragraphs keeps its counterparts in the same part."""
    count = document.paragraph_count
    return (part - 1) * PART * count // longest, min(count, part * PART * count // longest)


def part_paragraphs(document, part, longest):
    """The document's published paragraphs of this part, in reading order."""
    start, stop = part_window(document, part, longest)
    paragraphs = Paragraph.objects.filter(document=document, published=True).order_by("number")
    paragraphs = (
        list(paragraphs.only("id", "number", "text", "document_id")[start:stop]) if stop > start else []
    )
    for paragraph in paragraphs:
        paragraph.document = document  # the permalink needs the slug; no query per paragraph
    return paragraphs


def stretch(paragraphs):
    return f"{paragraphs[0].number}–{paragraphs[-1].number}" if paragraphs else "none"


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


STATUS_LABELS = {"same": "identical", "changed": "reworded", "dropped": "dropped", "new": "new"}
MARKS = {"del": "<del>{}</del>", "ins": "<ins>{}</ins>"}


def marked_text(segments, mark):
    """A paragraph's text with the words only on its side in <del> or <ins>, escaped: one format_html per
    paragraph, its format string made of "{}" and the mark's tags only (a template loop over every word run of
    a long comparison cost more than the alignment itself, and a format_html per run half as much again)."""
    segments = list(segments or ())
    template = "".join(MARKS[mark] if s.kind == mark else "{}" for s in segments)
    return format_html(template, *(s.text for s in segments)) if segments else ""


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


# The computed rows of a comparison are kept this long, and only when their marked texts hold at most this many
# characters (memcached refuses items over a megabyte).
KEPT_SECONDS = 60 * 60
KEPT_LARGEST = 500_000
ROWS_FORMAT = 1


def aligned_rows(left, right, themed):
    """(status, left index, right index, similarity %, left marked text, right marked text) of each row shown:
    the part aligned whole, then the rows with a paragraph in `themed` (a set of ids; None shows every row),
    their word diffs worked out.

    Kept in the cache under the texts themselves (ids, texts and the themed ids in the key's digest, so an edit is
    a new key, never a stale page; ROWS_FORMAT in it, raised when the alignment or the markup changes, so a shared
    cache never serves rows another release computed): aligning, diffing and marking the words are most of a long
    comparison's time (README, Performance). Rows larger than a memcached item are not kept."""
    digest = hashlib.sha256()
    for paragraph in (*left, None, *right):
        digest.update(b"\0" if paragraph is None else f"{paragraph.pk}\0{paragraph.text}\0".encode())
    digest.update(repr(sorted(themed) if themed is not None else None).encode())
    key = f"compare:{ROWS_FORMAT}:{digest.hexdigest()}"
    kept = cache.get(key)
    if kept is not None:
        return kept
    rows = align([p.text for p in left], [p.text for p in right])
    if themed is not None:
        rows = [
            row
            for row in rows
            if (row.left is not None and left[row.left].pk in themed)
            or (row.right is not None and right[row.right].pk in themed)
        ]
    diff_rows(rows)
    kept = [
        (
            row.status,
            row.left,
            row.right,
            round(row.score * 100) if row.left is not None and row.right is not None else None,
            marked_text(row.left_segments, "del"),
            marked_text(row.right_segments, "ins"),
        )
        for row in rows
    ]
    if sum(len(a_text) + len(b_text) for *_, a_text, b_text in kept) <= KEPT_LARGEST:
        cache.set(key, kept, KEPT_SECONDS)
    return kept


def comparison(a, b, theme, part):
    longest = max(a.paragraph_count, b.paragraph_count, 1)
    left, right = part_paragraphs(a, part, longest), part_paragraphs(b, part, longest)
    themed = about_theme(theme, left, right) if theme is not None else None
    shown = [
        {
            "status": status,
            "label": STATUS_LABELS[status],
            "a": left[i] if i is not None else None,
            "b": right[j] if j is not None else None,
            "a_text": a_text,
            "b_text": b_text,
            "similarity": similarity,
        }
        for status, i, j, similarity, a_text, b_text in aligned_rows(left, right, themed)
    ]
    parts = part_count(a, b)
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
        "a_total": a.paragraph_count,
        "b_total": b.paragraph_count,
        "part": part,
        "part_size": PART,
        "a_stretch": stretch(left),
        "b_stretch": stretch(right),
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
        if part > part_count(a, b):
            form.add_error(
                "part", f"There is no part {part}: these documents are compared in {part_count(a, b)}."
            )
        else:
            ctx.update(comparison(a, b, theme, part))
    return render(request, "declarations/compare.html", ctx, status=400 if submitted and form.errors else 200)
