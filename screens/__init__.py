"""The amends terminal app (Textual).

``screens.app.run`` is the entry point; ``screens.app.AmendsApp`` the app factory.
Modules that draw the first frame (app, unlock, first run) import no storage code:
the vault, SQLModel and pydantic load in a worker while the passphrase is typed.
"""
