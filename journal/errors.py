"""Errors a user can cause, each with one clear line and an exit status.

Messages never contain a passphrase, a key or the user's text.
"""


class AmendsError(Exception):
    """A failure to show as one line: what happened and what to do."""

    status = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(AmendsError):
    status = 2


class WrongPassphrase(AmendsError):
    """Wrong passphrase or damaged header: deliberately indistinguishable."""

    status = 3

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "wrong passphrase, or the vault header is damaged; try again, "
            "or use your recovery code (amends recover)"
        )


class DamagedRecords(AmendsError):
    status = 4


class VaultBusy(AmendsError):
    status = 5

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message or "this vault is open in another amends process; close it there and try again"
        )


def report_crash(error: BaseException, *, debug: bool = False) -> int:
    """One line on stderr for an error nobody planned for; returns the exit status.

    Nothing of the error is shown by default: its message or a traceback's local
    variables can quote journal text. ``debug`` (``amends --debug``) adds the
    traceback, without local variables.
    """
    import sys

    print(
        f"amends: something went wrong inside amends ({type(error).__name__}) and it "
        "stopped; what you had saved is safe. Run amends --debug to see the details.",
        file=sys.stderr,
    )
    if debug:
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    return 1
