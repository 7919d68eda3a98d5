"""Language per document (``--lang auto``) and the settings that follow the languages read."""

from __future__ import annotations

import json

import pandas as pd

from timeline.config import Config, load_config
from timeline.corpus import read_corpus, read_inputs
from timeline.languages import follow_languages, main_language

FRENCH = ("Le 3 mars 2024, un incendie a ravagé un entrepôt du port. Les pompiers sont arrivés en vingt "
          "minutes et personne n'a été blessé, a déclaré la mairie.")
SPANISH = ("El 4 de marzo de 2024 el gobierno anunció nuevas medidas contra los incendios forestales, "
           "según informó el ministerio en un comunicado.")
ENGLISH = "The council said on 5 March 2024 that the harbour would reopen after the fire, officials said."


def test_each_document_is_read_in_its_own_language(tmp_path):
    (tmp_path / "incendie.txt").write_text(FRENCH)
    (tmp_path / "incendios.txt").write_text(SPANISH)
    (tmp_path / "harbour.txt").write_text(ENGLISH)
    (tmp_path / "harbour-2.txt").write_text(ENGLISH.replace("5 March", "6 March"))
    (tmp_path / "2024-03-06-short.txt").write_text("OK.")  # too short to tell: the main language
    docs = read_corpus([tmp_path], lang="auto").set_index("doc_id")
    assert docs["lang"].to_dict() == {"incendie.txt": "fr", "incendios.txt": "es", "harbour.txt": "en",
                                      "harbour-2.txt": "en", "2024-03-06-short.txt": "en"}
    # dated from their own text, read with their own language's date rules
    assert docs.loc["incendie.txt", "published"] == pd.Timestamp("2024-03-03", tz="UTC")
    assert docs.loc["incendios.txt", "published"] == pd.Timestamp("2024-03-04", tz="UTC")
    english = read_corpus([tmp_path], lang="en").set_index("doc_id")  # one language set by hand: as before
    assert set(english["lang"]) == {"en"} and "incendie.txt" not in english.index  # French dates unread


def test_a_records_own_language_wins(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "a", "date": "2024-03-03", "lang": "it", "text": FRENCH}) + "\n"
                    + json.dumps({"id": "b", "date": "2024-03-03", "text": FRENCH + " Encore."}) + "\n")
    docs = read_corpus([path], lang="auto").set_index("doc_id")
    assert docs.loc["a", "lang"] == "it" and docs.loc["b", "lang"] == "fr"


def _docs(*langs: str) -> pd.DataFrame:
    return pd.DataFrame({"lang": list(langs)})


def test_settings_follow_the_main_language():
    cfg = Config()
    english = follow_languages(cfg, _docs(*["en"] * 19, "vi"))  # a misdetected page changes nothing
    assert english.embed.model == cfg.embed.model and english.select.hindsight_weight == 1.0
    assert english.corpus.lang == "en" and english.select.date_spread == 0.0
    spanish = follow_languages(cfg, _docs("es", "es", "es"))
    assert spanish.corpus.lang == "es" and spanish.embed.model == "hashing"
    assert spanish.select.hindsight_weight == 0.0 and spanish.condense.hindsight_weight == 0.0
    assert spanish.select.date_spread == 0.5
    assert cfg.embed.model != "hashing"  # the caller's config is not changed
    mixed = follow_languages(cfg, _docs("en", "en", "fr", "it"))
    assert main_language(_docs("en", "en", "fr", "it")) == "mul" and mixed.embed.model == "hashing"
    own = load_config(overrides={"embed.multilingual_model": "/models/labse", "condense.hindsight_weight": 0.2,
                                 "select.date_spread": 0.25})
    chosen = follow_languages(own, _docs("fr"))
    assert chosen.embed.model == "/models/labse" and chosen.condense.hindsight_weight == 0.2  # set by hand: kept
    assert chosen.select.date_spread == 0.25


def test_the_packaged_date_ranker_is_for_english_corpora():
    cfg = Config()
    assert cfg.select.ranker == "packaged"
    assert follow_languages(cfg, _docs("en", "en")).select.ranker == "packaged"
    assert follow_languages(cfg, _docs("fr", "fr")).select.ranker == "heuristic"  # trained on English news


def test_summarise_says_which_languages_it_read(tmp_path):
    import timeline
    from timeline.render.common import made_with

    records = [{"text": FRENCH, "published": "2024-03-03"}, {"text": SPANISH, "published": "2024-03-04"},
               {"text": ENGLISH, "published": "2024-03-05"}]
    assert set(read_inputs(records, lang="auto")["lang"]) == {"fr", "es", "en"}
    cfg = timeline.load_config(overrides={"embed.cache": False, "condense.min_words": 3})
    tl = timeline.summarise(records, cfg)
    assert tl.settings["languages"] == {"en": 1, "es": 1, "fr": 1}
    assert tl.settings["encoder"] == "hashing"  # a mixed corpus: the language-neutral similarity
    first = made_with(tl)[0]
    assert first.startswith("Read 3 documents in English (1), Spanish (1) and French (1), published")


def test_detected_languages_are_cached_and_a_changed_text_is_detected_again(tmp_path, monkeypatch):
    import timeline.corpus.language as language
    from timeline.corpus.language import LanguageCache

    calls = []
    detect = language.detect_language
    monkeypatch.setattr(language, "detect_language", lambda text: calls.append(text) or detect(text))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "2024-03-03-incendie.txt").write_text(FRENCH)
    (corpus / "2024-03-05-harbour.txt").write_text(ENGLISH)
    db = tmp_path / "tagged.sqlite"

    def read() -> dict:
        cache = LanguageCache(db)
        try:
            return read_corpus([corpus], lang="auto", languages=cache).set_index("doc_id")["lang"].to_dict()
        finally:
            cache.close()

    fresh = read_corpus([corpus], lang="auto").set_index("doc_id")["lang"].to_dict()
    calls.clear()
    assert read() == fresh and len(calls) == 2  # detected, then stored
    assert read() == fresh and len(calls) == 2  # from the cache: not detected again
    (corpus / "2024-03-05-harbour.txt").write_text(SPANISH)
    assert read()["2024-03-05-harbour.txt"] == "es" and calls[2:] == [SPANISH]  # a changed text misses


def test_a_language_cache_that_cannot_be_opened_only_detects(tmp_path):
    from timeline.corpus.language import LanguageCache

    cache = LanguageCache(tmp_path / "missing" / "tagged.sqlite")  # no such folder: nothing to open
    assert cache.detect(FRENCH)[0] == "fr"
    cache.close()
