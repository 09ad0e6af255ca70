"""Printed documents: Markdown (and pandas' HTML tables) to Typst, then to PDF with the `typst` wheel.

One converter for every PDF of the kit: the module handouts (`make supports`), the learner's action plan
(module 5) and the class report.  Text reaches Typst as string literals (`#"..."`), never as markup, so a
name or a sentence with `#`, `*` or `$` is printed as written.  French typography: a no-break space before
« : ; ? ! » and inside the guillemets (`french_typography`).  The page layout lives in
formation/modeles/document.typ (title block, « À retenir » box), read from the kit at each compilation.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

from .errors import ReseauError
from .fmt import NBSP

__all__ = ["french_typography", "markdown_to_typst", "html_table_to_typst", "typst_string", "compile_pdf",
           "markdown_pdf", "writing_lines", "table_number", "table_columns", "LAYOUT"]

LAYOUT = Path(__file__).resolve().parents[2] / "formation" / "modeles" / "document.typ"


def french_typography(text: str) -> str:
    """A no-break space before « : ; ? ! » and inside « », between the groups of a number (« 1 695 ») and before
    its unit (« 1 695 € », « 18 % », « 30 min »), replacing an ordinary space (never adding one inside a time
    like 9:30 or a URL)."""
    text = re.sub(r"[ \t]+([;?!»])", NBSP + r"\1", text)
    text = re.sub(r"[ \t]+:(?=\s|$)", NBSP + ":", text)
    text = re.sub(r"(?<=\d)[ \t]+(?=\d{3}(?!\d))", NBSP, text)   # 1 695: the digits stay together
    text = re.sub(r"(?<=\d)[ \t]+(?=(?:€|%|h\b|min\b))", NBSP, text)  # 1 695 €, 18 %, 30 min
    return re.sub(r"«[ \t]+", "«" + NBSP, text)


def typst_string(text: str) -> str:
    """`text` as a Typst string literal, to be placed after `#` in markup (printed exactly as written)."""
    return json.dumps(text, ensure_ascii=False)


#: A bare number of four digits or more in a table cell: « 1300 » -> « 1 300 » (unless its column holds years).
_BARE_NUMBER = re.compile(r"^(-?)(\d{4,})((?:,\d+)?)$")
#: Headers of a column of years or identifiers, whose numbers keep no separator.
_NO_GROUPING = re.compile(r"ann[ée]e|year|date|identifiant|code|n°", re.I)


def table_number(value: str, header: str = "") -> str:
    """A table cell's bare number with French thousands separators (« 2400 » -> « 2 400 », « 1300,5 » ->
    « 1 300,5 »); anything else, and a column of years or codes (by its header), unchanged."""
    match = _BARE_NUMBER.match(value.strip())
    if not match or _NO_GROUPING.search(header):
        return value
    sign, digits, decimals = match.groups()
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + NBSP.join(groups) + decimals


def _breakable(code: str) -> str:
    """A code name that may break after `_` or `.` in a narrow table column (a zero-width space, invisible)."""
    return re.sub(r"([_.])(?=\w)", "\\1\u200b", code)


def table_columns(rows: list[list[str]]) -> str:
    """Typst column widths for a table that must fit its page: a fraction per column, at least its longest
    unbreakable word (« 10 min », a code name's longest part) and more for a long text, which wraps."""
    widths = []
    for k in range(max(len(r) for r in rows)):
        texts = [french_typography(re.sub(r"[*`]", "", r[k])) for r in rows if k < len(r)]
        word = max((len(w) for t in texts for w in re.split(r"[ \t\n_.]+", t)), default=1)
        longest = max((len(t) for t in texts), default=1)
        widths.append(max(word + 3, round(min(longest, 48) * 0.6)))
    return "(" + ", ".join(f"{w}fr" for w in widths) + ",)"


def _inline(node, images: frozenset = frozenset(), in_table: bool = False) -> str:
    out = []
    for child in node.children or []:
        kind = child.type
        if kind == "text":
            if child.content:
                out.append("#" + typst_string(french_typography(child.content)))
        elif kind in ("softbreak",):
            out.append("#\" \"")
        elif kind == "hardbreak":
            out.append(" \\\n")
        elif kind == "strong":
            out.append(f"#strong[{_inline(child, images, in_table)}]")
        elif kind == "em":
            out.append(f"#emph[{_inline(child, images, in_table)}]")
        elif kind == "code_inline":
            out.append(f"#raw({typst_string(_breakable(child.content) if in_table else child.content)})")
        elif kind == "link":
            out.append(f"#link({typst_string(child.attrs.get('href', ''))})[{_inline(child, images)}]")
        elif kind == "image":
            source = str(child.attrs.get("src", ""))
            if source in images:  # a file given with the document (a chart): printed
                out.append(f"#align(center, image({typst_string(source)}, width: 80%))")
            else:
                out.append("#" + typst_string(child.attrs.get("alt", "") or ""))
        elif kind == "html_inline":
            continue
        else:  # anything else: its text, as written
            out.append("#" + typst_string(child.content or ""))
    return "".join(out)


#: A paragraph of paper-only text that asks for ruled lines to write on (« [lignes : 3] »).
WRITING_LINES = re.compile(r"\[lignes : (\d+)\]")


def _block(node, level_shift: int = 0, images: frozenset = frozenset()) -> str:
    kind = node.type
    if kind == "root":
        return "".join(_block(c, level_shift, images) for c in node.children)
    if kind == "heading":
        level = min(6, int(node.tag[1]) + level_shift)
        return f"#heading(level: {max(1, level)})[{_inline(node.children[0], images)}]\n\n"
    if kind == "paragraph":
        lines = WRITING_LINES.fullmatch((node.children[0].content or "").strip()) if node.children else None
        if lines:  # « [lignes : 3] », alone in a paragraph of paper-only text: ruled lines to write on
            return writing_lines(int(lines.group(1)))
        return f"{_inline(node.children[0], images)}\n\n" if node.children else ""
    if kind == "inline":
        return _inline(node, images)
    if kind in ("bullet_list", "ordered_list"):
        function = "list" if kind == "bullet_list" else "enum"
        items = ", ".join("[" + "".join(_block(c, level_shift, images) for c in item.children).strip() + "]"
                          for item in node.children)
        return f"#{function}({items})\n\n"
    if kind == "blockquote":
        inner = "".join(_block(c, level_shift, images) for c in node.children).strip()
        return f"#quote(block: true)[{inner}]\n\n"
    if kind == "hr":
        return "#line(length: 100%, stroke: 0.5pt + luma(160))\n\n"
    if kind in ("fence", "code_block"):
        return f"#block(fill: luma(245), inset: 6pt, width: 100%)[#raw({typst_string(node.content)})]\n\n"
    if kind == "table":
        rows = [row for section in node.children for row in section.children]
        plain = [[(cell.children[0].content if cell.children else "") for cell in row.children] for row in rows]
        cells = []
        for r, row in enumerate(rows):
            for cell in row.children:
                text = _inline(cell.children[0], images, in_table=True) if cell.children else ""
                cells.append(f"[#strong[{text}]]" if r == 0 else f"[{text}]")
        size = "8.5pt" if len(plain[0]) >= 5 else "9.5pt"  # many columns: smaller type, so they fit the page
        return (f"#text(size: {size})[#set par(justify: false)\n#table(columns: {table_columns(plain)}, inset: 4pt, stroke: 0.4pt + luma(170), "
                f"fill: (x, y) => if y == 0 {{ luma(232) }}, {', '.join(cells)})]\n\n")
    if kind in ("html_block",):
        # a folded answer (<details><summary>…</summary>): its label is printed, the answer follows it
        label = re.search(r"<summary>(.*?)</summary>", node.content or "", re.S)
        if label:
            text = re.sub(r"<[^>]+>", "", label.group(1)).strip()
            return f"#strong[#{typst_string(french_typography(text))}]\n\n"
        return ""
    return "".join(_block(c, level_shift, images) for c in (node.children or []))


def markdown_to_typst(text: str, *, level_shift: int = 0, images=()) -> str:
    """Typst markup for a Markdown text (CommonMark and tables); headings moved `level_shift` levels down;
    `images`: the file names an image of the text may refer to (given with the document), others print their alt."""
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    parser = MarkdownIt("commonmark").enable("table")
    return _block(SyntaxTreeNode(parser.parse(text)), level_shift, frozenset(images))


def html_table_to_typst(html: str, *, max_rows: int = 40) -> str:
    """pandas' HTML table (a notebook's displayed DataFrame) as a Typst table; long tables cut with a note."""
    from bs4 import BeautifulSoup

    table = BeautifulSoup(html, "html.parser").find("table")
    if table is None:
        return ""

    def cells_of(tr):
        return [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]

    head = [cells_of(tr) for tr in table.find_all("tr") if tr.find_parent("thead") is not None]
    body = [cells_of(tr) for tr in table.find_all("tr") if tr.find_parent("thead") is None]
    body = [r for r in body if any(r)]
    header = head[0] if head else []
    if len(head) > 1 and head[1] and head[1][0] and not any(head[1][1:]):  # pandas: the index's name, below
        header = [head[1][0], *header[1:]]
    if header and not header[0] and [r[0] for r in body] == [str(i) for i in range(len(body))]:
        header, body = header[1:], [r[1:] for r in body]  # pandas' row numbers 0, 1, 2... say nothing
    rows = ([header] if header else []) + body
    if not rows:
        return ""
    columns = max(len(r) for r in rows)
    cut = len(rows) - 1 > max_rows
    shown = rows[:max_rows + 1]
    headers = (shown[0] + [""] * columns)[:columns]
    cells = []
    for r, row in enumerate(shown):
        row = row + [""] * (columns - len(row))
        for k, value in enumerate(row):
            if r:
                value = table_number(value, headers[k])
            text = "#" + typst_string(french_typography(value)) if value else ""
            cells.append(f"[#strong[{text}]]" if r == 0 else f"[{text}]")
    note = (f"#text(size: 8pt, style: \"italic\")[#{typst_string(f'(les {max_rows} premières lignes sur {len(rows) - 1})')}]\n\n"
            if cut else "")
    return (f"#text(size: 8.5pt)[#set par(justify: false)\n#table(columns: {table_columns(shown)}, inset: 3pt, stroke: 0.4pt + luma(170), "
            f"fill: (x, y) => if y == 0 {{ luma(232) }}, {', '.join(cells)})]\n\n" + note)


def compile_pdf(body: str, *, title: str, subtitle: str = "", files: dict[str, bytes] | None = None) -> bytes:
    """The PDF of a document: the kit's layout (document.typ), `title`, `subtitle`, then `body` (Typst markup).

    `files`: images the body refers to by name (`#image("fig-1.png")`), put beside it for the compilation."""
    import typst

    with tempfile.TemporaryDirectory(prefix="reseau-pdf-") as tmp:
        folder = Path(tmp)
        shutil.copy(LAYOUT, folder / "document.typ")
        for name, data in (files or {}).items():
            (folder / name).write_bytes(data)
        source = (f'#import "document.typ": support, a-retenir\n'
                  f"#show: support.with(title: {typst_string(french_typography(title))}, "
                  f"subtitle: {typst_string(french_typography(subtitle))})\n\n{body}")
        (folder / "main.typ").write_text(source, encoding="utf-8")
        try:
            return typst.compile(str(folder / "main.typ"), root=str(folder))
        except Exception as err:  # noqa: BLE001 - Typst's own error, said in French with what to do
            raise ReseauError(f"La mise en page PDF a échoué ({str(err).splitlines()[0][:200]}). Vérifiez le texte "
                              "source, ou signalez-le aux auteurs du kit avec ce message.", value=title) from None


def writing_lines(count: int, *, gap: str = "0.8cm") -> str:
    """Typst markup for `count` ruled lines to write on by hand."""
    return f"#for _ in range({int(count)}) {{ v({gap}); line(length: 100%, stroke: 0.4pt + luma(150)) }}\n\n"


def markdown_pdf(text: str, *, title: str | None = None, subtitle: str = "",
                 files: dict[str, bytes] | None = None, after: str = "") -> bytes:
    """A Markdown document as PDF; its first level-1 heading is the title unless `title` is given; `after`: Typst
    markup printed at its end (lines to write on...)."""
    if title is None:
        match = re.search(r"^# (.+)$", text, re.M)
        title = match.group(1).strip() if match else ""
        if match:
            text = text[:match.start()] + text[match.end():]
    return compile_pdf(markdown_to_typst(text, images=(files or {}).keys()) + after, title=title, subtitle=subtitle,
                       files=files)
