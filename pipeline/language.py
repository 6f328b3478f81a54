"""Language identification, so English-only stages can leave other languages out."""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect

# langdetect samples randomly; a fixed seed makes the same text get the same answer.
DetectorFactory.seed = 0

#: below this many letters a guess is noise; short documents are not judged.
MIN_LETTERS = 200


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text."""
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    try:
        return detect(sample)
    except LangDetectException:
        return None
