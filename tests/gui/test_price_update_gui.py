"""File → Update prices: runs only when chosen, off the GUI thread, against a local service."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import pytest

from gui.main_window import MainWindow
from tests.conftest import FIXTURES
from tests.engine.test_price_refresh import _Chart


@pytest.fixture
def service(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Chart)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("JEVONS_PRICE_URL", f"http://127.0.0.1:{server.server_address[1]}/c/")
    yield
    server.shutdown()
    server.server_close()


def test_update_prices_reprices_the_portfolio_with_the_refreshed_closes(qtbot, service):
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(FIXTURES / "portfolio_15_plain.csv", preview=False)
    w.flush()
    nvda = w.session.book.holdings.set_index("ticker").loc["NVDA"]
    assert nvda["price_source"] == "bundle"
    w.update_prices()
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=20000)
    qtbot.waitUntil(lambda: "Prices updated" in w.statusBar().currentMessage(), timeout=5000)
    nvda = w.session.book.holdings.set_index("ticker").loc["NVDA"]
    assert (nvda["price"], nvda["price_source"], nvda["price_as_of"]) == (
        310.5, "refresh", "2030-01-15")
    assert "no close for" in w.statusBar().currentMessage()  # the fake service lacks most


def test_update_prices_offline_changes_nothing(qtbot, monkeypatch):
    monkeypatch.setenv("JEVONS_PRICE_URL", "http://127.0.0.1:9/")  # the discard port: refused
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(FIXTURES / "portfolio_15_plain.csv", preview=False)
    w.flush()
    before = w.session.book.holdings["price"].tolist()
    w.update_prices()
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=20000)
    qtbot.waitUntil(lambda: "cannot reach" in w.statusBar().currentMessage(), timeout=5000)
    assert w.session.book.holdings["price"].tolist() == before


def test_unpriced_holdings_open_and_are_named_in_the_status_bar(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(FIXTURES / "portfolio_unpriced.csv", preview=False)
    w.flush()
    message = w.statusBar().currentMessage()
    assert "4 holdings have no price" in message and "NVDIA" in message
    assert w.session.book.unpriced == ("NVDIA", "ZZZZQ", "ITX.MC", "US0000000002")
    assert w.asof_status.toolTip().endswith("unpriced (4)")
