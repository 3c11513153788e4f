"""Answers from the store: the screens people run on insider trades, holdings over time, insider
rosters. SQL over the store's tables (``form4.store``); every threshold is a parameter.

_versions.py  which version of an amended filing counts, for its transactions and its holdings
"""
