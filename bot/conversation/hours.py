"""Business hours: is a person at the shop now, and when is the next time one will be?

Weekly ranges in the shop's time zone, Korean public holidays (설날, 추석 and
substitute holidays come from the ``holidays`` package) and the shop's own days off.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays

from bot.settings import Messages, Shop

_SEARCH_DAYS = 60  # a shop closed longer than this has no "next opening" to promise


class BusinessHours:
    def __init__(self, shop: Shop) -> None:
        self.shop = shop
        self.zone = ZoneInfo(shop.shop.timezone)

    @cached_property
    def _days_off(self) -> set[date]:
        days: set[date] = set()
        for item in self.shop.days_off:
            start_s, _, end_s = item.partition("..")
            start = date.fromisoformat(start_s.strip())
            end = date.fromisoformat(end_s.strip()) if end_s else start
            while start <= end:
                days.add(start)
                start += timedelta(days=1)
        return days

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        return holidays.country_holidays("KR")

    def is_closed_day(self, day: date) -> bool:
        if day in self._days_off:
            return True
        return self.shop.public_holidays and day in self._holidays

    def holiday_name(self, day: date) -> str | None:
        return self._holidays.get(day) if self.shop.public_holidays else None

    def ranges(self, day: date) -> list[tuple[time, time]]:
        """Opening ranges on ``day`` (local), empty on a closed day."""
        if self.is_closed_day(day):
            return []
        out = []
        for item in self.shop.hours.ranges(day.weekday()):
            start_s, end_s = item.split("-")
            out.append((_parse(start_s), _parse(end_s)))
        return sorted(out)

    def local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("business hours need an aware datetime")
        return moment.astimezone(self.zone)

    def is_open(self, moment: datetime) -> bool:
        now = self.local(moment)
        now_t = now.time()
        return any(start <= now_t < end for start, end in self.ranges(now.date()))

    def next_open(self, moment: datetime) -> datetime | None:
        """The next moment (local, aware) a person is at the shop; ``moment`` itself if open now."""
        now = self.local(moment)
        for offset in range(_SEARCH_DAYS):
            day = now.date() + timedelta(days=offset)
            for start, end in self.ranges(day):
                if offset == 0 and now.time() >= end:
                    continue
                if offset == 0 and now.time() >= start:
                    return now
                return datetime.combine(day, start, tzinfo=self.zone)
        return None

    def describe_next_open(self, moment: datetime, messages: Messages) -> str:
        """'내일(월) 오전 10시' in the shop's words, for telling a shopper when a person answers."""
        now = self.local(moment)
        nxt = self.next_open(now)
        if nxt is None:
            return messages.next_open_unknown
        weekday = messages.weekday_names[nxt.weekday()]
        when = korean_time(nxt.time())
        days = (nxt.date() - now.date()).days
        if days == 0:
            return messages.next_open_today.format(time=when, weekday=weekday)
        if days == 1:
            return messages.next_open_tomorrow.format(time=when, weekday=weekday)
        return messages.next_open_later.format(month=nxt.month, day=nxt.day, weekday=weekday, time=when)


def korean_time(t: time) -> str:
    """09:30 → '오전 9시 30분', 13:00 → '오후 1시', 12:00 → '낮 12시'."""
    if t.hour == 12:
        label, hour = "낮", 12
    elif t.hour < 12:
        label, hour = "오전", t.hour or 12
    else:
        label, hour = "오후", t.hour - 12
    return f"{label} {hour}시" + (f" {t.minute}분" if t.minute else "")


def _parse(value: str) -> time:
    hour, minute = (int(x) for x in value.split(":"))
    return time(23, 59, 59, 999999) if hour == 24 else time(hour, minute)
