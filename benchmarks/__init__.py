"""amends' performance benchmark: ``python -m benchmarks.run`` (``--quick`` for CI).

Kept free of imports: the TUI start-up harness runs as ``python -m
benchmarks.tui_child`` and must not pull in anything before the app does.
"""
