"""Reference data from TOML: states and their aliases, the 25 summits with participation, and the taxonomy.

Re-importing is idempotent and keeps staff edits: each row is merged three ways against what the last import
wrote (see merge.py), so a fact corrected in the admin is not reverted by the next `import_seeds`.
"""

import datetime
import tomllib

from django.db import transaction

from ..models import ImportRecord, Participation, State, StateAlias, StatusChange, Summit, Theme
from .errors import SourceError
from .merge import three_way
from .report import Report
from .validation import field_errors, refuse, toml_entry_line

STATUS_LISTS = {
    "members": "member",
    "observers": "observer",
    "dialogue_partners": "dialogue_partner",
    "guests": "guest",
}


def read_toml(path):
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        # tomllib's message ends "(at line 7, column 3)"; keep it whole.
        raise SourceError(path, f"malformed TOML: {e}") from e
    except UnicodeDecodeError as e:
        raise SourceError(path, f"not valid UTF-8: {e}") from e


def require(path, entry, name, label):
    if name not in entry or entry[name] in ("", None):
        raise SourceError(path, f"{label} has no '{name}'")
    return entry[name]


class Upserter:
    """Create or three-way-merge rows of one kind, recording what the import wrote."""

    def __init__(self, report, *, overwrite_edits=False):
        self.report = report
        self.overwrite_edits = overwrite_edits
        self.records = {(r.kind, r.key): r for r in ImportRecord.objects.all()}

    def upsert(self, kind, key, get, create, serialize, apply, values):
        """`values` are JSON-able file values; serialize(obj) gives the database's in the same form."""
        obj = get()
        record = self.records.get((kind, key))
        if obj is None:
            obj = create(values)
            self.report.count("created")
        else:
            merge = three_way(
                serialize(obj), values, record.values if record else {}, overwrite_edits=self.overwrite_edits
            )
            for name in merge.conflicts:
                self.report.conflicts.append(
                    f"{kind} {key}: kept the staff value of '{name}' (the file says {values[name]!r})"
                )
            if merge.updates:
                apply(obj, merge.updates)
                self.report.count("updated")
            else:
                self.report.count("unchanged")
        if record is None or record.values != values:
            ImportRecord.objects.update_or_create(kind=kind, key=key, defaults={"values": values})
        return obj


def load_reference(path, *, overwrite_edits=False):
    data = read_toml(path)
    report = Report()
    upserter = Upserter(report, overwrite_edits=overwrite_edits)
    check_decisions(path, data.get("summit", []))
    with transaction.atomic():
        states = load_states(path, data.get("state", []), upserter)
        load_summits(path, data.get("summit", []), states, upserter)
    return report


def status_at(entry, state):
    return next((status for key, status in STATUS_LISTS.items() if state in entry.get(key, [])), None)


def check_decisions(path, summits):
    """A decision is a change of status: the state did not hold the status when that summit opened, and holds
    it at the next summit it attends. An accession procedure that starts changes nothing (India and Pakistan
    stayed observers from Ufa 2015 to Astana 2017): the lists would contradict the decision, and the state's
    page would show a membership it did not have."""
    ordered = sorted(summits, key=lambda e: str(e.get("start_date", "")))
    for i, entry in enumerate(ordered):
        for decision in entry.get("decisions", []):
            state, granted = decision.get("state"), decision.get("status")
            label = f"summit '{entry.get('slug')}': decision for '{state}'"
            if granted not in STATUS_LISTS.values():
                raise SourceError(path, f"{label}: status must be one of {', '.join(STATUS_LISTS.values())}")
            if status_at(entry, state) == granted:
                raise SourceError(
                    path,
                    f"{label} grants {granted}, which it already held when the summit opened",
                    line=decision_line(path, entry.get("slug"), state),
                )
            later = next((e for e in ordered[i + 1 :] if status_at(e, state)), None)
            if later is not None and status_at(later, state) != granted:
                raise SourceError(
                    path,
                    f"{label} grants {granted}, but at the next summit it attends ('{later.get('slug')}') it is "
                    f"listed as {status_at(later, state)}: a step that changes no status (an accession "
                    "procedure started) belongs in the summit's notes, not its decisions",
                    line=decision_line(path, entry.get("slug"), state),
                )


def decision_line(path, summit_slug, state):
    """The line of the decision's `state = ...` in the summit's entry (tomllib gives no positions)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    start = next((n for n, line in enumerate(lines) if line.strip() == f'slug = "{summit_slug}"'), 0)
    for n in range(start, len(lines)):
        if lines[n].strip() == f'state = "{state}"':
            return n + 1
    return None


def load_states(path, entries, upserter):
    states = {s.slug: s for s in State.objects.all()}
    fields = ("name", "short_name", "iso3")
    for i, entry in enumerate(entries, 1):
        slug = require(path, entry, "slug", f"state #{i}")
        values = {name: require(path, entry, name, f"state '{slug}'") for name in fields}
        values["aliases"] = sorted(set(entry.get("aliases", [])) - {values["short_name"]})
        validate(path, State(slug=slug, **{k: values[k] for k in fields}), f"state '{slug}'", slug)
        for alias in values["aliases"]:
            validate(path, StateAlias(name=alias), f"state '{slug}': alias", slug)

        def create(v, slug=slug):
            state = State.objects.create(slug=slug, **{k: v[k] for k in fields})
            StateAlias.objects.bulk_create([StateAlias(state=state, name=a) for a in v["aliases"]])
            return state

        def serialize(state):
            return {
                **{k: getattr(state, k) for k in fields},
                "aliases": sorted(a.name for a in state.aliases.all()),
            }

        def apply(state, updates):
            for k in fields:
                if k in updates:
                    setattr(state, k, updates[k])
            state.save()
            if "aliases" in updates:
                state.aliases.exclude(name__in=updates["aliases"]).delete()
                for alias in updates["aliases"]:
                    StateAlias.objects.update_or_create(name=alias, defaults={"state": state})

        states[slug] = upserter.upsert(
            "state", slug, lambda s=slug: states.get(s), create, serialize, apply, values
        )
    return states


def load_summits(path, entries, states, upserter):
    summits = {s.slug: s for s in Summit.objects.all()}
    fields = ("number", "city", "start_date", "end_date", "format", "declaration_name", "notes", "sources")
    for i, entry in enumerate(entries, 1):
        slug = require(path, entry, "slug", f"summit #{i}")
        label = f"summit '{slug}'"
        values = {
            "number": require(path, entry, "number", label),
            "city": require(path, entry, "city", label),
            "host": state_slug(path, states, require(path, entry, "host", label), label),
            "start_date": iso_date(path, require(path, entry, "start_date", label), label),
            "end_date": iso_date(path, entry.get("end_date") or entry["start_date"], label),
            "format": entry.get("format", Summit.Format.IN_PERSON),
            "declaration_name": entry.get("declaration", ""),
            "notes": entry.get("notes", ""),
            "sources": "\n".join(entry.get("sources", [])),
        }
        if values["format"] not in Summit.Format.values:
            raise SourceError(path, f"{label}: format must be one of {', '.join(Summit.Format.values)}")
        validate(path, Summit(slug=slug, **{k: model_value(k, values[k]) for k in fields}), label, slug)
        values["participants"] = {
            state_slug(path, states, s, label): status
            for key, status in STATUS_LISTS.items()
            for s in entry.get(key, [])
        }
        values["decisions"] = sorted(
            [state_slug(path, states, d["state"], label), d["status"], d.get("note", "")]
            for d in entry.get("decisions", [])
        )
        for _, status, note in values["decisions"]:
            validate(path, StatusChange(status=status, note=note), f"{label}: decision", slug)

        def create(v, slug=slug):
            summit = Summit.objects.create(
                slug=slug, host=states[v["host"]], **{k: model_value(k, v[k]) for k in fields}
            )
            apply_relations(summit, v)
            return summit

        def serialize(summit):
            return {
                **{k: json_value(getattr(summit, k)) for k in fields},
                "host": summit.host.slug,
                "participants": {
                    p.state.slug: p.status for p in summit.participations.select_related("state")
                },
                "decisions": sorted(
                    [c.state.slug, c.status, c.note] for c in summit.status_changes.select_related("state")
                ),
            }

        def apply(summit, updates):
            for k in fields:
                if k in updates:
                    setattr(summit, k, model_value(k, updates[k]))
            if "host" in updates:
                summit.host = states[updates["host"]]
            summit.save()
            apply_relations(summit, updates)

        def apply_relations(summit, v):
            if "participants" in v:
                summit.participations.all().delete()
                Participation.objects.bulk_create(
                    Participation(summit=summit, state=states[s], status=status)
                    for s, status in v["participants"].items()
                )
            if "decisions" in v:
                summit.status_changes.all().delete()
                StatusChange.objects.bulk_create(
                    StatusChange(summit=summit, state=states[s], status=status, note=note)
                    for s, status, note in v["decisions"]
                )

        upserter.upsert("summit", slug, lambda s=slug: summits.get(s), create, serialize, apply, values)


def load_themes(path, *, overwrite_edits=False):
    data = read_toml(path)
    report = Report()
    upserter = Upserter(report, overwrite_edits=overwrite_edits)
    themes = {t.slug: t for t in Theme.objects.all()}
    fields = ("name", "description", "rules", "position")
    with transaction.atomic():
        for i, entry in enumerate(data.get("theme", []), 1):
            slug = require(path, entry, "slug", f"theme #{i}")
            parent = entry.get("parent") or None
            if parent and parent not in themes:
                raise SourceError(path, f"theme '{slug}': parent '{parent}' is not defined above it")
            rules = entry.get("rules", [])
            values = {
                "name": require(path, entry, "name", f"theme '{slug}'"),
                "description": entry.get("description", "").strip(),
                "rules": "\n".join(rules) if isinstance(rules, list) else str(rules),
                "position": i,
                "parent": parent,
            }
            validate(path, Theme(slug=slug, **{k: values[k] for k in fields}), f"theme '{slug}'", slug)

            def create(v, slug=slug):
                return Theme.objects.create(
                    slug=slug, parent=themes.get(v["parent"]), **{k: v[k] for k in fields}
                )

            def serialize(theme):
                return {
                    **{k: getattr(theme, k) for k in fields},
                    "parent": theme.parent.slug if theme.parent_id else None,
                }

            def apply(theme, updates):
                for k in fields:
                    if k in updates:
                        setattr(theme, k, updates[k])
                if "parent" in updates:
                    theme.parent = themes.get(updates["parent"])
                theme.save()

            themes[slug] = upserter.upsert(
                "theme", slug, lambda s=slug: themes.get(s), create, serialize, apply, values
            )
    return report


def validate(path, instance, label, slug):
    """The model's own field validation (validation.py) of a row before it is written; the foreign keys are
    checked by name above."""
    names = [f.name for f in instance._meta.fields if not f.is_relation and f.name != "id"]
    if errors := field_errors(instance, names):
        refuse(path, errors, toml_entry_line(path, slug), prefix=f"{label}: ")


def state_slug(path, states, slug, label):
    if slug not in states:
        raise SourceError(path, f"{label}: unknown state '{slug}' (add it as a [[state]])")
    return slug


def iso_date(path, value, label):
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise SourceError(path, f"{label}: not a date: {value!r} (write YYYY-MM-DD)") from None


def model_value(name, value):
    return datetime.date.fromisoformat(value) if name.endswith("_date") else value


def json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value
