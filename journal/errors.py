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
