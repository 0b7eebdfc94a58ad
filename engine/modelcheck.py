"""Model check: the model's day-one prediction against what a real day did.

docs/model.md asks how well the ``deepseek-r1`` preset reproduces its reference
day (:data:`DEFAULT_EVENT`, described in ``resources/events/``), per ticker.
:func:`model_check` compares the model's day-one price move of each security (in its own currency, so the FX channel is left out)
with the event's realised return, for every name that has data:

* given a :class:`~engine.scenario.Scenario`, per library ticker (every stock
  and ETF of the exposure library with a row in the event file);
* given a model :class:`~engine.result.Result`, per holding of that portfolio.

It reports the mean absolute error, the rank (Spearman) correlation and the
count, the same for the calibration subset, and plain-language notes on
what the model does not explain.  A :class:`ModelCheck` is a frozen value
with a tidy ``table`` the GUI's table and scatter chart draw directly, and a
``to_dict`` for the JSON report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from engine.errors import InputError
from engine.events import Event, load_event
from engine.formatting import format_number, format_percent
from engine.library import ExposureLibrary, load_library
from engine.model import CHANNELS, company_response, scenario_arrays
from engine.outcomes import ExposureSource, ModelCheck, ReferenceCheck, ResultKind
from engine.report.i18n import text
from engine.result import Result
from engine.scenario import Scenario
from engine.settings import ModelSettings, model_settings
from engine.tickers import is_tokyo, normalise_ticker

__all__ = ["DEFAULT_EVENT", "MODEL_CHECK_SCENARIO", "ModelCheck", "ReferenceCheck", "model_check",
           "reference_check", "spearman", "with_reference_check"]

#: The preset that represents the reference event, and that event.
MODEL_CHECK_SCENARIO = "deepseek-r1"
DEFAULT_EVENT = "2025-01-27"
#: Fewer names than this give no rank correlation (NaN).
MIN_FOR_RANK = 3
TABLE_COLUMNS = ("ticker", "name", "kind", "set", "predicted", "realised", "error",
                 "abs_error", "source", "confidence")


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman rank correlation of two equal-length samples.

    Ranks with ties averaged, then the Pearson correlation of the ranks.
    NaN when there are fewer than :data:`MIN_FOR_RANK` pairs or a sample is
    constant.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) != len(y):
        raise ValueError("samples differ in length")
    if len(x) < MIN_FOR_RANK:
        return float("nan")
    rx = pd.Series(x).rank(method="average").to_numpy()
    ry = pd.Series(y).rank(method="average").to_numpy()
    if np.ptp(rx) == 0 or np.ptp(ry) == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def _metrics(table: pd.DataFrame) -> dict[str, float | int]:
    return {"count": len(table),
            "mae": float(table["abs_error"].mean()) if len(table) else float("nan"),
            "spearman": spearman(table["predicted"].to_numpy(), table["realised"].to_numpy())}


def _library_predictions(scenario: Scenario, library: ExposureLibrary,
                         settings: ModelSettings) -> pd.DataFrame:
    """Day-one local-currency price move of every library stock and ETF."""
    resp = company_response(scenario_arrays(scenario), library.matrix, scenario.horizon_q,
                            settings)
    factor = resp.price[0, :, 0]  # (companies,) at t = 0
    by_key = dict(zip(library.keys, factor, strict=True))
    rows = []
    for info in library.companies.itertuples(index=False):
        res = library.resolve(info.ticker)
        predicted = sum(w * (by_key[k] - 1.0) for k, w in res.weights.items())
        rows.append({"ticker": info.ticker, "name": info.name, "kind": info.kind,
                     "predicted": float(predicted)})
    return pd.DataFrame(rows)


def _holding_predictions(result: Result) -> pd.DataFrame:
    """Each holding's day-one price move without the FX channel (a fraction)."""
    h = result.holdings
    h = h[(h["kind"] != "cash") & (h["value_before"] != 0)]
    local = sum(h[f"attr_{ch}"] for ch in CHANNELS if ch != "fx")
    kind = np.where(h["exposure"] == ExposureSource.CURATED, "stock", h["exposure"])
    return pd.DataFrame({"ticker": h["ticker"].to_numpy(), "name": h["name"].to_numpy(),
                         "kind": kind, "predicted": (local / h["value_before"]).to_numpy()})


def check_notes(table: pd.DataFrame, event: Event, lang: str, *, reference: bool,
                no_data: Sequence[str] = (), figures: bool = True) -> tuple[str, ...]:
    """What a check of ``table`` (:data:`TABLE_COLUMNS`) against ``event`` shows and leaves out.

    ``figures`` adds the count, error and rank correlation (the app shows them
    elsewhere); ``reference`` adds the event's calibration caveat (the preset
    was set with this day in view).  The texts are in ``lang``; the event's
    own caveats come from its file.
    """
    ja = lang == "ja"
    if not len(table):
        return (text("mc_note_none", lang),)
    notes = []
    if figures:
        fit = _metrics(table)
        mae = format_number(fit["mae"] * 100, 1)
        if np.isfinite(fit["spearman"]):
            notes.append(text("mc_note_fit", lang, count=fit["count"], mae=mae,
                              rank=format_number(fit["spearman"], 2)))
        else:
            notes.append(text("mc_note_fit_few", lang, count=fit["count"], mae=mae))
    misses = table.reindex(table["abs_error"].sort_values(ascending=False).index).head(3)
    notes.append(text("mc_note_misses", lang, misses="; ".join(
        text("mc_note_miss", lang, ticker=r.ticker, predicted=format_percent(r.predicted, 1),
             realised=format_percent(r.realised, 1)) for r in misses.itertuples())))
    wrong = table[np.sign(table["predicted"]) != np.sign(table["realised"])]
    if len(wrong):
        notes.append(text("mc_note_wrong_sign", lang, tickers=", ".join(wrong["ticker"])))
    notes.append(text("mc_note_limits", lang))
    caveat = event.calibration_note_ja if ja else event.calibration_note
    if reference and caveat:
        notes.append(caveat)
    notes.append(text("mc_note_one_day", lang))
    tokyo = event.tokyo_note_ja if ja else event.tokyo_note
    if tokyo and any(is_tokyo(t) for t in table["ticker"]):
        notes.append(tokyo)
    if no_data:
        notes.append(text("mc_note_no_data", lang, tickers=", ".join(no_data)))
    return tuple(notes)


def model_check(source: Scenario | Result, event: Event | str = DEFAULT_EVENT, *,
                library: ExposureLibrary | None = None,
                settings: ModelSettings | None = None) -> ModelCheck:
    """Compare the model's day-one returns with the realised returns of ``event``.

    Parameters
    ----------
    source
        A :class:`Scenario` (checked per library ticker) or a model
        :class:`Result` (checked per holding, with that result's own settings).
    event
        An :class:`Event` or its date (default the reference day).

    Raises :class:`InputError` for a replay result (history cannot be checked
    against itself) or an unknown event.
    """
    if not isinstance(event, Event):
        event = load_event(event)
    if isinstance(source, Result):
        if source.kind == "history":
            raise InputError("a historical replay is realised data; check a model scenario "
                             "against the event instead")
        predictions, basis, name = _holding_predictions(source), "holdings", source.scenario.name
    else:
        library = library or load_library()
        predictions = _library_predictions(source, library, settings or model_settings())
        basis, name = "library", source.name
    ev = event.returns
    realised = [event.file_return_of(t) for t in predictions["ticker"]]
    predictions["realised"] = [np.nan if r is None else r for r in realised]
    has = predictions["realised"].notna()
    no_data = sorted(set(predictions.loc[~has, "ticker"]))
    table = predictions[has].copy()
    keys = [normalise_ticker(t) for t in table["ticker"]]
    table["set"] = [ev.at[k, "set"] for k in keys]
    table["source"] = [ev.at[k, "source"] for k in keys]
    table["confidence"] = [ev.at[k, "confidence"] for k in keys]
    table["error"] = table["predicted"] - table["realised"]
    table["abs_error"] = table["error"].abs()
    table = table.sort_values("realised", kind="stable").reset_index(drop=True)
    table = table[list(TABLE_COLUMNS)]
    overall = _metrics(table)
    reference = name == MODEL_CHECK_SCENARIO and event.date == DEFAULT_EVENT
    calibration = _metrics(table[table["set"] == "calibration"])
    return ModelCheck(scenario_name=name, event_date=event.date, basis=basis, table=table,
                      count=int(overall["count"]), mae=float(overall["mae"]),
                      spearman=float(overall["spearman"]), calibration=calibration,
                      no_data=tuple(no_data),
                      notes=check_notes(table, event, "en", reference=reference,
                                        no_data=no_data),
                      notes_ja=check_notes(table, event, "ja", reference=reference,
                                           no_data=no_data))


def reference_check(result: Result) -> ReferenceCheck | None:
    """The model check a result carries: for the reference preset only, else ``None``.

    A model result of :data:`MODEL_CHECK_SCENARIO` is checked against
    :data:`DEFAULT_EVENT` per holding and over the exposure library; a replay
    or another scenario has none.  The app, the command line and the report
    all ask this one function.
    """
    if result.kind != ResultKind.MODEL or result.scenario.name != MODEL_CHECK_SCENARIO:
        return None
    return ReferenceCheck(model_check(result), model_check(result.scenario))


def with_reference_check(result: Result) -> Result:
    """``result`` carrying its :func:`reference_check` (unchanged when there is none)."""
    check = reference_check(result)
    return result if check is None else dataclasses.replace(result, model_check=check)
