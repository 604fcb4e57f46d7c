"""Which story a new article joins, once the pair model has scored its candidates (cluster.py).

The most likely candidate's story, if that likelihood reaches the threshold and enough of the story
backs it: at least MIN_SUPPORT of the story's members the article was compared with (those sharing
cluster.MIN_SHARED features, vetoed ones included) are more likely than not one story with it (logit
>= 0). Else the next most likely story is tried, down to the threshold. A single strong link let a
story on the same actors join through one member that named both events (a side meeting at a summit, a
statement on the day of the strike): with ten development sets left out in turn, 0.15 took distractor
merges from 160 to 142 of 603 and mean B-cubed F1 from 0.8881 to 0.8940 with no set's same- or
cross-language F1 lower, and chosen on nine sets it came out for nine of the ten left out
(eval/README.md, fifteenth session).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from processors.stories.pair_model import probability

if TYPE_CHECKING:
    from processors.stories.cluster import Member

MIN_SUPPORT = 0.15


def choose(slots: npt.NDArray[np.intp], logits: npt.NDArray[np.float64], threshold: float,
           members: Sequence[Member | None], story_numbers: npt.NDArray[np.int64],
           stories: Mapping[str, list[Member]]) -> tuple[Member | None, float]:
    """The member whose story the article joins (None: it starts its own) and the best probability of
    any candidate. `members` and `story_numbers` are indexed by slot; among equally likely members of a
    story, the earliest published (then the smallest id) is taken, so a replay chooses alike."""
    best_logit = logits.max()
    best_score = score = probability(float(best_logit))
    if best_score < threshold:
        return None, best_score
    every_one_likely = logits.min() >= 0.0
    while True:
        tied = slots[logits == best_logit].tolist()
        best = members[tied[0]] if len(tied) == 1 else min(
            (members[slot] for slot in tied), key=lambda m: (m.published, m.article_id))  # type: ignore[union-attr]
        assert best is not None
        # Cheap cases first: every candidate likely, or a story so small that its best member suffices.
        if every_one_likely or len(stories[best.story_id]) * MIN_SUPPORT <= 1:
            return best, score
        compared = story_numbers[slots] == story_numbers[best.slot]
        if np.count_nonzero(compared & (logits >= 0.0)) >= MIN_SUPPORT * np.count_nonzero(compared):
            return best, score
        logits = np.where(compared, -np.inf, logits)  # the next story, if any is likely enough
        best_logit = logits.max()
        score = probability(float(best_logit))
        if score < threshold:
            return None, best_score
