"""A scripted OpenAI-compatible chat server that misbehaves the way small models do.

It answers ``POST /v1/chat/completions`` for the real ``openai`` SDK. The behaviour rotates
over the questions it is asked: a grounded answer (the policy sentence closest to the question),
the old reply template, a sentence of the instructions, the question echoed or rephrased, an
invented figure, a changed limit, a 'yes' where a policy says no, another topic, English, an
empty answer, chatter instead of JSON, a request for personal data, a promise, policy text
pasted whole.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.dev.stub_server import StubServer, chat_completion

BEHAVIOURS = (
    "grounded", "template", "instructions", "echo", "rephrase", "grounded", "invented", "limit",
    "yes_to_no", "off_topic", "grounded", "english", "empty", "chatter", "asks_pii", "promise", "dump",
)


def _policy_lines(system: str) -> list[str]:
    block = system.split("[가게 정책]")[-1]
    return [s.strip() for line in block.splitlines() if line.startswith("- ")
            for s in re.split(r"(?<=[.])\s+", line.split(":", 1)[-1]) if len(s.strip()) > 6]


def _closest(question: str, lines: list[str]) -> str:
    pairs = {question[i : i + 2] for i in range(len(question) - 1)}
    return max(lines, key=lambda s: len(pairs & {s[i : i + 2] for i in range(len(s) - 1)}), default="")


def scripted(behaviour: str, system: str, question: str) -> str:
    """The model's raw output for one behaviour."""
    lines = _policy_lines(system)
    instructions = system.split("[가게 정책]")[0].splitlines()
    answer = {
        "grounded": _closest(question, lines),
        "template": "고객에게 보낼 답변",
        "instructions": next((s.strip()[3:] for s in instructions if s.strip()[:2] in ("1.", "2.")), "규칙을 지켜요."),
        "echo": question,
        "rephrase": f"{question.rstrip('?요 ')} 문의하셨군요.",
        "invented": "네, 주문 금액의 7%를 적립해 드리고 배송은 2일 안에 도착해요.",
        "limit": "3만 원 이상 주문하시면 배송비가 무료예요.",
        "yes_to_no": "네, 해외 배송도 가능해요.",
        "off_topic": "상세페이지에 실측 사이즈표가 있어요.",
        "english": "Yes, we can do that for you. Thank you!",
        "empty": "",
        "asks_pii": "확인해 드릴게요. 성함과 전화번호를 알려 주세요.",
        "promise": "불편을 드려 죄송해요. 전액 환불해 드릴게요.",
        "dump": " ".join(lines),
    }.get(behaviour, "")
    if behaviour == "chatter":
        return "음... 잘 모르겠어요"
    return json.dumps({"answer": answer, "needs_human": False, "reason": behaviour}, ensure_ascii=False)


class MisbehavingLLM:
    """The stub server on 127.0.0.1 (a free port); ``base_url`` for the SDK."""

    def __init__(self) -> None:
        self.count = 0
        self.behaviours: list[str] = []
        self.server = StubServer(self._answer)

    def _answer(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        messages = body.get("messages", [])
        system = next((m["content"] for m in messages if m.get("role") == "system"), "")
        question = messages[-1]["content"] if messages else ""
        behaviour = BEHAVIOURS[self.count % len(BEHAVIOURS)]
        self.count += 1
        self.behaviours.append(behaviour)
        return 200, chat_completion(scripted(behaviour, system, question), body, completion_id=f"stub-{self.count}")

    @property
    def base_url(self) -> str:
        return self.server.url + "/v1"

    def close(self) -> None:
        self.server.close()
