"""A second opinion after the rules: does this message read like one a person must take?

The built-in rules (:mod:`bot.conversation.safety_rules`, :mod:`bot.conversation.report_phrases`) name
each way of reporting a problem they know; a shopper always finds another ("사료 2포대 결제했는데 박스에
1포대만 왔고"). This model weighs the letter runs of the message (one to four letters inside a word,
as the labelled rounds of ``faq/data/eval`` used them): a sparse logistic regression trained by
``python -m bot.dev.train_reports`` and shipped as ``learned_reports.json``. It only adds handoffs, at a
high bar, after every rule has passed the message; a shop file switches it off by its rule name,
``triage: {disable: [learned_report]}``.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

RULE = "learned_report"
MODEL_FILE = Path(__file__).with_name("learned_reports.json")


def letter_runs(text: str) -> set[str]:
    """One to four letters of each word, the word's edges marked with a space."""
    out: set[str] = set()
    for word in text.lower().split():
        padded = f" {word} "
        for n in (1, 2, 3, 4):
            for i in range(len(padded) - n + 1):
                run = padded[i:i + n]
                if run.strip():
                    out.add(run)
    return out


class ReportModel:
    def __init__(self, model: dict[str, object]) -> None:
        self.threshold = float(model["threshold"])  # type: ignore[arg-type]
        self._bias = float(model["bias"])  # type: ignore[arg-type]
        self._weights: dict[str, float] = {str(k): float(v) for k, v in model["weights"].items()}  # type: ignore[attr-defined]

    @staticmethod
    @cache
    def builtin() -> ReportModel:
        return ReportModel(json.loads(MODEL_FILE.read_text(encoding="utf-8")))

    def probability(self, text: str) -> float:
        runs = letter_runs(text)
        if not runs:
            return 0.0
        raw = self._bias + sum(self._weights.get(r, 0.0) for r in runs) / math.sqrt(len(runs))
        return 1.0 / (1.0 + math.exp(-raw))

    def reads_as_report(self, text: str) -> bool:
        return self.probability(text) >= self.threshold
