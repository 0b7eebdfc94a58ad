"""The currencies a portfolio can be valued in (the View menu, ``--base-currency``).

A module of its own, with nothing to import: the app's menus list these
before numpy and pandas are loaded.
"""

__all__ = ["BASE_CURRENCIES"]

BASE_CURRENCIES = ("USD", "JPY", "EUR", "GBP", "CHF", "CAD", "AUD", "HKD")
