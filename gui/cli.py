"""The ``jevons`` command (DESIGN.md, "Command line contract").

``jevons run … --format json|csv|xlsx`` never imports Qt, so it works on a
machine with no display.  Exit status: 0 success; 2 anything the user can
cause or fix (a bad file, a path, a permission, a full disk, a closed stdout:
one ``error: …`` line naming the file and what to do); 130 interrupted
(Ctrl-C, no output left); 1 only for a bug (traceback in the log file, or on
stderr when the log cannot be written, and a short message).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_FAULT, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
FORMATS = ("json", "csv", "xlsx", "html", "pdf")
_TEXT_FORMATS = ("json", "csv")
#: Output suffixes and the format each means (``-o r.pdf`` writes a PDF).
_SUFFIX_FORMAT = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".html": "html",
                  ".htm": "html", ".pdf": "pdf"}
#: A run shows progress on a terminal once it has taken this long (seconds).
_PROGRESS_AFTER_S = 2.0
NO_DISPLAY = ("no display found; use `jevons run …` or set QT_QPA_PLATFORM=offscreen")


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one ``error:`` line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def _build_parser() -> argparse.ArgumentParser:
    from engine import __version__

    p = _Parser(prog="jevons", description="Stress-test a portfolio against AI-efficiency "
                "shocks. With no command, opens the app on the sample portfolio.")
    p.add_argument("--version", action="version", version=f"jevons {__version__}")
    p.add_argument("--self-test", action="store_true",
                   help="build the main window offscreen, run the sample end to end, exit 0 "
                        "if all is well")
    p.add_argument("--screenshot", metavar="PATH", help="with --self-test: save a screenshot")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    run = sub.add_parser("run", help="reprice a portfolio under a scenario and write a report")
    run.add_argument("portfolio", help="portfolio CSV file")
    run.add_argument("--scenario", required=True,
                     help="preset name (see 'jevons scenarios'), a scenario .toml file, or "
                          "event:DATE for a historical replay")
    run.add_argument("--format", choices=FORMATS, default=None,
                     help="report format (default: from the output file's extension; json "
                          "for standard output)")
    run.add_argument("-o", "--output", default="-", metavar="PATH",
                     help="output file, or - for standard output (json and csv only)")
    run.add_argument("--force", action="store_true", help="overwrite an existing output file")
    run.add_argument("--base-currency", default="USD", type=str.upper,
                     choices=("USD", "JPY", "EUR", "GBP", "CHF", "CAD", "AUD", "HKD"),
                     help="currency the portfolio is valued in (default USD)")
    run.add_argument("--as-of", metavar="DATE", type=_iso_date, default=None,
                     help="value the portfolio at the bundled closes and rates of this date, "
                          "with exposures estimated from the returns before it (YYYY-MM-DD; "
                          "default: the latest)")
    run.add_argument("--lang", default="en", choices=("en", "ja"), help="report language")
    run.add_argument("--paper", default=None, type=str.lower, choices=("a4", "letter"),
                     help="paper size of a pdf or html report (default: by locale)")
    run.add_argument("--draws", type=int, default=0, help="Monte Carlo draws (N > 1)")
    run.add_argument("--seed", type=int, default=None, help="random seed for --draws")
    run.add_argument("--no-noise", action="store_true",
                     help="with --draws: leave out the stocks' own volatility (assumptions only)")
    run.add_argument("--import-profile", metavar="NAME|FILE",
                     help="read the portfolio with a saved import profile (a .toml file) or a "
                          "built-in one (generic, yahoo-finance, schwab, fidelity, vanguard, "
                          "degiro-en, ibkr-activity, sbi, rakuten, …; docs/import.md lists "
                          "them all); a matching built-in profile is otherwise chosen by itself")
    run.add_argument("--total-value", nargs=2, metavar=("AMOUNT", "CCY"),
                     help="the portfolio's total value, for a file that gives weights only "
                          "(e.g. --total-value 250000 USD)")
    run.add_argument("--skip-bad-rows", action="store_true",
                     help="leave out rows that cannot be read (each is listed) instead of "
                          "stopping")

    val = sub.add_parser("validate", help="every preset against every documented event, "
                         "beside naive baselines (beta to SOX, to Nasdaq-100, market beta)")
    val.add_argument("--json", action="store_true", help="print the figures as JSON")
    prices = sub.add_parser("prices", help="the optional online price refresh (never runs "
                                           "unless asked)")
    prices.add_argument("action", choices=("update", "status"),
                        help="update: fetch the latest closes of the holdings of PORTFOLIO "
                             "(or of every symbol with bundled history, --all) and the "
                             "exchange rates into your cache; status: show the cache")
    prices.add_argument("portfolio", nargs="?", help="portfolio file whose holdings to update")
    prices.add_argument("--all", action="store_true",
                        help="update every symbol of the bundled core universe (slow)")
    sub.add_parser("scenarios", help="list the scenario presets")
    sub.add_parser("companies", help="list the exposure library")
    gui = sub.add_parser("gui", help="open the app, optionally on a portfolio file")
    gui.add_argument("portfolio", nargs="?")
    return p


def _output_format(args: argparse.Namespace) -> str:
    """The format asked for: ``--format``, else the output's extension, else JSON (stdout)."""
    from engine.errors import InputError

    if args.output == "-":
        return args.format or "json"
    suffix = _SUFFIX_FORMAT.get(_suffix(args.output))
    if args.format is None:
        if suffix is None:
            raise InputError(f"cannot tell the report format from the name {args.output!r}; "
                             f"end it in {', '.join(dict.fromkeys(_SUFFIX_FORMAT))} or give "
                             "--format")
        return suffix
    if suffix is not None and suffix != args.format:
        raise InputError(f"--format {args.format} does not match the output name "
                         f"{args.output!r} (a {suffix} name); change one of them")
    return args.format


def _suffix(path: str) -> str:
    from pathlib import Path

    return Path(path).suffix.lower()


def _cmd_run(args: argparse.Namespace) -> int:
    from engine import evaluate, load_portfolio, load_scenario, prepare
    from engine.atomic import atomic_write, check_target, mark_input
    from engine.errors import InputError
    from engine.report import to_csv_bytes, to_json_bytes

    args.format = _output_format(args)
    if args.format not in _TEXT_FORMATS and args.output == "-":
        raise InputError(f"--format {args.format} writes a file; give one with -o PATH")
    if args.draws < 0:
        raise InputError(f"--draws must be a positive whole number, not {args.draws}")
    from engine.events import is_event_spec, load_event, replay

    event = load_event(args.scenario) if is_event_spec(args.scenario) else None
    if event and args.draws > 1:
        raise InputError("--draws needs a model scenario; a historical replay has no "
                         "assumptions to draw")
    scenario = None if event else load_scenario(args.scenario)
    portfolio = load_portfolio(args.portfolio, _import_settings(args))
    for path in (args.scenario, args.import_profile):  # inputs of this run, like the portfolio
        if path:
            mark_input(path)
    if args.output != "-":  # refuse a bad target before the work, not after it
        check_target(args.output, overwrite=args.force)
    elif sys.stdout is None:
        raise InputError("standard output is closed; give a file with -o PATH")
    book = prepare(portfolio, base_currency=args.base_currency, as_of=args.as_of)
    from engine.modelcheck import with_reference_check

    result = replay(book, event) if event else with_reference_check(evaluate(book, scenario))
    if args.draws > 1:
        result = _with_uncertainty(result, book, scenario, args)
    if args.format in _TEXT_FORMATS:
        if args.format == "json":
            from engine.report.content import build_report

            data = to_json_bytes(result, content=build_report(result, args.lang))
        else:
            data = to_csv_bytes(result)
        if args.output == "-":
            _write_stdout(data)
        else:
            atomic_write(args.output, data, overwrite=args.force)
    else:
        _write_report(args, result)
    from engine.portfolio import group_problems

    if portfolio.reading and not any(n.message == portfolio.reading for n in portfolio.notes):
        print(f"note: {portfolio.reading}", file=sys.stderr)
    for group in group_problems(portfolio.notes):
        print(f"note: {group}", file=sys.stderr)
    for warning in book.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for warning in _coverage_warnings(result):
        print(f"warning: {warning}", file=sys.stderr)
    print(_summary_line(result, args), file=sys.stderr)
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    import json

    from engine.errors import InputError
    from engine.validation import format_text, validate

    try:
        import engine.marketdata  # noqa: F401
    except ImportError:
        raise InputError("validation needs the bundled price history (engine.marketdata), "
                         "which this build does not include") from None
    v = validate()
    if args.json:
        from engine.result import _clean

        print(json.dumps(_clean(v.to_dict()), indent=2, ensure_ascii=False))
    else:
        print(format_text(v))
    return EXIT_OK


def _iso_date(text: str):
    """``--as-of`` value: an ISO date, or a usage error that says the form."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def _write_stdout(data: bytes) -> None:
    """``data`` to standard output.

    A full disk or a closed stdout is the user's to fix (exit 2); a reader that
    went away (``| head``) is not an error at all (``main`` exits 0).
    """
    from engine.errors import InputError

    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _silence_stdout()
        from engine.errors import os_error

        raise os_error(exc, "standard output", writing=True, what="to it") from None
    except (AttributeError, ValueError):  # closed, or replaced by something without a buffer
        raise InputError("standard output is closed; give a file with -o PATH") from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's own flush at exit cannot fail again."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _summary_line(result, args: argparse.Namespace) -> str:
    """``wrote r.pdf (pdf): value $46,470.10 → $43,498.93, day-one P&L −$2,971.17
    (−6.39% of gross exposure)[, coverage curated 90%, fallback 10%]``."""
    from engine.errors import display_name
    from engine.formatting import format_money

    s = result.summary
    cur = result.currency
    where = "standard output" if args.output == "-" else display_name(args.output)
    line = (f"wrote {where} ({args.format}): value {format_money(s.value_before, cur)} → "
            f"{format_money(s.value_after, cur)}, day-one P&L "
            f"{format_money(s.pnl, cur, sign=True)} ({_return_text(s.return_instant)})")
    coverage = _coverage_text(s.coverage)
    if coverage:
        line += f", coverage {coverage}"
    return line


def _return_text(value: float | None) -> str:
    """``+10.21% of gross exposure``, or why there is no return."""
    import math

    from engine.formatting import format_percent

    if value is None or not math.isfinite(value):
        return "no return: nothing at stake"
    return f"{format_percent(value)} of gross exposure"


def _coverage_text(coverage) -> str:
    """``curated 80%, fallback 20%`` from ``summary.coverage`` (share of value by
    source, named as the app and the reports name them)."""
    from engine.coverage import source_label
    from engine.formatting import format_percent

    if not coverage:
        return ""
    parts = sorted(((float(v), str(k)) for k, v in coverage.items() if v), reverse=True)
    return ", ".join(f"{source_label(name, 'en')} {format_percent(share, 0, sign=False)}"
                     for share, name in parts)


#: Exposure sources the model cannot speak for, and what to say about them
#: (one holding, several holdings).
#: unpriced holdings have their own warning from prepare (with lines and suggestions)
_COVERAGE_WARNINGS = (
    ("market-only", "security",
     "is not in the exposure library and moves with the market only (no AI link)",
     "are not in the exposure library and move with the market only (no AI link)"),
    ("market-only", "option",
     "is an option: kept at the file's value, it moves with the market only (its leverage "
     "to the underlying is not modelled)",
     "are options: kept at the file's value, they move with the market only (their leverage "
     "to the underlying is not modelled)"),
    ("market-only", "bond",
     "is a bond with no bond index fund of its currency to move like: kept at the file's "
     "value, it moves with the market only",
     "are bonds with no bond index fund of their currency to move like: kept at the file's "
     "value, they move with the market only"),
)
_LISTED = 8


def _coverage_warnings(result) -> list[str]:
    """One warning per kind of holding the model cannot speak for: market-only
    securities, options and bonds (unpriced ones have prepare's warning)."""
    from engine.coverage import source_labels

    h = result.holdings
    # A fallback with a category chosen moves with that category: not market-only.
    sources = source_labels(h["exposure"], h["category"])
    kinds = h["kind"].where(h["kind"].isin(["option", "bond"]), "security").to_numpy()
    out = []
    for source, kind, one, many in _COVERAGE_WARNINGS:
        tickers = [str(t) for t in h.loc[(sources == source) & (kinds == kind), "ticker"]]
        if not tickers:
            continue
        shown = ", ".join(tickers[:_LISTED])
        if len(tickers) > _LISTED:
            shown += f" and {len(tickers) - _LISTED} more"
        if len(tickers) == 1:
            out.append(f"1 holding ({shown}) {one}")
        else:
            out.append(f"{len(tickers)} holdings ({shown}) {many}")
    return out


def _with_uncertainty(result, book, scenario, args):
    """``result`` with the Monte Carlo distribution, and the drivers / reverse-stress sections."""
    import dataclasses

    from engine.analysis import run_report_analysis

    with _Progress(args.draws) as progress:
        parts = run_report_analysis(book, scenario, args.draws, seed=args.seed,
                                    noise=not args.no_noise, progress=progress)
    # The sections ride on the Result so every report format has them.
    return dataclasses.replace(result, **parts)


class _Progress:
    """How far a Monte Carlo run is and the time left, on one stderr line, on a terminal,
    once it has taken :data:`_PROGRESS_AFTER_S`."""

    def __init__(self, draws: int, clock=None) -> None:
        import time

        self._draws, self._clock = draws, clock or time.monotonic
        self._start = self._shown = self._clock()
        self._tty = bool(sys.stderr is not None and sys.stderr.isatty())
        self._drawn = False

    def __call__(self, fraction: float) -> None:
        now = self._clock()
        elapsed = now - self._start
        if not self._tty or elapsed < _PROGRESS_AFTER_S or now - self._shown < 0.25 or not fraction:
            return
        self._shown = now
        from engine.analysis import MONTE_CARLO_SHARE

        left = elapsed * (1.0 - fraction) / fraction
        if fraction < MONTE_CARLO_SHARE:
            done = f"{round(fraction / MONTE_CARLO_SHARE * self._draws):,} of {self._draws:,} draws"
        else:
            done = f"{self._draws:,} draws done, analysing them"
        print(f"\rMonte Carlo: {done} ({fraction:.0%}), about {_duration(left)} left; "
              "Ctrl-C stops  ", end="", file=sys.stderr, flush=True)
        self._drawn = True

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._drawn:  # clear the line
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 5400:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def _write_report(args: argparse.Namespace, result) -> None:
    """An xlsx (no Qt), html or pdf report (Qt, offscreen without a display) to a file."""
    if args.format == "xlsx":
        from engine.report.content import build_report
        from engine.report.export import write_report

        write_report(build_report(result, args.lang), "xlsx", args.output, overwrite=args.force)
        return
    from gui.report_export import ensure_app, export_report

    ensure_app()
    export_report(result, args.format, args.output, lang=args.lang, paper=args.paper,
                  overwrite=args.force)


def _import_settings(args: argparse.Namespace):
    from engine.errors import InputError
    from engine.importer import ImportSettings, builtin_profiles, load_profile

    settings = ImportSettings()
    if args.import_profile:
        builtin = builtin_profiles()
        if args.import_profile in builtin:
            settings = builtin[args.import_profile]
        elif args.import_profile.endswith(".toml"):
            settings = load_profile(args.import_profile)
        else:
            raise InputError(f"unknown import profile {args.import_profile!r}; give a .toml file "
                             f"or one of {', '.join(builtin)}")
    if args.total_value:
        amount, currency = args.total_value
        try:
            value = float(amount.replace(",", "").replace("_", ""))
        except ValueError:
            raise InputError(f"--total-value needs an amount and a currency, e.g. 250000 USD; "
                             f"{amount!r} is not an amount") from None
        settings = settings.replace(total_value=value, total_currency=currency.upper())
    return settings.replace(skip_bad_rows=True) if args.skip_bad_rows else settings


def _print_input_error(exc: Exception) -> None:
    """One ``error:`` line, then the next few problems of a file, indented."""
    from engine.portfolio import group_problems

    print(f"error: {exc}", file=sys.stderr)
    errors = [p for p in getattr(exc, "problems", ()) if p.level == "error"]
    groups = group_problems(errors)
    if groups and len(groups[0].lines) <= 1:  # the first error, already said
        groups = groups[1:]
    for group in groups[:_SHOWN_PROBLEMS]:
        print(f"  {group}", file=sys.stderr)
    if len(groups) > _SHOWN_PROBLEMS:
        print(f"  … and {len(groups) - _SHOWN_PROBLEMS} more kinds", file=sys.stderr)


_SHOWN_PROBLEMS = 9


def _cmd_prices(args: argparse.Namespace) -> int:
    """``jevons prices update|status``: the explicit refresh into the user's cache."""
    from engine.errors import InputError
    from engine.marketdata.refresh import cache_path, load_cache, portfolio_symbols, refresh

    path = cache_path()
    if args.action == "status":
        cache = load_cache(path)
        if cache.note:
            print(f"warning: {cache.note}", file=sys.stderr)
        if not cache.closes and not cache.fx:
            print(f"no refreshed prices ({path}); the bundled closes are used")
            return EXIT_OK
        days = sorted({f"{d:%Y-%m-%d}" for _c, d, _ccy in cache.closes.values()})
        span = f"{days[0]} to {days[-1]}" if days else "none"
        print(f"{path}: fetched {cache.fetched}; {len(cache.closes)} closes ({span}), "
              f"{len(cache.fx)} exchange rates")
        return EXIT_OK
    from engine import load_portfolio
    from engine.marketdata import price_history

    if args.all:
        symbols = [s for s in price_history().symbols.tolist() if not s.startswith("^")]
    elif args.portfolio:
        symbols = portfolio_symbols(load_portfolio(args.portfolio))
    else:
        raise InputError("say what to update: jevons prices update PORTFOLIO, or --all")
    cache, missing = refresh(symbols, path=path)
    print(f"updated {len(symbols) - len([m for m in missing if m in symbols])} closes and "
          f"{len(cache.fx)} exchange rates in {path}")
    if missing:
        print(f"warning: no close from the service for {', '.join(missing)}", file=sys.stderr)
    return EXIT_OK


def _cmd_scenarios() -> int:
    from engine import list_presets

    presets = list_presets()
    width = max(len(s.name) for s in presets)
    for s in presets:
        print(f"{s.name:<{width}}  {s.title}: {s.story}")
    return EXIT_OK


def _cmd_companies() -> int:
    from engine import load_library, load_snapshot

    lib = load_library()
    snap = load_snapshot()
    table = lib.table()
    print(f"{'ticker':<8} {'kind':<5} {'cur':<3} {'category':<11} {'gpu':>5} {'asic':>5} "
          f"{'infra':>5} {'upside':>6} {'aicost':>6} {'beta':>5} {'narr':>5}  name")
    for r in table.itertuples(index=False):
        d = r._asdict()
        if d["kind"] == "etf":
            nums = f"{'(basket of its holdings)':^47}"
        else:
            nums = (f"{d['gpu']:5.2f} {d['asic']:5.2f} {d['infra']:5.2f} {d['ai_upside']:6.3f} "
                    f"{d['ai_cost']:6.3f} {d['beta']:5.2f} {d['narrative']:5.2f}")
        print(f"{d['ticker']:<8} {d['kind']:<5} {d['currency']:<3} {d['category']:<11} {nums}  "
              f"{d['name']}")
    print(f"\nprices as of {snap.as_of}; sources: resources/exposures.csv (one per number)")
    return EXIT_OK


def _has_display() -> bool:
    """Whether Qt can open a window (checked before Qt aborts the process without one)."""
    import os

    if sys.platform != "linux":
        return True
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return True  # offscreen, minimal, vnc, eglfs …: no display server needed
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _cmd_gui(portfolio: str | None, *, self_test: bool = False,
             screenshot: str | None = None) -> int:
    if not self_test and not _has_display():
        print(f"error: {NO_DISPLAY}", file=sys.stderr)
        return EXIT_INPUT
    from gui.app import run_app

    return run_app(portfolio, self_test=self_test, screenshot=screenshot)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jevons`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    from engine.errors import InputError

    # ``jevons holdings.csv`` (e.g. from a file manager) opens the GUI on that file.
    if len(argv) == 1 and not argv[0].startswith("-") and argv[0] not in (
            "run", "validate", "scenarios", "companies", "gui", "prices"):
        argv = ["gui", argv[0]]
    try:
        args = _build_parser().parse_args(argv)
        if args.self_test:
            return _cmd_gui(None, self_test=True, screenshot=args.screenshot)
        if args.command == "run":
            return _cmd_run(args)
        if args.command == "validate":
            return _cmd_validate(args)
        if args.command == "scenarios":
            return _cmd_scenarios()
        if args.command == "prices":
            return _cmd_prices(args)
        if args.command == "companies":
            return _cmd_companies()
        return _cmd_gui(getattr(args, "portfolio", None))
    except _UsageError as exc:
        print(f"error: {exc} (see 'jevons --help')", file=sys.stderr)
        return EXIT_INPUT
    except InputError as exc:
        _print_input_error(exc)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("\nerror: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``jevons run … | head``): not an error of ours or theirs.
        _silence_stdout()
        return EXIT_OK
    except Exception:
        return _internal_fault(argv)


def _internal_fault(argv: list[str]) -> int:
    """A bug: the traceback to the log (or to stderr if the log cannot be written)."""
    import traceback

    from engine.errors import display_name
    from gui.logfile import setup_logging

    exc = sys.exc_info()[1]
    path = setup_logging()
    command = display_name(" ".join(argv))
    if path is not None:
        logging.getLogger("jevons").exception("internal fault in: jevons %s", command)
        print(f"error: internal fault ({exc!r}); details in {display_name(path)}",
              file=sys.stderr)
    else:
        print(f"error: internal fault ({exc!r}); the log folder cannot be written, so the "
              "details follow here", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
    return EXIT_FAULT


if __name__ == "__main__":
    sys.exit(main())
