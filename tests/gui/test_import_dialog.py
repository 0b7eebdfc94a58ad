"""The import preview: one entry per kind of problem, and its rows in the interface language."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.import_dialog import ImportDialog


def test_the_preview_lists_each_kind_of_problem_once(qtbot, tmp_path):
    path = tmp_path / "bad.csv"
    data = (b"ticker,shares,price\nAAPL,10,100\nMSFT,,200\nNVDA,abc,1\nAMD,,3\nTSM,xyz,4\n"
            b"INTC,,5\nGOOG,-1,-5\n")
    path.write_bytes(data)
    dialog = ImportDialog(path)
    qtbot.addWidget(dialog)
    texts = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert texts == [
        "lines 3, 5, 7, column 'shares': … has no quantity; skipped (a watch-list entry?) "
        "(MSFT, AMD, INTC)",
        "lines 4, 6, column 'shares': … is not a number ('abc', 'xyz')",
        "line 8, column 'price': the price must be positive, not -5",
    ]
    # An entry leads to its first line; the counts are still of every problem.
    assert dialog.problems.item(1).data(0x0100) == 4
    assert "3 error(s), 3 other note(s)" in dialog.problems_label.text()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    assert path.read_bytes() == data


def test_the_preview_names_each_row_status_and_kind_in_the_interface_language(qtbot):
    from gui.i18n import install_language
    from tests.conftest import FIXTURES

    path = FIXTURES / "import" / "brokers" / "fidelity_positions.csv"  # money market, cash, stocks

    def cells(column):
        dialog = ImportDialog(path)
        qtbot.addWidget(dialog)
        model = dialog.rows_model
        at = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        return [model.index(r, at.index(column)).data() for r in range(model.rowCount())]

    assert cells("Status")[:2] == ["ok", "ok"]
    assert cells("Kind")[:4] == ["money market", "security", "security", "cash"]
    try:
        install_language("ja")
        assert cells("状態")[:2] == ["読込", "読込"]
        assert cells("種別")[:4] == ["MMF", "株式・ETF", "株式・ETF", "現金"]
    finally:
        install_language("en")
