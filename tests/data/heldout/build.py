"""Build dev.toml / frozen.toml from labels.py, verified against the project's parser."""
import re, sys, json
from collections import Counter
from pathlib import Path
sys.path.insert(0, "/work/main")
from declarations.importing.shapes import parse
sys.path.insert(0, str(Path(__file__).parent))
from labels import L

HERE = Path(__file__).parent
LEAVES = ["sco-development","terrorism","drugs","information-security","organised-crime","arms-control",
          "afghanistan","syria-middle-east","iran-nuclear","korean-peninsula","un-role","international-law",
          "trade-investment","connectivity","energy","food-security","culture-education","health",
          "emergencies","environment"]
CONVENTIONS = (HERE / "CONVENTIONS.txt").read_text()

def q(s): return json.dumps(s, ensure_ascii=False)

def build(files, out):
    lines = ["# Hand-labelled SCO paragraphs (independent annotator). Themes are leaf slugs.", "#"]
    lines += ["# " + l if l else "#" for l in CONVENTIONS.splitlines()]
    lines.append("")
    counts, per_file = Counter(), {}
    for f in files:
        doc = parse((HERE / "texts" / f).read_text())
        paras, labels = doc.paragraphs, L[f]
        assert len(paras) == len(labels), (f, len(paras), len(labels))
        per_file[f] = len(paras)
        for p, themes in zip(paras, labels):
            for t in themes: assert t in LEAVES, t
            assert len(set(themes)) == len(themes), (f, p.number)
            starts = re.sub(r"\s+", " ", p.text).strip()[:50]
            lines += ["[[paragraph]]", f"file = {q(f)}", f"number = {p.number}",
                      f"starts = {q(starts)}", f"themes = [{', '.join(q(t) for t in themes)}]", ""]
            counts.update(themes)
            if not themes: counts["(none)"] += 1
    (HERE / out).write_text("\n".join(lines))
    return counts, per_file

def verify(out):
    import tomllib
    data = tomllib.loads((HERE / out).read_text())
    by = {}
    for e in data["paragraph"]: by.setdefault(e["file"], []).append(e)
    for f, es in by.items():
        doc = parse((HERE / "texts" / f).read_text())
        assert len(es) == len(doc.paragraphs), f
        for e, p in zip(es, doc.paragraphs):
            assert e["number"] == p.number
            assert re.sub(r"\s+", " ", p.text).strip().startswith(e["starts"]), (f, e["number"])
    return len(data["paragraph"])

files = sorted(L)
dev = [f for f in files if int(f[1:3]) <= 6]
frozen = [f for f in files if int(f[1:3]) >= 7]
cd, pd = build(dev, "dev.toml"); cf, pf = build(frozen, "frozen.toml")
nd, nf = verify("dev.toml"), verify("frozen.toml")
rows = ["| theme | dev | frozen |", "|---|---|---|"]
for t in LEAVES + ["(none)"]: rows.append(f"| {t} | {cd[t]} | {cf[t]} |")
files_tbl = ["| file | set | paragraphs |", "|---|---|---|"]
for f in files: files_tbl.append(f"| {f} | {'dev' if f in dev else 'frozen'} | {(pd|pf)[f]} |")
readme = ["# Theme label set (hand-written SCO texts)", "",
  "Independent annotation: texts written and labelled from `/work/theme_descriptions.md` only; the tagger's rules were never seen.",
  "`dev.toml` (h01-h06) may be used for rule tuning; `frozen.toml` (h07-h14) is the measured set and must not be shown to rule writers.",
  "Paragraph numbers and `starts` are those of `declarations.importing.shapes.parse`; `build.py` regenerates both TOML files from `labels.py` and verifies them against the parser.", "",
  "## Files", ""] + files_tbl + ["", f"Paragraphs: dev {nd}, frozen {nf}.", "",
  "## Per-theme paragraph counts", ""] + rows + ["", "## Labelling conventions", "", CONVENTIONS]
(HERE / "README.md").write_text("\n".join(readme) + "\n")
print("\n".join(files_tbl)); print(nd, nf); print("\n".join(rows))
