"""How fast the FAQ matcher answers, at 5, 50 and 500 entries.

    python bench/faq_speed.py [--shop shop.yaml] [--data faq/data/dev.csv] [--rounds 3]

Prints start-up time (analyzer load in a fresh process, and Matcher construction) and,
per FAQ size, the median and p99 time of one decision as the router makes it (``Matcher.weighed``,
then the learned answerer of faq/answerer.py on its evidence) on the dev messages with the analysis
cache cleared before each call (every message is new to the process), and the answerer's part alone.
Because these machines are noisy, it also prints ratios against baselines measured in
the same run: the 5-entry median and a plain rapidfuzz scan over the same example
questions (what the first, naive matcher did).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process

from bot.dev.faq_eval import read_rows
from bot.settings import load_shop
from faq import (
    FaqEntry,
    Matcher,
    normalize,
)
from faq.answerer import Answerer, Evidence

_TEMPLATES = ("{w} 어떻게 해요?", "{w} 언제 돼요?", "{w} 가능한가요?", "{w} 문의드려요", "{w} 알려주세요", "{v} {w} 되나요?")


def _pseudo_word(rng: random.Random) -> str:
    """A made-up 2-3 syllable noun, so synthetic FAQs do not share words by accident."""
    return "".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(rng.choice((2, 3))))


def synthetic_entries(real: list[FaqEntry], n: int, seed: int = 7) -> list[FaqEntry]:
    """The shop's real entries plus made-up ones, up to ``n`` entries."""
    rng = random.Random(seed)
    out = list(real[:n])
    while len(out) < n:
        w, v = _pseudo_word(rng), _pseudo_word(rng)
        out.append(
            FaqEntry(
                id=f"synthetic_{len(out)}",
                answer="테스트 답변이에요.",
                questions=tuple(t.format(w=w, v=v) for t in _TEMPLATES),
                keywords=(w,),
            )
        )
    return out


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def time_matcher(matcher: Matcher, texts: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """Per message: the whole decision, and the answerer's part of it."""
    evidence, answerer = Evidence(matcher), Answerer.builtin()
    times, learned = [], []
    for _ in range(rounds):
        for text in texts:
            normalize.analyze.cache_clear()  # every message is new: no cached analysis
            matcher._correct.cache_clear()
            start = time.perf_counter()
            match, scores, terms = matcher.weighed(text)
            middle = time.perf_counter()
            answerer.judge(match, evidence.values(text, match, scores, terms), evidence.exact(text))
            end = time.perf_counter()
            times.append(end - start)
            learned.append(end - middle)
    return times, learned


def time_rapidfuzz(entries: list[FaqEntry], texts: list[str], rounds: int) -> list[float]:
    examples = [normalize.squash(q) for e in entries for q in e.questions]
    times = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            process.extractOne(normalize.squash(text), examples, scorer=fuzz.ratio)
            times.append(time.perf_counter() - start)
    return times


def startup_seconds() -> float:
    """Analyzer load plus first analysis, in a fresh interpreter (the cost a worker pays once)."""
    code = (
        "import time; t = time.perf_counter(); from faq.normalize import warm_up; warm_up(); "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shop", default=str(ROOT / "shop.yaml"))
    parser.add_argument("--data", default=str(ROOT / "faq" / "data" / "dev.csv"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    shop = load_shop(args.shop)
    texts = [t for t, _, _ in read_rows(args.data)]
    print(f"messages: {len(texts)} x {args.rounds} rounds, analysis cache cleared before each match")
    print(f"start-up (fresh process: load Kiwi + first analysis): {startup_seconds():.2f} s")

    rows = []
    for n in (5, 50, 500):
        entries = synthetic_entries(list(shop.faqs), n)
        start = time.perf_counter()
        matcher = Matcher(entries, shop.faq_settings)
        build = time.perf_counter() - start
        ours, learned = time_matcher(matcher, texts, args.rounds)
        naive = time_rapidfuzz(entries, texts, args.rounds)
        rows.append((n, build, statistics.median(ours), _percentile(ours, 0.99), statistics.median(naive), statistics.median(learned)))

    base = rows[0][2]
    print()
    print(f"{'entries':>7} | {'build ms':>8} | {'median µs':>9} | {'p99 µs':>8} | {'x 5-entry':>9} | {'rapidfuzz µs':>12} | {'x rapidfuzz':>11} | {'answerer µs':>11}")
    print("-" * 98)
    for n, build, med, p99, naive, learned in rows:
        print(
            f"{n:>7} | {build * 1e3:>8.1f} | {med * 1e6:>9.1f} | {p99 * 1e6:>8.1f} | {med / base:>9.2f} | "
            f"{naive * 1e6:>12.1f} | {med / naive:>11.2f} | {learned * 1e6:>11.1f}"
        )
    print()
    print("x 5-entry: median / median at 5 entries (sublinear: far below 10x at 50 and 100x at 500)")
    print("x rapidfuzz: median / a plain rapidfuzz scan of the same example questions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
