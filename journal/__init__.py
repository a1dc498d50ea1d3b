"""amends core: the encrypted vault, domain models, flows, posts and the CLI.

Nothing here imports the UI (``textual`` or ``screens``); tests enforce it.
Keep this module free of heavy imports: the CLI and the TUI import it first.
"""

__version__ = "0.1.0"
