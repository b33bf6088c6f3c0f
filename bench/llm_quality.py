"""How many wrong answers reach shoppers: the fixed question set against an LLM, through the bridge's
own prompt, client (the real ``openai`` SDK) and checks.

    python bench/llm_quality.py                       # the scripted misbehaving stub
    python bench/llm_quality.py --base-url http://127.0.0.1:8091/v1 [--model NAME] [--timeout 120]

Each question of bench/llm_quality/questions.yaml (written blind, see its README) is routed as the
bridge routes it (triage, FAQ), and the rest asked of the model; a draft that passes every check
counts as sent, anything else as handed to a person. Sent answers are judged automatically:
wrong if the question wants a person, if a ``wrong_if`` substring appears, or (a suspect, for the
reader) if no ``facts`` substring does. Every sent answer is printed for a person to read.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.llm_quality.stub import MisbehavingLLM
from bot.conversation.llm import LlmClient
from bot.conversation.routing import Router
from bot.settings import Settings

QUESTIONS = ROOT / "bench" / "llm_quality" / "questions.yaml"


def judge_sent(q: dict[str, Any], answer: str) -> str:
    """'wrong', 'suspect' (no key fact found: a reader decides) or 'ok'."""
    low = answer.lower()
    if q.get("expect") == "person":
        return "wrong"
    if any(w.lower() in low for w in q.get("wrong_if") or ()):
        return "wrong"
    if q.get("facts") and not any(f.lower() in low for f in q["facts"]):
        return "suspect"
    return "ok"


def run(base_url: str, model: str, timeout: float, limit: int) -> dict[str, Any]:
    settings = Settings.load(env={"SHOP_CONFIG": str(ROOT / "shop.yaml"), "OPENAI_API_KEY": "bench",
                                  "OPENAI_BASE_URL": base_url, "OPENAI_MODEL": model, "OPENAI_TIMEOUT": str(timeout)})
    shop = settings.shop
    router = Router(shop)
    client = LlmClient(settings)
    questions = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))[:limit]
    rows: list[dict[str, Any]] = []
    try:
        _ask_all(questions, router, client, shop, rows)
    except KeyboardInterrupt:  # a slow server: Ctrl-C (or SIGTERM) reports the questions done so far
        print(f"stopped after {len(rows)} of {len(questions)} questions", file=sys.stderr)
    for row in rows:
        row["verdict"] = judge_sent(row["q"], row["answer"]) if row["outcome"] == "sent" else ""
    return {"rows": rows, "of": len(questions)}


def _ask_all(questions: list[dict[str, Any]], router: Router, client: LlmClient, shop: Any, rows: list[dict[str, Any]]) -> None:
    for q in questions:
        route = router.route(q["text"])
        if route.route == "human":
            rows.append({"q": q, "outcome": "handed", "why": f"triage:{route.triage.reason}", "answer": ""})
            continue
        if route.route in ("faq", "ask"):
            rows.append({"q": q, "outcome": "faq", "why": route.route, "answer": ""})
            continue
        started = time.monotonic()
        try:
            verdict = client.answer(shop, [], q["text"])
        except Exception as exc:  # noqa: BLE001 - a failed call is a handoff, as in the bridge
            rows.append({"q": q, "outcome": "handed", "why": f"error:{type(exc).__name__}", "answer": ""})
            continue
        outcome = "sent" if verdict.ok else "handed"
        rows.append({"q": q, "outcome": outcome, "why": verdict.problem, "answer": verdict.answer,
                     "ms": int((time.monotonic() - started) * 1000)})
        print(f"  {q['id']} {outcome:6} {verdict.problem or '-':20} {verdict.answer[:60]!r}", file=sys.stderr, flush=True)


def report(result: dict[str, Any], label: str) -> str:
    rows = result["rows"]
    kinds = list(dict.fromkeys(r["q"]["kind"] for r in rows))
    if len(rows) < result["of"]:
        label += f" (stopped: the first {len(rows)} of {result['of']} questions)"
    out = [f"### {label}", "", "| kind | questions | sent | handed to a person | sent and wrong (auto) | sent, no key fact (read) |",
           "|---|---|---|---|---|---|"]
    for kind in [*kinds, "all"]:
        sel = [r for r in rows if kind == "all" or r["q"]["kind"] == kind]
        sent = [r for r in sel if r["outcome"] == "sent"]
        out.append(f"| {kind} | {len(sel)} | {len(sent)} | {sum(r['outcome'] == 'handed' for r in sel)} | "
                   f"{sum(r['verdict'] == 'wrong' for r in sent)} | {sum(r['verdict'] == 'suspect' for r in sent)} |")
    why = Counter(r["why"] for r in rows if r["outcome"] == "handed")
    out += ["", "Why handed: " + ", ".join(f"{k} {v}" for k, v in why.most_common()), "", "Every sent answer:", ""]
    for r in rows:
        if r["outcome"] == "sent":
            out.append(f"- {r['q']['id']} [{r['verdict']}] {r['q']['text']} → {r['answer']}")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="an OpenAI-compatible server; default: the scripted misbehaving stub")
    parser.add_argument("--model", default="any")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--limit", type=int, default=10_000, help="only the first N questions")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    stub = None
    if not args.base_url:
        stub = MisbehavingLLM()
    try:
        result = run(args.base_url or stub.base_url, args.model, args.timeout, args.limit)  # type: ignore[union-attr]
    finally:
        if stub is not None:
            stub.close()
    print(report(result, f"llm_quality: {args.base_url or 'scripted misbehaving stub'}"))


if __name__ == "__main__":
    main()
