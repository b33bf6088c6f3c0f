"""One HTTP call to a shop platform, with the rate-limit manners both platforms ask for.

Naver Commerce and Cafe24 answer 429 when a shop's call budget is spent. The lookup runs
in a worker while a shopper waits, so a short ``Retry-After`` is honoured and anything
longer becomes a clear :class:`SourceError` at once rather than a worker asleep for a
minute. No URL or exception text is logged: URLs can carry ids, and bodies personal data.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import requests

from orders.base import SourceError

log = logging.getLogger(__name__)

MAX_WAIT = 4.0  # the longest Retry-After we sit out, in seconds
ATTEMPTS = 3  # calls in all, the first included


def retry_after(resp: requests.Response, attempt: int) -> float:
    """Seconds to wait before the next try: the server's ``Retry-After`` when it gives one
    in seconds, else a short exponential backoff."""
    header = (resp.headers.get("Retry-After") or "").strip()
    try:
        return max(float(header), 0.0)
    except ValueError:
        return 0.5 * 2**attempt


def call(
    session: requests.Session,
    method: str,
    url: str,
    *,
    what: str,
    timeout: float,
    sleep: Callable[[float], None] = time.sleep,
    **kwargs: Any,
) -> requests.Response:
    """The response to ``method url``, retried on 429 within :data:`MAX_WAIT`.

    Raises :class:`SourceError` on a network failure or a rate limit that does not clear;
    any other status is returned for the caller to read.
    """
    for attempt in range(ATTEMPTS):
        try:
            resp = session.request(method, url, timeout=timeout, **kwargs)
        except requests.RequestException as exc:
            log.warning("%s failed: %s", what, type(exc).__name__)
            raise SourceError(f"{what} failed: {type(exc).__name__}", retryable=True) from None
        if resp.status_code != 429:
            return resp
        wait = retry_after(resp, attempt)
        log.warning("%s rate limited (429), retry after %.1fs", what, wait)
        if wait > MAX_WAIT or attempt == ATTEMPTS - 1:
            break
        sleep(wait)
    raise SourceError(f"{what}: rate limited (429), try again later", retryable=True)


def json_body(resp: requests.Response, what: str) -> Any:
    try:
        return resp.json()
    except ValueError:
        raise SourceError(f"{what}: HTTP {resp.status_code} with a body that is not JSON", retryable=True) from None
