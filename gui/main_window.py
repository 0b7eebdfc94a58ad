"""The main window: holdings repriced under a scenario."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine import evaluate, list_presets, load_portfolio, prepare


class MainWindow(QMainWindow):
    def __init__(self, portfolio_path: Path) -> None:
        super().__init__()
        self.setWindowTitle(f"Jevons — {portfolio_path.name}")
        self.resize(1000, 600)
        self._presets = {s.name: s for s in list_presets()}
        self._book = prepare(load_portfolio(portfolio_path))
        self._scenario = self._presets["deepseek-r1"]

        central = QWidget()
        layout = QVBoxLayout(central)
        controls = QHBoxLayout()
        self.preset_box = QComboBox()
        self.preset_box.addItems(list(self._presets))
        self.preset_box.currentTextChanged.connect(self._on_preset_changed)
        controls.addWidget(QLabel("Scenario"))
        controls.addWidget(self.preset_box)
        self.k_slider = QSlider(Qt.Orientation.Horizontal)
        self.k_slider.setRange(0, 200)  # log10(k) * 100
        self.k_slider.valueChanged.connect(self._on_efficiency_changed)
        self.k_label = QLabel()
        controls.addWidget(QLabel("Efficiency multiple"))
        controls.addWidget(self.k_slider, 1)
        controls.addWidget(self.k_label)
        layout.addLayout(controls)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.table = QTableWidget()
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)
        self._on_preset_changed("deepseek-r1")

    def _on_preset_changed(self, name: str) -> None:
        self._scenario = self._presets[name]
        self.k_slider.blockSignals(True)
        self.k_slider.setValue(round(100 * math.log10(self._scenario["efficiency_multiple"])))
        self.k_slider.blockSignals(False)
        self._reprice()

    def _on_efficiency_changed(self, value: int) -> None:
        self._scenario = self._scenario.with_parameters(efficiency_multiple=10 ** (value / 100))
        self._reprice()

    def _reprice(self) -> None:
        self.result = evaluate(self._book, self._scenario)
        s = self.result.summary
        cur = s["currency"]
        self.k_label.setText(f"{self._scenario['efficiency_multiple']:.1f}×")
        self.summary.setText(
            f"Value {s['value_before']:,.0f} {cur} → {s['value_after']:,.0f} {cur}  "
            f"(day one {s['return_instant']:+.2%}, horizon {s['return_horizon']:+.2%})   "
            f"prices as of {s['price_as_of']}")
        cols = ["ticker", "shares", "price", "value_before", "value_after", "pnl",
                "return_instant", "return_horizon", "exposure"]
        h = self.result.holdings
        self.table.setColumnCount(len(cols))
        self.table.setHorizontalHeaderLabels(cols)
        self.table.setRowCount(len(h))
        for i, row in enumerate(h[cols].itertuples(index=False)):
            for j, v in enumerate(row):
                text = (f"{v:+.2%}" if cols[j].startswith("return") else
                        f"{v:,.2f}" if isinstance(v, float) else str(v))
                self.table.setItem(i, j, QTableWidgetItem(text))

    def self_test(self, screenshot: str | None) -> int:
        before = self.result.summary["value_after"]
        self.k_slider.setValue(self.k_slider.value() + 50)
        after = self.result.summary["value_after"]
        if screenshot:
            self.grab().save(screenshot)
        ok = math.isfinite(after) and after != before
        print("self-test: ok" if ok else "self-test: FAILED (numbers did not change)")
        return 0 if ok else 1
