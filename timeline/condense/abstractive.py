"""Abstractive condensation: each chosen line rewritten by a model so that it stands alone.

Lines are chosen as by :class:`ExtractiveCondenser`. A line that leans on its article (an
opening "He" or "The president", a "yesterday") gets the edits the rule-based resolver
(:mod:`timeline.condense.resolve`) proposes; a generator (a local model or a model server)
writes the edited line, many lines per call; the guard keeps it only if it is exactly the
sentence with those edits (:func:`timeline.condense.guard.edit_problems`), one sentence,
and no vaguer than the source (TF-IDF similarity). Otherwise, and for lines that need no
edit, the extractive line is printed. Citations always stay.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from timeline.condense.extractive import ExtractiveCondenser
from timeline.condense.guard import edit_problems
from timeline.condense.prompt import edit_prompt, token_budget
from timeline.condense.resolve import LineContext, Resolution, resolve
from timeline.condense.scorer import tfidf_vectorizer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RewriteRequest:
    """One printed line to rewrite: its source sentences (one, for a chosen line) and the
    document around the first of them."""

    sources: list[str]
    context: LineContext | None = None


class AbstractiveCondenser(ExtractiveCondenser):
    """Select like :class:`ExtractiveCondenser`, then make each line stand alone.

    Attributes:
        generated: Lines the model rewrote that passed the guard and were kept.
        unchanged: Lines that needed no edit (or whose edit the resolver was unsure of).
        fallbacks: Rewrites replaced by the extractive line: ``unfaithful`` ones (the guard or
            the one-sentence form failed) plus ``less_informative`` ones (vaguer than the source).
    """

    wants_context = True

    def __init__(self, cfg, keywords: list[str] | None, generator, scorer=None, lang: str = "en",
                 hindsight_days: int = 7):
        super().__init__(cfg, keywords, scorer, lang, hindsight_days)
        self.generator = generator
        self.generated = 0
        self.unchanged = 0
        self.unfaithful = 0
        self.less_informative = 0
        self.samples: list[tuple[str, str]] = []  # (source, kept rewrite), for benchmarks

    @property
    def fallbacks(self) -> int:
        return self.unfaithful + self.less_informative

    @property
    def stats(self) -> dict[str, int]:
        return {"generated": self.generated, "fallbacks": self.fallbacks, "unfaithful": self.unfaithful,
                "less_informative": self.less_informative, "unchanged": self.unchanged}

    def rewrite(self, sources: list[str], context: LineContext | None = None) -> str | None:
        """The self-contained line for ``sources``, or ``None`` to print them as they are."""
        return self.rewrite_batch([RewriteRequest(sources, context)])[0]

    def rewrite_batch(self, requests: list[RewriteRequest]) -> list[str | None]:
        """:meth:`rewrite` for many lines, the model called once per batch of them."""
        plans: list[Resolution | None] = []
        for req in requests:
            res = resolve(req.sources[0], req.context) if len(req.sources) == 1 else None
            plans.append(res if res is not None and res.edits else None)
        asked = [p for p in plans if p is not None]
        self.unchanged += len(plans) - len(asked)
        if not asked:
            return [None] * len(requests)
        answers = iter(self.generator.complete([edit_prompt(p) for p in asked],
                                               [token_budget(p, self.generator.count_tokens) for p in asked]))
        return [None if p is None else self._checked(next(answers), p) for p in plans]

    def _checked(self, line: str, plan: Resolution) -> str | None:
        problems = edit_problems(line, plan.source, plan.target, plan.inserted) or self._form(line)
        if problems:
            self.unfaithful += 1
            log.debug("guard rejected %r: %s", line, "; ".join(problems))
            return None
        if not self._informative(line, plan):
            self.less_informative += 1
            log.debug("vaguer than the source: %r", line)
            return None
        self.generated += 1
        self.samples.append((plan.source, line))
        return line

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
