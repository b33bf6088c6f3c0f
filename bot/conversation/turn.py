"""What a step of the turn sees and returns (shared by :mod:`bot.conversation.steps` and the
steps that live in their own modules, such as :mod:`bot.conversation.order_talk`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Final

from adapters.base import Adapter, Inbound, Reply

if TYPE_CHECKING:  # annotations only: the pipeline imports the steps, not the other way
    from bot.conversation.pipeline import Conversation


class _GoOn(Enum):
    GO_ON = "go on"


GO_ON: Final = _GoOn.GO_ON
Outcome = Reply | None | _GoOn


@dataclass
class Turn:
    """One inbound message on its way through the steps; ``state`` may change on the way."""

    inbound: Inbound
    adapter: Adapter
    thread: dict[str, str]
    state: str
    group: str = ""  # the rollout side ('' when every shopper gets the bot)

    @property
    def thread_id(self) -> str:
        return self.inbound.thread_id


Step = Callable[["Conversation", Turn], Outcome]
