"""Online story clustering over a sliding window: each article joins the most similar earlier story
in the window or starts its own. The offline command feeds articles in (published, id) order; the
stream feeds them in arrival order. Either way the same sequence always gives the same stories, and
an article seen before (a replay, a re-delivery) gets back the assignment it was given the first time.
A story's id is the id of its first article to arrive and never changes; its origin is its earliest
published article known so far, so a reprint that arrives before the original (its feed was polled
first) starts the story, and the original, arriving later, becomes the origin of what follows.

Each window member that shares at least MIN_SHARED features with the new article (numbers, name
skeletons and the event classes its lead names: fingerprints.py, events.py) is a candidate; the new
article joins the candidate most likely to report its story, if that likelihood reaches the threshold
(pair_model.py: a logistic model fitted on the labelled story sets). What the model weighs: the
rarity-weighted overlap of the two fingerprints (a feature's weight is log(N / df) over the articles
currently in the window, so words every article shares count for little and the rare names and
figures that a translation keeps decide), divided by the smaller of the two articles' own weights
(short skeletons count when shared, not in an article's own weight), and that again per hour apart; the
hours between them (reprints come within hours, follow-ups on the same actors days later), and those
hours again when their events agree (events.py: they share a class and neither's lead names an event the
other never mentions: a story told over days stays one); how many features they share; and whether the
new article's lead reacts or announces.
What the words settle stays a rule, whatever the model says (relations.py): two articles whose leads
name different kinds of event, neither mentioned in the other (a decree and a prisoner swap of the
same night), never join; nor an announcement and the event it announces, hours apart, nor an event and
a reaction to it ("commented on", "requested") an hour or more later; nor a bilateral meeting and the
summit it was held at, two gatherings of different named formats (events.MEETING, events.FORMATS), or
two leads of one kind of event in two cities neither named in the other (data/places.yaml).
Memory is bounded by the window: the window ends `horizon` before the latest publication time seen
(a watermark, so late arrivals never move it back), and older articles leave with their postings.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, NamedTuple

import numpy as np
import numpy.typing as npt

from processors.stories.choice import choose
from processors.stories.events import Events, class_features, event_classes
from processors.stories.fingerprints import SHORT_MARK, features_of, read_words, weighs
from processors.stories.pair_model import PairEvidence, PairModel, load_model
from processors.stories.postings import Postings
from processors.stories.relations import WindowEvents, event_relations, what_follows_the_event

DEFAULT_HORIZON = timedelta(days=7)
# Sees each new article's id, its candidates' ids and their evidence (those no rule keeps apart).
Observer = Callable[[str, list[str], PairEvidence], None]
# The probability (pair_model.py) at which an article joins a story: with one development set left out
# at a time, 0.7 gave the best B-cubed F1 over the sets left out, 0.6 and 0.75 a little less, 0.5
# twice the distractor merges (eval/README.md, thirteenth session).
DEFAULT_THRESHOLD = 0.7
MIN_SHARED = 3  # features in common before a pair is scored at all: one name is not a story
# A feature carried by more window articles than this is too common to find candidates with (its
# weight is near zero anyway); skipping its postings bounds the work per article.
MAX_POSTINGS = 200
# A member's own feature weight is summed when it joins the window, and again when it is next a
# candidate after each refresh: once per this many new articles at most, and once per 1/REFRESH_SHARE
# of the window's size, since weights move little while the window grows or turns over by 10 %. (At
# 1/20, every story set printed the same figures and clustering took 6 % more CPU on the bench corpus:
# eval/README.md, thirteenth session.) A refresh marks every sum stale at once, so that the candidates
# of a few articles are re-summed in one vector pass each, where a schedule per member had most
# articles re-sum a few (fourteenth session).
TOTAL_REFRESH = 500
REFRESH_SHARE = 10
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


def _micros(moment: datetime) -> int:
    """Microseconds since the epoch, exactly: integer times compare and divide exactly, in numpy too."""
    return (moment - (_EPOCH if moment.tzinfo else _EPOCH.replace(tzinfo=None))) // _MICROSECOND


def _log_counts(size: int) -> npt.NDArray[np.float64]:
    """log(df + 1) for every df below `size`: looked up, where np.log per article was a tenth of the time."""
    return np.log(np.arange(size, dtype=np.float64) + 1)


def _read(title: str, text: str) -> tuple[list[str], Events]:
    """An article's fingerprint features with the classes its lead names (events.py), sorted (ids, sums
    and ties then come in one order whatever the process's string hash seed), and its event classes; its
    words are split once for both."""
    words = read_words(title, text)
    events = event_classes(title, text, words)
    return sorted([*features_of(words), *class_features(events.lead)]), events


class _Weighed(NamedTuple):
    """A new article's features against the window: their ids (None where no member carries one), the
    ids carried, how many members carry each, their rarity weights, and the article's own weight."""

    feature_ids: list[int | None]
    ids: npt.NDArray[np.int32]
    carriers: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float64]
    own: float
    unseen_weight: float


@dataclass(frozen=True, slots=True)
class Assignment:
    article_id: str
    story_id: str
    story_origin_id: str
    lag_seconds: float
    score: float


@dataclass(eq=False, slots=True)
class Member:
    """An article in the window. `info` is what the caller wants back about it (the stream keeps
    language and outlet). Its features are kept as the bytes of their int32 ids (postings.py): a
    tenth of the size of an array object, and joined for a vector pass in one C call. Its publication
    time, feature count and feature weight are in the clusterer's arrays at `slot`."""

    article_id: str
    published: datetime
    features: bytes
    slot: int
    assignment: Assignment
    info: Any = None

    @property
    def story_id(self) -> str:
        return self.assignment.story_id


@dataclass
class StoryClusterer:
    horizon: timedelta = DEFAULT_HORIZON
    threshold: float = DEFAULT_THRESHOLD
    model: PairModel = field(default_factory=load_model)
    # How the model is fitted (processors/evaluation/fit_stories.py).
    observer: Observer | None = None
    _members: dict[str, Member] = field(default_factory=dict)
    _stories: dict[str, list[Member]] = field(default_factory=dict)
    _origins: dict[str, tuple[datetime, str]] = field(default_factory=dict)  # story -> earliest (published, id)
    _by_age: list[tuple[datetime, int, Member]] = field(default_factory=list)
    _postings: Postings = field(default_factory=lambda: Postings(weighs))
    # Per slot: the member, its publication time (µs), feature count, total feature weight and when
    # that was summed.
    _slots: list[Member | None] = field(default_factory=list)
    _free_slots: list[int] = field(default_factory=list)
    _micros: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(1024, np.int64))
    _feature_counts: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(1024, np.int64))
    _total: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(1024))
    _total_at: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(1024, np.int64))
    _stale_before: int = 0  # a total summed before this article (a sequence number) is re-summed when next used
    _lead_events: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(1024, np.int64))
    _all_events: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(1024, np.int64))
    _announces: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(1024, np.bool_))
    _reacts: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(1024, np.bool_))
    _lead_places: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(1024, np.int64))
    _all_places: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(1024, np.int64))
    _log_carriers: npt.NDArray[np.float64] = field(default_factory=lambda: _log_counts(1025))
    _announcing: int = 0  # window members whose lead announces or reacts (when none, the check is skipped)
    # Per slot, a number for its member's story (numbers compare in numpy where story ids would not).
    _story_numbers: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(1024, np.int64))
    _stories_numbered: int = 0
    _watermark: datetime | None = None
    _sequence: int = 0

    def __len__(self) -> int:
        return len(self._members)

    def add(self, article_id: str, published: datetime, title: str, text: str, info: Any = None) -> Assignment:
        """Assign one article; an article already in the window keeps its first assignment."""
        known = self._members.get(article_id)
        if known is not None:
            return known.assignment
        self._advance(published)
        features, events = _read(title, text)
        moment = _micros(published)
        weighed = self._weigh(features)
        best, best_score = self._best_match(article_id, weighed, events, published, moment)
        story_id = article_id if best is None else best.story_id
        origin_published, origin_id = min(self._origins.get(story_id, (published, article_id)), (published, article_id))
        assignment = Assignment(article_id, story_id, origin_id, (published - origin_published).total_seconds(),
                                best_score)
        self._remember(article_id, published, moment, features, weighed, events, assignment, info,
                       origin_published, origin_id)
        return assignment

    def restore(self, published: datetime, title: str, text: str, assignment: Assignment, info: Any = None) -> None:
        """Put back an article assigned earlier (by this or another worker), keeping its assignment."""
        if assignment.article_id in self._members:
            return
        self._advance(published)
        if published >= self._oldest():
            origin_published = published - timedelta(seconds=assignment.lag_seconds)
            features, events = _read(title, text)
            self._remember(assignment.article_id, published, _micros(published), features, self._weigh(features),
                           events, assignment, info, origin_published, assignment.story_origin_id)

    def member(self, article_id: str) -> Member | None:
        return self._members.get(article_id)

    def members(self, story_id: str) -> list[Member]:
        """The story's articles still in the window, in arrival order."""
        return list(self._stories.get(story_id, ()))

    def _oldest(self) -> datetime:
        assert self._watermark is not None
        return self._watermark - self.horizon

    def _weigh(self, features: list[str]) -> _Weighed:
        """The new article's features against the window it is about to join."""
        unseen_weight = math.log(len(self._members) + 1) + 0.1  # a feature no window article carries
        # Short skeletons (sorted last) count in what two articles share, not in an article's own weight.
        # Every weight is at least 0.1; the floor only matters for an article of short skeletons alone.
        weighed = bisect_left(features, SHORT_MARK)
        feature_ids = self._postings.lookup(features)
        ids, known_weighed = self._postings.known(feature_ids, weighed)
        carriers = self._postings.df[ids]
        weights = self._rarity(unseen_weight, carriers)
        own = max(float(weights[:known_weighed].sum()) + (weighed - known_weighed) * unseen_weight, 0.1)
        return _Weighed(feature_ids, ids, carriers, weights, own, unseen_weight)

    def _best_match(self, article_id: str, weighed: _Weighed, events: Events, published: datetime,
                    moment: int) -> tuple[Member | None, float]:
        """The window member whose story the new article joins (choice.py; None: its own) and the best
        candidate's probability. `moment` is `published` in microseconds."""
        own, unseen_weight = weighed.own, weighed.unseen_weight
        slots, gains, counts = self._postings.tally(weighed.ids, weighed.carriers, weighed.weights, MAX_POSTINGS,
                                                    MIN_SHARED, len(self._slots))
        if not len(slots):
            return None, 0.0
        gaps = np.abs(self._micros[slots] - moment)
        if published < self._oldest():  # only a late arrival can be more than the horizon from a member
            near = gaps <= self.horizon // _MICROSECOND
            slots, gains, gaps, counts = slots[near], gains[near], gaps[near], counts[near]
            if not len(slots):
                return None, 0.0
        # An article that names no event neither conflicts nor agrees with any (None: no candidate does).
        window = WindowEvents(self._lead_events, self._all_events, self._announces, self._reacts, self._lead_places,
                              self._all_places)
        agree, never = event_relations(window, slots, events) if events.whole else (None, None)
        if events.announces or events.reacts or self._announcing:
            new_is_earlier = self._micros[slots] > moment
            follows = what_follows_the_event(window, slots, new_is_earlier, gaps, events)
            never = follows if never is None else never | follows
        self._refresh_totals(slots, unseen_weight)
        evidence = PairEvidence(gains / np.minimum(own, self._total[slots]), gaps, agree, counts, events.reacts,
                                events.announces)
        if self.observer is not None:
            self._observe(article_id, slots, evidence, never)
        logits = self.model.logits(evidence)
        if never is not None:
            logits[never] = -np.inf
        return choose(slots, logits, self.threshold, self._slots, self._story_numbers, self._stories)

    def _observe(self, article_id: str, slots: npt.NDArray[np.intp], evidence: PairEvidence,
                 never: npt.NDArray[np.bool_] | None) -> None:
        """Show the observer the candidates no rule keeps apart, and their evidence."""
        assert self.observer is not None
        allowed = np.ones(len(slots), np.bool_) if never is None else ~never
        agree = None if evidence.events_agree is None else evidence.events_agree[allowed]
        self.observer(article_id, [self._slots[slot].article_id for slot in slots[allowed].tolist()],  # type: ignore[union-attr]
                      evidence._replace(overlap=evidence.overlap[allowed], micros_apart=evidence.micros_apart[allowed],
                                        events_agree=agree, shared_features=evidence.shared_features[allowed]))

    def _rarity(self, unseen_weight: float, carriers: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Features' weights: log(N / df) over the window, smoothed; never zero, so one shared feature counts.
        `unseen_weight` is log(N) + 0.1, the weight of a feature no window article carries."""
        return unseen_weight - self._log_carriers[carriers]

    def _refresh_totals(self, slots: npt.NDArray[np.intp], unseen_weight: float) -> None:
        """Re-sum the feature weight of the candidates summed before the current refresh, in one vector pass."""
        stale = slots[self._total_at[slots] < self._stale_before]
        if not len(stale):
            return
        features = [self._slots[slot].features for slot in stale.tolist()]  # type: ignore[union-attr]
        ids = np.frombuffer(b"".join(features), np.int32)
        counts = self._feature_counts[stale]
        weights = self._rarity(unseen_weight, self._postings.df[ids]) * self._postings.weighed[ids]
        self._total[stale] = np.maximum(np.add.reduceat(weights, counts.cumsum() - counts), 0.1)
        self._total_at[stale] = self._sequence

    def _remember(self, article_id: str, published: datetime, moment: int, features: list[str], weighed: _Weighed,
                  events: Events, assignment: Assignment, info: Any, origin_published: datetime,
                  origin_id: str) -> None:
        """Put an article in the window: `moment` is `published` in microseconds, `weighed` what `_weigh`
        found before it joined. Its own weight then is its first total: re-summed after the next refresh."""
        slot = self._free_slots.pop() if self._free_slots else self._new_slot()
        ids = self._postings.add(slot, features, weighed.feature_ids)
        member = Member(article_id, published, ids.tobytes(), slot, assignment, info)
        self._slots[slot] = member
        self._micros[slot] = moment
        self._feature_counts[slot] = len(ids)
        (self._lead_events[slot], self._all_events[slot], self._announces[slot], self._reacts[slot],
         self._lead_places[slot], self._all_places[slot]) = events
        self._total[slot] = weighed.own
        self._total_at[slot] = self._sequence
        story = self._stories.setdefault(member.story_id, [])
        if story:
            self._story_numbers[slot] = self._story_numbers[story[0].slot]
        else:
            self._stories_numbered += 1
            self._story_numbers[slot] = self._stories_numbered
        story.append(member)
        self._members[article_id] = member
        known = self._origins.get(member.story_id)
        if known is None or (origin_published, origin_id) < known:
            self._origins[member.story_id] = (origin_published, origin_id)
        self._announcing += events.announces or events.reacts
        self._sequence += 1
        heapq.heappush(self._by_age, (published, self._sequence, member))
        if self._sequence - self._stale_before >= min(TOTAL_REFRESH, len(self._members) // REFRESH_SHARE):
            self._stale_before = self._sequence

    def _new_slot(self) -> int:
        slot = len(self._slots)
        self._slots.append(None)
        if slot >= len(self._micros):
            (self._micros, self._feature_counts, self._total, self._total_at, self._lead_events,
             self._all_events, self._announces, self._reacts, self._lead_places, self._all_places,
             self._story_numbers) = (
                np.concatenate([array, np.zeros_like(array)])
                for array in (self._micros, self._feature_counts, self._total, self._total_at, self._lead_events,
                              self._all_events, self._announces, self._reacts, self._lead_places,
                              self._all_places, self._story_numbers))
            self._log_carriers = _log_counts(len(self._micros) + 1)  # df never exceeds the slots
        return slot

    def _advance(self, published: datetime) -> None:
        """Move the watermark forward and forget what fell out of the window."""
        if self._watermark is None or published > self._watermark:
            self._watermark = published
        oldest = self._oldest()
        while self._by_age and self._by_age[0][0] < oldest:
            member = heapq.heappop(self._by_age)[2]
            del self._members[member.article_id]
            story = self._stories[member.story_id]
            story.remove(member)
            if not story:
                del self._stories[member.story_id], self._origins[member.story_id]
            self._postings.remove(member.slot, np.frombuffer(member.features, np.int32))
            self._slots[member.slot] = None
            self._free_slots.append(member.slot)
            self._announcing -= bool(self._announces[member.slot] or self._reacts[member.slot])
