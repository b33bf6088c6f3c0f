"""The owner's morning digest: what waits for a person, what happened since the last
digest, and whether the bot is earning its keep.

One digest a day, on the shop's business days, at the shop's local time:

- the period runs from the last digest sent (kept in Redis) to now; the lists (open tickets,
  tickets resolved, threads handed to a person) are exact to the second;
- the numbers come from the per-day counters the pipeline keeps, for the whole days not yet
  reported (normally yesterday; Friday to Sunday on a Monday; more when a digest was missed,
  which the digest says: "지난 N일치 요약"), beside the day before and the 7-day average;
- exactly once per day: ``{p}:digest:sent:{day}`` is claimed with ``SET NX`` before anything is
  sent and released when delivery fails, so a retry (RQ) sends and a second scheduler does not;
  each channel (email, Slack) is marked when it succeeds, so a retry never sends one twice.

Nothing here reads the environment: SMTP and Slack settings come from ``Settings.env``.

The package: ``numbers`` (counters, shares, rows), ``period`` (what a digest covers, when it is
due), ``render`` (Korean formatting, the chart, the templates), ``send`` (once a day, email and Slack).
"""

from bot.digest.numbers import Numbers, day_list, gather, hourly, quantile, rows
from bot.digest.period import Period, cron_expressions, period_for
from bot.digest.render import Digest, build
from bot.digest.send import CLAIM_TTL, DeliveryError, Outcome, deliver, run_scheduled, send

__all__ = ["CLAIM_TTL", "DeliveryError", "Digest", "Numbers", "Outcome", "Period", "build", "cron_expressions",
           "day_list", "deliver", "gather", "hourly", "period_for", "quantile", "rows", "run_scheduled", "send"]
