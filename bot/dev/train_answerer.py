"""Train the answerer (faq/answerer.py) on the labelled eval rounds and write ``faq/data/answerer.json``.

    pip install -r requirements-train.txt   # scikit-learn, for training only; the product reads the JSON
    python -m bot.dev.train_answerer [--rounds 1-30] [--check 26-30]

Every message of the rounds goes through :class:`bot.conversation.routing.Router` as in production,
with a judge that records the evidence instead of deciding; a message the router decides before the
judge (triage, a remark, an exact example) is no training row. The target is whether the matcher's
best FAQ is the row's label. ``--check A-B`` trains on the other rounds only and reports FAQ precision
and recall on rounds A-B against the matcher's own decisions, at the shipped threshold, before it
writes the model trained on every round. Only spent rounds belong here: a sealed round is measured
once, after the model is written.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from bot.conversation.routing import Router
from bot.dev.faq_eval import EVAL_ROUNDS, eval_jobs, read_rows
from bot.settings import load_shop
from faq.answerer import FEATURES, MODEL_FILE, Answerer
from faq.entries import Match

THRESHOLD = 0.7  # chosen on rounds 26-30 and on five shop-wise folds before the first shipped model was trained
_PARAMS = {"max_iter": 250, "learning_rate": 0.05, "max_leaf_nodes": 15, "min_samples_leaf": 40, "random_state": 0}

Row = tuple[int, str, str, list[float] | None, str | None, str | None]  # round, shop, label, evidence, best, answered


def collect(rounds: Sequence[int]) -> list[Row]:
    """One row per message: its evidence where the judge was asked, and what the route answered."""
    rows: list[Row] = []
    for rnd in rounds:
        for split in ("dev", "holdout") if rnd in (1, 2) else ("holdout",):
            for _, name, shop_file, data in eval_jobs(split, [rnd]):
                if not data.is_file():
                    continue
                seen: list[tuple[Match, list[float]]] = []

                def record(match: Match, values: Sequence[float], exact: bool, seen: list[tuple[Match, list[float]]] = seen) -> Match:
                    if not exact and match.best is not None:
                        seen.append((match, list(values)))
                    return match

                router = Router(load_shop(shop_file), judge=record)
                for text, label, _ in read_rows(data):
                    seen.clear()
                    route = router.route(text, 0)
                    answered = route.faq_id if route.route == "faq" else None
                    if seen:
                        match, values = seen[-1]
                        rows.append((rnd, name, label, values, match.faq_id, answered))
                    else:
                        rows.append((rnd, name, label, None, None, answered))
    return rows


def train(rows: Sequence[Row]) -> dict[str, object]:
    """The model (trees exported to plain JSON) trained on the rows the judge was asked about."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    judged = [r for r in rows if r[3] is not None]
    x = np.array([r[3] for r in judged])
    y = np.array([r[4] == r[2] for r in judged])
    clf = HistGradientBoostingClassifier(**_PARAMS).fit(x, y)
    trees = []
    for (predictor,) in clf._predictors:
        trees.append([
            [int(n["feature_idx"]), float(n["num_threshold"]), int(n["left"]), int(n["right"]),
             float(n["value"]) if n["is_leaf"] else None]
            for n in predictor.nodes
        ])
    model = {"features": list(FEATURES), "threshold": THRESHOLD, "baseline": float(np.ravel(clf._baseline_prediction)[0]),
             "trees": trees, "trained_on": sorted({r[0] for r in rows}), "rows": len(judged)}
    mine = [Answerer(model).probability(v) for v in x[:300]]
    theirs = clf.predict_proba(x[:300])[:, 1]
    if max(abs(a - b) for a, b in zip(mine, theirs, strict=True)) > 1e-4:
        raise SystemExit("the exported trees do not reproduce scikit-learn's probabilities")
    return model


def measure(rows: Sequence[Row], answerer: Answerer | None) -> tuple[float, float]:
    """FAQ precision and recall of the routes, re-decided by ``answerer`` where the judge was asked."""
    answers = right = labelled = 0
    for _, _, label, values, best, answered in rows:
        labelled += label not in ("human", "none")
        chosen = answered
        if answerer is not None and values is not None:
            was = answered == best and answered is not None
            sure = answerer.probability(values) >= answerer.threshold
            chosen = best if sure else (None if was else answered)
        if chosen is not None:
            answers += 1
            right += chosen == label
    return right / max(answers, 1), right / max(labelled, 1)


def parse_rounds(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.dev.train_answerer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", default=f"1-{max(EVAL_ROUNDS)}", help="the spent rounds to train on")
    parser.add_argument("--check", help="rounds A-B: train without them first and report on them")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    rounds = parse_rounds(args.rounds)
    rows = collect(rounds)
    if args.check:
        held = set(parse_rounds(args.check))
        model = train([r for r in rows if r[0] not in held])
        test = [r for r in rows if r[0] in held]
        before, after = measure(test, None), measure(test, Answerer(model))
        print(json.dumps({"check": args.check, "matcher": before, "answerer": after}))
    model = train(rows)
    args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(json.dumps({"written": str(args.out), "rows": model["rows"], "trees": len(model["trees"])}))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
