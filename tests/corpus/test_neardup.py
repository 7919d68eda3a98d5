"""Near-duplicate documents (wire copies) count once and are cited together."""

from __future__ import annotations

import pandas as pd

from timeline.corpus.neardup import near_duplicate_groups, set_copies_aside

STORY = ("The River Calder burst its banks on Monday, flooding the town centre and closing the Marrow Street "
         "Bridge to traffic, the council said. It added that the water would fall by Wednesday. Schools "
         "in the low streets would stay closed until the end of the week while engineers checked the piers.")


def test_groups_link_copies_and_leave_other_stories_alone():
    copy = STORY + " (Reuters)"
    other = "A new library opened in the old market hall on Saturday, with ten thousand books and a cafe."
    groups = near_duplicate_groups([STORY, other, copy, STORY.upper()], threshold=0.8)
    assert groups == [0, 1, 0, 0]
    assert near_duplicate_groups([STORY, copy], threshold=0.99) == [0, 1]  # not identical


def test_copies_are_set_aside_with_the_first_published_named():
    docs = pd.DataFrame({"doc_id": ["wire", "paper", "radio"], "text": [STORY, STORY + " Updated.", "Other news."],
                         "published": pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-03"], utc=True)})
    kept, copies = set_copies_aside(docs, 0.8)
    assert list(kept["doc_id"]) == ["wire", "radio"]
    assert copies[["doc_id", "copy_of"]].values.tolist() == [["paper", "wire"]]
    same, none = set_copies_aside(docs, 0.0)
    assert same is docs and none.empty


def test_summarise_cites_copies_together(tmp_path):
    import timeline

    records = [{"id": "wire", "published": "2026-03-02", "source": "Wire", "text": STORY},
               {"id": "paper", "published": "2026-03-03", "source": "Paper", "text": STORY + " More to follow."},
               {"id": "radio", "published": "2026-03-04", "source": "Radio",
                "text": "On Wednesday the water fell and the Marrow Street Bridge reopened to cars and buses."}]
    cfg = timeline.load_config(overrides={"embed.model": "hashing", "embed.cache": False, "corpus.lang": "en",
                                          "corpus.near_duplicates": 0.8})
    tl = timeline.summarise(records, cfg)
    cited = [b.doc_ids for e in tl.entries for b in e.bullets]
    assert any(ids[:2] == ["wire", "paper"] for ids in cited), cited  # the copy is cited beside the first
    assert not any(o[0] == "paper" for e in tl.entries for b in e.bullets for o in b.origin)  # never condensed
    assert len(tl.documents) == 3  # every document read is listed
