"""Three-way merge of imported values with what is in the database.

`base` is what the last import wrote, `theirs` what the file says now, `ours` what the database holds. A field
the file did not change is left alone, so staff edits survive; a field the file changed is updated only if the
database still holds the base value; otherwise staff changed it too, and the staff value stays (a conflict) unless
the caller asks to overwrite edits.
"""

from dataclasses import dataclass, field


@dataclass
class Merge:
    updates: dict = field(default_factory=dict)
    conflicts: list = field(default_factory=list)


def three_way(ours, theirs, base, *, overwrite_edits=False):
    merge = Merge()
    for name, new in theirs.items():
        current = ours.get(name)
        if new == current:
            continue
        if overwrite_edits or (name in base and base[name] == current):
            merge.updates[name] = new
        elif name in base and base[name] == new:
            continue  # the file did not change: the database value is a staff edit, and it stays
        else:
            merge.conflicts.append(name)  # both changed (or a row staff made by hand): keep the staff value
    return merge
