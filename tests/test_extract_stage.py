"""The extract stage around the extractors: metadata merge and inference."""

import pandas as pd
import pytest

from pipeline.stages.extract import infer_title, infer_year


def frame(*texts: str, kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    kinds = kinds or ("body",) * len(texts)
    return pd.DataFrame({"text": list(texts), "kind": list(kinds)})


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Annual Review 2021", "In October 2020 the council met.", "Figures from 2015."), 2021),
        (("A note on returns", "Posted on October 20, 2017", "Comment of 2019."), 2017),
        (("A note on returns", "Brussels, 3 May 2016", "Data until 2018."), 2016),
        (("A note on returns", "Cites work from 1996, 2014 and 2015."), 2015),
        (("A note on returns", "Nothing dated here."), None),
        (("A note on returns", "A plan for 2150 and one for 1800."), None),
    ],
)
def test_year_inferred_from_title_then_dateline_then_latest_mention(texts, expected):
    assert infer_year(frame(*texts)) == expected


def test_title_is_the_first_reasonable_heading():
    blocks = frame(
        "x", "Return and reintegration in 2020", "Body text.", kinds=("heading", "heading", "body")
    )
    assert infer_title(blocks) == "Return and reintegration in 2020"
