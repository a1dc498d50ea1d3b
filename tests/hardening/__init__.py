"""Issue #7: fault-injection, tamper and hostile-input trials for the amends core."""
