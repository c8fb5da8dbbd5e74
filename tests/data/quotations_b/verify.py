"""Check links.toml of quote-link set B against the archive parser.

Run:  cd /work/main && PYTHONPATH=. .venv/bin/python tests/data/quotations_b/verify.py

Adapted from ../quotations/verify.py. Set B is self-contained: every file lives in texts/.
"""

import re
import sys
import tomllib
from pathlib import Path

from declarations.importing.shapes import parse

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "texts"
SEEDS = Path(__file__).resolve().parents[3] / "seeds"
# the seed Bishkek 2013 declaration is used only as an extra rival in the "does the quote single out
# its target" check (Bishkek 2019 shares boilerplate with it); it is not part of set B
RIVAL_SEEDS = ["001_d8c982eaffdaa9bf.txt"]

SHAPES = {"wajd": "wajd_declaration", "md": "markdown_article", "frag": "news_fragment"}
NAME_RE = re.compile(r"b(\d\d)_(wajd|md|frag)_(?:([a-z]+)_)?([a-z]+)_(\d{4})\.txt")

_cache = {}


def doc(name):
    if name not in _cache:
        path = TEXTS / name if (TEXTS / name).exists() else SEEDS / name
        if not path.exists():
            raise SystemExit(f"missing file {name}")
        _cache[name] = parse(path.read_text(encoding="utf-8"))
    return _cache[name]


def norm(s):
    s = s.lower().replace("’", "'").replace("‘", "'").replace("“", " ").replace("”", " ").replace('"', " ")
    s = re.sub(r"(?<![a-z])'|'(?![a-z])", " ", s)  # quote marks, not apostrophes
    s = s.replace("defence", "defense").replace("organisation", "organization")
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9' ]", " ", s)).strip()


errors, notes = [], []

# ------------------------------------------------------------------ files: names, shapes, sizes
files = sorted(p.name for p in TEXTS.glob("*.txt"))
decl_files, news_files = [], []
for name in files:
    m = NAME_RE.fullmatch(name)
    if not m:
        errors.append(f"{name}: file name does not follow bNN_<wajd|md|frag>_[publisher_]city_year.txt")
        continue
    _, shape, publisher, city, year = m.groups()
    d = doc(name)
    if d.shape != SHAPES[shape]:
        errors.append(f"{name}: parses as {d.shape}, name says {SHAPES[shape]}")
    for w in d.warnings:
        errors.append(f"{name}: parser warning: {w}")
    if shape == "wajd":
        decl_files.append(name)
        if d.kind != "declaration":
            errors.append(f"{name}: kind {d.kind}, expected declaration")
        if not d.date or str(d.date.year) != year or d.place.lower() != city:
            errors.append(f"{name}: header date/place {d.date} {d.place!r} disagree with the file name")
        if d.closing_date != d.date or d.meeting_date != d.date:
            errors.append(
                f"{name}: closing/meeting date {d.closing_date}/{d.meeting_date} != header {d.date}"
            )
        if not 20 <= len(d.paragraphs) <= 30:
            errors.append(f"{name}: {len(d.paragraphs)} paragraphs, expected 20-30")
    else:
        news_files.append(name)
        if d.kind != "news":
            errors.append(f"{name}: kind {d.kind}, expected news")
        if d.date and str(d.date.year) != year:
            errors.append(f"{name}: article date {d.date} disagrees with the file name year {year}")
        if not 6 <= len(d.paragraphs) <= 10:
            errors.append(f"{name}: {len(d.paragraphs)} paragraphs, expected 6-10")

DECLS = decl_files + RIVAL_SEEDS
summit_of = {n: NAME_RE.fullmatch(n).group(4, 5) for n in files if NAME_RE.fullmatch(n)}

# ------------------------------------------------------------------ links
data = tomllib.loads((HERE / "links.toml").read_text(encoding="utf-8"))
linked, negs = set(), set()
cross = []
for i, link in enumerate(data["link"], 1):
    where = (
        f"link {i} ({link['news_file']}#{link['news_number']} -> "
        f"{link['declaration_file']}#{link['declaration_number']})"
    )
    if set(link) != {
        "news_file",
        "news_number",
        "declaration_file",
        "declaration_number",
        "kind",
        "news_words",
    }:
        errors.append(f"{where}: unexpected keys {sorted(link)}")
    if link["news_file"] not in news_files:
        errors.append(f"{where}: news_file is not a news text of this set")
        continue
    if link["declaration_file"] not in decl_files:
        errors.append(f"{where}: declaration_file is not a declaration of this set")
        continue
    n, d = doc(link["news_file"]), doc(link["declaration_file"])
    if link["kind"] not in ("quotation", "paraphrase"):
        errors.append(f"{where}: bad kind {link['kind']}")
    if not 1 <= link["news_number"] <= len(n.paragraphs):
        errors.append(f"{where}: news paragraph out of range (1..{len(n.paragraphs)})")
        continue
    if not 1 <= link["declaration_number"] <= len(d.paragraphs):
        errors.append(f"{where}: declaration paragraph out of range (1..{len(d.paragraphs)})")
        continue
    text = n.paragraphs[link["news_number"] - 1].text
    if link["news_words"] not in text:
        errors.append(f"{where}: news_words not found in paragraph: {link['news_words']!r}")
    key = (link["news_file"], link["news_number"], link["declaration_file"], link["declaration_number"])
    if key in linked:
        errors.append(f"{where}: duplicate")
    linked.add(key)
    if summit_of[link["news_file"]] != summit_of[link["declaration_file"]]:
        cross.append(where)
    target = (link["declaration_file"], link["declaration_number"])
    spans = re.findall(r'"([^"]+)"|“([^”]+)”|‘([^’]+)’', link["news_words"])
    if link["kind"] == "paraphrase":
        if spans:
            errors.append(f"{where}: paraphrase whose news_words contain quotation marks")
        # a paraphrase should track its paragraph: report the share of its content words found there
        words = {w for w in norm(link["news_words"]).split() if len(w) > 3}
        target_words = set(norm(d.paragraphs[link["declaration_number"] - 1].text).split())
        share = len(words & target_words) / max(1, len(words))
        notes.append(f"{where}: paraphrase, {share:.0%} of content words in target")
        if share < 0.4:
            errors.append(f"{where}: paraphrase shares only {share:.0%} of its content words with the target")
        continue
    # quotation links: verbatim quoted fragments should occur in the labelled paragraph and nowhere else
    if not spans:
        errors.append(f"{where}: quotation without quotation marks in news_words")
    fragment_hits = []
    for span in ("".join(g) for g in spans):
        for piece in re.split(r"\[\.\.\.\]|\.\.\.|…|\[[^\]]*\]", span):
            piece = norm(piece)
            if len(piece.split()) < 4:
                continue
            hits = [(f, p.number) for f in DECLS for p in doc(f).paragraphs if piece in norm(p.text)]
            kind = "verbatim" if target in hits else "reworded"
            others = [h for h in hits if h != target]
            notes.append(f"{where}: {kind}: {piece[:60]!r}" + (f"  ALSO IN {others}" if others else ""))
            fragment_hits.append(set(hits))
    shared = [h for h in fragment_hits if target in h]
    rivals = set.intersection(*shared) - {target} if shared else set()
    if rivals:  # boilerplate shared by another paragraph is fine unless nothing singles out the target
        errors.append(f"{where}: every verbatim fragment also occurs in {sorted(rivals)}")

# ------------------------------------------------------------------ negatives and coverage
for i, neg in enumerate(data["negative"], 1):
    if set(neg) != {"file", "number", "why"} or not neg["why"].strip():
        errors.append(f"negative {i}: needs exactly file, number and a non-empty why")
    if neg["file"] not in news_files:
        errors.append(f"negative {i}: {neg['file']} is not a news text of this set")
        continue
    n = doc(neg["file"])
    if not 1 <= neg["number"] <= len(n.paragraphs):
        errors.append(f"negative {i}: {neg['file']}#{neg['number']} out of range")
    key = (neg["file"], neg["number"])
    if key in negs:
        errors.append(f"negative {i}: duplicate {key}")
    negs.add(key)

linked_paras = {(k[0], k[1]) for k in linked}
for both in sorted(linked_paras & negs):
    errors.append(f"{both} is both linked and negative")
total_paras = 0
for f in news_files:
    for p in doc(f).paragraphs:
        total_paras += 1
        if (f, p.number) not in linked_paras | negs:
            errors.append(f"{f}#{p.number} is neither linked nor negative: {p.text[:70]!r}")

kinds = {}
for link in data["link"]:
    kinds[link["kind"]] = kinds.get(link["kind"], 0) + 1
print("\n".join(notes))
print("\ncross-summit links:\n  " + "\n  ".join(cross))
print(
    f"\ndeclarations: {len(decl_files)} "
    f"({', '.join(f'{f}: {len(doc(f).paragraphs)}' for f in decl_files)})"
    f"\nnews files: {len(news_files)}, news paragraphs: {total_paras}"
    f"\nlinks: {len(data['link'])} {kinds}; linked news paragraphs: {len(linked_paras)}; "
    f"negatives: {len(negs)}; cross-summit links: {len(cross)}"
)
if errors:
    print("\nERRORS:\n" + "\n".join(errors))
    sys.exit(1)
print("OK")
