"""Peer systems: the project's own implementations of DATEWISE and CLUST (Ghalandari &
Ifrim, "Examining the State-of-the-Art in News Timeline Summarization", ACL 2020), as
baselines that run in the same benchmark harness as ``timeline``.

Use::

    peer = make_peer("datewise").fit(training_tasks)  # PeerTasks of the *other* topics
    pairs = peer.predict(task, L, k, keywords, start, end)  # [("YYYY-MM-DD", [sentence, ...]), ...]

``task`` is a :class:`timeline.prepare.Prepared` (the whole topic or the harness's
``restrict``-ed view: articles outside ``start..end`` are ignored either way). ``fit`` takes
:class:`PeerTask` items (topic name, timeline index, the topic's ``Prepared``, one reference
timeline, keywords); DATEWISE learns its date ranker from them and needs at least one, CLUST
ignores them.
"""

from __future__ import annotations

from timeline.errors import InputError
from timeline.peers.base import Peer, PeerTask, Prediction, topic_tasks
from timeline.peers.clust import ClustPeer
from timeline.peers.datewise import DatewisePeer

__all__ = ["PEERS", "ClustPeer", "DatewisePeer", "Peer", "PeerTask", "Prediction", "make_peer", "topic_tasks"]

PEERS = {"datewise": DatewisePeer, "clust": ClustPeer}


def make_peer(name: str, cfg=None, **options) -> Peer:
    """A new, unfitted peer by name (``datewise`` or ``clust``).

    Call ``fit`` before ``predict``, with the :class:`PeerTask` items of the topics *not*
    being scored (:func:`topic_tasks` makes them from a topic folder and its prepared
    corpus); DATEWISE fits its date ranker on them (a call with no task raises), CLUST
    ignores them. Refitting one instance across leave-one-topic-out folds reuses the date
    features it computed for each (topic, timeline).

    Args:
        name: The peer's name.
        cfg: The run's :class:`timeline.config.Config`; accepted for a uniform call, the
            peers keep their published settings.
        options: Constructor settings of the peer (e.g. ``C`` for DATEWISE, ``inflation``
            for CLUST).

    Raises:
        InputError: An unknown name or option.
    """
    try:
        cls = PEERS[name]
    except KeyError:
        raise InputError(f"unknown peer {name!r} ({', '.join(PEERS)})") from None
    try:
        return cls(**options)
    except TypeError as exc:
        raise InputError(f"bad option for peer {name!r} ({exc})") from None
