"""Split and tag stage: documents in, sentences and date mentions out.

* sentences: ``doc_id, sent_idx, start, end, text``
* mentions: ``doc_id, sent_idx, start, end, text, type, value, date, granularity``
  (``start``/``end`` are offsets into the document text; ``date`` is the first day of the
  period the value names, or missing for durations, sets and vague references).
"""

from __future__ import annotations

from timeline.temporal.split import split_sentences
from timeline.temporal.tagger import Tagger, first_absolute_date, get_tagger
from timeline.temporal.tagging import MENTION_COLUMNS, SENTENCE_COLUMNS, tag_document, tag_documents
from timeline.temporal.timex import Timex, parse_dct

__all__ = ["Tagger", "Timex", "first_absolute_date", "get_tagger", "parse_dct", "split_sentences", "tag_document",
           "tag_documents", "SENTENCE_COLUMNS", "MENTION_COLUMNS"]
