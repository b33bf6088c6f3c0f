"""The kinds the conversation speaks in, each written one way, and the labels staff read for them.

``Reason`` is why a thread went to a person (stored on threads and tickets, counted per day);
``Code`` is what a tapped quick reply asks for. Both are ``StrEnum``s, so Redis, JSON and RQ see
plain strings. Every staff-facing label (inbox, digest, notifications) comes from here.
"""

from __future__ import annotations

from enum import StrEnum

from adapters import REGISTRY
from bot.conversation.safety_rules import UPSET_RULES


class Reason(StrEnum):
    ASKED_FOR_PERSON = "asked_for_person"
    ANGRY = "angry"
    DAMAGED = "damaged"
    WRONG_ITEM = "wrong_item"
    REFUND_DISPUTE = "refund_dispute"
    LEGAL = "legal"
    INJECTION = "injection"
    PROFANITY = "profanity"
    THREAT = "threat"
    COMPENSATION = "compensation"
    DELAY_COMPLAINT = "delay_complaint"
    STAFF_REQUEST = "staff_request"
    ORDER_REQUEST = "order_request"
    REPEATED_MISSES = "repeated_misses"
    LEARNED_REPORT = "learned_report"  # no rule named it; the learned second opinion read it as a report
    UNSURE = "unsure"
    LLM = "llm"
    LLM_UNSURE = "llm_unsure"
    LLM_ERROR = "llm_error"
    PLATFORM = "platform"  # the platform moved the thread to a person (Naver standby)
    UNDELIVERED = "undelivered"  # an answer could not reach the shopper
    ROLLOUT = "rollout"  # the shopper is outside the staged rollout: a person answers
    UNSATISFIED = "unsatisfied"  # 👎, "아니요 그게 아니라", or the same question again after an answer
    WRONG_ANSWER = "wrong_answer"  # staff marked a bot answer wrong in the review: a repair follows
    ORDER_LATE = "order_late"  # a parcel without movement, or past the shop's promise
    ORDER_CHECK_FAILED = "order_check_failed"  # the asker could not show they are the orderer
    ORDER_LOOKUP = "order_lookup"  # the order source could not answer, or the order is in a state we do not read


# Reasons where the shopper is upset or harmed: apologise first (the built-in rules say which).
UPSET_REASONS = frozenset(Reason(name) for name in UPSET_RULES)
# Reasons where the bot did not know: say so.
UNSURE_REASONS = frozenset({Reason.UNSURE, Reason.REPEATED_MISSES, Reason.LLM, Reason.LLM_UNSURE, Reason.LLM_ERROR})


class Code(StrEnum):
    """What a quick reply's code asks for; an FAQ button's code is ``FAQ_PREFIX + faq id``."""

    STAFF = "staff"
    HANDOFF = "handoff"  # an older name of STAFF, still sent by buttons on past messages
    CHECK_ANSWER = "check_answer"
    BACK_TO_BOT = "back_to_bot"
    CSAT_UP = "csat:up"
    CSAT_DOWN = "csat:down"


FAQ_PREFIX = "faq:"
STAFF_CODES = frozenset({Code.STAFF, Code.HANDOFF})  # button codes that ask for a person


# What staff and the shop owner read (inbox, notifications, digest). An unknown key is shown as it is.
REASONS: dict[str, str] = {
    Reason.ASKED_FOR_PERSON: "상담원 요청",
    Reason.ANGRY: "불만 (화남)",
    Reason.DAMAGED: "상품 불량·파손",
    Reason.WRONG_ITEM: "오배송·누락",
    Reason.REFUND_DISPUTE: "환불 문제",
    Reason.LEGAL: "신고·법적 언급",
    Reason.INJECTION: "비정상 요청",
    Reason.PROFANITY: "욕설",
    Reason.THREAT: "리뷰·결제 이의 위협",
    Reason.COMPENSATION: "보상 요구",
    Reason.DELAY_COMPLAINT: "지연 불만",
    Reason.STAFF_REQUEST: "직원 처리 요청 (계산서·견적·합배송·제작·주소 변경)",
    Reason.ORDER_REQUEST: "주문 건 확인 요청 (입금·환불 처리·품절된 주문)",
    Reason.REPEATED_MISSES: "챗봇 답변 실패 반복",
    Reason.LEARNED_REPORT: "문제 제기로 보임 (규칙 밖, 학습 모델 판단)",
    Reason.UNSURE: "챗봇이 모르는 질문",
    Reason.LLM: "AI 답변 확인 필요",
    Reason.LLM_UNSURE: "AI가 확신하지 못함",
    Reason.LLM_ERROR: "AI 오류",
    Reason.PLATFORM: "플랫폼에서 상담 전환",
    Reason.UNDELIVERED: "답변 전송 실패",
    Reason.ROLLOUT: "챗봇 미적용 고객 (단계적 도입)",
    Reason.UNSATISFIED: "답변에 만족하지 못함",
    Reason.WRONG_ANSWER: "잘못된 답변 바로잡기",
    Reason.ORDER_LATE: "배송 지연",
    Reason.ORDER_CHECK_FAILED: "주문자 확인 실패",
    Reason.ORDER_LOOKUP: "주문 조회 확인 필요",
}
ORDER_STATUSES: dict[str, str] = {
    "unpaid": "입금 전", "paid": "결제 완료", "preparing": "상품 준비 중", "shipped": "배송 중",
    "delivered": "배송 완료", "cancelled": "취소", "returned": "반품", "unknown": "확인 필요 (교환·클레임 등)",
}
CHANNELS: dict[str, str] = {name: adapter.label for name, adapter in REGISTRY.items()}
TICKET_STATES: dict[str, str] = {"open": "답변 대기", "in_progress": "상담 중", "resolved": "완료"}

# The morning review (bot/conversation/review.py) and the people on the staff pages.
ANSWER_SOURCES: dict[str, str] = {"faq": "FAQ", "llm": "AI 답변", "order": "주문 조회"}
ORDER_REVIEW_QUESTION = "배송 조회 (주문자 확인 후 답변)"  # what an order answer was about, in the review queue
REVIEW_STATES: dict[str, str] = {"waiting": "검토 대기", "ok": "맞음", "wrong": "틀림", "none": "검토 대상 아님"}
STAFF_ROLES: dict[str, str] = {"staff": "직원", "manager": "매니저", "owner": "대표"}
TICKET_ACTIONS: dict[str, str] = {
    "opened": "상담 열림",
    "replied": "답변 보냄",
    "resolved": "상담 완료",
    "assigned": "담당 지정",
    "escalated": "매니저에게 넘김",
    "marked_wrong": "잘못된 답변으로 표시",
}
