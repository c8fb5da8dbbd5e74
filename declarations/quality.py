"""Quality of the rule-based theme tagger against hand labels (plain Python, no Django).

Run: ``.venv/bin/python -m declarations.quality`` (options: ``--themes``, ``--labels``, ``--seeds``, ``--heldout``,
``--errors`` to list every false positive/negative of the sets one may tune on).

Four labelled sets, reported separately, each with per-theme precision, recall, F1 on LEAF themes, the number of
labelled paragraphs behind each recall (``labelled``) and of tagged ones behind each precision (``tagged``), and
micro and macro averages:

* SEED: the seed texts (seeds/), labelled in tests/data/theme_labels.toml [[seed]];
* AUTHOR HELD-OUT: short paragraphs written by the rules' author (theme_labels.toml [[held_out]]): optimistic;
* DEV and FROZEN: texts written and labelled by an independent annotator from the theme descriptions alone
  (tests/data/heldout/, its README). Rules may be tuned on DEV. FROZEN is only ever measured: its errors are
  never listed, so nobody writing rules reads it through this report.

Labelled files are split into paragraphs with ``declarations.importing.shapes.parse`` (or, if that cannot be
imported, a simple fallback splitter, announced in the output); every label must line up with the parsed
paragraph (``starts`` prefix, paragraph count) or the report stops with an AlignmentError naming it.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .tagging import Tagger, ThemeSpec

ROOT = Path(__file__).resolve().parent.parent
THEMES_PATH = ROOT / "seeds" / "themes.toml"
LABELS_PATH = ROOT / "tests" / "data" / "theme_labels.toml"
SEEDS_DIR = ROOT / "seeds"
HELDOUT_DIR = ROOT / "tests" / "data" / "heldout"


class AlignmentError(RuntimeError):
    """The labels do not line up with the parsed paragraphs."""


# ----------------------------------------------------------------------------------------------- input


def load_theme_table(path: Path = THEMES_PATH) -> list[dict]:
    with open(path, "rb") as fh:
        return tomllib.load(fh)["theme"]


def load_themes(path: Path = THEMES_PATH) -> list[ThemeSpec]:
    return [
        ThemeSpec(slug=t["slug"], parent=t.get("parent"), rules=tuple(t.get("rules", ())))
        for t in load_theme_table(path)
    ]


def leaf_slugs(themes: Iterable[ThemeSpec]) -> list[str]:
    themes = list(themes)
    parents = {t.parent for t in themes if t.parent}
    return [t.slug for t in themes if t.slug not in parents]


def load_labels(path: Path = LABELS_PATH) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def _fallback_split(text: str) -> list[str]:
    """Very small splitter for the three seed shapes, used only if the real parser is unavailable."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "[Full text]" in text:
        body = text.split("[Full text]", 1)[1]
        blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", body) if b.strip()]
        if blocks and re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}, [\w .-]+", blocks[-1]):
            blocks.pop()
        return blocks
    if text.lstrip().startswith("# "):
        lines = text.split("\n")
        start = next((i for i, ln in enumerate(lines) if re.fullmatch(r"\*\*.+\*\*", ln.strip())), 0)
        body = "\n".join(lines[start + 1 :]).split("Original url", 1)[0]
        blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", body) if b.strip()]
        out: list[str] = []
        for block in blocks:
            if out and not re.search(r"[.!?:\"')\]]$", out[-1]):
                out[-1] = f"{out[-1]} {block}"
            else:
                out.append(block)
        return out
    out = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line or line.startswith("READ MORE:"):
            continue
        if not re.search(r"[.!?\"')]$", line) and len(line.split()) <= 14:
            continue  # subheading
        out.append(line)
    return out


def split_paragraphs(raw: bytes) -> tuple[list[str], str]:
    """Return (paragraph texts, name of the splitter used)."""
    try:
        from .importing.shapes import decode, parse
    except ImportError:  # pragma: no cover - only while the parser is missing
        text = raw.decode("utf-8-sig")
        return _fallback_split(text), "fallback splitter (declarations.importing.shapes not importable)"
    doc = parse(decode(raw))
    paragraphs = sorted(doc.paragraphs, key=lambda p: p.number)
    return [p.text for p in paragraphs], "declarations.importing.shapes.parse"


@dataclass
class Example:
    ident: str
    text: str
    gold: frozenset[str]


def file_examples(entries: Iterable[dict], texts_dir: Path, prefix: str = "") -> tuple[list[Example], str]:
    """Pair every labelled paragraph (``file``, ``number``, ``starts``, ``themes``) with its parsed text; raise
    AlignmentError on a mismatch. ``prefix`` names the set in the example idents (and error messages)."""
    by_file: dict[str, list[dict]] = {}
    for entry in entries:
        by_file.setdefault(entry["file"], []).append(entry)
    problems: list[str] = []
    examples: list[Example] = []
    splitter = ""
    for name, entries in by_file.items():
        paragraphs, splitter = split_paragraphs((texts_dir / name).read_bytes())
        numbers = sorted(e["number"] for e in entries)
        if numbers != list(range(1, len(paragraphs) + 1)):
            problems.append(
                f"{name}: labels cover paragraphs {numbers[:3]}..{numbers[-3:]} ({len(numbers)}), "
                f"the parser found {len(paragraphs)}"
            )
        for entry in sorted(entries, key=lambda e: e["number"]):
            n = entry["number"]
            if not 1 <= n <= len(paragraphs):
                problems.append(f"{name} #{n}: no such paragraph")
                continue
            text = paragraphs[n - 1]
            if not _norm(text).startswith(_norm(entry["starts"])):
                problems.append(f"{name} #{n}: expected to start {entry['starts']!r}, found {text[:60]!r}")
                continue
            examples.append(Example(f"{prefix}{name[:3]}#{n}", text, frozenset(entry["themes"])))
    if problems:
        raise AlignmentError("labels do not line up with the parsed paragraphs:\n  " + "\n  ".join(problems))
    return examples, splitter


def seed_examples(labels: dict, seeds_dir: Path = SEEDS_DIR) -> tuple[list[Example], str]:
    """Pair every labelled seed paragraph with its parsed text; raise AlignmentError on mismatch."""
    return file_examples(labels.get("seed", []), seeds_dir)


def heldout_examples(name: str, heldout_dir: Path = HELDOUT_DIR) -> list[Example]:
    """The independent annotator's set `name` ("dev" or "frozen"); empty if the set is not there."""
    path = heldout_dir / f"{name}.toml"
    if not path.exists():
        return []
    return file_examples(load_labels(path).get("paragraph", []), heldout_dir / "texts", prefix=f"{name}:")[0]


def held_out_examples(labels: dict) -> list[Example]:
    return [
        Example(f"held_out#{i}", e["text"], frozenset(e["themes"]))
        for i, e in enumerate(labels.get("held_out", []), start=1)
    ]


# --------------------------------------------------------------------------------------------- scoring


@dataclass
class ThemeScore:
    slug: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    per_theme: dict[str, ThemeScore]
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)  # (example, kind, slug, text)
    paragraphs: int = 0

    @property
    def micro(self) -> ThemeScore:
        total = ThemeScore("micro")
        for s in self.per_theme.values():
            total.tp += s.tp
            total.fp += s.fp
            total.fn += s.fn
        return total

    def macro(self) -> tuple[float, float, float]:
        """Unweighted mean over themes with support or false positives (P, R, F1)."""
        active = [s for s in self.per_theme.values() if s.support or s.fp]
        if not active:
            return 0.0, 0.0, 0.0
        n = len(active)
        return (
            sum(s.precision for s in active) / n,
            sum(s.recall for s in active) / n,
            sum(s.f1 for s in active) / n,
        )


def score(examples: Iterable[Example], tagger: Tagger, leaves: Iterable[str]) -> Scores:
    leaves = list(leaves)
    leaf_set = set(leaves)
    scores = Scores({slug: ThemeScore(slug) for slug in leaves})
    for ex in examples:
        scores.paragraphs += 1
        predicted = {slug for slug in tagger.tag(ex.text) if slug in leaf_set}
        unknown = ex.gold - leaf_set
        if unknown:
            raise ValueError(f"{ex.ident}: label(s) not leaf themes: {sorted(unknown)}")
        for slug in predicted & ex.gold:
            scores.per_theme[slug].tp += 1
        for slug in predicted - ex.gold:
            scores.per_theme[slug].fp += 1
            scores.errors.append((ex.ident, "FP", slug, ex.text))
        for slug in ex.gold - predicted:
            scores.per_theme[slug].fn += 1
            scores.errors.append((ex.ident, "FN", slug, ex.text))
    return scores


@dataclass
class Evaluation:
    splitter: str
    seeds: Scores
    held_out: Scores
    dev: Scores
    frozen: Scores


def compute(
    themes_path: Path = THEMES_PATH,
    labels_path: Path = LABELS_PATH,
    seeds_dir: Path = SEEDS_DIR,
    heldout_dir: Path = HELDOUT_DIR,
    themes: list[ThemeSpec] | None = None,
) -> Evaluation:
    """Score the tagger on the four labelled sets (no printing); `themes` instead of the file's (the database's)."""
    themes = load_themes(themes_path) if themes is None else themes
    tagger = Tagger(themes)
    leaves = leaf_slugs(themes)
    labels = load_labels(labels_path)
    seeds, splitter = seed_examples(labels, seeds_dir)
    return Evaluation(
        splitter=splitter,
        seeds=score(seeds, tagger, leaves),
        held_out=score(held_out_examples(labels), tagger, leaves),
        dev=score(heldout_examples("dev", heldout_dir), tagger, leaves),
        frozen=score(heldout_examples("frozen", heldout_dir), tagger, leaves),
    )


# -------------------------------------------------------------------------------------------- printing


def format_scores(title: str, scores: Scores, show_errors: bool = False) -> str:
    """The table of one set; `labelled` is the paragraphs labelled with the theme (behind the recall), `tagged` the
    paragraphs the rules tagged with it (behind the precision)."""
    lines = [f"{title}: {scores.paragraphs} paragraphs, leaf themes", ""]
    head = f"{'theme':<22}{'P':>7}{'R':>7}{'F1':>7}{'labelled':>10}{'tagged':>8}{'TP':>5}{'FP':>5}{'FN':>5}"
    lines.append(head)
    for s in [*scores.per_theme.values(), scores.micro]:
        lines.append(
            f"{s.slug:<22}{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}{s.support:>10}{s.tp + s.fp:>8}"
            f"{s.tp:>5}{s.fp:>5}{s.fn:>5}"
        )
    mp, mr, mf = scores.macro()
    lines.append(f"{'macro':<22}{mp:>7.2f}{mr:>7.2f}{mf:>7.2f}")
    if show_errors and scores.errors:
        lines.append("")
        for ident, kind, slug, text in scores.errors:
            lines.append(f"  {kind} {slug:<20} {ident:<12} {text[:90]}")
    return "\n".join(lines)


def below_bar(scores: Scores, minimum: float = 0.6, evidence: int = 10) -> list[str]:
    """Themes with at least `evidence` labelled paragraphs whose F1 is under `minimum`."""
    return [s.slug for s in scores.per_theme.values() if s.support >= evidence and s.f1 < minimum]


def evaluate(
    themes_path: Path = THEMES_PATH,
    labels_path: Path = LABELS_PATH,
    seeds_dir: Path = SEEDS_DIR,
    heldout_dir: Path = HELDOUT_DIR,
    show_errors: bool = False,
    out=None,
) -> Evaluation:
    """Compute and print the figures; returns the Evaluation. Errors are never listed for the frozen set."""
    out = out or sys.stdout
    result = compute(themes_path, labels_path, seeds_dir, heldout_dir)
    print(f"paragraphs split with: {result.splitter}", file=out)
    sets = [
        ("SEED labels", result.seeds, show_errors),
        ("AUTHOR HELD-OUT labels (written by the rules' author: optimistic)", result.held_out, show_errors),
        ("DEV labels (independent annotator; rules may be tuned on these)", result.dev, show_errors),
        ("FROZEN labels (independent annotator; never tuned on, errors never listed)", result.frozen, False),
    ]
    for title, scores, errors in sets:
        print(file=out)
        if not scores.paragraphs:
            print(f"{title}: not found under {heldout_dir}", file=out)
            continue
        print(format_scores(title, scores, errors), file=out)
    print(file=out)
    frozen = result.frozen.micro
    print(
        f"bars: frozen micro-F1 {frozen.f1:.2f} (>= 0.85), themes under 0.60 with 10+ labelled paragraphs: "
        f"{', '.join(below_bar(result.frozen)) or 'none'}; seed micro-F1 {result.seeds.micro.f1:.2f}",
        file=out,
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--themes", type=Path, default=THEMES_PATH)
    parser.add_argument("--labels", type=Path, default=LABELS_PATH)
    parser.add_argument("--seeds", type=Path, default=SEEDS_DIR)
    parser.add_argument(
        "--heldout", type=Path, default=HELDOUT_DIR, help="the independent dev and frozen sets"
    )
    parser.add_argument(
        "--errors", action="store_true", help="list every false positive and negative (not of the frozen set)"
    )
    args = parser.parse_args(argv)
    evaluate(args.themes, args.labels, args.seeds, args.heldout, show_errors=args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
