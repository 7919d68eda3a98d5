"""Abstractive condensation: each chosen line made to stand alone, by rules and a model.

Lines are chosen as by :class:`ExtractiveCondenser`. A line that leans on its article (an
opening "He" or "The president", a "yesterday") gets the edits the rule-based resolver
(:mod:`timeline.condense.resolve`) proposes. Then, with ``condense.edit``:

- ``"choose"`` (default): the rules build the edited line; where they cannot tell whom an
  opening pronoun means (the sentence before names several people) they build one line per
  person and the model picks the likeliest (:mod:`timeline.condense.choice`), or none when
  unsure. The model writes nothing.
- ``"write"``: a generator (a local model or a model server) writes the edited line, many
  lines per call (the first design; a 135M model kept 1 of 11 such rewrites).

Either way the guard keeps a line only if it is exactly the sentence with its edits
(:func:`timeline.condense.guard.edit_problems`), one sentence, and no vaguer than the source
(TF-IDF similarity). Otherwise, and for lines that need no edit, the extractive line is
printed. Citations always stay.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from timeline.condense.choice import Choice
from timeline.condense.extractive import ExtractiveCondenser
from timeline.condense.guard import edit_problems
from timeline.condense.prompt import edit_prompt, token_budget
from timeline.condense.resolve import LineContext, Resolution, alternatives, resolve
from timeline.condense.scorer import tfidf_vectorizer
from timeline.config import HINDSIGHT_DAYS
from timeline.corpus.document import detokenise
from timeline.observe import emit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RewriteRequest:
    """One printed line to rewrite: its source sentences (one, for a chosen line) and the
    document around the first of them."""

    sources: list[str]
    context: LineContext | None = None


@dataclass(frozen=True)
class Decision:
    """What became of one line that needed an edit, for benchmarks and the README's samples
    (emitted to :func:`timeline.observe.watch` blocks).

    Attributes:
        source: The line as prose.
        line: The rewrite the guard was shown.
        kept: Whether the guard kept it.
        by_rules: Whether the rules alone proposed an edit (the first design's count).
        offered: Whether the model chose among the rules' candidate lines.
    """

    source: str
    line: str
    kept: bool
    by_rules: bool
    offered: bool


class AbstractiveCondenser(ExtractiveCondenser):
    """Select like :class:`ExtractiveCondenser`, then make each line stand alone.

    Attributes:
        generated: Lines the model rewrote that passed the guard and were kept.
        unchanged: Lines that needed no edit (or whose edit the resolver was unsure of).
        fallbacks: Rewrites replaced by the extractive line: ``unfaithful`` ones (the guard or
            the one-sentence form failed) plus ``less_informative`` ones (vaguer than the source).
        offered: Lines the rules were unsure about whose candidates the model chose among;
            ``chosen`` of them got the model's pick (the rest: no name edit).
    """

    wants_context = True

    def __init__(self, cfg, keywords: list[str] | None, generator, scorer=None, lang: str = "en",
                 hindsight_days: int = HINDSIGHT_DAYS):
        super().__init__(cfg, keywords, scorer, lang, hindsight_days)
        self.generator = generator
        self.generated = 0
        self.unchanged = 0
        self.unfaithful = 0
        self.less_informative = 0
        self.offered = 0
        self.chosen = 0

    @property
    def fallbacks(self) -> int:
        return self.unfaithful + self.less_informative

    @property
    def stats(self) -> dict[str, int]:
        return {"generated": self.generated, "fallbacks": self.fallbacks, "unfaithful": self.unfaithful,
                "less_informative": self.less_informative, "unchanged": self.unchanged, "offered": self.offered,
                "chosen": self.chosen}

    def rewrite(self, sources: list[str], context: LineContext | None = None) -> str | None:
        """The self-contained line for ``sources``, or ``None`` to print them as they are."""
        return self.rewrite_batch([RewriteRequest(sources, context)])[0]

    def rewrite_batch(self, requests: list[RewriteRequest]) -> list[str | None]:
        """:meth:`rewrite` for many lines, the model called once for all of them."""
        plans = [self._plan(req) for req in requests]
        if self.cfg.edit == "write":
            return self._write([sure if sure is not None and sure.edits else None for sure, _ in plans])
        return self._choose(plans, requests)

    def _plan(self, req: RewriteRequest) -> tuple[Resolution | None, list[Resolution]]:
        """The rules' resolution of a one-source line, and (``choose``) the candidates they
        could not choose between (see :func:`alternatives`)."""
        if len(req.sources) != 1:
            return None, []
        alts = alternatives(req.sources[0], req.context) if self.cfg.edit == "choose" else []
        return resolve(req.sources[0], req.context), alts

    def _choose(self, plans: list[tuple[Resolution | None, list[Resolution]]],
                requests: list[RewriteRequest]) -> list[str | None]:
        """The rules' lines, where they are unsure the model's pick among their candidates
        (each :class:`Choice` offered is emitted to :mod:`timeline.observe`)."""
        open_ = [(i, alts) for i, (_, alts) in enumerate(plans) if alts]
        choices = [_choice(alts, requests[i].context) for i, alts in open_]
        for choice in choices:
            emit(choice)
        picks = self.generator.choose(choices) if choices else []
        chosen = {i: (alts[k] if k is not None else None) for (i, alts), k in zip(open_, picks)}
        self.offered += len(open_)
        self.chosen += sum(1 for v in chosen.values() if v is not None)
        out: list[str | None] = []
        for i, (sure, _) in enumerate(plans):
            plan = chosen.get(i) or sure
            if plan is None or not plan.edits:
                self.unchanged += 1
                out.append(None)
                continue
            out.append(self._checked(plan.target, plan, by_rules=bool(sure and sure.edits), offered=i in chosen))
        return out

    def _write(self, plans: list[Resolution | None]) -> list[str | None]:
        """The first design: the generator writes each edited line, then the guard."""
        asked = [p for p in plans if p is not None]
        self.unchanged += len(plans) - len(asked)
        if not asked:
            return [None] * len(plans)
        answers = iter(self.generator.complete([edit_prompt(p) for p in asked],
                                               [token_budget(p, self.generator.count_tokens) for p in asked]))
        return [None if p is None else self._checked(next(answers), p) for p in plans]

    def _checked(self, line: str, plan: Resolution, by_rules: bool = True, offered: bool = False) -> str | None:
        """``line`` if the guard keeps it as ``plan``'s edit, else ``None`` (the :class:`Decision`
        is emitted to :mod:`timeline.observe`)."""
        problems = edit_problems(line, plan.source, plan.target, plan.inserted) or self._form(line)
        keep = not problems and self._informative(line, plan)
        if problems:
            self.unfaithful += 1
            log.debug("guard rejected %r: %s", line, "; ".join(problems))
        elif not keep:
            self.less_informative += 1
            log.debug("vaguer than the source: %r", line)
        else:
            self.generated += 1
        emit(Decision(plan.source, line, keep, by_rules, offered))
        return line if keep else None

    def _informative(self, line: str, plan: Resolution) -> bool:
        """Whether ``line`` is as close to the source (TF-IDF cosine) as the expected edit is,
        less a small tolerance for a changed function word."""
        from sklearn.preprocessing import normalize

        try:
            vectorizer = tfidf_vectorizer(self.lang).fit([plan.source, plan.target, line])
        except ValueError:  # nothing but stopwords
            return True
        rows = normalize(vectorizer.transform([line, plan.target, plan.source]))
        to_source = (rows[:2] @ rows[2].T).toarray().ravel()
        return bool(to_source[0] >= to_source[1] - 0.05)

    def _form(self, line: str) -> list[str]:
        """A complete sentence of sensible length."""
        words = line.split()
        if not (self.cfg.min_words <= len(words) <= max(self.cfg.max_words, 20) + 8):
            return ["length"]
        return [] if line.rstrip()[-1:] in ".!?\"'”’" else ["no sentence end"]


CONTEXT_SENTENCES = 3  # sentences before a line that the model reads when it chooses (the referent is in them)


def _choice(alts: list[Resolution], context: LineContext | None) -> Choice:
    """The model's question for one line: its article's last sentences before it and the
    candidate lines (they differ only in the name put in for the opening pronoun)."""
    before = context.preceding[-CONTEXT_SENTENCES:] if context is not None else ()
    names = tuple(next(e.new for e in r.edits if e.kind == "name") for r in alts)
    return Choice(" ".join(detokenise(s) for s in before), tuple(r.target for r in alts),
                  alts[0].edits[0].old, names)
