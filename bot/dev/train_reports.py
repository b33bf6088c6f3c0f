"""Train the second opinion of triage (bot/conversation/learned_reports.py) on the labelled eval rounds.

    pip install -r requirements-train.txt
    python -m bot.dev.train_reports [--rounds 1-32] [--check 27-32]

Every row of the rounds is an example: ``human`` against everything else. ``--check A-B`` first trains
without rounds A-B and reports, on them, how many handoffs the model adds to what the rules route
(good: labelled human; bad: not), before it writes the model trained on every round.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bot.conversation.learned_reports import MODEL_FILE, RULE, ReportModel, letter_runs
from bot.conversation.triage import TriageConfig, assess
from bot.dev.faq_eval import EVAL_ROUNDS, eval_jobs, read_rows
from bot.dev.train_answerer import parse_rounds

THRESHOLD = 0.96  # on rounds 27-32, trained without them: 45 handoffs added, 44 of them labelled human
_C = 4.0  # inverse L1 strength: about a thousand letter runs keep a weight


def collect(rounds: Sequence[int]) -> list[tuple[int, str, bool]]:
    rows = []
    for rnd in rounds:
        for split in ("dev", "holdout") if rnd in (1, 2) else ("holdout",):
            for _, _, _, data in eval_jobs(split, [rnd]):
                if data.is_file():
                    rows += [(rnd, text, label == "human") for text, label, _ in read_rows(data)]
    return rows


def train(rows: Sequence[tuple[int, str, bool]]) -> dict[str, object]:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    runs = [letter_runs(text) for _, text, _ in rows]
    seen = Counter(r for found in runs for r in found)
    vocab = {r: i for i, r in enumerate(sorted(r for r, n in seen.items() if n >= 2))}
    indices, pointers, data = [], [0], []
    for found in runs:
        kept = [vocab[r] for r in found if r in vocab]
        indices += kept
        data += [1 / math.sqrt(max(len(found), 1))] * len(kept)
        pointers.append(len(indices))
    x = csr_matrix((data, indices, pointers), shape=(len(rows), len(vocab)))
    clf = LogisticRegression(C=_C, l1_ratio=1.0, solver="liblinear", max_iter=3000).fit(x, np.array([h for _, _, h in rows]))
    names = sorted(vocab, key=vocab.__getitem__)
    weights = {names[i]: round(float(w), 6) for i, w in enumerate(clf.coef_[0]) if w != 0.0}
    return {"threshold": THRESHOLD, "bias": float(clf.intercept_[0]), "weights": weights,
            "trained_on": sorted({r for r, _, _ in rows}), "rows": len(rows)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.dev.train_reports", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", default=f"1-{max(EVAL_ROUNDS)}")
    parser.add_argument("--check", help="rounds A-B: train without them first and report on them")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    rows = collect(parse_rounds(args.rounds))
    if args.check:
        held = set(parse_rounds(args.check))
        checked = ReportModel(train([r for r in rows if r[0] not in held]))
        config = TriageConfig(disable=(RULE,))  # the rules alone
        added = [h for rnd, text, h in rows if rnd in held and not assess(text, config).needs_human and checked.reads_as_report(text)]
        print(json.dumps({"check": args.check, "added": len(added), "good": sum(added), "bad": len(added) - sum(added)}))
    model = train(rows)
    args.out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(json.dumps({"written": str(args.out), "rows": model["rows"], "weights": len(model["weights"])}))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
