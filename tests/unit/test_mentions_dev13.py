"""Classes found with eval/mentions_dev13.jsonl (issue 13), each beside the look-alike that must stay
silent: the Greek genitive whose stress moves ("πολέμου"), "conflict" in Croatian and Serbian (sukob,
сукоб), the Polish armed conflict "between Russia and Ukraine", Russia's attack "upon" Ukraine in
Romanian, the Thai war "between" the pair, Swahili fighting (mapigano, mapambano) in Ukraine, the Korean
full-scale attack (전면 공격), a Hindi participle before the event (चल रहे हमले), and the Latvian "possible
invasion" feared before it began. Other wars, the Donbas fighting of 2014, Ukraine's own attack on Kursk
and a feared invasion stay silent.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from tests.unit.mentions_probe import overlaps, smo


@pytest.mark.parametrize(("text", "found"), [
    ("Οι τιμές ανέβηκαν μετά από έναν χρόνο πολέμου στην Ουκρανία.", "πολέμου στην Ουκρανία"),
    ("Cijene plina rastu zbog sukoba u Ukrajini.", "sukoba u Ukrajini"),
    ("Годину дана од почетка сукоба Русије и Украјине цене су порасле.", "сукоба Русије и Украјине"),
    ("Od wybuchu konfliktu zbrojnego między Rosją a Ukrainą minęły trzy lata.",
     "konfliktu zbrojnego między Rosją a Ukrainą"),
    ("Atacul Rusiei asupra Ucrainei a scumpit energia în toată Europa.", "Atacul Rusiei asupra Ucrainei"),
    ("สงครามระหว่างรัสเซีย-ยูเครนทำให้ราคาน้ำมันสูงขึ้น", "สงครามระหว่างรัสเซีย-ยูเครน"),
    ("Bei ya mafuta imepanda tangu mapigano nchini Ukraine yaanze.", "mapigano nchini Ukraine"),
    ("우크라이나 전역에 대한 전면 공격 이후 유가가 올랐다.", "우크라이나 전역에 대한 전면 공격"),
    ("यूक्रेन पर रूस के चल रहे हमले से तेल महंगा हुआ।", "यूक्रेन पर रूस के चल रहे हमले"),
])
def test_inflected_and_between_forms_name_the_war(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "Τα χρόνια του πολέμου στη Συρία άφησαν ερείπια.",
    "Sukob u Ukrajini 2014. godine odnio je tisuće života.",
    "Konflikt zbrojny między Armenią a Azerbejdżanem trwa od lat.",
    "Atacul Ucrainei asupra regiunii Kursk a surprins Moscova.",
    "สงครามระหว่างอิสราเอลกับฮามาสยังคงดำเนินต่อไป",
    "Mapigano nchini Sudan kati ya jeshi na RSF yameendelea.",
    "가자지구 전역에 대한 전면 공격이 이어졌다.",
    "गाजा पर इजराइल के चल रहे हमले जारी हैं।",
    "Iespējamais Krievijas iebrukums Ukrainā satrauc Baltijas valstis.",
])
def test_other_wars_and_fears_stay_silent(text: str) -> None:
    assert smo(text) == []
