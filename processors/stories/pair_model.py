"""How likely a window member and a new article are one story: a logistic model over what the two share.

Hand-set rules (a similarity threshold, a time decay, a slower decay when the events agree) reached the
targets on the story sets they were tuned on and fell short on every set built after them
(eval/README.md, story rounds one to nine): each rule weighed one kind of evidence the same way in
every combination. The model weighs them together, fitted on the labelled development sets by
`mediamon eval fit-stories` (processors/evaluation/fit_stories.py), which writes data/pair_model.yaml;
fitted with one set left out at a time, it did better on the set left out than the rules did
(eval/README.md, thirteenth session). What the rules knew for certain stays a veto (relations.py):
two leads naming different events, and an event and the announcement or reaction around it, are
never one story whatever the model says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from mediamon.datafile import load_yaml, where
from mediamon.errors import ConfigError

MODEL_FILE = Path(__file__).with_name("data") / "pair_model.yaml"
# The evidence a pair gives, in the order of the model's weights (data/pair_model.yaml names them).
# Agreeing events count only per hour apart: a flat weight for them as well took any sign from -0.9 to
# +0.8 as a few candidate pairs came or went, and did no better on a set left out (eval/README.md,
# story round eleven).
FEATURES = ("bias", "log_overlap", "log_hours_apart", "log_hours_apart_if_agree", "log_shared_features",
            "new_reacts", "new_announces", "log_hours_apart_times_overlap")
_US_PER_HOUR = 3_600_000_000
_LOWEST_LOGIT = -700.0  # math.exp(700) is near the largest float


class PairEvidence(NamedTuple):
    """Per candidate (numpy arrays of one length) and of the new article (flags)."""

    overlap: npt.NDArray[np.float64]  # rarity-weighted overlap / the smaller of the two articles' own weights (> 0)
    micros_apart: npt.NDArray[np.int64]
    events_agree: npt.NDArray[np.bool_] | None  # relations.event_relations (None: no candidate agrees)
    shared_features: npt.NDArray[np.int64]
    new_reacts: bool
    new_announces: bool


def evidence_matrix(evidence: PairEvidence) -> npt.NDArray[np.float64]:
    """One row per candidate, one column per FEATURES entry: what the model is fitted on."""
    hours = np.log1p(evidence.micros_apart / _US_PER_HOUR)
    count = len(hours)
    agree = np.zeros(count) if evidence.events_agree is None else evidence.events_agree.astype(np.float64)
    return np.column_stack([
        np.ones(count),
        np.log(evidence.overlap),
        hours,
        hours * agree,
        np.log1p(evidence.shared_features),
        np.full(count, float(evidence.new_reacts)),
        np.full(count, float(evidence.new_announces)),
        hours * evidence.overlap,
    ])


@dataclass(frozen=True)
class PairModel:
    weights: tuple[float, ...]  # one per FEATURES entry

    def logits(self, evidence: PairEvidence) -> npt.NDArray[np.float64]:
        """Per candidate, evidence_matrix(evidence) @ weights, summed without building the matrix: this
        runs for every new article, and building the matrix was a fifth of the clustering time."""
        bias, overlap, hours_apart, hours_if_agree, shared, reacts, announces, hours_times_overlap = self.weights
        hours = np.log1p(evidence.micros_apart / _US_PER_HOUR)
        logit = np.log(evidence.overlap) * overlap
        logit += np.log1p(evidence.shared_features) * shared
        logit += hours * (hours_apart + hours_times_overlap * evidence.overlap)
        if evidence.events_agree is not None:
            logit += evidence.events_agree * hours * hours_if_agree
        return logit + (bias + reacts * evidence.new_reacts + announces * evidence.new_announces)



def probability(logit: float) -> float:
    """The probability a logit stands for (0.0 for one too low for exp, and for -inf: a rule's veto)."""
    return 1.0 / (1.0 + math.exp(-logit)) if logit > _LOWEST_LOGIT else 0.0


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> PairModel:
    data = load_yaml(path)
    weights = data.get("weights") if isinstance(data, dict) else None
    if not isinstance(weights, dict) or set(weights) != set(FEATURES):
        raise ConfigError(f"{path}: 'weights' must give a number for each of {', '.join(FEATURES)}")
    for name, weight in weights.items():
        if not isinstance(weight, (int, float)) or isinstance(weight, bool):
            raise ConfigError(f"{where(path, weight, weights)}: weight {name!r} must be a number")
    return PairModel(tuple(float(weights[name]) for name in FEATURES))
