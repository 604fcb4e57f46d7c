"""The window's inverted index, kept in integers so that scoring a new article is a few numpy calls.

Features get small integer ids and window articles small integer slots, both reused once freed, so
their ranges stay bounded by the window. A feature's document frequency lives in a numpy array next
to its posting list (the slots of the window articles that carry it): weighing an article's features
and tallying its candidates are then vector operations, where per-posting Python loops were three
quarters of the clustering time. Ids are handed out in arrival order, so the same input gives the
same ids, the same sums in the same order, and the same stories.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

Ids = npt.NDArray[np.int32]
# Tally by a count per slot while the window has at most this many slots per posting (measured:
# faster than sorting the postings below about 8 slots per posting).
DENSE_TALLY = 8


class Postings:
    def __init__(self, weighs: Callable[[str], bool] = lambda feature: True) -> None:
        """`weighs` tells which features count in an article's own weight: `weighed[id]` is 1.0 for those
        and 0.0 for the others (fingerprints.weighs)."""
        self._weighs = weighs
        self._ids: dict[str, int] = {}
        self._names: list[str] = []
        self._lists: list[array[int]] = []  # 4 bytes a posting, and joined into one buffer in C
        self._free: list[int] = []
        self.df: npt.NDArray[np.int64] = np.zeros(1024, np.int64)
        self.weighed: npt.NDArray[np.float64] = np.zeros(1024)

    def __len__(self) -> int:
        return len(self._ids)

    def lookup(self, features: list[str]) -> list[int | None]:
        """Each feature's id, None for a feature no window article carries: looked up once per article,
        for scoring it (`known`) and then for adding it (`add`)."""
        return list(map(self._ids.get, features))

    @staticmethod
    def known(feature_ids: list[int | None], split: int) -> tuple[Ids, int]:
        """The ids `lookup` found, in the order given, and how many of them are among the first `split`."""
        found = [i for i in feature_ids if i is not None]
        return np.array(found, np.int32), split - feature_ids[:split].count(None)

    def add(self, slot: int, features: list[str], feature_ids: list[int | None]) -> Ids:
        """Record that the article in `slot` carries `features` (`feature_ids` from `lookup`, made before
        any other article was added); their ids (new features get one)."""
        lists, id_list = self._lists, []
        for feature, feature_id in zip(features, feature_ids):
            if feature_id is None:
                feature_id = self._new_id(feature)
            lists[feature_id].append(slot)
            id_list.append(feature_id)
        ids = np.array(id_list, np.int32)
        self.df[ids] += 1  # an article carries each feature once
        return ids

    def remove(self, slot: int, ids: Ids) -> None:
        """Forget the article in `slot`; a feature no article carries any more gives its id back."""
        self.df[ids] -= 1
        for feature_id in ids.tolist():
            self._lists[feature_id].remove(slot)
            if not self._lists[feature_id]:
                del self._ids[self._names[feature_id]]
                self._free.append(feature_id)

    def tally(self, ids: Ids, carriers: npt.NDArray[np.int64], weights: npt.NDArray[np.float64], max_postings: int,
              min_shared: int, slot_count: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64],
                                                          npt.NDArray[np.int64]]:
        """The slots (all below `slot_count`) sharing at least `min_shared` of `ids` with postings no
        longer than `max_postings`, the summed `weights` (one weight per id) of what each shares, and
        how many of those ids each shares. `carriers` is `df[ids]`, which the caller weighed `ids` by.
        Counted by slot directly while the slots are few next to the postings, else by sorting the
        postings: either way the sums are added in posting order, so they agree. Slots sharing fewer
        features are dropped here, before their sums are gathered: they are half of those found."""
        usable = carriers <= max_postings
        ids, weights, lengths = ids[usable], weights[usable], carriers[usable]
        slots = np.frombuffer(b"".join([self._lists[i] for i in ids.tolist()]), np.int32)
        posting_weights = weights.repeat(lengths)  # methods, not np.* wrappers: these arrays are short
        if slot_count <= DENSE_TALLY * len(slots):
            counts = np.bincount(slots, minlength=slot_count)
            found = (counts >= min_shared).nonzero()[0]
            return found, np.bincount(slots, posting_weights, slot_count)[found], counts[found]
        ordered = slots.copy()
        ordered.sort()
        first = np.ones(len(ordered), bool)
        first[1:] = ordered[1:] != ordered[:-1]
        found = ordered[first]
        which = found.searchsorted(slots)  # np.unique(return_inverse=...) was a quarter of the time here
        counts = np.bincount(which)
        shared = counts >= min_shared
        return found[shared], np.bincount(which, posting_weights)[shared], counts[shared]

    def _new_id(self, feature: str) -> int:
        if self._free:
            feature_id = self._free.pop()
            self._names[feature_id] = feature
        else:
            feature_id = len(self._names)
            self._names.append(feature)
            self._lists.append(array("i"))
            if feature_id >= len(self.df):
                self.df = np.concatenate([self.df, np.zeros(len(self.df), np.int64)])
                self.weighed = np.concatenate([self.weighed, np.zeros(len(self.weighed))])
        self._ids[feature] = feature_id
        self.weighed[feature_id] = 1.0 if self._weighs(feature) else 0.0
        return feature_id
