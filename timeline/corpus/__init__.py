"""Read stage: paths in, the documents table out.

Columns: ``doc_id, title, text, published (UTC Timestamp), published_from, source, url,
lang, path``. Unreadable, empty, binary or undated files inside a folder are skipped with a
warning naming them; a bad file named directly, a malformed JSONL line or a CSV without a
text column stops the run with an :class:`~timeline.errors.InputError` whose message names
``--skip-bad``, and with ``skip_bad`` every one of them is skipped with a warning instead.
"""

from __future__ import annotations

from timeline.corpus.document import DOC_COLUMNS
from timeline.corpus.memory import in_memory
from timeline.corpus.reader import STDIN, STDIN_NAME, corpus_keywords, published_option, read_corpus, read_inputs

__all__ = ["DOC_COLUMNS", "STDIN", "STDIN_NAME", "corpus_keywords", "in_memory", "published_option", "read_corpus",
           "read_inputs"]
