"""The scenario panel: a preset with its story, and a slider and spin box per parameter.

The controls are built from :data:`engine.parameters.PARAMETERS` (label,
unit, range, log scale), so a parameter added to the engine appears here
without code.  Every change emits :attr:`ScenarioPanel.scenario_changed` with a
validated :class:`~engine.scenario.Scenario`.

Below the presets the picker lists the historical events
(:func:`engine.events.list_events`); choosing one emits
:attr:`ScenarioPanel.event_selected`.  While a replay is shown
(:meth:`ScenarioPanel.set_replay`) the parameter controls are disabled, not
hidden: a replay uses realised returns, so no parameter applies, and the
controls keep the model scenario to go back to.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from engine.events import EVENT_PREFIX, Event
from engine.formatting import format_date
from engine.parameters import PARAMETERS, ParameterSpec
from engine.scenario import Scenario
from gui.i18n import current_language, language_notifier
from gui.labels import parameter_description, parameter_label, parameter_unit

__all__ = ["ParameterControl", "ScenarioPanel", "scenario_file_name"]

_SLIDER_STEPS = 1000


class ParameterControl(QWidget):
    """A slider and a spin box for one parameter, kept in step."""

    value_changed = Signal(str, float)

    def __init__(self, spec: ParameterSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.spin = QDoubleSpinBox()
        if spec.integer:
            self.slider.setRange(int(spec.low), int(spec.high))
            self.spin.setDecimals(0)
            self.spin.setSingleStep(1)
        else:
            self.slider.setRange(0, _SLIDER_STEPS)
            self.spin.setDecimals(1 if spec.log else (2 if spec.high - spec.low >= 1 else 3))
            self.spin.setSingleStep(0.1 if spec.log else (spec.high - spec.low) / 100)
        self.spin.setRange(spec.low, spec.high)
        self.spin.setKeyboardTracking(False)
        self.spin.setFixedWidth(136)
        self.slider.setMinimumWidth(110)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.slider.valueChanged.connect(self._on_slider_changed)
        self.spin.valueChanged.connect(self._on_spin_changed)
        self.set_value(spec.default)

    # -- position ↔ value ------------------------------------------------------
    def _to_position(self, value: float) -> int:
        s = self.spec
        if s.integer:
            return round(value)
        if s.log:
            frac = math.log(value / s.low) / math.log(s.high / s.low)
        else:
            frac = (value - s.low) / (s.high - s.low)
        return round(min(max(frac, 0.0), 1.0) * _SLIDER_STEPS)

    def _to_value(self, position: int) -> float:
        s = self.spec
        if s.integer:
            return float(position)
        frac = position / _SLIDER_STEPS
        if s.log:
            value = s.low * (s.high / s.low) ** frac
            return round(value, 1 if value < 100 else 0)
        value = s.low + frac * (s.high - s.low)
        return round(value, self.spin.decimals())

    # -- public ------------------------------------------------------------------
    def value(self) -> float:
        return float(self.spin.value())

    def set_value(self, value: float) -> None:
        """Show ``value`` without emitting :attr:`value_changed`."""
        with QSignalBlocker(self.slider), QSignalBlocker(self.spin):
            self.spin.setValue(value)
            self.slider.setValue(self._to_position(value))

    def retranslate(self) -> None:
        unit = parameter_unit(self.spec)
        self.spin.setSuffix(f" {unit}" if unit and unit != "×" else unit)
        tip = parameter_description(self.spec)
        self.slider.setToolTip(tip)
        self.spin.setToolTip(tip)

    # -- slots ---------------------------------------------------------------
    def _on_slider_changed(self, position: int) -> None:
        value = self._to_value(position)
        with QSignalBlocker(self.spin):
            self.spin.setValue(value)
        self.value_changed.emit(self.spec.name, self.value())

    def _on_spin_changed(self, value: float) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(self._to_position(value))
        self.value_changed.emit(self.spec.name, float(value))


class ScenarioPanel(QWidget):
    """Preset picker, story, one :class:`ParameterControl` per parameter, reset."""

    scenario_changed = Signal(object)  # Scenario
    event_selected = Signal(object)  # engine.events.Event
    save_requested = Signal()
    load_requested = Signal()

    def __init__(self, presets: list[Scenario], parent: QWidget | None = None, *,
                 events: list[Event] | None = None) -> None:
        super().__init__(parent)
        self._presets = {s.name: s for s in presets}
        self._events = {e.spec: e for e in events or ()}
        self._replay: Event | None = None
        self._lang = current_language()
        self._base: Scenario = presets[0]
        self._scenario: Scenario = presets[0]
        outer = QVBoxLayout(self)
        self.preset_label = QLabel()
        self.preset_box = QComboBox()
        self.story = QLabel()
        self.story.setWordWrap(True)
        self.story.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.story.setMinimumHeight(48)
        self.story.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.replay_note = QLabel()
        self.replay_note.setWordWrap(True)
        self.replay_note.setVisible(False)
        outer.addWidget(self.preset_label)
        outer.addWidget(self.preset_box)
        outer.addWidget(self.story)
        outer.addWidget(self.replay_note)

        form_host = QWidget()
        self.form = QFormLayout(form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.form.setVerticalSpacing(2)
        self.controls: dict[str, ParameterControl] = {}
        self._labels: dict[str, QLabel] = {}
        for spec in PARAMETERS:
            control = ParameterControl(spec)
            control.value_changed.connect(self._on_parameter_changed)
            label = QLabel()
            label.setBuddy(control.spin)
            self.form.addRow(label, control)
            self.controls[spec.name] = control
            self._labels[spec.name] = label
        self._form_host = form_host
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.reset_button = QPushButton()
        self.save_button = QPushButton()
        self.load_button = QPushButton()
        for b in (self.reset_button, self.save_button, self.load_button):
            buttons.addWidget(b)
        outer.addLayout(buttons)
        self.reset_button.clicked.connect(self.reset_to_preset)
        self.save_button.clicked.connect(self.save_requested)
        self.load_button.clicked.connect(self.load_requested)

        self._fill_presets()
        self.preset_box.currentIndexChanged.connect(self._on_preset_changed)
        self.retranslate()
        self._show(self._scenario)
        language_notifier().changed.connect(self.set_language)

    # -- public ----------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return self._scenario

    def set_scenario(self, scenario: Scenario) -> None:
        """Show ``scenario`` (a preset or a loaded file) and emit it."""
        self._base = scenario
        index = self.preset_box.findData(scenario.name)
        with QSignalBlocker(self.preset_box):
            if scenario.name in self._presets and scenario.source == \
                    self._presets[scenario.name].source:
                self.preset_box.setCurrentIndex(index)
            else:
                self._add_custom(scenario)
        self._apply(scenario)

    def set_parameters(self, values: dict[str, float]) -> None:
        """Move the controls of ``values`` (name → value) and emit the scenario once.

        Each value is rounded as its spin box shows it, so the scenario and the
        controls agree.
        """
        for name, value in values.items():
            self.controls[name].set_value(float(value))
        shown = {name: self.controls[name].value() for name in values}
        self._scenario = self._scenario.with_parameters(**shown)
        self.scenario_changed.emit(self._scenario)

    def select_preset(self, name: str) -> None:
        self.preset_box.setCurrentIndex(self.preset_box.findData(name))

    @property
    def replay(self) -> Event | None:
        """The event being replayed, or None while the model is shown."""
        return self._replay

    def set_replay(self, event: Event | None) -> None:
        """Show ``event`` as the current choice (controls off), or go back (None).

        Emits nothing: the window decides what to compute.
        """
        self._replay = event
        key = event.spec if event is not None else self._base_key()
        with QSignalBlocker(self.preset_box):
            index = self.preset_box.findData(key)
            if index >= 0:
                self.preset_box.setCurrentIndex(index)
        for widget in (self._form_host, self.reset_button, self.save_button):
            widget.setEnabled(event is None)
        self.replay_note.setVisible(event is not None)
        self._show_story(self._base)

    def _base_key(self) -> str:
        for key, s in self._presets.items():
            if s is self._base:
                return key
        return self._base.name

    def reset_to_preset(self) -> None:
        self._apply(self._base)

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self.retranslate()

    def retranslate(self) -> None:
        self.preset_label.setText(self.tr("Scenario"))
        self.reset_button.setText(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("Set every parameter back to the scenario's values"))
        self.save_button.setText(self.tr("Save…"))
        self.save_button.setToolTip(self.tr("Save these parameters as a scenario file"))
        self.load_button.setText(self.tr("Load…"))
        self.load_button.setToolTip(self.tr("Load a scenario file"))
        self.replay_note.setText(self.tr(
            "<i>The sliders are off while a replay is shown: it applies realised returns, "
            "not the model's parameters. Choose a scenario above to go back to the model.</i>"))
        for name, control in self.controls.items():
            spec = control.spec
            unit = parameter_unit(spec)
            range_text = f"{spec.low:g} – {spec.high:g}"
            self._labels[name].setText(f"{parameter_label(spec)} ({spec.symbol})")
            self._labels[name].setToolTip(
                f"{parameter_description(spec)}\n{self.tr('Range')}: {range_text} {unit}".strip())
            control.retranslate()
        with QSignalBlocker(self.preset_box):
            for i in range(self.preset_box.count()):
                s = self._scenario_at(i)
                if s is not None:
                    self.preset_box.setItemText(i, self._title(s))
                event = self._events.get(self.preset_box.itemData(i))
                if event is not None:
                    self.preset_box.setItemText(i, self._event_title(event))
        self._show_story(self._base)

    # -- internals -------------------------------------------------------------
    def _title(self, s: Scenario) -> str:
        title = (s.title_ja or s.title) if self._lang == "ja" else s.title
        return title or s.name

    def _event_title(self, event: Event) -> str:
        return self.tr("History: replay {0}").format(format_date(event.date, self._lang))

    def _fill_presets(self) -> None:
        for s in self._presets.values():
            self.preset_box.addItem(self._title(s), s.name)
        if self._events:
            self.preset_box.insertSeparator(self.preset_box.count())
            for event in self._events.values():
                self.preset_box.addItem(self._event_title(event), event.spec)

    def _insert_index(self) -> int:
        """Where a loaded scenario goes: after the presets, before the events."""
        for i in range(self.preset_box.count()):
            data = self.preset_box.itemData(i)
            if isinstance(data, str) and data.startswith(EVENT_PREFIX):
                return i - 1  # before the separator
        return self.preset_box.count()

    def _add_custom(self, scenario: Scenario) -> None:
        key = f"file:{scenario.source or scenario.name}"
        self._presets[key] = scenario
        index = self.preset_box.findData(key)
        if index < 0:
            index = self._insert_index()
            self.preset_box.insertItem(index, self._title(scenario), key)
        self.preset_box.setCurrentIndex(index)

    def _scenario_at(self, index: int) -> Scenario | None:
        return self._presets.get(self.preset_box.itemData(index))

    def _show_story(self, s: Scenario) -> None:
        shown = self._replay if self._replay is not None else s
        story = (shown.story_ja or shown.story) if self._lang == "ja" else shown.story
        self.story.setText(story)
        self.preset_box.setToolTip(story)

    def _show(self, scenario: Scenario) -> None:
        for name, control in self.controls.items():
            control.set_value(scenario.parameters[name])
        self._show_story(self._base)

    def _apply(self, scenario: Scenario) -> None:
        self._scenario = scenario
        self._show(scenario)
        self.scenario_changed.emit(scenario)

    def _on_preset_changed(self, index: int) -> None:
        event = self._events.get(self.preset_box.itemData(index))
        if event is not None:
            self.event_selected.emit(event)
            return
        scenario = self._scenario_at(index)
        if scenario is not None:
            self._base = scenario
            if self._replay is not None:
                self.set_replay(None)
            self._apply(scenario)

    def _on_parameter_changed(self, name: str, value: float) -> None:
        self._scenario = self._scenario.with_parameters(**{name: value})
        self.scenario_changed.emit(self._scenario)


def scenario_file_name(scenario: Scenario) -> str:
    return f"{Path(scenario.name).stem or 'scenario'}.toml"
