"""A CSL-JSON item (citations.csl_item) written out as BibTeX, RIS, Highwire meta tags and schema.org JSON-LD.

Every format reads the item and nothing else, so a citation says the same thing in each.
"""

import json
import re

# BibTeX's special characters, each as LaTeX spells it. Backslash first would double-escape the others, so
# one pass of a single regex replaces them all.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(c) for c in BIBTEX_ESCAPES))


def bibtex_escape(value):
    # One line: a newline inside a field is legal but reference managers read it as a paragraph break.
    value = " ".join(str(value).split())
    return _BIBTEX_SPECIAL.sub(lambda m: BIBTEX_ESCAPES[m.group(0)], value)


def _date(item, key):
    parts = item.get(key, {}).get("date-parts", [[]])[0]
    return parts + [None] * (3 - len(parts))


def bibtex(item):
    """A biblatex entry: @online for news and web texts, @misc for documents (both read by BibTeX too)."""
    year, month, day = _date(item, "issued")
    accessed = _date(item, "accessed")
    news = item["type"] == "article-newspaper"
    # Double braces keep a corporate author whole (not "Organization, Council of...") and a title's case.
    fields = [
        ("author", " and ".join("{" + bibtex_escape(a["literal"]) + "}" for a in item.get("author", []))),
        ("title", "{" + bibtex_escape(item["title"]) + "}"),
        ("journaltitle" if news else "organization", bibtex_escape(item.get("container-title", ""))),
        ("publisher", "" if news else bibtex_escape(item.get("publisher", ""))),
        ("location", bibtex_escape(item.get("event-place", ""))),
        ("date", f"{year:04d}-{month:02d}-{day:02d}" if day else str(year)),
        ("year", str(year)),
        ("type", bibtex_escape(item.get("genre", ""))),
        ("note", bibtex_escape(item.get("section", ""))),
        ("url", item["URL"].replace("%", r"\%").replace("#", r"\#")),
        ("urldate", f"{accessed[0]:04d}-{accessed[1]:02d}-{accessed[2]:02d}"),
        ("howpublished", bibtex_escape(item.get("archive", ""))),
        ("langid", bibtex_escape(item.get("language", ""))),
    ]
    key = re.sub(r"[^A-Za-z0-9:-]", "", item["id"]) or "item"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{'online' if news else 'misc'}{{{key},\n{body}\n}}\n"


def ris_line(tag, value):
    value = " ".join(str(value).split())  # RIS ends a field at the end of its line
    return f"{tag}  - {value}" if value else None


def ris(item):
    """An RIS record: NEWS for news, GOVDOC for what the organization adopts."""
    year, month, day = _date(item, "issued")
    accessed = _date(item, "accessed")
    lines = [
        ris_line("TY", "NEWS" if item["type"] == "article-newspaper" else "GOVDOC"),
        *(ris_line("AU", a["literal"]) for a in item.get("author", [])),
        ris_line("TI", item["title"]),
        ris_line("T2", item.get("container-title", "")),
        ris_line("PY", year),
        ris_line("DA", f"{year:04d}/{month:02d}/{day:02d}" if day else year),
        ris_line("CY", item.get("event-place", "")),
        ris_line("PB", item.get("publisher", "")),
        ris_line("SE", item.get("section", "")),
        ris_line("M3", item.get("genre", "")),
        ris_line("LA", item.get("language", "")),
        ris_line("UR", item["URL"]),
        ris_line("Y2", f"{accessed[0]:04d}/{accessed[1]:02d}/{accessed[2]:02d}"),
        ris_line("DB", item.get("archive", "")),
        "ER  - ",
    ]
    # The RIS specification ends lines with CR LF.
    return "\r\n".join(line for line in lines if line) + "\r\n"


def csl_json(item):
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def highwire_tags(cite):
    """(name, content) pairs of the Highwire Press citation_* tags that Zotero's "Embedded Metadata"
    translator reads (citation_title, citation_author, citation_publication_date, ...)."""
    item = cite.item
    year, month, day = _date(item, "issued")
    tags = [("citation_title", item["title"])]
    tags += [("citation_author", a["literal"]) for a in item.get("author", [])]
    tags += [
        ("citation_publication_date", f"{year:04d}/{month:02d}/{day:02d}"),
        ("citation_publisher", item.get("publisher", "")),
        ("citation_language", item.get("language", "")),
        ("citation_public_url", item["URL"]),
        ("citation_abstract_html_url", item["URL"]),
    ]
    return [(name, value) for name, value in tags if value]


# Django's json_script escapes these three so the JSON cannot close its <script> element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(cite):
    """A <script type="application/ld+json"> element describing the page's text for schema.org readers.

    Written as Django's json_script writes its element (json_script cannot set the ld+json type): the JSON
    is escaped for a script element before it is marked safe, so no value can end the element."""
    item = cite.item
    year, month, day = _date(item, "issued")
    work = {
        "@context": "https://schema.org",
        "@type": "NewsArticle" if item["type"] == "article-newspaper" else "CreativeWork",
        "name": item["title"],
        "headline": item["title"][:110],
        "genre": item.get("genre", ""),
        "datePublished": f"{year:04d}-{month:02d}-{day:02d}",
        "inLanguage": item.get("language", ""),
        "url": item["URL"],
        "author": [{"@type": "Organization", "name": a["literal"]} for a in item.get("author", [])],
        "isPartOf": {"@type": "Collection", "name": item.get("archive", "")},
    }
    if item.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": item["publisher"]}
    if item.get("event-place"):
        work["locationCreated"] = {"@type": "Place", "name": item["event-place"]}
    if cite.paragraph is not None:
        work["position"] = cite.paragraph.number
        work["isPartOf"] = {
            "@type": work["@type"],
            "name": item["title"],
            "url": cite.document_url,
            "isPartOf": {"@type": "Collection", "name": item.get("archive", "")},
        }
        work["@type"] = "CreativeWork"
        work["name"] = f"{item['title']}, paragraph {cite.paragraph.number}"
        work["headline"] = work["name"][:110]
    work = {key: value for key, value in work.items() if value not in ("", [], None)}
    # Escaped for a <script> element as json_script escapes (no <, > or & left): _cite_meta.html writes it there.
    return json.dumps(work, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
