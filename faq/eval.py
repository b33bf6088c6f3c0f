"""``python -m faq.eval``: the router's evaluation, per shop (issue 12).

What is measured is the product's decision: the built-in safety rules first, then this
package's matcher. The rules live in the bot (``bot.conversation``), and ``faq`` imports
nothing of the bot, so this entry point runs :mod:`bot.dev.faq_eval` by name; the options
are the same (``--all``, ``--split``, ``--faq``/``--data``, ``--errors``).
"""

from __future__ import annotations

import runpy

if __name__ == "__main__":
    runpy.run_module("bot.dev.faq_eval", run_name="__main__", alter_sys=True)
