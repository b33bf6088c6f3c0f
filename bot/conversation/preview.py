"""'Try it': what the bot would do with a message, without sending or counting anything.

The decision comes from the same :class:`~bot.conversation.routing.Router` and the same title
check the live pipeline runs (a fresh conversation: no earlier misses, the shopper inside the
rollout); when an LLM is configured and the message would go to it, the model is asked once,
synchronously, with a short timeout, and its draft is shown with the checks' verdict.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.context import Context
from bot.conversation.delivery_words import asks_delivery_status
from bot.conversation.kinds import REASONS, Reason
from bot.conversation.llm import LlmClient
from bot.conversation.steps import titled_faq
from faq import Candidate

log = logging.getLogger(__name__)

TRY_LLM_TIMEOUT = 8.0  # seconds: the owner waits on the page
DECISIONS = {
    "faq": "FAQ로 바로 답해요",
    "ask": "비슷한 FAQ 두 개 중 어느 것인지 물어봐요",
    "llm": "AI가 가게 정책으로 답을 만들어요 (검사를 통과할 때만 보내요)",
    "human": "사람(직원)에게 넘겨요",
    "order": "주문 조회: 주문번호와 주문자 확인을 물어봐요",
}


def preview(ctx: Context, text: str) -> dict[str, Any]:
    """The live decision for ``text`` as JSON: route, triage, FAQ and runner-up, and the LLM's draft."""
    shop = ctx.settings.shop
    titled = titled_faq(shop, text)
    route = ctx.router.route(text)
    decision: str = route.route
    reason = route.triage.reason if route.triage.needs_human else ""
    if titled is not None:
        decision, reason = "faq", ""
    elif ctx.orders is not None and decision != "human" and asks_delivery_status(text):
        decision = "order"  # the order dialogue's step comes before the FAQ (bot/conversation/order_talk.py)
    elif decision == "llm" and not ctx.llm.enabled:
        decision, reason = "human", Reason.UNSURE
    match = route.match
    best = _candidate(ctx, match.best if match else None)
    if titled is not None:
        best = {"id": titled.id, "title": titled.title, "score": 1.0, "answer": titled.answer}
    out: dict[str, Any] = {
        "text": text,
        "decision": decision,
        "decision_label": DECISIONS[decision],
        "reason": str(reason) or None,
        "reason_label": REASONS.get(reason, reason) if reason else None,
        "triage": {"needs_human": route.triage.needs_human, "reason": route.triage.reason or None},
        "faq": best,
        "runner_up": _candidate(ctx, match.runner_up if match else None) if titled is None else None,
        "threshold": shop.faq_settings.threshold,
        "llm": None,
    }
    if decision == "llm":
        out["llm"] = _llm_draft(ctx, text)
    return out


def _candidate(ctx: Context, candidate: Candidate | None) -> dict[str, Any] | None:
    if candidate is None:
        return None
    entry = ctx.settings.shop.faq(candidate.faq_id)
    return {
        "id": candidate.faq_id,
        "title": entry.title if entry else "",
        "score": round(candidate.score, 4),
        "answer": entry.answer if entry else "",
    }


def _llm_draft(ctx: Context, text: str) -> dict[str, Any]:
    """Ask the model once (nothing counted, nothing sent); an error is shown, not raised."""
    import openai

    client = LlmClient(ctx.settings.model_copy(update={"openai_timeout": min(ctx.settings.openai_timeout, TRY_LLM_TIMEOUT)}))
    try:
        verdict = client.answer(ctx.settings.shop, [], text)
    except (openai.OpenAIError, OSError) as exc:
        log.info("try: the LLM did not answer (%s)", type(exc).__name__)
        return {"answer": "", "sent": False, "problem": f"error: {type(exc).__name__}", "latency_ms": None}
    return {
        "answer": verdict.answer,
        "sent": verdict.ok,  # would the live bot send it (else: a person gets it, with this draft)
        "problem": verdict.problem or None,
        "latency_ms": verdict.latency_ms,
    }
