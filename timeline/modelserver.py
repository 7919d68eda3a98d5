"""The model-server form of ``condense.generator``: ``openai:http://HOST:PORT/v1#MODEL``.

Parsed here, apart from the client (:mod:`timeline.condense.chat`), because the config
checks it at load and the config stage must not import the condense stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

PREFIX = "openai:"


@dataclass(frozen=True)
class ServerSpec:
    """A parsed ``openai:URL#MODEL``: the API base URL (ending in ``/v1`` or similar) and model."""

    base: str
    model: str

    @property
    def endpoint(self) -> str:
        return self.base.rstrip("/") + "/chat/completions"


def parse_server(value: str) -> ServerSpec | None:
    """The server ``value`` names, ``None`` when it names no server (a model folder).

    Raises:
        ValueError: An ``openai:`` value that is no ``http(s)://HOST[:PORT]/PATH#MODEL``.
    """
    if not value.startswith(PREFIX):
        return None
    url, _, model = value[len(PREFIX):].partition("#")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is no openai:http://HOST:PORT/v1#MODEL")
    try:
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        raise ValueError(f"{value!r} has a bad port") from None
    if not model.strip():
        raise ValueError(f"{value!r} names no model after '#'")
    return ServerSpec(url, model.strip())
