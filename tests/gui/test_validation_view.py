"""The validation window runs the engine's validation off the GUI thread and shows it."""

from __future__ import annotations

from gui.validation_view import ValidationDialog
from tests.engine import fake_marketdata as fake


def test_shows_every_preset_and_baseline(qtbot):
    from engine.validation import Validation, validate_event

    history, master = fake.build()
    v = Validation([validate_event(fake.EVENT.date().isoformat(), "deepseek-r1",
                                   history=history, master=master)])
    dialog = ValidationDialog()
    qtbot.addWidget(dialog)
    assert dialog.status.text().startswith("Press Run to score")  # not an empty window
    dialog.show_validation(v)
    assert not dialog.status.text().startswith("Press Run")
    e = v.events[0]
    assert dialog.table.rowCount() == 1 + len(e.presets) + len(e.baselines)
    labels = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert any("event preset" in t for t in labels)
    assert any("beta to SOX" in t for t in labels)
    if e.to_dict()["baselines_that_win"]:
        assert "ranked better than the event preset" in dialog.status.text()


def test_runs_on_the_bundled_data(qtbot):
    dialog = ValidationDialog()
    qtbot.addWidget(dialog)
    dialog.run()
    qtbot.waitUntil(lambda: dialog.validation is not None, timeout=60_000)
    assert dialog.table.rowCount() > 5 and dialog.run_button.isEnabled()
    assert dialog.progress.value() == 1000
