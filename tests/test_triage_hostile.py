"""Hostile input: the safety rules' regular expressions never backtrack without end.

A message of 10,000 characters (Naver's limit) built from the words the rules look for, with no
spaces, once made one pattern take minutes. Each message is triaged in a child process, so a hang
fails the test instead of freezing the suite.
"""

from __future__ import annotations

import multiprocessing

import pytest

HOSTILE = ["주소가" * 3300, "주문 " * 3300, "입금자 " * 2000, "안에 " * 3000, "조각이" * 3300, "하나가 " * 2500, "ㅅ*" * 5000,
           "환불" * 4000, "주문한 " * 2000, "뚜껑이 " * 2500, "240 시켰는데 " * 800, "예민한 " * 2500, "달라고 했" * 2000,
           "주문한 건 " * 1600, "같이 주문했는데 " * 800, "10장이라더니 " * 1000, "지퍼가 안 " * 1600, "출고된 거 " * 1600, "이미 출고 " * 2000, "30세트로 " * 1600]


def _triage_all(texts: list[str]) -> None:
    from bot.conversation.triage import TriageConfig, assess

    config = TriageConfig()
    for text in texts:
        assess(text, config)


def test_long_messages_made_of_rule_words_are_triaged_promptly() -> None:
    child = multiprocessing.get_context("fork").Process(target=_triage_all, args=(HOSTILE,))
    child.start()
    child.join(timeout=60)  # about 2 s here (Kiwi's analysis of 70,000 characters); minutes before the fix
    if child.is_alive():
        child.kill()
        pytest.fail("triage did not finish: a pattern backtracks without end")
    assert child.exitcode == 0
