"""Safe output: atomic writes that never clobber inputs or existing files by accident."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from timeline.errors import InputError


def check_output_path(out: Path, inputs: list[Path] | tuple[Path, ...] = (), force: bool = False) -> Path:
    """Validate an output path before any work is done.

    Args:
        out: Where the output will be written.
        inputs: Input files or folders; the output may be neither one of them nor
            inside an input folder (a later run would read it as input).
        force: Allow replacing an existing output file.

    Returns:
        The resolved output path.

    Raises:
        InputError: If the output would overwrite an input, is a folder, or exists
            and ``force`` is false.
    """
    resolved = out.expanduser().resolve()
    for inp in inputs:
        inp_r = Path(inp).expanduser().resolve()
        if resolved == inp_r:
            raise InputError("refusing to overwrite an input file", out)
        if inp_r.is_dir() and resolved.is_relative_to(inp_r):
            raise InputError(f"refusing to write inside the input folder {inp}", out)
    if resolved.is_dir():
        raise InputError("output path is a folder; give a file name", out)
    if resolved.exists() and not force:
        raise InputError("output exists; pass --force to replace it", out)
    return resolved


def check_state_path(state: Path, inputs: list[Path] | tuple[Path, ...] = ()) -> Path:
    """A ``--state`` folder: not a file, not an input, not inside an input folder.

    Raises:
        InputError: If the state folder would sit among the inputs or is a file.
    """
    resolved = state.expanduser().resolve()
    if resolved.exists() and not resolved.is_dir():
        raise InputError("state path is a file; give a folder", state)
    for inp in inputs:
        inp_r = Path(inp).expanduser().resolve()
        if resolved == inp_r or (inp_r.is_dir() and resolved.is_relative_to(inp_r)):
            raise InputError(f"refusing to keep state inside the input {inp}", state)
    return resolved


def _file_mode(path: Path) -> int:
    """The mode a plain ``open(path, "w")`` would give: the existing file's, else 0666 minus umask."""
    try:
        return os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (temporary file in the same folder, then rename)."""
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; a crash never leaves a partial file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
