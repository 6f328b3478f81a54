"""Render the bundled demo corpus from ``documents.yaml``.

The demo documents are short digests written for this project.  Their content
lives as data in ``documents.yaml``; this script lays them out the way policy
documents reach users (two-column brief with a sidebar box, multi-page report
with running header, footer and footnotes, one-page factsheet, web page with
boilerplate, plain-text and Markdown notes).  Because the layout is generated,
the true reading-order text of every file is known: ``truth_text`` and
``truth_blocks`` return it, so extraction quality can be measured.

``synthesize`` recombines the same paragraphs into larger corpora for scale
tests.

Run ``python corpora/demo/_build/render.py`` to rewrite the committed corpus,
``--out DIR`` to render elsewhere, ``--synthesize N --out DIR`` for a
synthetic corpus.  Output bytes depend only on the inputs (reportlab runs in
invariant mode and the PDF dates are set from the document year).
"""

from __future__ import annotations

import argparse
import csv
import html
import multiprocessing
import random
import re
import sys
import textwrap
import time
import types
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    FrameBreak,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.frames import Frame

BUILD_DIR = Path(__file__).resolve().parent
CORPUS_DIR = BUILD_DIR.parent
SPEC_PATH = BUILD_DIR / "documents.yaml"
METADATA_COLUMNS = ["file", "title", "organisation", "authors", "year", "kind", "url", "language"]
LAYOUTS = ("brief", "report", "factsheet", "web", "text", "markdown")
# Kinds that make up the main text; everything else (sidebar, footnotes,
# byline, comments, boilerplate) is excluded from ``truth_text``.
MAIN_KINDS = ("title", "heading", "body", "list_item")

FOOTNOTE_MARK = re.compile(r"\[\^(\d+)\]")
PAGE_W, PAGE_H = A4


# --------------------------------------------------------------------------
# Loading and truth
# --------------------------------------------------------------------------


def load_documents(spec_path: Path = SPEC_PATH) -> list[dict[str, Any]]:
    """Return the document specs of ``documents.yaml`` in file order."""
    data = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    docs = data["documents"]
    for doc in docs:
        if doc["layout"] not in LAYOUTS:
            raise ValueError(f"{doc['file']}: unknown layout {doc['layout']!r}")
    return docs


@lru_cache(maxsize=4)
def _docs_by_file(spec_path: Path) -> dict[str, dict[str, Any]]:
    return {d["file"]: d for d in load_documents(spec_path)}


def strip_marks(text: str) -> str:
    """Remove footnote reference marks (``[^1]``) from a paragraph."""
    return FOOTNOTE_MARK.sub("", text)


def blocks_of(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """All text blocks of a document spec as ``(kind, text)`` in reading order.

    Sidebar, footnotes and comments follow the main text because they are not
    part of its reading order.
    """
    blocks: list[tuple[str, str]] = [("title", doc["title"])]
    if doc.get("byline"):
        blocks.append(("byline", doc["byline"]))
    for section in doc["sections"]:
        if section.get("heading"):
            blocks.append(("heading", section["heading"]))
        for para in section.get("paragraphs", []):
            blocks.append(("body", strip_marks(para)))
        for item in section.get("bullets", []):
            blocks.append(("list_item", strip_marks(item)))
        for para in section.get("after", []):
            blocks.append(("body", strip_marks(para)))
    sidebar = doc.get("sidebar")
    if sidebar:
        blocks.append(("sidebar", sidebar["title"]))
        blocks.extend(("sidebar", p) for p in sidebar["paragraphs"])
    blocks.extend(("footnote", note) for note in doc.get("footnotes", []))
    for comment in doc.get("comments", []):
        blocks.append(("comment", comment["text"]))
    return blocks


def truth_blocks(file_name: str, spec_path: Path = SPEC_PATH) -> list[tuple[str, str]]:
    """``(kind, text)`` blocks of a demo document, including sidebar and footnotes."""
    docs = _docs_by_file(spec_path)
    if file_name not in docs:
        raise KeyError(f"{file_name}: not a demo corpus document")
    return blocks_of(docs[file_name])


def truth_text(file_name: str, spec_path: Path = SPEC_PATH) -> str:
    """True main text of a demo document in reading order.

    Title, headings, body paragraphs and list items, one block a paragraph
    separated by blank lines; no sidebar, footnotes, running headers, page
    numbers or web boilerplate.
    """
    blocks = truth_blocks(file_name, spec_path)
    return "\n\n".join(text for kind, text in blocks if kind in MAIN_KINDS)


# --------------------------------------------------------------------------
# PDF layouts (reportlab)
# --------------------------------------------------------------------------

INK = colors.HexColor("#1f2a36")
ACCENT = colors.HexColor("#1d5c7a")
SHADE = colors.HexColor("#e6eef3")
RULE = colors.HexColor("#9aa8b3")


def _styles(base: float = 10.0) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body",
        fontName="Times-Roman",
        fontSize=base,
        leading=base * 1.32,
        spaceAfter=base * 0.6,
        alignment=TA_LEFT,
        textColor=INK,
    )
    return {
        "body": body,
        "title": ParagraphStyle(
            "title",
            fontName="Helvetica-Bold",
            fontSize=base + 9,
            leading=(base + 9) * 1.18,
            textColor=ACCENT,
            spaceAfter=6,
        ),
        "byline": ParagraphStyle(
            "byline",
            fontName="Helvetica-Oblique",
            fontSize=base - 1,
            leading=(base - 1) * 1.3,
            textColor=RULE,
            spaceAfter=10,
        ),
        "heading": ParagraphStyle(
            "heading",
            fontName="Helvetica-Bold",
            fontSize=base + 1.5,
            leading=(base + 1.5) * 1.25,
            textColor=ACCENT,
            spaceBefore=base * 0.7,
            spaceAfter=base * 0.4,
        ),
        "item": ParagraphStyle("item", parent=body, spaceAfter=base * 0.25),
        "side_title": ParagraphStyle(
            "side_title",
            fontName="Helvetica-Bold",
            fontSize=base - 0.5,
            leading=(base - 0.5) * 1.3,
            textColor=ACCENT,
            spaceAfter=3,
        ),
        "side": ParagraphStyle(
            "side",
            fontName="Helvetica",
            fontSize=base - 1.5,
            leading=(base - 1.5) * 1.35,
            textColor=INK,
            spaceAfter=3,
        ),
        "note": ParagraphStyle(
            "note",
            fontName="Times-Roman",
            fontSize=base - 2.5,
            leading=(base - 2.5) * 1.25,
            textColor=INK,
        ),
    }


def _markup(text: str) -> str:
    """Escape text for reportlab paragraphs and turn ``[^n]`` into superscripts."""
    escaped = html.escape(text, quote=False)
    return FOOTNOTE_MARK.sub(r"<super>\1</super>", escaped)


class FootnoteAnchor(Flowable):
    """Zero-size flowable recording on which page a footnote reference landed.

    Placed right after the paragraph that carries the reference; references
    sit at paragraph ends, so the anchor's page is the reference's page.
    """

    def __init__(self, numbers: list[int], registry: dict[int, list[int]]):
        super().__init__()
        self.numbers = numbers
        self.registry = registry

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        page = self.canv.getPageNumber()
        self.registry.setdefault(page, []).extend(self.numbers)


def _date_formatter(year: int | None) -> Callable[..., str]:
    stamp = f"D:{int(year):04d}0101000000+00'00'" if year else "D:20000101000000+00'00'"

    def fmt(*_args: int) -> str:
        return stamp

    return fmt


def _section_flowables(
    doc: dict[str, Any], st: dict[str, ParagraphStyle], registry: dict[int, list[int]]
) -> list[Flowable]:
    story: list[Flowable] = []

    def para(text: str) -> None:
        story.append(Paragraph(_markup(text), st["body"]))
        marks = [int(m) for m in FOOTNOTE_MARK.findall(text)]
        if marks:
            story.append(FootnoteAnchor(marks, registry))

    for section in doc["sections"]:
        if section.get("heading"):
            # Move a heading to the next frame only if it would be stranded
            # (keepWithNext would move the whole next paragraph, so columns
            # would always end at paragraph ends).
            story.append(CondPageBreak(st["heading"].leading * 2 + st["body"].leading * 3))
            story.append(Paragraph(_markup(section["heading"]), st["heading"]))
        for text in section.get("paragraphs", []):
            para(text)
        if section.get("bullets"):
            items = [
                ListItem(Paragraph(_markup(b), st["item"]), leftIndent=12)
                for b in section["bullets"]
            ]
            story.append(
                ListFlowable(
                    items, bulletType="bullet", start="\u2022", leftIndent=12, bulletFontSize=8
                )
            )
            story.append(Spacer(1, st["body"].spaceAfter))
            for text in section["bullets"]:
                marks = [int(m) for m in FOOTNOTE_MARK.findall(text)]
                if marks:
                    story.append(FootnoteAnchor(marks, registry))
        for text in section.get("after", []):
            para(text)
    return story


def _header_footer(
    canv: Any, doc: dict[str, Any], page: int, margin: float, *, header: bool = True
) -> None:
    canv.saveState()
    canv.setFillColor(RULE)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    if header and doc.get("running_header"):
        canv.setFont("Helvetica", 7.5)
        canv.drawString(margin, PAGE_H - margin + 14, doc["running_header"])
        canv.line(margin, PAGE_H - margin + 10, PAGE_W - margin, PAGE_H - margin + 10)
    canv.line(margin, margin - 14, PAGE_W - margin, margin - 14)
    canv.setFont("Helvetica", 7.5)
    canv.drawString(margin, margin - 26, doc.get("footer") or doc["organisation"])
    canv.drawRightString(PAGE_W - margin, margin - 26, f"Page {page}")
    canv.restoreState()


def _draw_footnotes(
    canv: Any,
    doc: dict[str, Any],
    registry: dict[int, list[int]],
    st: dict[str, ParagraphStyle],
    margin: float,
    width: float,
) -> None:
    numbers = registry.get(canv.getPageNumber(), [])
    if not numbers:
        return
    notes = doc.get("footnotes", [])
    paras = [Paragraph(f"<super>{n}</super> {_markup(notes[n - 1])}", st["note"]) for n in numbers]
    heights = [p.wrap(width, PAGE_H)[1] + 2 for p in paras]
    y = margin + sum(heights)
    canv.saveState()
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(margin, y + 4, margin + width * 0.3, y + 4)
    canv.restoreState()
    for p, h in zip(paras, heights, strict=True):
        y -= h
        p.drawOn(canv, margin, y)


def _new_doc_template(doc: dict[str, Any], out_path: Path, margin: float) -> BaseDocTemplate:
    return BaseDocTemplate(
        str(out_path),
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=doc["title"],
        author=doc.get("authors") or doc["organisation"],
        subject=doc.get("subject", ""),
        creator="policyframes corpus renderer",
        invariant=1,
        pageCompression=1,
    )


def render_report(doc: dict[str, Any], out_path: Path) -> None:
    """Single-column report: running header, page-numbered footer, footnotes."""
    margin = 2.3 * cm
    note_area = 2.4 * cm if doc.get("footnotes") else 0
    st = _styles(float(doc.get("font_size", 11)))
    registry: dict[int, list[int]] = {}
    width = PAGE_W - 2 * margin
    template = _new_doc_template(doc, out_path, margin)
    frame = Frame(
        margin,
        margin + note_area,
        width,
        PAGE_H - 2 * margin - note_area,
        id="body",
        showBoundary=0,
    )

    def on_page(canv: Any, _doc: Any) -> None:
        canv.setDateFormatter(_date_formatter(doc.get("year")))
        _header_footer(canv, doc, canv.getPageNumber(), margin)

    def on_page_end(canv: Any, _doc: Any) -> None:
        _draw_footnotes(canv, doc, registry, st, margin, width)

    template.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPage=on_page, onPageEnd=on_page_end)]
    )
    story: list[Flowable] = [Paragraph(_markup(doc["title"]), st["title"])]
    if doc.get("byline"):
        story.append(Paragraph(_markup(doc["byline"]), st["byline"]))
    story.extend(_section_flowables(doc, st, registry))
    template.build(story)


def _sidebar_paragraphs(doc: dict[str, Any], st: dict[str, ParagraphStyle]) -> list[Paragraph]:
    side = doc["sidebar"]
    paras = [Paragraph(_markup(side["title"]), st["side_title"])]
    paras.extend(Paragraph(_markup(p), st["side"]) for p in side["paragraphs"])
    return paras


def render_brief(doc: dict[str, Any], out_path: Path) -> None:
    """Two-column brief; page one has a shaded sidebar box inside the right column.

    The right column of page one is two frames, above and below the box, so
    body text flows around the box: a sentence running from the upper to the
    lower frame is what naive extraction splices the box text into.
    """
    margin = 1.8 * cm
    gutter = 0.7 * cm
    st = _styles(float(doc.get("font_size", 9.5)))
    registry: dict[int, list[int]] = {}
    col_w = (PAGE_W - 2 * margin - gutter) / 2
    masthead_h = 1.3 * cm
    title_h = 3.6 * cm
    body_top = PAGE_H - margin - masthead_h - title_h
    body_bottom = margin
    body_h = body_top - body_bottom
    left_x = margin
    right_x = margin + col_w + gutter
    template = _new_doc_template(doc, out_path, margin)

    title_frame = Frame(margin, body_top, PAGE_W - 2 * margin, title_h, id="title", showBoundary=0)
    first_frames = [title_frame, Frame(left_x, body_bottom, col_w, body_h, id="c1")]
    box: tuple[float, float, float] | None = None
    side_paras: list[Paragraph] = []
    if doc.get("sidebar"):
        pad = 7.0
        side_paras = _sidebar_paragraphs(doc, st)
        inner_h = sum(p.wrap(col_w - 2 * pad, PAGE_H)[1] + p.style.spaceAfter for p in side_paras)
        box_h = inner_h + 2 * pad
        box_top = body_top - body_h * float(doc["sidebar"].get("position", 0.38))
        box_bottom = box_top - box_h
        box = (box_top, box_bottom, pad)
        first_frames.append(Frame(right_x, box_top + 6, col_w, body_top - box_top - 6, id="c2a"))
        first_frames.append(
            Frame(right_x, body_bottom, col_w, box_bottom - 6 - body_bottom, id="c2b")
        )
    else:
        first_frames.append(Frame(right_x, body_bottom, col_w, body_h, id="c2"))
    later_h = PAGE_H - 2 * margin
    later_frames = [
        Frame(left_x, margin, col_w, later_h, id="l1"),
        Frame(right_x, margin, col_w, later_h, id="l2"),
    ]

    def on_first(canv: Any, _doc: Any) -> None:
        canv.setDateFormatter(_date_formatter(doc.get("year")))
        canv.saveState()
        canv.setFillColor(ACCENT)
        canv.rect(
            margin,
            PAGE_H - margin - masthead_h + 8,
            PAGE_W - 2 * margin,
            masthead_h - 8,
            stroke=0,
            fill=1,
        )
        canv.setFillColor(colors.white)
        canv.setFont("Helvetica-Bold", 11)
        canv.drawString(
            margin + 8, PAGE_H - margin - masthead_h + 20, doc.get("masthead", doc["organisation"])
        )
        canv.setFont("Helvetica", 8)
        canv.drawRightString(
            PAGE_W - margin - 8, PAGE_H - margin - masthead_h + 20, doc.get("issue", "")
        )
        canv.restoreState()
        if box:
            top, bottom, pad = box
            canv.saveState()
            canv.setFillColor(SHADE)
            canv.setStrokeColor(ACCENT)
            canv.setLineWidth(0.8)
            canv.rect(right_x, bottom, col_w, top - bottom, stroke=1, fill=1)
            canv.restoreState()
            y = top - pad
            for p in side_paras:
                _, h = p.wrap(col_w - 2 * pad, PAGE_H)
                y -= h
                p.drawOn(canv, right_x + pad, y)
                y -= p.style.spaceAfter
        _header_footer(canv, doc, canv.getPageNumber(), margin, header=False)

    def on_later(canv: Any, _doc: Any) -> None:
        _header_footer(canv, doc, canv.getPageNumber(), margin)

    template.addPageTemplates(
        [
            PageTemplate(id="first", frames=first_frames, onPage=on_first),
            PageTemplate(id="later", frames=later_frames, onPage=on_later),
        ]
    )
    story: list[Flowable] = [
        NextPageTemplate("later"),
        Paragraph(_markup(doc["title"]), st["title"]),
    ]
    if doc.get("byline"):
        story.append(Paragraph(_markup(doc["byline"]), st["byline"]))
    story.append(FrameBreak())
    story.extend(_section_flowables(doc, st, registry))
    template.build(story)


def render_factsheet(doc: dict[str, Any], out_path: Path) -> None:
    """One-page factsheet: title band, capitalised headings, bullet lists."""
    margin = 1.6 * cm
    st = _styles(float(doc.get("font_size", 9.0)))
    st["title"] = ParagraphStyle(
        "band",
        parent=st["title"],
        textColor=colors.white,
        backColor=ACCENT,
        borderPadding=(8, 8, 10, 8),
        spaceAfter=16,
    )
    st["heading"] = ParagraphStyle("caps", parent=st["heading"], fontSize=st["body"].fontSize + 0.5)
    registry: dict[int, list[int]] = {}
    template = _new_doc_template(doc, out_path, margin)
    frame = Frame(margin, margin, PAGE_W - 2 * margin, PAGE_H - 2 * margin - 8, id="body")

    def on_page(canv: Any, _doc: Any) -> None:
        canv.setDateFormatter(_date_formatter(doc.get("year")))
        _header_footer(canv, doc, canv.getPageNumber(), margin, header=False)

    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    story: list[Flowable] = [Spacer(1, 6), Paragraph(_markup(doc["title"]), st["title"])]
    if doc.get("byline"):
        story.append(Paragraph(_markup(doc["byline"]), st["byline"]))
    story.extend(_section_flowables(doc, st, registry))
    template.build(story)


# --------------------------------------------------------------------------
# Web page, plain text, Markdown
# --------------------------------------------------------------------------

WEB_CSS = """body{font-family:Georgia,serif;margin:0;color:#1f2a36}
nav,footer,.cookie{font-family:Arial,sans-serif;font-size:14px}
nav{background:#1d5c7a;padding:8px}nav a{color:#fff;margin-right:14px}
.cookie{background:#fff4cc;padding:10px;border-bottom:1px solid #ccc}
main{max-width:720px;margin:20px auto}.byline{color:#667}
.follow,.comments{border-top:1px solid #ccc;margin-top:24px;padding-top:8px}
footer{background:#eee;padding:12px;margin-top:30px}"""


def render_web(doc: dict[str, Any], out_path: Path) -> None:
    """HTML article page with navigation, cookie banner, share links, comments, footer."""
    e = html.escape
    site = doc.get("site", doc["organisation"])
    nav = "".join(
        f'<a href="#{e(x.lower().replace(" ", "-"))}">{e(x)}</a>' for x in doc.get("nav", [])
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(doc.get("language", "en"))}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(doc['title'])} | {e(site)}</title>",
        f'<meta name="description" content="{e(doc.get("subject", ""))}">',
        f"<style>{WEB_CSS}</style>",
        "</head>",
        "<body>",
        '<div class="cookie" id="cookie-banner"><p>This site uses cookies to measure traffic and '
        "remember your preferences. By continuing to browse you accept their use. "
        '<a href="#privacy">Privacy policy</a> <button type="button">Accept</button> '
        '<button type="button">Refuse</button></p></div>',
        f'<header><p class="site-name">{e(site)}</p><nav>{nav}</nav></header>',
        "<main>",
        "<article>",
        f"<h1>{e(doc['title'])}</h1>",
    ]
    if doc.get("byline"):
        parts.append(f'<p class="byline">{e(doc["byline"])}</p>')
    for section in doc["sections"]:
        if section.get("heading"):
            parts.append(f"<h2>{e(section['heading'])}</h2>")
        parts.extend(f"<p>{e(strip_marks(p))}</p>" for p in section.get("paragraphs", []))
        if section.get("bullets"):
            parts.append("<ul>")
            parts.extend(f"<li>{e(strip_marks(b))}</li>" for b in section["bullets"])
            parts.append("</ul>")
        parts.extend(f"<p>{e(strip_marks(p))}</p>" for p in section.get("after", []))
    parts.append("</article>")
    parts.append(
        '<aside class="follow"><p>Follow us</p><ul>'
        '<li><a href="#rss">RSS feed</a></li><li><a href="#newsletter">Newsletter</a></li>'
        '<li><a href="#social">Social media</a></li></ul>'
        "<p>Share this article: Email | Print | Copy link</p></aside>"
    )
    comments = doc.get("comments", [])
    if comments:
        parts.append(f'<section class="comments"><h3>{len(comments)} comments</h3><ol>')
        for c in comments:
            parts.append(
                f'<li class="comment"><p class="comment-meta">{e(c["author"])} | {e(c["date"])}</p>'
                f'<p>{e(c["text"])}</p><p><a href="#reply">Reply</a></p></li>'
            )
        parts.append(
            "</ol><h4>Leave a reply</h4><form><textarea></textarea>"
            '<button type="submit">Post comment</button></form></section>'
        )
    parts.append("</main>")
    parts.append(
        f"<footer><p>{e(doc.get('footer') or site)}</p>"
        '<p><a href="#legal">Legal notice</a> | <a href="#privacy">Privacy</a> | '
        '<a href="#contact">Contact</a> | <a href="#accessibility">Accessibility</a></p></footer>'
    )
    parts.append("</body>")
    parts.append("</html>")
    out_path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def _wrap(text: str, width: int = 76, indent: str = "") -> str:
    return textwrap.fill(
        text, width=width, initial_indent=indent, subsequent_indent=" " * len(indent)
    )


def render_text(doc: dict[str, Any], out_path: Path) -> None:
    """Plain-text note wrapped at 76 columns; numbered notes at the end."""
    lines = [doc["title"], "=" * min(len(doc["title"]), 76), ""]
    if doc.get("byline"):
        lines += [_wrap(doc["byline"]), ""]
    for section in doc["sections"]:
        if section.get("heading"):
            lines += [section["heading"], "-" * min(len(section["heading"]), 76), ""]
        mark = lambda t: FOOTNOTE_MARK.sub(r"[\1]", t)  # noqa: E731
        for p in section.get("paragraphs", []):
            lines += [_wrap(mark(p)), ""]
        for b in section.get("bullets", []):
            lines += [_wrap(mark(b), indent="  * ")]
        if section.get("bullets"):
            lines.append("")
        for p in section.get("after", []):
            lines += [_wrap(mark(p)), ""]
    if doc.get("footnotes"):
        lines += ["Notes", "-----", ""]
        for n, note in enumerate(doc["footnotes"], start=1):
            lines += [_wrap(note, indent=f"[{n}] "), ""]
    out_path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


def render_markdown(doc: dict[str, Any], out_path: Path) -> None:
    """Markdown note with ATX headings, bullets and footnote definitions."""
    lines = [f"# {doc['title']}", ""]
    if doc.get("byline"):
        lines += [f"*{doc['byline']}*", ""]
    for section in doc["sections"]:
        if section.get("heading"):
            lines += [f"## {section['heading']}", ""]
        lines += [x for p in section.get("paragraphs", []) for x in (p, "")]
        if section.get("bullets"):
            lines += [f"- {b}" for b in section["bullets"]] + [""]
        lines += [x for p in section.get("after", []) for x in (p, "")]
    for n, note in enumerate(doc.get("footnotes", []), start=1):
        lines += [f"[^{n}]: {note}", ""]
    out_path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


RENDERERS: dict[str, Callable[[dict[str, Any], Path], None]] = {
    "brief": render_brief,
    "report": render_report,
    "factsheet": render_factsheet,
    "web": render_web,
    "text": render_text,
    "markdown": render_markdown,
}


def render_document(doc: dict[str, Any], out_dir: Path) -> Path:
    """Render one document spec into ``out_dir`` and return its path."""
    out_path = out_dir / doc["file"]
    RENDERERS[doc["layout"]](doc, out_path)
    return out_path


def write_metadata(docs: Iterable[dict[str, Any]], out_dir: Path) -> Path:
    """Write ``metadata.csv`` (sorted by file) for the documents listed in it."""
    rows = [
        {col: ("" if d.get(col) is None else str(d.get(col))) for col in METADATA_COLUMNS}
        for d in docs
        if d.get("in_metadata", True)
    ]
    rows.sort(key=lambda r: r["file"])
    path = out_dir / "metadata.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=METADATA_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def render_all(out_dir: Path = CORPUS_DIR, spec_path: Path = SPEC_PATH) -> list[Path]:
    """Render every demo document plus ``metadata.csv`` into ``out_dir``.

    One document is deliberately left out of ``metadata.csv`` (its spec says
    ``in_metadata: false``): the pipeline must then infer its title and year
    from the PDF metadata and the text, which the demo run exercises.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    docs = load_documents(spec_path)
    paths = [render_document(d, out_dir) for d in docs]
    paths.append(write_metadata(docs, out_dir))
    return paths


# --------------------------------------------------------------------------
# Synthetic corpora
# --------------------------------------------------------------------------

# Synthetic documents recombine digest paragraphs, so they are credited to
# invented organisations rather than to the real ones the digests describe.
SYNTH_ORGS = [
    "Agency for Return and Reintegration (fictional)",
    "Ministry of Migration Affairs (fictional)",
    "National Migration Office (fictional)",
    "Returnee Support Network (fictional NGO)",
    "Centre for Migration Research (fictional)",
    "Regional Development Bank (fictional)",
    "City Council Migration Office (fictional)",
    "Diaspora Investment Forum (fictional)",
    "Institute for Mobility Studies (fictional)",
    "Interstate Cooperation Secretariat (fictional)",
]
SYNTH_KINDS = {
    "report": "report",
    "brief": "policy brief",
    "factsheet": "factsheet",
    "web": "blog post",
    "text": "note",
    "markdown": "note",
}
SYNTH_TOPICS = [
    "Return and reintegration",
    "Sustainable reintegration in practice",
    "Assisted voluntary return",
    "Return migration and development",
    "Reintegration assistance",
    "Cooperation on return",
    "Returnee well-being",
    "Mobility after return",
]
SYNTH_SUFFIXES = [
    "annual review",
    "lessons from programme evaluations",
    "a stakeholder perspective",
    "options for policy",
    "evidence and gaps",
    "country case notes",
]
WORDS_PER_PAGE = {"report": 430, "brief": 900, "factsheet": 380}
# Layout mix of synthetic corpora: mostly PDFs, as in real policy collections.
SYNTH_LAYOUT_WEIGHTS = {
    "report": 55,
    "brief": 20,
    "factsheet": 5,
    "web": 10,
    "text": 6,
    "markdown": 4,
}


def _pools(
    docs: list[dict[str, Any]],
) -> tuple[list[str], list[str], list[dict[str, Any]], list[str]]:
    headings: list[str] = []
    paragraphs: list[str] = []
    sidebars: list[dict[str, Any]] = []
    notes: list[str] = []
    for d in docs:
        for s in d["sections"]:
            if s.get("heading"):
                headings.append(s["heading"])
            paragraphs.extend(strip_marks(p) for p in s.get("paragraphs", []))
        if d.get("sidebar"):
            sidebars.append(d["sidebar"])
        notes.extend(d.get("footnotes", []))
    return sorted(set(headings)), paragraphs, sidebars, notes


def synthetic_specs(
    n: int, seed: int = 0, pages: tuple[int, int] = (12, 40), spec_path: Path = SPEC_PATH
) -> list[dict[str, Any]]:
    """Document specs of a synthetic corpus, deterministic from ``seed``.

    Paragraphs of the demo documents are recombined under new titles, years
    and organisations.  PDF lengths are drawn uniformly from ``pages`` (the
    default averages about 26 pages per PDF, about 20,000 pages per 1,000 documents).
    """
    rng = random.Random(seed)
    headings, paragraphs, sidebars, notes = _pools(load_documents(spec_path))
    layouts = list(SYNTH_LAYOUT_WEIGHTS)
    weights = list(SYNTH_LAYOUT_WEIGHTS.values())
    ext = {
        "report": "pdf",
        "brief": "pdf",
        "factsheet": "pdf",
        "web": "html",
        "text": "txt",
        "markdown": "md",
    }
    specs = []
    for i in range(n):
        layout = rng.choices(layouts, weights)[0]
        org = rng.choice(SYNTH_ORGS)
        year = rng.randint(1997, 2023)
        topic = rng.choice(SYNTH_TOPICS)
        title = f"{topic}: {rng.choice(SYNTH_SUFFIXES)} ({year})"
        if layout in WORDS_PER_PAGE:
            n_pages = 1 if layout == "factsheet" else rng.randint(*pages)
            target_words = n_pages * WORDS_PER_PAGE[layout]
        else:
            target_words = rng.randint(600, 2500)
        sections: list[dict[str, Any]] = []
        footnotes: list[str] = []
        words = 0
        while words < target_words:
            chosen = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(2, 5)))
            if layout == "report" and notes and rng.random() < 0.3:
                footnotes.append(rng.choice(notes))
                chosen[-1] = chosen[-1] + f"[^{len(footnotes)}]"
            section: dict[str, Any] = {
                "heading": f"{len(sections) + 1}. {rng.choice(headings)}",
                "paragraphs": chosen,
            }
            if layout == "factsheet" and not sections:
                section["bullets"] = [
                    p.split(". ")[0].rstrip(".") + "." for p in rng.sample(paragraphs, k=3)
                ]
            sections.append(section)
            words += sum(len(p.split()) for p in chosen)
            if layout == "factsheet" and len(sections) >= 2:
                break
        spec: dict[str, Any] = {
            "file": f"synth_{i:05d}_{year}.{ext[layout]}",
            "title": title,
            "organisation": org,
            "authors": "",
            "year": year,
            "kind": SYNTH_KINDS[layout],
            "url": "",
            "language": "en",
            "layout": layout,
            "byline": f"{org} | {year}",
            "running_header": f"{org} | {title}",
            "sections": sections,
            "footnotes": footnotes,
        }
        if layout == "brief" and sidebars:
            spec["sidebar"] = rng.choice(sidebars)
            spec["masthead"] = org
            spec["issue"] = f"Brief {year}/{rng.randint(1, 12):02d}"
        if layout == "web":
            spec["nav"] = ["Home", "Topics", "Publications", "About"]
            spec["comments"] = [
                {
                    "author": "Reader",
                    "date": f"{year}-05-02",
                    "text": "Useful overview, thank you.",
                },
            ]
        specs.append(spec)
    return specs


def _render_spec(args: tuple[dict[str, Any], str, bool]) -> None:
    spec, out_dir, write_truth = args
    out = Path(out_dir)
    render_document(spec, out)
    if write_truth:
        truth = "\n\n".join(t for k, t in blocks_of(spec) if k in MAIN_KINDS)
        (out / "_truth" / f"{spec['file']}.txt").write_text(truth + "\n", encoding="utf-8")


def synthesize(
    n: int,
    out_dir: Path,
    seed: int = 0,
    pages: tuple[int, int] = (12, 40),
    workers: int = 1,
    write_truth: bool = False,
) -> None:
    """Write a synthetic corpus of ``n`` documents plus ``metadata.csv`` to ``out_dir``.

    Same ``n``, ``seed`` and ``pages`` give byte-identical files whatever
    ``workers`` is.  With ``write_truth`` the true main text of each file is
    written to ``out_dir/_truth/`` (ignored by the pipeline: leading ``_``).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if write_truth:
        (out_dir / "_truth").mkdir(exist_ok=True)
    specs = synthetic_specs(n, seed=seed, pages=pages)
    jobs = [(s, str(out_dir), write_truth) for s in specs]
    if workers > 1:
        # Workers are forked and receive the render function by name; when this
        # file was loaded by path (importlib) its module is not registered, so
        # register it for pickling to find.
        if sys.modules.get(__name__) is None:
            module = types.ModuleType(__name__)
            module.__dict__.update(globals())
            sys.modules[__name__] = module
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            list(pool.map(_render_spec, jobs, chunksize=4))
    else:
        for job in jobs:
            _render_spec(job)
    write_metadata(specs, out_dir)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=CORPUS_DIR, help="output folder")
    parser.add_argument(
        "--synthesize", type=int, default=0, metavar="N", help="write N synthetic documents"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pages", type=int, nargs=2, default=(12, 40), metavar=("MIN", "MAX"))
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--truth", action="store_true", help="also write _truth/<file>.txt (synthetic)"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    if args.synthesize:
        synthesize(
            args.synthesize, args.out, args.seed, tuple(args.pages), args.workers, args.truth
        )
        elapsed = time.perf_counter() - start
        print(f"{args.synthesize} synthetic documents in {args.out} ({elapsed:.1f} s)")
    else:
        paths = render_all(args.out)
        print(f"{len(paths)} files in {args.out} ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
