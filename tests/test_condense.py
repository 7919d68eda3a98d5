from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.condense import ExtractiveCondenser, LeadCondenser
from timeline.config import CondenseConfig


def _cands(rows):
    df = pd.DataFrame(rows, columns=["doc_id", "sent_idx", "text", "date_source", "published"])
    df["n_words"] = df["text"].str.split().str.len()
    return df


ROWS = [
    ("a", 0, "The bridge was closed to all traffic on Tuesday.", "mention", pd.Timestamp("2026-03-03", tz="UTC")),
    ("a", 7, "Shop owners say trade on the street has halved since.", "published", pd.Timestamp("2026-03-03", tz="UTC")),
    ("b", 1, "Council closes the bridge", "published", pd.Timestamp("2026-03-03", tz="UTC")),
    ("b", 2, "Why was the bridge not inspected for ten years?", "published", pd.Timestamp("2026-03-03", tz="UTC")),
    ("c", 0, "The bridge closure angered commuters on the north shore.", "published", pd.Timestamp("2026-03-04", tz="UTC")),
]


def test_eligibility_rules():
    cands = _cands(ROWS)
    cfg = CondenseConfig(lead_sentences=0)
    assert ExtractiveCondenser(cfg).eligible(cands).tolist() == [True, True, False, False, True]  # no headline, no question
    cfg.lead_sentences = 5
    assert ExtractiveCondenser(cfg).eligible(cands).tolist() == [True, False, False, False, True]  # sentence 7 is past the lead
    assert ExtractiveCondenser(cfg, ["commuters"]).eligible(cands).tolist() == [False, False, False, False, True]


def test_mmr_skips_near_duplicates_of_the_timeline_so_far():
    cands = _cands([ROWS[0], ROWS[1], ROWS[4]])
    vecs = np.array([[1.0, 0, 0], [0, 1.0, 0], [0.99, 0.14, 0]], dtype=np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    picks = ExtractiveCondenser(CondenseConfig()).condense(cands, vecs, 3, history=[])
    chosen = [p[0] for p in picks]
    assert 0 in chosen or 2 in chosen
    assert not (0 in chosen and 2 in chosen)  # cosine 0.99 > the default redundancy cap (0.85)
    assert ExtractiveCondenser(CondenseConfig()).condense(cands, vecs, 3, history=[vecs[0], vecs[1]]) == []


def test_lead_condenser_takes_earliest_sentences():
    cands = _cands(ROWS)
    picks = LeadCondenser(CondenseConfig()).condense(cands, np.zeros((len(cands), 2)), 2, [])
    assert [cands["sent_idx"].iat[p[0]] for p in picks] == [0, 0]


def test_sentence_scorer_learns_and_drives_selection(tmp_path):
    from timeline.condense.scorer import SENTENCE_FEATURES, SentenceScorer, sentence_features

    cands = _cands([ROWS[0], ROWS[1], ROWS[4]])
    vecs = np.eye(3, dtype=np.float32)
    x = sentence_features(cands, vecs, ["bridge"], np.array([0.5, 0.2, 0.1]))
    assert x.shape == (3, len(SENTENCE_FEATURES))
    assert x[:, SENTENCE_FEATURES.index("names_date")].tolist() == [1.0, 0.0, 0.0]
    rng = np.random.default_rng(1)
    train_x = rng.random((200, len(SENTENCE_FEATURES)))
    train_y = 2 * train_x[:, SENTENCE_FEATURES.index("lead")]  # only lead position matters
    scorer = SentenceScorer.fit(train_x, train_y)
    assert int(np.argmax(np.abs(scorer.coef))) == SENTENCE_FEATURES.index("lead")
    scorer.save(tmp_path / "s.json")
    assert SentenceScorer.load(tmp_path / "s.json").coef == scorer.coef
    cfg = CondenseConfig(lead_sentences=0, scorer_weight=10.0)  # the scorer dominates centrality
    picks = ExtractiveCondenser(cfg, scorer=scorer).condense(cands, vecs, 1, [])
    assert cands["sent_idx"].iat[picks[0][0]] == 0  # the scorer prefers the leads


def test_teasers_and_bracket_fragments_are_not_printable():
    cands = _cands([
        ("a", 0, "Officials said the bridge would reopen next spring after repairs.", "mention", ROWS[0][4]),
        ("a", 1, "Photos of the collapsed bridge may raise concern about the state of tha ...", "mention", ROWS[0][4]),
        ("a", 2, "An engineering firm on lease to the council -LRB- Calder Works .", "mention", ROWS[0][4]),
        ("a", 3, "The council -LRB- which owns the bridge -RRB- met on Monday.", "mention", ROWS[0][4]),
    ])
    assert ExtractiveCondenser(CondenseConfig(lead_sentences=0)).eligible(cands).tolist() == [True, False, False, True]


def test_summary_objective_covers_what_the_first_line_did_not():
    text = [
        "The bridge collapsed into the river at dawn on Wednesday.",            # centre: collapse
        "The bridge collapsed into the river at dawn, witnesses said.",        # the same again
        "Ferries began carrying commuters across the river on Wednesday.",     # the other half: ferries
    ]
    context = pd.Series(text + ["The bridge collapsed into the river at dawn.", "The bridge collapsed at dawn, witnesses said.",
                                "Ferries carried commuters.", "Ferries began carrying commuters."])
    cands = _cands([("a", i, t, "mention", ROWS[0][4]) for i, t in enumerate(text)])
    vecs = np.eye(3, dtype=np.float32)  # no embedding redundancy: only the objective differs
    alone = ExtractiveCondenser(CondenseConfig(objective="sentence", lead_sentences=0))
    together = ExtractiveCondenser(CondenseConfig(objective="summary", lead_sentences=0))
    assert sorted(p[0] for p in alone.condense(cands, vecs, 2, [], context)) == [0, 1]
    assert alone.relevance(cands, vecs, context)[2] < min(alone.relevance(cands, vecs, context)[:2])
    assert sorted(p[0] for p in together.condense(cands, vecs, 2, [], context)) == [1, 2]


def test_undated_leads_speak_for_the_day_before_publication():
    from timeline.condense.candidates import candidate_pool

    events = pd.DataFrame({
        "doc_id": ["a", "b", "b"], "sent_idx": [0, 0, 1],
        "text": ["Named the 10th.", "Lead of the 11th.", "Names the 10th too."],
        "date": pd.to_datetime(["2026-03-10", "2026-03-11", "2026-03-10"]).astype("datetime64[us]"),
        "granularity": "day", "date_source": ["mention", "published", "mention"]})
    dates = pd.DataFrame({"date": pd.to_datetime(["2026-03-10"]).astype("datetime64[us]"), "granularity": "day"})
    assert sorted(candidate_pool(events, dates, 0)["text"]) == ["Named the 10th.", "Names the 10th too."]
    pool = candidate_pool(events, dates, 1)
    assert sorted(pool["text"]) == ["Lead of the 11th.", "Named the 10th.", "Names the 10th too."]
    assert (pool["date"] == pd.Timestamp("2026-03-10")).all()
    assert pool.loc[pool["text"] == "Lead of the 11th.", "date_source"].item() == "published"


def test_unknown_condense_choice_is_a_clear_error():
    import pytest

    from timeline.errors import InputError

    with pytest.raises(InputError, match="condense.objective"):
        ExtractiveCondenser(CondenseConfig(objective="best"))


def test_support_weight_prefers_lines_many_documents_tell():
    cands = _cands([ROWS[0], ROWS[4]])
    vecs = np.eye(2, dtype=np.float32)
    context = pd.Series([ROWS[0][2], ROWS[4][2]])
    plain = ExtractiveCondenser(CondenseConfig(lead_sentences=0))
    first = plain.condense(cands, vecs, 1, [], context)[0][0]
    other = 1 - first
    cands["support"] = np.where(np.arange(2) == other, 6, 1)
    backed = ExtractiveCondenser(CondenseConfig(lead_sentences=0, support_weight=5.0))
    assert backed.condense(cands, vecs, 1, [], context)[0][0] == other
    assert plain.condense(cands, vecs, 1, [], context)[0][0] == first  # weight 0: support ignored


def test_hindsight_prefers_a_look_back_from_weeks_later():
    day = pd.Timestamp("2026-03-03")
    cands = _cands([
        ("a", 0, "The bridge was closed to all traffic on Tuesday.", "mention", pd.Timestamp("2026-03-03", tz="UTC")),
        ("b", 3, "The bridge was closed to traffic on March 3 after cracks were found.", "mention",
         pd.Timestamp("2026-04-20", tz="UTC")),
    ]).assign(date=day.as_unit("us"))
    vecs = np.eye(2, dtype=np.float32)
    context = pd.Series([cands["text"][0], cands["text"][0], cands["text"][1]])  # the same-day line is central
    same_day = ExtractiveCondenser(CondenseConfig(hindsight_weight=0.0)).condense(cands, vecs, 1, [], context)
    looking_back = ExtractiveCondenser(CondenseConfig(hindsight_weight=1.0)).condense(cands, vecs, 1, [], context)
    assert same_day == [[0]] and looking_back == [[1]]
    from timeline.condense.extractive import hindsight

    assert hindsight(cands, 7).tolist() == [0.0, 1.0]
    assert hindsight(cands, 60).tolist() == [0.0, 0.0]  # 48 days later is not past 60
    assert hindsight(cands.drop(columns="published"), 7).tolist() == [0.0, 0.0]


def test_boilerplate_prefixes_are_cut_and_chatter_is_not_printed():
    from timeline.condense.boilerplate import is_chatter, strip_boilerplate

    texts = [
        "( Updated 6:15 p.m. ( 0115 in Egypt ) ) President Mubarak 's announcement did not sit well.",
        "Cairo , Egypt ( CNN ) -- Thousands of protesters filled the square .",
        "WASHINGTON, Jan. 5 (Reuters) - The Senate passed the bill.",
        "29 September 2011 Last updated at 15:44 GMT Help The doctor denied the charge .",
        "The bridge reopened on Friday after repairs.",
    ]
    events = pd.DataFrame({"text": texts, "n_words": [len(t.split()) for t in texts]})
    out = strip_boilerplate(events)
    assert out["text"].tolist() == [
        "President Mubarak 's announcement did not sit well.", "Thousands of protesters filled the square .",
        "The Senate passed the bill.", "The doctor denied the charge .", "The bridge reopened on Friday after repairs."]
    assert out["n_words"].tolist() == [len(t.split()) for t in out["text"]]
    assert events["text"].tolist() == texts  # the input frame is not changed
    chatter = pd.Series(["January 31 , 2011 at 5:21 pm | Egypt is not a poor country .",
                         "BLITZER : What happens next in Cairo ?", "The army said it would not fire on crowds."])
    assert [is_chatter(t) for t in chatter] == [True, True, False]
    cands = _cands([("a", 0, chatter[0], "mention", pd.Timestamp("2026-03-03", tz="UTC")),
                    ("a", 1, chatter[2], "mention", pd.Timestamp("2026-03-03", tz="UTC"))])
    assert ExtractiveCondenser(CondenseConfig()).eligible(cands).tolist() == [False, True]


def test_wire_datelines_are_cut_in_other_languages_too():
    from timeline.condense.boilerplate import strip_boilerplate

    texts = ["PARIS, 5 mars 2024 (AFP) - Un autre incendie a été signalé près de la gare.",
             "ROMA, 5 marzo (ANSA) - Il governo ha approvato il decreto.",
             "MADRID, 5 de marzo de 2024 (EFE) - El Gobierno aprobó el decreto.",
             "(ANSA) – ROMA, 17 FEB – Il governo ha approvato il decreto.",
             "Le 5 mars 2024 (selon la police) - un incendie."]  # no agency: kept whole
    out = strip_boilerplate(pd.DataFrame({"text": texts, "n_words": [len(t.split()) for t in texts]}))
    assert out["text"].tolist() == ["Un autre incendie a été signalé près de la gare.", "Il governo ha approvato il decreto.",
                                    "El Gobierno aprobó el decreto.", "Il governo ha approvato il decreto.", texts[4]]


@pytest.mark.parametrize(("text", "mention", "dateline"), [
    ("Paris, le 5 mars 2024.", "5 mars 2024", True),
    ("Москва, 5 марта 2024 года.", "5 марта 2024", True),
    ("Madrid, 5 de marzo de 2024.", "5 de marzo de 2024", True),
    ("Nandilaure | 2 août 2013 22h22 |", "2 août 2013", True),
    ("Par Louis Denghien, le 7 septembre 2012", "7 septembre 2012", True),
    ("Mubarak a démissionné le 11 février 2011.", "11 février 2011", False),
    ("Le 6 mars 2024, les autorités ont ouvert une enquête.", "6 mars 2024", False),
    ("Egypt, 3 July 2013: army ousts Morsi.", "3 July 2013", False),
    ("2024年3月6日，当局开始调查这家化工厂火灾的原因。", "2024年3月6日", False),  # no spaces, many words
    ("Paris, le 5 mars 2024.", "", False),  # no mention to measure against
    ("Paris, le 5 mars 2024.", "6 mars", False),  # a mention not in the text
])
def test_a_bare_dateline_says_nothing_of_its_date(text, mention, dateline):
    from timeline.condense.boilerplate import is_dateline

    assert is_dateline(text, mention) is dateline


def test_a_bare_dateline_is_not_printed():
    rows = [("a", 0, "Paris, le 5 mars 2024.", "mention", pd.Timestamp("2024-03-05", tz="UTC")),
            ("a", 1, "Un grand incendie s'est déclaré mardi dans le centre-ville.", "mention",
             pd.Timestamp("2024-03-05", tz="UTC"))]
    cands = _cands(rows).assign(mention=["5 mars 2024", "mardi"])
    assert ExtractiveCondenser(CondenseConfig(lead_sentences=0)).eligible(cands).tolist() == [False, True]
    # five words: the length rule alone would print it
    assert ExtractiveCondenser(CondenseConfig(lead_sentences=0)).eligible(cands.drop(columns="mention")).tolist() == [True, True]


def test_date_tfidf_equals_sklearn_to_the_bit():
    """The per-date TF-IDF space is scikit-learn's, not just close to it: rankings cannot move."""
    import pytest
    from sklearn.preprocessing import normalize

    from timeline.condense.scorer import tfidf_vectorizer
    from timeline.condense.tfidf import date_tfidf

    context = [r[2] for r in ROWS] + ["The bridge, the bridge and the bridge again.", "the of and", "Zebra crossing shut."]
    texts = [context[0], context[4], "A quux bridge nobody saw before.", "the"]
    for lang, english in (("en", True), ("fr", False)):
        vectorizer = tfidf_vectorizer(lang)
        centroid = np.asarray(vectorizer.fit_transform(context).mean(axis=0)).ravel()
        rows = normalize(vectorizer.transform(texts))
        for _ in range(2):  # the second time from remembered counts
            mine, mine_centroid = date_tfidf(context, texts, english)
            assert mine_centroid.tobytes() == centroid.tobytes()
            assert (mine.indptr.tolist(), mine.indices.tolist()) == (rows.indptr.tolist(), rows.indices.tolist())
            assert mine.data.tobytes() == rows.data.tobytes()
    with pytest.raises(ValueError):
        date_tfidf(["the of and", "it is"], ["the"], True)


_WORDS = ["zeta", "alpha", "Alpha", "beta", "the", "of", "gamma", "delta", "émile", "zz", "ab", "b2"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8).map(" ".join), min_size=1, max_size=12),
       st.lists(st.lists(st.sampled_from(_WORDS + ["unseen"]), max_size=6).map(" ".join), min_size=1, max_size=4))
def test_date_tfidf_equals_sklearn_on_random_dates(context, texts):
    """Any first-sight order against the alphabetical one, repeats, terms outside the fit."""
    from sklearn.preprocessing import normalize

    from timeline.condense.scorer import tfidf_vectorizer
    from timeline.condense.tfidf import date_tfidf

    vectorizer = tfidf_vectorizer("en")
    try:
        centroid = np.asarray(vectorizer.fit_transform(context).mean(axis=0)).ravel()
    except ValueError:  # only stopwords: date_tfidf must refuse too
        with pytest.raises(ValueError):
            date_tfidf(context, texts, True)
        return
    rows = normalize(vectorizer.transform(texts))
    mine, mine_centroid = date_tfidf(context, texts, True)
    assert mine_centroid.tobytes() == centroid.tobytes()
    assert (mine.indptr.tolist(), mine.indices.tolist()) == (rows.indptr.tolist(), rows.indices.tolist())
    assert mine.data.tobytes() == rows.data.tobytes()


_PLAIN_CHATTER = re.compile(r"(?:\b\d{1,2}:\d{2}\s*[ap]\.?m\.?\s*\|)|(?:^\s*[A-Z][A-Z.'-]{2,}(?: [A-Z][A-Z.'-]+)? ?:)")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.from_regex(r"[x_ .]{0,2}[0-9١]{1,3}:[0-9]{1,3} ?[ap]\.?m\.? ?\|", fullmatch=True),
                 st.from_regex(r"[ \nx]{0,2}[A-Z.'-]{1,4}(?: [A-Z.'-]{1,3})? ?:", fullmatch=True)))
def test_chatter_rewrite_finds_what_the_plain_pattern_finds(text):
    """The comment and speaker patterns, rewritten for speed, decide as the plain form did."""
    from timeline.condense.boilerplate import is_chatter

    assert is_chatter(text) == (_PLAIN_CHATTER.search(text) is not None)


def test_lead_decay_prefers_the_earlier_of_two_equal_undated_sentences():
    from timeline.condense.extractive import lead_depth

    text = "The bridge was closed to all traffic after cracks were found."
    published = pd.Timestamp("2026-03-03", tz="UTC")
    # the same words but for a stopword: equal relevance, so only the decay can order them
    cands = _cands([("a", 6, text, "published", published), ("b", 1, text.replace("all", "the"), "published", published),
                    ("c", 8, text.replace("all", "any"), "mention", published)])
    assert lead_depth(cands, 10).tolist() == [0.6, 0.1, 0.0]  # a dated sentence has no depth
    vecs = np.eye(3, dtype=np.float32)

    def order(decay):
        condenser = ExtractiveCondenser(CondenseConfig(lead_decay=decay, objective="sentence"))
        return [p[0] for p in condenser.condense(cands, vecs, 3, [], cands["text"])]

    assert order(0.0) == [0, 1, 2]  # ties keep the table's order
    assert order(0.5) == [2, 1, 0]  # the dated sentence, then sentence 1 of b, then sentence 6 of a
