"""`mediamon eval fit-stories FILE...`: fit the story pair model (processors/stories/pair_model.py).

Each labelled set is clustered as `mediamon stories` would; every candidate a new article is scored
against (rules aside) is one training pair, labelled by whether the two articles are of one labelled
story. A pair's evidence does not depend on which story either article was put in (the window's
rarity weights depend on which articles are in it, not on their stories), so the pairs are those the
fitted model will meet. Weights minimise the L2-regularised logistic loss, by Newton's method: a
dozen weights and a few thousand pairs need nothing more, and the result is the same on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from mediamon.scoring import load_items
from processors.evaluation.stories import evaluate, format_report, story_lines
from processors.stories.offline import cluster_lines
from processors.stories.pair_model import FEATURES, PairEvidence, PairModel, evidence_matrix

L2 = 1.0  # a weight's square costs this much: keeps weights finite where a set separates perfectly
NEWTON_STEPS = 30  # the loss stops moving after about ten


@dataclass(frozen=True)
class Fitted:
    model: PairModel
    sources: tuple[str, ...]
    pairs: int
    same_story: int


def candidate_pairs(path: Path) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Evidence rows (pair_model.FEATURES columns) and labels (1.0: one story) of a set's candidate pairs."""
    items = load_items(path, ("id", "story", "lang", "published", "text"))
    story = {item["id"]: item["story"] for item in items}
    rows: list[npt.NDArray[np.float64]] = []
    labels: list[float] = []

    def observe(article_id: str, candidates: list[str], evidence: PairEvidence) -> None:
        rows.append(evidence_matrix(evidence))
        labels.extend(float(story[article_id] == story[other]) for other in candidates)

    cluster_lines(story_lines(items), observer=observe)
    return (np.vstack(rows) if rows else np.zeros((0, len(FEATURES)))), np.array(labels)


def fit_weights(evidence: npt.NDArray[np.float64], labels: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    weights = np.zeros(evidence.shape[1])
    for _ in range(NEWTON_STEPS):
        predicted = 1.0 / (1.0 + np.exp(-(evidence @ weights)))
        gradient = evidence.T @ (predicted - labels) + L2 * weights
        hessian = (evidence.T * (predicted * (1 - predicted))) @ evidence + L2 * np.eye(len(weights))
        weights -= np.linalg.solve(hessian, gradient)
    return weights


def fit_sets(paths: list[Path]) -> Fitted:
    parts = [candidate_pairs(path) for path in paths]
    evidence, labels = np.vstack([e for e, _ in parts]), np.concatenate([y for _, y in parts])
    return Fitted(PairModel(tuple(fit_weights(evidence, labels).tolist())), tuple(str(p) for p in paths), len(labels),
                  int(labels.sum()))


def leave_one_out_report(paths: list[Path], threshold: float) -> str:
    """Each set's figures with the model fitted on the other sets: how the model does on a set it
    has not seen."""
    reports = []
    for left_out in paths:
        fitted = fit_sets([p for p in paths if p != left_out])
        reports.append(f"== {left_out} (fitted on the other {len(paths) - 1})\n"
                       + format_report(evaluate(left_out, threshold, fitted.model), threshold))
    return "\n".join(reports)


def write_model(fitted: Fitted, path: Path) -> None:
    lines = ["# Written by `mediamon eval fit-stories` (processors/evaluation/fit_stories.py): the weights of",
             "# processors/stories/pair_model.py, fitted on these labelled story sets",
             *(f"#   {source}" for source in fitted.sources),
             f"# ({fitted.pairs} candidate pairs, {fitted.same_story} of them of one story). Refit after changing",
             "# the sets or the evidence; eval/README.md says how the model was chosen.",
             "weights:",
             *(f"  {name}: {weight:.4f}" for name, weight in zip(FEATURES, fitted.model.weights))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
