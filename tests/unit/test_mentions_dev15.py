"""Classes found with eval/mentions_dev15.jsonl (issue 13), each beside the look-alike that must stay
silent: Khmer, which had no paraphrase grammar and whose words run together like Thai (so a form glued to
the word before or after it must still match), the Thai genitive between the war and its agent, the
Vietnamese short "special campaign", the Swahili "war between Russia and Ukraine", the Hindi "military
attack", the Korean "lightning invasion", the Russian name in Latin letters, the CSTO's forces in
Mongolian, and Turkey's operation in Syria that Japanese writers also call 特別軍事作戦.

Sentences were written for these tests, not copied from an evaluation excerpt.
"""

from __future__ import annotations

import pytest

from tests.unit.mentions_probe import csto, overlaps, smo


@pytest.mark.parametrize(("text", "found"), [
    ("តម្លៃប្រេងឡើងខ្ពស់ដោយសារសង្គ្រាមនៅអ៊ុយក្រែន។", "សង្គ្រាមនៅអ៊ុយក្រែន"),
    ("សង្រ្គាមឈ្លានពានរបស់រុស្ស៊ីលើអ៊ុយក្រែនបានបង្កការខូចខាតធំ។", "សង្រ្គាមឈ្លានពានរបស់រុស្ស៊ីលើអ៊ុយក្រែន"),
    ("ក្រុងមូស្គូបានប្រកាសប្រតិបត្តិការយោធាពិសេសកាលពីឆ្នាំមុន។", "ប្រតិបត្តិការយោធាពិសេស"),
    ("ผู้คนนับล้านหนีสงครามของรัสเซียในยูเครนไปยังยุโรป", "สงครามของรัสเซียในยูเครน"),
    ("Nga tuyên bố mở chiến dịch đặc biệt tại Ukraine.", "chiến dịch đặc biệt"),
    ("Bei ya mafuta ilipanda kwa sababu ya vita kati ya Urusi na Ukraine.", "vita kati ya Urusi na Ukraine"),
    ("यूक्रेन के खिलाफ रूसी सैन्य हमले के बाद तेल महंगा हुआ।", "यूक्रेन के खिलाफ रूसी सैन्य हमले"),
    ("러시아의 전격 침공 이후 우크라이나 난민이 늘었다.", "러시아의 전격 침공"),
    ("俄乌交战以来粮价一路上涨。", "俄乌交战"),
    ("The Kremlin still calls it the spetsialnaya voennaya operatsiya.", "spetsialnaya voennaya operatsiya"),
    ("ロシアは特別軍事作戦を続けると述べた。", "特別軍事作戦"),
])
def test_asian_forms_name_the_war(text: str, found: str) -> None:
    assert overlaps(smo(text), found)


@pytest.mark.parametrize("text", [
    "សង្គ្រាមនៅកម្ពុជាបានបញ្ចប់នៅឆ្នាំ១៩៩៨។",
    "สงครามของสหรัฐในอิรักจบลงนานแล้ว",
    "Quân đội Israel mở chiến dịch đặc biệt ở Gaza.",
    "Mazungumzo yalifanyika kuhusu vita kati ya Israel na Hamas.",
    "पाकिस्तान के खिलाफ भारतीय सैन्य हमले की चर्चा हुई।",
    "トルコ軍はシリア北部のクルド人地域で特別軍事作戦を始めた。",
])
def test_other_wars_and_operations_stay_silent(text: str) -> None:
    assert smo(text) == []


def test_csto_forces_in_mongolian() -> None:
    found = csto("ХАБГБ-ын Шуурхай Хариулах Хамтын Хүчин /ШХХХ/ сургуулилт хийв.")
    assert overlaps(found, "Шуурхай Хариулах Хамтын Хүчин") and overlaps(found, "ШХХХ")


def test_a_forces_abbreviation_alone_is_not_the_csto() -> None:
    assert csto("ТБХХ-ны ээлжит хурал өчигдөр болов.") == []
