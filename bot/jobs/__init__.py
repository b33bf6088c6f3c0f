"""Work off the request path: RQ jobs, the worker class, the cron schedule, staff notifications."""

QUEUE_ORDER = ("handoff", "replies", "digest")  # the queues a worker takes jobs from, most urgent first
