"""Errors a user can act on: bad input, bad usage.

Every user-facing failure is an :class:`InputError`; the CLI prints its one-line
message and exits with code 2, never a traceback.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input that stops a run: names the file (and line) at fault.

    Args:
        reason: What is wrong, in a few words.
        path: The file or folder at fault, if any.
        line: The 1-based line number at fault, if any.
    """

    def __init__(self, reason: str, path: str | Path | None = None, line: int | None = None):
        self.reason = reason
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __reduce__(self):  # pickled intact from a Dask worker to the client
        return type(self), (self.reason, self.path, self.line)

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path + (f":{self.line}" if self.line is not None else "") + ": "
        return where + self.reason


class SkippedInput(InputError):
    """A file or record that is skipped with a warning rather than stopping the run."""
