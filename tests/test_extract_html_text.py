"""HTML pages and plain text/markdown files become heading and body blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import BlockKind, ExtractionError, extract_file
from pipeline.params import ExtractParams

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Reintegration after return | Migration Notes</title>
<meta property="article:published_time" content="2017-10-05T09:30:00+02:00">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/topics">Topics</a></li>
<li><a href="/about">About us</a></li></ul></nav></header>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your
experience on our website. By browsing you accept our cookie policy.</p>
<button>Accept all cookies</button></div>
<main><article>
<h1>Reintegration after return</h1>
<p>Assistance to people who return to their country of origin has grown into a large
field of policy, with programmes run by international organisations and national
agencies alike.</p>
<h2>What counts as success</h2>
<p>Some programmes count success as the absence of further migration, while others
ask whether returnees reach economic self-sufficiency and social stability.</p>
<ul><li>Economic self-sufficiency means an income that covers basic needs.</li>
<li>Psychosocial well-being is about feeling safe and accepted.</li></ul>
<p>Local authorities often want a voice in how programmes are designed and run.</p>
</article></main>
<section class="comments"><h3>2 comments</h3>
<div class="comment"><p>Great article, thanks for sharing this with us! - Anna</p></div></section>
<footer><p>Follow us on Twitter, Facebook and LinkedIn.</p>
<p>Copyright 2017 Migration Notes. All rights reserved.</p></footer>
</body></html>
"""


@pytest.fixture
def page(tmp_path: Path):
    path = tmp_path / "post.html"
    path.write_text(PAGE, encoding="utf-8")
    return extract_file(path, ExtractParams())


def test_html_keeps_main_content_in_order(page) -> None:
    kinds_texts = [(b.kind, b.text) for b in page.blocks]
    headings = [t for k, t in kinds_texts if k == BlockKind.HEADING]
    assert "What counts as success" in headings
    texts = [t for _, t in kinds_texts]
    joined = " ".join(texts)
    first = joined.index("Assistance to people who return")
    second = joined.index("Some programmes count success")
    item = joined.index("Psychosocial well-being is about")
    last = joined.index("Local authorities often want")
    assert first < second < item < last
    assert any(t.startswith("Economic self-sufficiency means") for t in texts)


def test_html_drops_boilerplate(page) -> None:
    joined = " ".join(b.text for b in page.blocks).lower()
    for junk in ("cookie", "follow us", "about us", "great article", "all rights reserved"):
        assert junk not in joined


def test_html_metadata(page) -> None:
    assert page.title == "Reintegration after return | Migration Notes"
    assert page.year == 2017
    assert [b.order for b in page.blocks] == list(range(len(page.blocks)))


def test_markdown_headings_and_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(
        "# Return policies\n\nPrograms for returnees differ widely.\nThey share one\n"
        "goal: sustainable reinte-\ngration of people.\n\n## Actors\n"
        "Donors, agencies and local authorities.\n",
        encoding="utf-8",
    )
    extraction = extract_file(path, ExtractParams())
    assert [(b.kind, b.text) for b in extraction.blocks] == [
        (BlockKind.HEADING, "Return policies"),
        (
            BlockKind.BODY,
            "Programs for returnees differ widely. They share one goal: "
            "sustainable reintegration of people.",
        ),
        (BlockKind.HEADING, "Actors"),
        (BlockKind.BODY, "Donors, agencies and local authorities."),
    ]
    assert extraction.title == "Return policies"


def test_plain_text_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text("First paragraph line one\nline two.\n\n\nSecond paragraph.\n", "utf-8")
    blocks = extract_file(path, ExtractParams()).blocks
    assert [b.text for b in blocks] == ["First paragraph line one line two.", "Second paragraph."]
    assert all(b.kind == BlockKind.BODY for b in blocks)


def test_non_utf8_text_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Politique de réintégration \u2013 « retour » des migrants.".encode("cp1252"))
    extraction = extract_file(path, ExtractParams())
    assert extraction.blocks[0].text == "Politique de réintégration \u2013 « retour » des migrants."
    assert extraction.warnings and "not UTF-8" in extraction.warnings[0]


def test_cyrillic_legacy_encoding_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    text = "Возвращение мигрантов и их реинтеграция в странах происхождения."
    path.write_bytes(text.encode("cp1251"))
    extraction = extract_file(path, ExtractParams())
    assert extraction.blocks[0].text == text


def test_blank_text_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("\n\n   \n", encoding="utf-8")
    with pytest.raises(ExtractionError) as err:
        extract_file(path, ExtractParams())
    assert err.value.status == "skipped"


def test_markdown_inline_syntax_and_list_items(tmp_path: Path) -> None:
    path = tmp_path / "digest.md"
    path.write_text(
        "# Digest\n\nSee the [handbook](https://example.org/h) on **economic** and _social_\n"
        "reintegration; the field is_named stays.\n"
        "- Returnees need income.\n- Communities need services\n  that last.\n",
        encoding="utf-8",
    )
    texts = [(b.kind, b.text) for b in extract_file(path, ExtractParams()).blocks]
    assert texts == [
        (BlockKind.HEADING, "Digest"),
        (
            BlockKind.BODY,
            "See the handbook on economic and social reintegration; the field is_named stays.",
        ),
        (BlockKind.BODY, "Returnees need income."),
        (BlockKind.BODY, "Communities need services that last."),
    ]


def test_references_and_notes_sections(tmp_path: Path) -> None:
    path = tmp_path / "paper.md"
    path.write_text(
        "# Return\n\nBody text about return.\n\n## Notes\n\n1 A note on sources.\n\n"
        "## References\n\nAdams, J. (2018). Return programmes. Oxford.\n\n"
        "## About the authors\n\nThe authors work on migration.\n",
        encoding="utf-8",
    )
    kinds = [(b.kind, b.text) for b in extract_file(path, ExtractParams()).blocks]
    assert (BlockKind.FOOTNOTE, "1 A note on sources.") in kinds
    assert (BlockKind.REFERENCE, "Adams, J. (2018). Return programmes. Oxford.") in kinds
    assert (BlockKind.BODY, "The authors work on migration.") in kinds


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<html><body><script>var x = 1;</script></body></html>", None),
        (b"<html><body>Bare text without any block element</body></html>", "Bare text"),
        (b"\x00\x01\x02\x03", None),
    ],
)
def test_broken_html_ends_in_text_or_a_reason(tmp_path: Path, data: bytes, expected) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(data)
    try:
        extraction = extract_file(path, ExtractParams())
    except ExtractionError as exc:
        assert expected is None
        assert exc.reason and "\n" not in exc.reason
        return
    assert expected is not None
    assert " ".join(b.text for b in extraction.blocks).startswith(expected)
