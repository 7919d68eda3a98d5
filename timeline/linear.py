"""A standardised linear model stored as plain JSON (the base of the trained rankers)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np

from timeline.errors import InputError


@dataclass
class LinearModel:
    """``score = ((x - mean) / scale) @ coef + intercept`` over named features."""

    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float

    EXPECTED: ClassVar[tuple[str, ...]] = ()  # feature names the subclass computes
    OPTIONAL: ClassVar[tuple[str, ...]] = ()  # the subclass's own fields, absent from older files
    WHAT: ClassVar[str] = "linear model"

    def linear_score(self, x: np.ndarray) -> np.ndarray:
        """The score of rows ``x`` (columns: :attr:`EXPECTED`). A model trained before some
        features existed uses the columns of the ones it has."""
        if list(self.features) != list(self.EXPECTED):
            if not set(self.features) <= set(self.EXPECTED):
                raise InputError(f"the {self.WHAT} was trained with other features; retrain it")
            x = x[:, [self.EXPECTED.index(f) for f in self.features]]
        return ((x - np.array(self.mean)) / np.array(self.scale)) @ np.array(self.coef) + self.intercept

    @staticmethod
    def standardisation(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        return mean, scale

    def save(self, path: Path) -> None:
        from timeline.io import atomic_write_text

        atomic_write_text(path, json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, path: Path):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{k: data[k] for k in ("features", "mean", "scale", "coef", "intercept")},
                       **{k: data[k] for k in cls.OPTIONAL if k in data})
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"unreadable {cls.WHAT} ({exc})", path) from None
