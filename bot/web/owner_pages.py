"""The owner's pages, nested in the staff inbox once, at import: try it (:mod:`bot.web.owner`), the
live settings (:mod:`bot.web.settings_pages`) and the FAQ suggestions (:mod:`bot.web.suggestions_pages`)."""

from bot.web import settings_pages, suggestions_pages  # noqa: F401  # their views register on ``owner``
from bot.web.inbox import inbox
from bot.web.owner import owner

inbox.register_blueprint(owner)
