"""Check links.toml against the archive parser.

Run:  cd /work/main && PYTHONPATH=. .venv/bin/python /work/labelsets/quotes/verify.py
"""

import re
import sys
import tomllib
from pathlib import Path

from declarations.importing.shapes import parse

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "texts"
SEEDS = Path("/work/main/seeds")


def locate(name):
    for base in (TEXTS, SEEDS):
        if (base / name).exists():
            return base / name
    raise SystemExit(f"missing file {name}")


_cache = {}


def doc(name):
    if name not in _cache:
        _cache[name] = parse(locate(name).read_text())
    return _cache[name]


def norm(s):
    s = s.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    s = s.replace("defence", "defense").replace("organisation", "organization")
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9' ]", " ", s)).strip()


DECLS = sorted(x.name for x in TEXTS.glob("q0[1-3]_*.txt")) + ["001_d8c982eaffdaa9bf.txt"]
data = tomllib.loads((HERE / "links.toml").read_text())
errors, notes = [], []
linked, negs = set(), set()
for i, link in enumerate(data["link"], 1):
    n, d = doc(link["news_file"]), doc(link["declaration_file"])
    where = f"link {i} ({link['news_file']}#{link['news_number']} -> {link['declaration_file']}#{link['declaration_number']})"
    if n.shape == "wajd_declaration":
        errors.append(f"{where}: news file parses as a declaration")
    if d.shape != "wajd_declaration":
        errors.append(f"{where}: declaration file parses as {d.shape}")
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
    # quotation links: verbatim quoted fragments should occur in the labelled paragraph and nowhere else
    if link["kind"] == "quotation":
        spans = re.findall(r'"([^"]+)"|“([^”]+)”|‘([^’]+)’', link["news_words"])
        if not spans:
            errors.append(f"{where}: quotation without quotation marks in news_words")
        fragment_hits = []
        for span in ("".join(g) for g in spans):
            for piece in re.split(r"\[\.\.\.\]|\.\.\.|…|\[[^\]]*\]", span):
                piece = norm(piece)
                if len(piece.split()) < 4:
                    continue
                hits = [(f, p.number) for f in DECLS for p in doc(f).paragraphs if piece in norm(p.text)]
                target = (link["declaration_file"], link["declaration_number"])
                kind = "verbatim" if target in hits else "reworded"
                others = [h for h in hits if h != target]
                notes.append(f"{where}: {kind}: {piece[:60]!r}" + (f"  ALSO IN {others}" if others else ""))
                fragment_hits.append(set(hits))
        target = (link["declaration_file"], link["declaration_number"])
        shared = [h for h in fragment_hits if target in h]
        rivals = set.intersection(*shared) - {target} if shared else set()
        if rivals:  # boilerplate shared by another paragraph is fine unless nothing singles out the target
            errors.append(f"{where}: every verbatim fragment also occurs in {sorted(rivals)}")

for i, neg in enumerate(data["negative"], 1):
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
news_files = sorted(p.name for p in TEXTS.glob("q*.txt") if doc(p.name).shape != "wajd_declaration")
news_files.append("000_20ba804d8d0fad59.txt")
for f in news_files:
    for p in doc(f).paragraphs:
        if (f, p.number) not in linked_paras | negs:
            errors.append(f"{f}#{p.number} is neither linked nor negative: {p.text[:70]!r}")

kinds = {}
for link in data["link"]:
    kinds[link["kind"]] = kinds.get(link["kind"], 0) + 1
print("\n".join(notes))
print(
    f"\nlinks: {len(data['link'])} {kinds}; linked news paragraphs: {len(linked_paras)}; negatives: {len(negs)}; "
    f"news files checked for coverage: {len(news_files)}"
)
if errors:
    print("\nERRORS:\n" + "\n".join(errors))
    sys.exit(1)
print("OK")
