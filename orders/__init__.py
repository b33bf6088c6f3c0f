"""Order status and delivery tracking from the shop's own orders (issue 16).

A shopper asks "제 주문 어디쯤 왔어요?"; the bot asks for the order number, checks once that
the asker is the orderer, then answers from the shop's order source and the courier's
tracking. This package knows the sources and the courier, and nothing of the bot: it never
imports Flask or ``bot``, so every part is tested at its HTTP boundary without an app.

- :mod:`orders.base`: the :class:`~orders.base.Order` every source returns, the
  :class:`~orders.base.OrderSource` contract and :func:`~orders.base.verify`;
- :mod:`orders.carriers`: courier names as shops write them → tracker.delivery ids;
- :mod:`orders.store`: the Redis-backed set of orders the CSV and webhook sources fill;
- :mod:`orders.naver`, :mod:`orders.cafe24`, :mod:`orders.csvfile`, :mod:`orders.webhook`:
  the sources;
- :mod:`orders.tracking`: the tracker.delivery API, the one-line Korean status, lateness;
- :mod:`orders.cli`: ``python -m orders import FILE.csv``.
"""
