"""Precision and recall of the quotation matcher against a labelled set (no database writes).

A labelled set is a folder holding links.toml ([[link]]: news_file, news_number, declaration_file,
declaration_number, kind; [[negative]]: file, number) and texts/; a file not in texts/ is looked up in the seeds
folder. Texts are parsed as the importer parses them (importing/shapes.py) and given to the summit the importer
would give them (importing/loader.resolve_summit, with the seeds manifest's help; a fragment with neither
date nor city is given the summit its file name ends with): the matcher then sees each news item beside its own
summit's declarations, and those of the summits it names, exactly as in the archive.

A link is counted right when the pair (news paragraph, declaration paragraph) is right; whether its kind
(quotation, paraphrase) agrees is reported beside it. Only news items the set labels are scored.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..importing.errors import SourceError
from ..importing.loader import resolve_summit
from ..importing.shapes import ParseError, decode, parse
from .matching import Archive, SummitInfo


@dataclass
class Quality:
    gold: dict = field(default_factory=dict)  # (news file, number, declaration file, number) -> kind
    found: dict = field(default_factory=dict)
    news_files: list = field(default_factory=list)

    @property
    def right(self):
        return set(self.gold) & set(self.found)

    def precision(self):
        return len(self.right) / len(self.found) if self.found else 1.0

    def recall(self):
        return len(self.right) / len(self.gold) if self.gold else 1.0

    def kinds_agree(self):
        return sum(self.gold[key] == self.found[key] for key in self.right)

    def report(self, errors=False):
        p, r = self.precision(), self.recall()
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        lines = [
            f"news items scored: {len(self.news_files)}; labelled links: {len(self.gold)}; found: {len(self.found)}",
            f"precision {p:.3f} ({len(self.right)}/{len(self.found)}), recall {r:.3f} "
            f"({len(self.right)}/{len(self.gold)}), F1 {f1:.3f}",
            f"kind agrees on {self.kinds_agree()} of {len(self.right)} right links",
        ]
        for kind in ("quotation", "paraphrase"):
            wanted = [key for key, k in self.gold.items() if k == kind]
            hit = sum(key in self.found for key in wanted)
            lines.append(f"  recall of labelled {kind}s: {hit}/{len(wanted)}")
        if errors:
            for key in sorted(set(self.found) - set(self.gold)):
                lines.append(f"false link  {key[0]} ¶{key[1]} -> {key[2]} ¶{key[3]} ({self.found[key]})")
            for key in sorted(set(self.gold) - set(self.found)):
                lines.append(f"missed link {key[0]} ¶{key[1]} -> {key[2]} ¶{key[3]} ({self.gold[key]})")
            for key in sorted(self.right):
                if self.gold[key] != self.found[key]:
                    lines.append(
                        f"kind differs {key[0]} ¶{key[1]} -> {key[2]} ¶{key[3]}: labelled {self.gold[key]}, "
                        f"found {self.found[key]}"
                    )
        return "\n".join(lines)


def read_labels(folder):
    path = Path(folder) / "links.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise SourceError(path, "no such file: a labelled set needs links.toml") from e
    except tomllib.TOMLDecodeError as e:
        raise SourceError(path, f"not valid TOML: {e}") from e
    gold = {}
    for i, link in enumerate(data.get("link", []), 1):
        try:
            key = (
                link["news_file"],
                int(link["news_number"]),
                link["declaration_file"],
                int(link["declaration_number"]),
            )
            gold[key] = link["kind"]
        except (KeyError, TypeError, ValueError) as e:
            raise SourceError(path, f"[[link]] number {i}: missing or bad {e}") from e
    news_files = {key[0] for key in gold} | {n["file"] for n in data.get("negative", []) if "file" in n}
    return gold, sorted(news_files)


def locate(name, folder, seeds_dir):
    for base in (Path(folder) / "texts", Path(folder), Path(seeds_dir)):
        if (base / name).is_file():
            return base / name
    raise SourceError(name, f"not in {Path(folder) / 'texts'} nor in {seeds_dir}")


def read_text(path):
    try:
        return parse(decode(path.read_bytes()))
    except ParseError as e:
        raise SourceError(path.name, e.message, e.line) from e


def named_summit(name, summits):
    """The summit a labelled set's file name gives (q08_frag_rferl_samarkand_2022.txt: 2022-samarkand), which
    stands in for the manifest entry staff would write for a headerless fragment."""
    parts = Path(name).stem.split("_")
    if len(parts) >= 2 and parts[-1].isdigit():
        slug = f"{parts[-1]}-{parts[-2]}"
        return next((s for s in summits if s.slug == slug), None)
    return None


def evaluate(folder, seeds_dir, summits, manifest=None):
    """Match every labelled news item against the declarations of the set (and of the seeds it names)."""
    manifest = manifest or {}
    gold, news_files = read_labels(folder)
    names = {p.name for p in (Path(folder) / "texts").glob("*.txt")} | set(news_files)
    names |= {key[2] for key in gold}
    by_summit, news = {}, []
    for name in sorted(names):
        parsed = read_text(locate(name, folder, seeds_dir))
        entry = manifest.get(name, {})
        summit_slug = entry.get("summit")
        summit = next((s for s in summits if s.slug == summit_slug), None) if summit_slug else None
        summit = summit or named_summit(name, summits) or resolve_summit(name, parsed, summits)
        kind = entry.get("kind") or parsed.kind
        if kind == "declaration":
            by_summit.setdefault(summit.pk, []).extend(((name, p.number), p.text) for p in parsed.paragraphs)
        elif name in news_files:
            news.append((name, summit.pk, parsed))
    archive = Archive(
        [SummitInfo(s.pk, s.city, s.start_date.year) for s in summits], lambda pk: by_summit.get(pk, [])
    )
    found = {}
    for name, summit_id, parsed in news:
        for paragraph in parsed.paragraphs:
            for match in archive.match((name, paragraph.number), summit_id, paragraph.text):
                found[(name, paragraph.number, *match.source)] = match.kind
    return Quality(gold=gold, found=found, news_files=news_files)
