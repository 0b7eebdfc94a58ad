"""The optional price refresh: a local fake service, never the network."""

from __future__ import annotations

import json
import socket
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from engine.errors import CancelledError
from engine.marketdata.refresh import RefreshError, load_cache, refresh
from engine.model import prepare
from engine.portfolio import portfolio_from_records

#: 2030-01-14 and 15, 21:00 UTC (a New York close)
STAMPS = [int(datetime(2030, 1, d, 21, tzinfo=UTC).timestamp()) for d in (14, 15)]
ANSWERS = {
    "NVDA": ("USD", -18000, [300.0, 310.5]),
    "8035.T": ("JPY", 32400, [40000.0, 41000.0]),
    "VOD.L": ("GBp", 0, [70.0, 72.0]),
    "USDJPY=X": ("JPY", 0, [150.0, 151.0]),
    "USDEUR=X": ("EUR", 0, [0.9, 0.91]),
}


class _Chart(BaseHTTPRequestHandler):
    def do_GET(self):
        symbol = self.path.split("/")[-1].split("?")[0]
        from urllib.parse import unquote

        symbol = unquote(symbol)
        if symbol.startswith("USD") and symbol.endswith("=X") and symbol not in ANSWERS:
            answer = (symbol[3:6], 0, [1.0, 1.0])
        else:
            answer = ANSWERS.get(symbol)
        if answer is None:
            self.send_response(404)
            self.end_headers()
            return
        ccy, offset, closes = answer
        body = json.dumps({"chart": {"result": [{
            "meta": {"currency": ccy, "symbol": symbol, "gmtoffset": offset},
            "timestamp": STAMPS, "indicators": {"quote": [{"close": closes}]}}], "error": None}})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def service():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Chart)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/chart/"
    server.shutdown()
    server.server_close()


def test_refresh_stores_closes_and_rates_with_their_dates(service, tmp_path):
    path = tmp_path / "cache.json"
    cache, missing = refresh(["NVDA", "8035.T", "VOD.L", "ZZZZQ"], path=path, base_url=service)
    assert missing == ["ZZZZQ"]
    assert cache.closes["NVDA"][:2] == (310.5, datetime(2030, 1, 15).date())
    assert cache.closes["8035.T"][1] == datetime(2030, 1, 16).date()  # Tokyo date of 21:00 UTC
    assert cache.closes["VOD.L"] == (pytest.approx(0.72), datetime(2030, 1, 15).date(), "GBP")
    assert cache.fx["JPY"][0] == 151.0 and cache.fx["EUR"][0] == 0.91
    again = load_cache(path)
    assert again.closes == cache.closes and again.note is None


def test_refreshed_closes_are_used_when_newer_and_say_so(service, tmp_path, monkeypatch):
    path = tmp_path / "cache.json"
    refresh(["NVDA"], path=path, base_url=service)
    monkeypatch.setattr("engine.marketdata.refresh.cache_path", lambda: path)
    book = prepare(portfolio_from_records([{"ticker": "NVDA", "shares": 2},
                                           {"ticker": "AAPL", "shares": 1}]), base_currency="JPY")
    h = book.holdings.set_index("ticker")
    assert (h.loc["NVDA", "price"], h.loc["NVDA", "price_source"]) == (310.5, "refresh")
    assert h.loc["NVDA", "price_as_of"] == "2030-01-15"
    assert h.loc["NVDA", "rate"] == 151.0  # the refreshed USD/JPY
    assert h.loc["AAPL", "price_source"] == "bundle"
    assert "refreshed closes 2030-01-15 (1)" in book.price_sources


def test_offline_fails_fast_and_changes_nothing(tmp_path):
    path = tmp_path / "cache.json"
    path.write_bytes(b'{"fetched": "x", "closes": {}, "fx": {}}')
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(RefreshError, match=r"cannot reach the price service.*Nothing was changed"):
        refresh(["NVDA"], path=path, base_url=f"http://127.0.0.1:{port}/", timeout=2.0)
    assert path.read_bytes() == b'{"fetched": "x", "closes": {}, "fx": {}}'


def test_cancel_changes_nothing(service, tmp_path):
    path = tmp_path / "cache.json"
    with pytest.raises(CancelledError):
        refresh(["NVDA", "8035.T"], path=path, base_url=service, should_stop=lambda: True)
    assert not path.exists()


@pytest.mark.parametrize("content", [b"not json", b'{"closes": {"NVDA": [-1, "2030-01-01", "USD"]},'
                                                 b' "fx": {}}', b'{"closes": 3}'])
def test_a_corrupt_cache_is_ignored_with_a_note(tmp_path, content, monkeypatch):
    path = tmp_path / "cache.json"
    path.write_bytes(content)
    cache = load_cache(path)
    assert cache.closes == {} and "cannot be read" in cache.note and str(path) in cache.note
    monkeypatch.setattr("engine.marketdata.refresh.cache_path", lambda: Path(path))
    book = prepare(portfolio_from_records([{"ticker": "NVDA", "shares": 1}]))
    assert book.holdings.loc[0, "price_source"] == "bundle"
    assert any("cannot be read" in w for w in book.warnings)


def test_cli_update_and_status(service, tmp_path):
    from tests.conftest import FIXTURES, run_cli

    env = {"JEVONS_PRICE_URL": service, "JEVONS_DATA_DIR": str(tmp_path)}
    proc = run_cli("prices", "update", str(FIXTURES / "portfolio_15_plain.csv"), env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"exchange rates in" in proc.stdout
    assert b"no close from the service for" in proc.stderr  # the fake service knows few
    status = run_cli("prices", "status", env=env)
    assert status.returncode == 0 and b"2030-01-15" in status.stdout
    offline = run_cli("prices", "update", "--all",
                      env=env | {"JEVONS_PRICE_URL": "http://127.0.0.1:9/"})
    assert offline.returncode == 2 and b"cannot reach the price service" in offline.stderr
    assert load_cache(tmp_path / "prices_cache.json").closes["NVDA"][0] == 310.5  # unchanged
