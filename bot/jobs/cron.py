"""The ``rq cron`` schedule (``rq cron bot.jobs.cron``, as the Procfile runs it): the jobs of
bot/jobs/schedule.py, from the shop file read once when the scheduler loads this file."""

from rq import cron

from bot.jobs.schedule import schedule
from bot.settings import Settings

for _job in schedule(Settings.load().shop):
    cron.register(**_job)
