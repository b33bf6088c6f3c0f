"""The ``rq cron`` schedule. RQ cron runs in UTC: 09:00 in Seoul is 00:00 UTC."""

from rq import cron

from bot.jobs import morning_digest

cron.register(morning_digest, queue_name="digest", cron="0 0 * * *", name="morning_digest")
