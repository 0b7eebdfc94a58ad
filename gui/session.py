"""What the main window shows, as numbers: the portfolio, its prepared book, the
scenario or the replayed event, and their result.

The window displays; this class calls the engine.  It holds no Qt, and
imports the engine's heavy modules (numpy, pandas) only inside the methods
that use them, so a window can own one before the engine is loaded (the
deferred start, :mod:`gui.main_window`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.events import Event
    from engine.model import Book
    from engine.portfolio import Portfolio
    from engine.result import Result
    from engine.scenario import Scenario

__all__ = ["Session"]


class Session:
    """The open portfolio under the current scenario (or a historical replay)."""

    def __init__(self) -> None:
        self.presets: list[Scenario] = []
        self.events: list[Event] = []
        self.scenario: Scenario | None = None
        self.event: Event | None = None  # the replay shown, or None for the model
        self.portfolio: Portfolio | None = None
        self.book: Book | None = None
        self.result: Result | None = None

    def read_scenarios(self) -> None:
        """The presets and the documented events; the first preset is the scenario."""
        from engine.events import list_events
        from engine.scenario import list_presets

        self.presets = list_presets()
        self.events = list_events()
        self.scenario = self.presets[0]

    def event_for(self, key: str) -> Event:
        """The event of date ``key`` (``"2025-01-27"`` or ``"event:2025-01-27"``)."""
        date = str(key).removeprefix("event:")
        return next(e for e in self.events if e.date == date)

    def open(self, portfolio: Portfolio, base_currency: str) -> Book:
        """Prepare ``portfolio`` in ``base_currency`` and make it the one shown.

        Raises :class:`engine.errors.InputError` (e.g. a holding with no
        price) and then changes nothing.
        """
        from engine.model import prepare

        book = prepare(portfolio, base_currency=base_currency)
        self.portfolio, self.book = portfolio, book
        return book

    def reprice(self, attach: Callable[[Result], Result]) -> Result | None:
        """The result of the replay shown, or of the model scenario (``attach`` adds
        the analysis results a model result carries); None without a portfolio."""
        if self.book is None:
            return None
        from engine.events import replay
        from engine.model import evaluate

        self.result = (replay(self.book, self.event) if self.event is not None
                       else attach(evaluate(self.book, self.scenario)))
        return self.result

    def preset_results(self) -> list[Result]:
        """Every preset on the open portfolio (the comparison chart)."""
        from engine.model import evaluate

        return [evaluate(self.book, s) for s in self.presets] if self.book is not None else []
