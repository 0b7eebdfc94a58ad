"""Jevons' benchmarks: ``python -m benchmarks [--json] [--only NAME ...]``."""
