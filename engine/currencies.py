"""The currencies a portfolio can be valued in (the View menu, ``--base-currency``).

A module of its own, with nothing to import: the app's menus list these
before numpy and pandas are loaded.
"""

__all__ = ["BASE_CURRENCIES", "quoted_rate"]

BASE_CURRENCIES = ("USD", "JPY", "EUR", "GBP", "CHF", "CAD", "AUD", "HKD")
#: The market's order for naming a pair: the first of two currencies here is
#: the one priced (EUR/USD, GBP/USD, USD/JPY, EUR/JPY); a currency not listed
#: comes after every listed one.
_QUOTE_ORDER = ("EUR", "GBP", "AUD", "NZD", "USD", "CAD", "CHF", "JPY")


def quoted_rate(currency: str, base: str, rate: float) -> tuple[str, float]:
    """``rate`` (units of ``base`` per unit of ``currency``) as the market quotes the pair.

    ``("EUR/USD", 1.17)`` for a euro holding of a dollar investor,
    ``("USD/JPY", 158.9)`` for a dollar holding of a yen investor, and for a
    yen holding of a dollar investor ``("USD/JPY", 1 / rate)``.
    """
    def rank(code: str) -> int:
        return _QUOTE_ORDER.index(code) if code in _QUOTE_ORDER else len(_QUOTE_ORDER)

    if (rank(currency), currency) <= (rank(base), base):
        return f"{currency}/{base}", rate
    return f"{base}/{currency}", 1.0 / rate
