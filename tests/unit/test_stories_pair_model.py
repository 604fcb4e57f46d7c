"""The story pair model: what it is fitted from, how it reads, and what its weights mean for a reader."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from apps.cli import cli
from mediamon.errors import ConfigError
from processors.evaluation.fit_stories import fit_sets, write_model
from processors.evaluation.stories import evaluate
from processors.stories.pair_model import FEATURES, MODEL_FILE, PairEvidence, evidence_matrix, load_model, probability

REPO = Path(__file__).resolve().parents[2]
T0 = datetime(2024, 2, 23, 9, tzinfo=timezone.utc)


def evidence(hours: float, agree: bool = False, overlap: float = 0.5, shared: int = 8) -> PairEvidence:
    return PairEvidence(np.array([overlap]), np.array([int(hours * 3_600_000_000)]),
                        np.array([agree]), np.array([shared]), False, False)


def test_the_committed_model_is_what_fit_stories_writes_from_the_sets_it_names(tmp_path: Path) -> None:
    sources = re.findall(r"^#   (\S+)$", MODEL_FILE.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(sources) >= 7
    refit = tmp_path / "model.yaml"
    write_model(fit_sets([REPO / source for source in sources]), refit)
    assert np.allclose(load_model(refit).weights, load_model().weights, atol=1e-4)


def test_the_fast_sum_is_the_fitted_matrix_product() -> None:
    model = load_model()
    many = PairEvidence(np.array([0.05, 0.4, 1.3]), np.array([0, 7_200_000_000, 90_000_000_000]), np.array([False, True, True]),
                        np.array([3, 9, 30]), True, False)
    assert np.allclose(model.logits(many), evidence_matrix(many) @ np.array(model.weights))


def test_time_apart_lowers_and_agreeing_events_raise_the_probability() -> None:
    model = load_model()
    by_hours = [float(probability(model.logits(evidence(hours))[0])) for hours in (0.5, 6, 24, 72)]
    assert by_hours == sorted(by_hours, reverse=True)
    assert by_hours[0] > 0.9 > 0.5 > by_hours[-1]
    assert model.logits(evidence(24, agree=True))[0] > model.logits(evidence(24))[0]


def test_a_reaction_is_less_likely_the_story_it_reacts_to() -> None:
    model = load_model()
    plain = evidence(3)
    assert model.logits(plain._replace(new_reacts=True))[0] < model.logits(plain)[0]


@pytest.mark.parametrize("broken", [
    "weights:\n  bias: 1.0\n",  # the other weights missing
    "weights: [1, 2]\n",
    "\n".join(["weights:", *(f"  {name}: {'yes' if name == 'bias' else 0}" for name in FEATURES)]) + "\n",
])
def test_a_broken_model_file_is_refused_with_its_path(tmp_path: Path, broken: str) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError, match="model.yaml"):
        load_model(path)


def _story_set(path: Path, stories: list[tuple[str, str, float, str]]) -> Path:
    lines = [{"id": f"{path.stem}-{n}", "story": story, "lang": lang, "published": (T0 + timedelta(hours=hours)).isoformat(),
              "text": text} for n, (story, lang, hours, text) in enumerate(stories)]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


FREEZE_RU = ("Премьер-министр Армении Никол Пашинян заявил, что Ереван заморозил участие в ОДКБ, "
             "сообщает ТАСС 23 февраля 2024 года.")
FREEZE_EN = ("Armenian Prime Minister Nikol Pashinyan said Yerevan has frozen its participation in the CSTO, "
             "TASS reported on 23 February 2024.")
FREEZE_BN = "আর্মেনিয়ার প্রধানমন্ত্রী নিকোল পাশিনিয়ান বলেছেন, ইয়েরেভান সিএসটিওতে অংশগ্রহণ স্থগিত করেছে, তাস জানিয়েছে।"
FLOOD = "Heavy rain flooded Dhaka on Friday; 120 millimetres fell in six hours, the meteorological office said."
FLOOD_RU = "Сильный ливень затопил Дакку в пятницу: за шесть часов выпало 120 миллиметров осадков."


def test_fit_stories_reports_each_set_left_out_and_writes_a_model_the_clusterer_reads(tmp_path: Path) -> None:
    first = _story_set(tmp_path / "first.jsonl", [("F", "ru", 0, FREEZE_RU), ("F", "en", 1, FREEZE_EN),
                                                  ("D", "en", 2, FLOOD), ("D", "ru", 3, FLOOD_RU)])
    second = _story_set(tmp_path / "second.jsonl", [("F", "en", 0, FREEZE_EN), ("F", "bn", 2, FREEZE_BN),
                                                    ("D", "en", 1, FLOOD), ("F", "ru", 50, FREEZE_RU)])
    output = tmp_path / "pair_model.yaml"
    result = CliRunner().invoke(cli, ["eval", "fit-stories", "--leave-one-out", "--output", str(output),
                                      str(first), str(second)])
    assert result.exit_code == 0, result.output
    assert f"== {first} (fitted on the other 1)" in result.output and f"== {second}" in result.output
    assert "B-cubed F1" in result.output
    assert str(first) in output.read_text(encoding="utf-8")
    model = load_model(output)
    assert np.isfinite(model.weights).all() and not np.allclose(model.weights, load_model().weights)
    assert evaluate(first, 0.7, model)["articles"] == 4
