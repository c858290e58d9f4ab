"""The soak benchmark's parts; `bench/soak.py` is the command that runs them.

Imported as `bench.soaking`: the repository root must be on sys.path (bench/soak.py puts it there; pytest runs
from it), since neither `bench` nor `tests` is an installed package.
"""
