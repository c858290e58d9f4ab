"""Benchmarks: runnable scripts, not part of the installed package (`python bench/ledger.py --help`)."""
