"""How two articles' events relate (events.py reads them): whether they agree, conflict, or are an event
and another story about it (an announcement before it, a reaction after it). cluster.py scores every
window member a new article shares features with and applies these per candidate, as numpy masks over
the members' slots; they are kept here, apart from the scoring, because they are the part people tune
(eval/README.md, story rounds four to nine).
"""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from processors.stories.events import FORMATS, MEETING, Events

# An article whose lead announces what is still to come ("will sign", "состоится", "намерена": intends)
# and one whose lead reports an event and announces nothing are two stories when they are this far apart:
# - the announcement first, by ANNOUNCEMENT_GAP: the announcement and the event (the Kremlin's "Putin will
#   sign the treaties" the day before the signing; the summit announced four days before). Closer than
#   this they are mostly two wordings of one report ("leaders will gather for the summit today"). On the
#   development sets every gap from 1 to 4 h gives the fewest distractor merges (stories_test2 and
#   stories_test3 together 11, from 20), 3 and 4 h the best same-language F1; 6-12 h one merge more,
#   24 h most of them back;
# - the event first, by INTENTION_GAP: a reaction that says what someone will do about it ("Russia
#   intends to ask Yerevan what its prime minister meant", hours after he said Armenia froze its CSTO
#   membership). Every gap from 10 minutes to 2 h gives the same clusters (stories_extra: distractor
#   merges 5 -> 0, same-language F1 0.879 -> 1.000); no gap at all splits reports of one time in
#   stories_extra (cross-language F1 0.974 -> 0.880), 3 h keep the reaction in (eval/README.md,
#   twelfth session).
ANNOUNCEMENT_GAP = timedelta(hours=4)
INTENTION_GAP = timedelta(hours=1)
NEVER = timedelta(days=36500)  # a reaction published before the event it answers is no reaction to it

_US = timedelta(microseconds=1)


class WindowEvents(NamedTuple):
    """What the window members' words say of their events, one array entry per slot (cluster.py keeps
    them): lead and whole-text classes, whether the lead announces or reacts, lead and whole-text cities."""

    lead: npt.NDArray[np.int64]
    whole: npt.NDArray[np.int64]
    announces: npt.NDArray[np.bool_]
    reacts: npt.NDArray[np.bool_]
    lead_places: npt.NDArray[np.int64]
    all_places: npt.NDArray[np.int64]


def what_follows_the_event(window: WindowEvents, slots: npt.NDArray[np.intp], new_is_earlier: npt.NDArray[np.bool_],
                           gaps: npt.NDArray[np.int64], events: Events) -> npt.NDArray[np.bool_]:
    """Per candidate, whether the two articles are an event and another story about it: an
    announcement ANNOUNCEMENT_GAP or more before a lead that reports an event (names an event class,
    announces nothing and reacts to nothing), an announcement INTENTION_GAP or more after one, or a
    reaction INTENTION_GAP or more after any lead that neither announces nor reacts. For an
    announcement, a lead that names no event is never taken for the event: it may be the announcement
    again in a language whose forms the lexicon lacks. For a reaction it may be: the event's report in a
    language whose event words the lexicon lacks names none, and the reaction still follows it."""
    their_announces, their_reacts = window.announces[slots], window.reacts[slots]
    if events.announces:
        others = ~their_announces & ~their_reacts & (window.lead[slots] != 0)
        apart = np.where(new_is_earlier, ANNOUNCEMENT_GAP // _US, INTENTION_GAP // _US)
    elif events.reacts:
        others = ~their_announces & ~their_reacts
        apart = np.where(new_is_earlier, NEVER // _US, INTENTION_GAP // _US)
    else:
        announcement = their_announces & (events.lead != 0)
        others = announcement | their_reacts
        apart = np.where(new_is_earlier, INTENTION_GAP // _US,
                         np.where(announcement, ANNOUNCEMENT_GAP // _US, NEVER // _US))
    return others & (gaps >= apart)


def event_relations(window: WindowEvents, slots: npt.NDArray[np.intp],
                    events: Events) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Per candidate, whether the two articles' events agree (they share one, and neither's lead names
    an event the other never mentions: the pair model weighs that, pair_model.py) and whether they conflict (both leads
    name events, and neither's is mentioned anywhere in the other: never one story). A report of the
    arrests that recalls the attack conflicts with none of the attack's reports: they lead with the
    attack, which it mentions. Formats of gatherings (events.FORMATS) count apart from the classes:
    two leads that name formats, neither named in the other, conflict, and so does a bilateral
    meeting's lead with a lead that names a format in a text that names no meeting. So do two leads that
    share a class and name cities (events.Events.lead_places), neither named in the other's text."""
    lead, whole = events.lead & ~FORMATS, events.whole & ~FORMATS
    their_lead, their_whole = window.lead[slots], window.whole[slots]  # formats masked where they matter
    agree = ((their_whole & (whole & ~MEETING)) != 0) & ((their_lead & (~whole & ~FORMATS)) == 0)
    if not events.lead:  # most texts that name an event do not lead with one: it conflicts with none
        return agree, np.zeros(len(slots), np.bool_)
    if lead:
        agree &= (their_whole & lead) == lead
        conflict = ((their_lead & ~FORMATS) != 0) & ((their_whole & lead) == 0) & ((their_lead & whole) == 0)
    else:  # a lead that names a gathering's format or a meeting and no event class
        conflict = np.zeros(len(slots), np.bool_)
    if lead and events.lead_places:  # one kind of event in two cities, neither named in the other: two events
        their_places = window.lead_places[slots]
        conflict |= (((lead & their_lead) != 0) & (their_places != 0) & ((their_places & events.places) == 0)
                     & ((events.lead_places & window.all_places[slots]) == 0))
    if not events.lead & (MEETING | FORMATS):
        return agree, conflict
    formats, their_formats = events.lead & FORMATS, window.lead[slots] & FORMATS
    # Two gatherings of different formats; a bilateral meeting and a gathering whose text names no meeting.
    conflict |= ((formats != 0) & (their_formats != 0) & ((formats & window.whole[slots]) == 0)
                 & ((their_formats & events.whole) == 0))
    conflict |= (((events.lead & MEETING) != 0) & (their_formats != 0) & ((their_whole & MEETING) == 0)
                 | ((their_lead & MEETING) != 0) & (formats != 0) & ((whole & MEETING) == 0))
    return agree, conflict
