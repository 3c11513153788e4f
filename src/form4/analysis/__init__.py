"""Answers from the store: the screens people run on insider trades, holdings over time, insider
rosters. SQL over the store's tables (``form4.store``); every threshold is a parameter.

screens.py    the catalogue ``SCREENS`` and ``run`` (``Store.screen``), ``report_of`` an answer
_trades.py    the per-filing trade row every screen shows, and the rows left out of it
_cache.py     the analysis tables ``Store.optimize`` builds, and when they are fresh
_prices.py    returns after trades from the closes imported, and insider performance
_versions.py  which version of an amended filing counts, for its transactions and its holdings
_holdings.py  every position an insider reported, in order, and where its chain breaks
_roster.py    an issuer's insiders: roles, filings, open-market trading, holdings
"""

from form4.analysis.screens import COMMON, SCREENS, Param, Screen, ScreenReport, report_of

__all__ = ["COMMON", "SCREENS", "Param", "Screen", "ScreenReport", "report_of"]
