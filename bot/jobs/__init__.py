"""Work off the request path: RQ jobs, the worker class, the cron schedule, staff notifications."""
