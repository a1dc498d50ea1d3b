"""Process hardening for anything that may hold decrypted text or a passphrase.

A core dump would write the process's memory (keys, journal text) to disk in the
clear, so amends turns dumps off before it asks for a passphrase: RLIMIT_CORE 0
everywhere, and on Linux ``PR_SET_DUMPABLE`` 0, which also keeps other processes of
the same user from attaching a debugger (ptrace) or reading ``/proc/PID/mem``.
What stays out of reach is in SECURITY.md (swap, root, a debugger started first).
"""

from __future__ import annotations

import sys

_PR_SET_DUMPABLE = 4  # <linux/prctl.h>


def no_core_dumps() -> None:
    """Forbid core dumps for this process (and keep them forbidden in children)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):  # not on this platform: nothing to lower
        pass
    if sys.platform.startswith("linux"):
        _not_dumpable()


def _not_dumpable() -> None:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl (an unusual libc): RLIMIT_CORE still holds
        pass
