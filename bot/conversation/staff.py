"""The staff side of a handoff: read tickets, reply to the shopper, resolve and give the
thread back to the bot. Shared by the staff inbox, its JSON API, the CLI and the
platforms' own handback events, so every path moves the thread the same way.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from adapters.base import Inbound, Reply
from bot.context import Context
from bot.storage.store import BOT, STAFF, WAITING_STAFF

log = logging.getLogger(__name__)

Delivery = Literal["sent", "next_turn", "undeliverable"]



class TicketError(Exception):
    """The ticket does not exist, or is not in a state that allows the action."""


@dataclass(frozen=True)
class TicketView:
    """One ticket as staff see it: the ticket, its thread and the masked transcript."""

    ticket: dict[str, str]
    thread: dict[str, str]
    transcript: list[dict[str, Any]]
    delivery: Delivery  # how a staff reply reaches this shopper

    @property
    def number(self) -> str:
        return self.ticket["id"]


class StaffDesk:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.store = ctx.store

    # -- reading -------------------------------------------------------------------------

    def open_tickets(self) -> list[dict[str, str]]:
        """Open tickets, oldest first."""
        return sorted(self.store.open_tickets(), key=lambda t: float(t.get("created_at") or 0))

    def recently_resolved(self, limit: int = 10, scan: int = 200) -> list[dict[str, str]]:
        """The newest resolved tickets, latest first; looks at the last ``scan`` ticket numbers only."""
        newest = int(self.store.redis.get(self.store.key("ticket", "counter")) or 0)
        pipe = self.store.redis.pipeline()
        for n in range(newest, max(newest - scan, 0), -1):
            pipe.hgetall(self.store.key("ticket", str(n)))
        resolved = [t for t in pipe.execute() if t.get("state") == "resolved"]
        return sorted(resolved, key=lambda t: float(t.get("resolved_at") or 0), reverse=True)[:limit]

    def undelivered(self, thread_id: str) -> int:
        """How many held messages (Kakao) still wait for the shopper's next turn."""
        return int(self.store.redis.llen(self.store.key("held", thread_id)))

    def view(self, number: str) -> TicketView:
        ticket = self._ticket(number)
        thread = self.store.thread(ticket["thread"])
        return TicketView(ticket, thread, self.store.transcript(ticket["thread"]), self.delivery(thread))

    def delivery(self, thread: dict[str, str]) -> Delivery:
        adapter = self.ctx.adapters.get(thread.get("channel", ""))
        if adapter is None:
            return "undeliverable"
        if adapter.needs_sync_reply:
            return "next_turn"  # Kakao: a reply can only ride on the shopper's next message
        return "sent" if adapter.can_push(self._inbound(thread, "probe")) else "undeliverable"

    # -- acting --------------------------------------------------------------------------

    def reply(self, number: str, text: str, by: str = "staff") -> Delivery:
        """Send a staff message to the shopper; the thread is now owned by a person."""
        text = text.strip()
        if not text:
            raise TicketError("empty reply")
        ticket = self._ticket(number)
        if ticket.get("state") == "resolved":
            raise TicketError(f"ticket {number} is resolved")
        thread_id = ticket["thread"]
        self.store.transition(thread_id, [WAITING_STAFF], STAFF, reason="staff_replied", by=by)
        self.store.append_turn(thread_id, "staff", text, by=by)
        self.store.set_fields(thread_id, staff_active_at=f"{self.store.now_ts():.3f}")
        self.store.update_ticket(number, state="in_progress", unread=0, staff=by, last_staff_at=f"{self.store.now_ts():.3f}")
        self.ctx.store.count("staff_reply", day=self.ctx.hours.local(self.ctx.now()))
        if not ticket.get("first_staff_at"):
            self.store.update_ticket(number, first_staff_at=f"{self.store.now_ts():.3f}")
            waited = self.store.now_ts() - float(ticket.get("created_at") or self.store.now_ts())
            group = self.store.thread(thread_id).get("group", "")
            self.store.sample("staff_response", self.ctx.hours.local(self.ctx.now()), waited * 1000, group=group)
        self.store.people.record(number, "replied", by)
        marked = self.ctx.settings.shop.messages.staff_prefix.format(text=text)  # a person's words, said so
        return self.send(thread_id, Reply(marked), key=f"staff:{number}:{uuid.uuid4().hex}")

    def follow_up(self, thread_id: str, reason: str, *, by: str, message: str, draft: str, **fields: str) -> str:
        """Open (or reuse) the ticket through which staff reach a shopper who did not ask for a
        person, e.g. to repair a wrong bot answer; the draft waits in the reply box. Its number."""
        seq = self.store.transition(thread_id, [BOT], WAITING_STAFF, reason=reason, by=by, new_handoff=True)
        thread = self.store.thread(thread_id)
        if seq is None:  # a person owns the thread already: its current ticket (created if its job is late)
            seq = int(thread.get("handoff_seq") or 0)
        number, created = self.store.open_ticket(thread_id, seq, {
            "reason": reason, "channel": thread.get("channel", ""), "user": thread.get("user", ""),
            "message": message, "after_hours": "0", "draft": draft, **fields})
        self.store.set_fields(thread_id, ticket=number)
        if created:
            excerpt = json.dumps(self.store.transcript(thread_id, 10), ensure_ascii=False)
            self.store.update_ticket(number, excerpt=excerpt)
            self.ctx.enqueue("handoff", "bot.jobs.tasks.platform_handover", channel=thread.get("channel", ""),
                             user_id=thread.get("user", ""), to_staff=True)
        else:
            self.store.update_ticket(number, draft=draft, **fields)
        self.store.people.record(number, "opened" if created else reason, by)
        return number

    def assign(self, number: str, to: str, by: str) -> None:
        """'내가 맡기': the ticket has an owner among the staff."""
        self._open(number)
        self.store.update_ticket(number, assignee=to)
        self.store.people.record(number, "assigned", by, note=to)

    def escalate(self, number: str, reason: str, by: str) -> None:
        """A staff member hands the ticket to a manager, saying why; managers are told (bot.jobs.notify)."""
        if not reason.strip():
            raise TicketError("say why the ticket goes to a manager")
        self._open(number)
        self.store.update_ticket(number, escalated="1", escalated_by=by, escalation_reason=reason.strip())
        self.store.people.record(number, "escalated", by, note=reason.strip())
        self.ctx.enqueue("handoff", "bot.jobs.notify.notify_managers", number=number)

    def resolve(self, number: str, by: str = "staff", tell_shopper: bool = True) -> bool:
        """Close the ticket and give the thread back to the bot; False if it was already closed."""
        ticket = self._ticket(number)
        if ticket.get("state") == "resolved":
            return False  # an old ticket: its thread may already be in a newer handoff
        self.store.people.record(number, "resolved", by)
        return self.return_to_bot(ticket["thread"], by=by, tell_shopper=tell_shopper, number=number)

    def return_to_bot(self, thread_id: str, *, by: str, tell_shopper: bool = True, number: str = "") -> bool:
        seq = self.store.transition(thread_id, [WAITING_STAFF, STAFF], BOT, reason="resolved", by=by)
        number = number or self.store.thread(thread_id).get("ticket", "")
        if number:
            ticket = self.store.ticket(number) or {}
            if ticket.get("state") != "resolved":
                self.store.close_ticket(number, by=by)
        if seq is None:
            return False
        self.store.reset_misses(thread_id)
        self.store.set_fields(thread_id, returned_at=f"{self.store.now_ts():.3f}")
        thread = self.store.thread(thread_id)
        if by != "platform":
            # Tell the platform the bot answers again (Naver takeThread); the platform knows when it told us.
            self.ctx.enqueue("handoff", "bot.jobs.tasks.platform_handover", channel=thread.get("channel", ""),
                             user_id=thread.get("user", ""), to_staff=False)
        if tell_shopper:
            message = Reply(self.ctx.settings.shop.messages.staff_returned)
            self.store.append_turn(thread_id, "bot", message.text)
            self.send(thread_id, message, key=f"returned:{thread_id}:{seq}:{int(self.store.now_ts())}")
        log.info("thread returned to the bot by %s", by)
        return True

    def send(self, thread_id: str, reply: Reply, key: str) -> Delivery:
        """Deliver a message outside a turn: push where the platform allows, else hold it."""
        thread = self.store.thread(thread_id)
        delivery = self.delivery(thread)
        if delivery == "sent":
            self.ctx.enqueue(
                "replies", "bot.jobs.tasks.deliver", inbound=self._inbound(thread, key).to_json(), reply=reply.to_json(), key=key
            )
        elif delivery == "next_turn":
            self.store.waiting.hold(thread_id, reply.to_json())
        return delivery

    # -- helpers -------------------------------------------------------------------------

    def _ticket(self, number: str) -> dict[str, str]:
        ticket = self.store.ticket(str(number))
        if not ticket:
            raise TicketError(f"no ticket {number}")
        return ticket

    def _open(self, number: str) -> dict[str, str]:
        ticket = self._ticket(number)
        if ticket.get("state") == "resolved":
            raise TicketError(f"ticket {number} is resolved")
        return ticket

    def _inbound(self, thread: dict[str, str], key: str) -> Inbound:
        """A stand-in for the shopper's last message, so an adapter can address a push."""
        handle = json.loads(thread.get("handle") or "{}")
        handle.pop("reply_token", None)  # single use, long gone: push instead
        handle.pop("callback_url", None)
        return Inbound(
            channel=thread.get("channel", ""),
            user_id=thread.get("user", ""),
            text="",
            event_id=key,
            reply_handle=handle,
        )
