"""A header date that disagrees with the date the text gives, settled against the summits' dates.

The World and Japan Database types its `[Date]` by hand, and a typo ("June 19, 2017" for a summit that met on 8-9
June) would file a declaration under the wrong day, or the wrong summit. The reference data knows when each summit
met: of the dates a text offers (its header, its closing line, the sentence that says when the meeting was held),
the one that falls within a summit's days wins. The other is kept in the warnings, which the import report and the
document's import notes carry to staff.
"""

from dataclasses import dataclass


@dataclass
class Settled:
    source: (
        str  # where the date came from: "header", "body" or "reference data" (when a conflict was decided)
    )
    notes: list


def settle_date(parsed, summits):
    """Set ``parsed.date`` to the one date that matches a summit's days when the text's dates disagree."""
    from_header = parsed.date is not None and parsed.date_line not in (
        parsed.closing_line,
        parsed.meeting_date_line,
    )
    offered = [
        ("the header's [Date]", parsed.date if from_header else None, parsed.date_line),
        ("the closing line", parsed.closing_date, parsed.closing_line),
        ("the meeting date in the text", parsed.meeting_date, parsed.meeting_date_line),
    ]
    offered = [(label, date, line) for label, date, line in offered if date is not None]
    source = "header" if from_header else "body"
    if len({date for _, date, _ in offered}) <= 1:
        if (
            parsed.date is None and offered
        ):  # only the sentence saying when the meeting was held dates the text
            parsed.date, parsed.date_line = offered[0][1], offered[0][2]
        return Settled(source if offered else "", [])
    held = {
        date: summit
        for _, date, _ in offered
        for summit in summits
        if summit.start_date <= date <= summit.end_date
    }
    if len(set(held)) != 1:
        said = ", ".join(f"{label} {date} (line {line})" for label, date, line in offered)
        why = "none of them falls" if not held else "more than one falls"
        return Settled(
            source,
            [f"the text's dates disagree ({said}) and {why} within a summit's days; kept {parsed.date}"],
        )
    ((winner, summit),) = held.items()
    label, _, line = next(item for item in offered if item[1] == winner)
    others = ", ".join(f"{lbl} {date} (line {ln})" for lbl, date, ln in offered if date != winner)
    days = f"{summit.start_date}" + (f" to {summit.end_date}" if summit.end_date != summit.start_date else "")
    note = (
        f"line {line}: took {winner} from {label}: the {summit.slug} summit met on {days} (reference data); "
        f"set aside {others}"
    )
    parsed.date, parsed.date_line = winner, line
    return Settled("reference data", [note])
