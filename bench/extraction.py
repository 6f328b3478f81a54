"""Extraction benchmark: text recall/precision and reading order against ground truth.

Runs on the docling test PDFs in the shared folder (sibling of the repository) and
compares three extractors: ours, raw pdfplumber `extract_text()` and raw pypdfium2
`get_text_range()`. Scores per document and their mean:

- word-bag precision / recall / F1 (multiset overlap of case-folded words);
- order: normalised Levenshtein similarity between the two word sequences;
- pages/s on one core (wall time of extraction only, one process).

If the demo corpus renderer exposes `truth_blocks(file_name)` (or `truth_text`), the
demo files (PDF, HTML, text) are scored the same way. The last line is machine-readable:
`order=0.xxx f1=0.xxx pages_per_s=NN` (ours, docling set).

    python bench/extraction.py [--only NAME] [--no-baselines]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
DOCLING = SHARED / "pdfs" / "docling"
sys.path.insert(0, str(ROOT))

from pipeline.extract import extract_file  # noqa: E402
from pipeline.extract.blocks import FURNITURE_KINDS  # noqa: E402
from pipeline.params import ExtractParams  # noqa: E402

_WORD = re.compile(r"[^\W_]+")
_MD_IMAGE = re.compile(r"<!--.*?-->|!\[[^\]]*\]\([^)]*\)", re.S)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def markdown_words(md: str) -> list[str]:
    """Words of a markdown ground truth without its syntax (headings, table pipes,
    image placeholders, emphasis, links)."""
    md = _MD_IMAGE.sub(" ", md)
    md = _MD_LINK.sub(r"\1", md)
    return words(md)


def score(pred: list[str], truth: list[str]) -> dict[str, float]:
    p, t = Counter(pred), Counter(truth)
    common = sum((p & t).values())
    precision = common / max(1, sum(p.values()))
    recall = common / max(1, sum(t.values()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    vocab: dict[str, int] = {}
    a = [vocab.setdefault(w, len(vocab)) for w in pred]
    b = [vocab.setdefault(w, len(vocab)) for w in truth]
    order = Levenshtein.normalized_similarity(a, b)
    return {"precision": precision, "recall": recall, "f1": f1, "order": order}


def ours(path: Path) -> tuple[str, int]:
    extraction = extract_file(path, ExtractParams())
    text = "\n".join(b.text for b in extraction.blocks if b.kind not in FURNITURE_KINDS)
    return text, extraction.pages


def ours_main_text(path: Path) -> tuple[str, int]:
    """Only the main text (headings and body): what a reader follows from start to
    end, without boxes and notes, whose place beside the body is a layout choice."""
    extraction = extract_file(path, ExtractParams())
    text = "\n".join(b.text for b in extraction.blocks if b.kind in ("heading", "body"))
    return text, extraction.pages


def raw_pdfplumber(path: Path) -> tuple[str, int]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages), len(pdf.pages)


def raw_pypdfium2(path: Path) -> tuple[str, int]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for page in doc:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(texts), len(doc)
    finally:
        doc.close()


def run(
    name: str,
    extractor: Callable[[Path], tuple[str, int]],
    cases: list[tuple[str, Path, list[str]]],
    verbose: bool = True,
) -> dict[str, float]:
    rows = []
    total_pages = 0
    total_time = 0.0
    for label, path, truth in cases:
        start = time.process_time()
        text, pages = extractor(path)
        elapsed = time.process_time() - start
        total_pages += pages
        total_time += elapsed
        s = score(words(text), truth)
        rows.append(s)
        if verbose:
            print(
                f"  {name:<12} {label:<34} pages={pages:>4} order={s['order']:.3f} "
                f"f1={s['f1']:.3f} p={s['precision']:.3f} r={s['recall']:.3f} "
                f"{pages / max(elapsed, 1e-9):7.1f} p/s"
            )
    mean = {k: sum(r[k] for r in rows) / len(rows) for k in ("order", "f1", "precision", "recall")}
    mean["pages_per_s"] = total_pages / max(total_time, 1e-9)
    mean["min_order"] = min(r["order"] for r in rows)
    print(
        f"{name:<12} MEAN order={mean['order']:.3f} (min {mean['min_order']:.3f}) "
        f"f1={mean['f1']:.3f} p={mean['precision']:.3f} r={mean['recall']:.3f} "
        f"pages/s={mean['pages_per_s']:.1f} ({total_pages} pages)"
    )
    return mean


def docling_cases(only: str | None) -> list[tuple[str, Path, list[str]]]:
    cases = []
    for pdf in sorted((DOCLING / "pdf").glob("*.pdf")):
        if only and only not in pdf.stem:
            continue
        truth = DOCLING / "groundtruth" / f"{pdf.stem}.md"
        if truth.exists():
            cases.append((pdf.stem, pdf, markdown_words(truth.read_text(encoding="utf-8"))))
    return cases


def demo_cases(main_text: bool = False) -> list[tuple[str, Path, list[str]]] | None:
    """Demo corpus files with their true text: every block the renderer laid out
    except reader comments (`truth_blocks`), or with `main_text` the title, headings
    and body in reading order (`truth_text`)."""
    render = ROOT / "corpora" / "demo" / "_build" / "render.py"
    if not render.exists():
        print("demo corpus: corpora/demo/_build/render.py not found; demo order not scored")
        return None
    spec = importlib.util.spec_from_file_location("demo_render", render)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    truth_blocks = getattr(module, "truth_blocks", None)
    truth_text = getattr(module, "truth_text", None)
    if truth_blocks is None and truth_text is None:
        print("demo corpus: render.py has no truth_blocks()/truth_text(); demo not scored")
        return None
    cases = []
    for path in sorted((ROOT / "corpora" / "demo").iterdir()):
        if path.suffix.lower() not in (".pdf", ".html", ".htm", ".txt", ".md"):
            continue
        try:
            if main_text and truth_text is not None:
                truth = truth_text(path.name)
            elif truth_blocks is not None:
                truth = "\n".join(t for kind, t in truth_blocks(path.name) if kind != "comment")
            else:
                truth = truth_text(path.name)
        except Exception as exc:
            print(f"demo corpus: no truth for {path.name}: {exc}")
            continue
        cases.append((path.name, path, words(truth)))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="substring of the document names to run")
    parser.add_argument("--no-baselines", action="store_true", help="skip raw extractors")
    args = parser.parse_args()
    if not DOCLING.exists():
        sys.exit(f"shared PDFs not found at {DOCLING}")
    cases = docling_cases(args.only)
    print(f"docling set: {len(cases)} documents")
    if not args.no_baselines:
        run("pdfplumber", raw_pdfplumber, cases)
        run("pypdfium2", raw_pypdfium2, cases)
    result = run("ours", ours, cases)
    demo = demo_cases()
    if demo:
        print(f"demo corpus, every block: {len(demo)} documents")
        run("ours", ours, demo)
        main = demo_cases(main_text=True)
        print(f"demo corpus, main text (headings and body against the source text): {len(main)}")
        run("ours-main", ours_main_text, main)
    print(
        f"order={result['order']:.3f} f1={result['f1']:.3f} pages_per_s={result['pages_per_s']:.0f}"
    )


if __name__ == "__main__":
    main()
