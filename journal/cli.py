"""The ``amends`` command line. With no arguments it opens the TUI.

Every failure is one line on stderr starting ``amends:`` and a distinct exit
status (see ``journal.errors``): 2 usage, 3 wrong passphrase or unreadable
header, 4 damaged records, 5 vault busy, 1 anything else.
Heavy imports (SQLModel, the vault, the UI) happen inside the commands.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

from journal import __version__
from journal.errors import AmendsError, UsageError

if TYPE_CHECKING:
    from journal.crypto import KdfParams
    from journal.models import EntrySummary
    from journal.search import Snippet
    from journal.vault import Vault

Handler = Callable[[argparse.Namespace, "Context"], int]


class LaunchApp(Protocol):
    """Opens the app on a vault (optionally at a check-in); returns the exit status.

    The core never imports the UI: the ``amends`` console script
    (``screens.launch``) passes this in.
    """

    def __call__(
        self,
        path: Path,
        *,
        insecure_kdf_for_tests: bool = False,
        checkin: str | None = None,
        debug: bool = False,
    ) -> int: ...


class Context:
    """What commands share: the vault path, the passphrase source, test switches."""

    def __init__(
        self, *, insecure_kdf_for_tests: bool = False, launch_app: LaunchApp | None = None
    ) -> None:
        self.insecure_kdf_for_tests = insecure_kdf_for_tests
        self._launch_app = launch_app
        self._lines: list[str] | None = None

    def open_app(self, args: argparse.Namespace, checkin: str | None = None) -> int:
        """Hand over to the app (the TUI), which the console script provides."""
        if self._launch_app is None:
            raise UsageError("the app is not available here; give a command (see amends --help)")
        return self._launch_app(
            self.vault_path(args),
            insecure_kdf_for_tests=self.insecure_kdf_for_tests,
            checkin=checkin,
            debug=args.debug,
        )

    def vault_path(self, args: argparse.Namespace) -> Path:
        from journal.paths import resolve

        return resolve(getattr(args, "vault", None))

    def secret(
        self, args: argparse.Namespace, index: int, prompt: str, optional: bool = False
    ) -> Any:
        """Line ``index`` of --passphrase-file, or asked on the terminal without echo.

        An ``optional`` line (a confirmation) missing from the file gives None.
        """
        source = getattr(args, "passphrase_file", None)
        if source is None:
            if not sys.stdin.isatty():
                raise UsageError("no passphrase: give --passphrase-file PATH, or run in a terminal")
            return _ask_secret(prompt)
        if self._lines is None:
            self._lines = _read_lines(source)
        if index >= len(self._lines):
            if optional:
                return None
            raise UsageError(
                f"the passphrase file needs {index + 1} lines; it has {len(self._lines)}"
            )
        return self._lines[index]

    def open_vault(self, args: argparse.Namespace) -> Vault:
        from journal.vault import FREEZE, Vault

        # A command is the whole process: pausing the GC through unlock is ours to choose.
        return Vault.open(
            self.vault_path(args), insecure_kdf_for_tests=self.insecure_kdf_for_tests, gc=FREEZE
        )

    def open_vault_unlocked(self, args: argparse.Namespace, *, warn: bool = True) -> Vault:
        """Open and unlock with the passphrase; warn (stderr) about damage found."""
        vault = self.open_vault(args)
        try:
            vault.unlock(self.secret(args, 0, "Passphrase: "))
        except BaseException:
            vault.close()
            raise
        if warn and vault.found_damage:
            _warn("this vault has damaged or missing records; run amends verify")
        return vault


def _read_lines(source: str) -> list[str]:
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read the passphrase file {source}: {exc.strerror}") from None
    try:
        text: str | None = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None  # raised below, outside the handler: the error holds the file's bytes
    if text is None:
        raise UsageError("the passphrase file is not UTF-8 text")
    # Lines end at \n (or \r\n) only: str.splitlines would also break a passphrase
    # at \f, \v, U+2028 and the like, which work when typed at the prompt.
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the file's final newline ends the last line; it starts no new one
    return [line.removesuffix("\r") for line in lines]


def _ask_secret(prompt: str) -> str:
    """Ask on the terminal without echo; bad input and Ctrl-D end in one clear line."""
    try:
        answer: str | None = getpass.getpass(prompt)
        problem = ""
    except EOFError:
        answer, problem = None, "nothing was typed (end of input); nothing was changed"
    except UnicodeDecodeError:
        # Not raised from here: the error holds the bytes typed, i.e. the passphrase.
        answer, problem = None, "what was typed is not UTF-8 text; check the terminal's encoding"
    if answer is None:
        print(file=sys.stderr)  # end the prompt's line, as getpass does on success
        raise UsageError(problem)
    return answer


def _warn(message: str) -> None:
    print(f"amends: warning: {message}", file=sys.stderr)


def _print_json(value: Any) -> None:
    from journal.sanitize import terminal_json

    print(terminal_json(value, default=_json_default))


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    try:
        return input(f"{question} [y/N] ").strip().lower() in {"y", "yes"}
    except (EOFError, UnicodeDecodeError):  # Ctrl-D, or bytes that are not text: a no
        print()
        return False


def _new_passphrase(
    ctx: Context, args: argparse.Namespace, first: int, params: KdfParams | None = None
) -> str:
    """Ask for a new passphrase twice (or offer a generated one); refuse mismatches and
    any a stolen copy would not hold out ten years for (``Verdict.acceptable``).
    ``params``: the vault's KDF cost, priced in the verdict (None before a vault
    exists: the floor every vault has)."""
    from journal.crypto import FLOOR
    from journal.strength import check_passphrase, generate_passphrase

    cost = params or FLOOR
    typed = getattr(args, "passphrase_file", None) is None
    prompt = "New passphrase (leave empty for a generated one): " if typed else ""
    new: str = ctx.secret(args, first, prompt or "New passphrase: ")
    if not new and typed:
        generated = generate_passphrase()
        verdict = generated.verdict(cost)
        print(
            f"\nYour new passphrase ({len(generated.passphrase.split())} words chosen at random"
            f" from EFF's list, {generated.bits:.0f} bits; a stolen copy of the vault would hold"
            f" out for {verdict.crack_time}):\n\n    {generated.passphrase}\n\n"
            "Write it down, then type it once to confirm.",
            file=sys.stderr,
        )
        if ctx.secret(args, first + 1, "Type the passphrase: ") != generated.passphrase:
            raise UsageError("that was not the generated passphrase; nothing was changed")
        return generated.passphrase
    again = ctx.secret(args, first + 1, "Repeat the new passphrase: ", optional=True)
    if again is not None and new != again:
        raise UsageError("the two new passphrases differ; nothing was changed")
    if not new:
        raise UsageError("the passphrase cannot be empty; nothing was changed")
    verdict = check_passphrase(new, cost)
    if not verdict.acceptable:
        hint = ", or leave it empty at the prompt for a generated one" if typed else ""
        raise UsageError(f"{verdict.refusal()}{hint}; nothing was changed")
    return new


# ---------------------------------------------------------------- commands
def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    from journal.vault import Vault

    path = ctx.vault_path(args)
    if path.is_dir():
        raise AmendsError(f"{path} is a folder; give the path of a vault file")
    if path.exists() and path.stat().st_size > 0:
        raise AmendsError(f"a vault already exists at {path}")
    passphrase = _new_passphrase(ctx, args, 0)
    print("Measuring this machine to set the key-derivation cost…", file=sys.stderr)
    vault, code = Vault.create(
        path,
        passphrase,
        recovery=not args.no_recovery_code,
        insecure_kdf_for_tests=ctx.insecure_kdf_for_tests,
    )
    vault.close()
    print(f"Created an encrypted vault at {path}")
    if code:
        print("\nRecovery code (shown once; keep it somewhere safe, away from this computer):")
        print(f"\n    {code}\n")
        print("With it you can set a new passphrase if you forget yours: amends recover")
    return 0


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    from journal.models import KINDS, Answer, Entry

    if args.kind not in KINDS:
        raise UsageError(f"unknown kind {args.kind!r}; choose one of {', '.join(KINDS)}")
    title, tags, body = _entry_input(args)
    if not body.strip() and not title.strip():
        raise UsageError("nothing to add: the text is empty")
    entry = Entry(
        kind=args.kind,
        title=title,
        answers=[Answer(step_id="body", text=body)],
        tags=tags,
    )
    with ctx.open_vault_unlocked(args) as vault:
        vault.save_entry(entry)
    print(f"Added {entry.short_id}")
    return 0


def _entry_input(args: argparse.Namespace) -> tuple[str, list[str], str]:
    """Title, tags and text of ``add``, kept out of argv unless given there.

    Without TEXT (or with ``-``) the text comes from stdin: typed at the terminal
    (ended with Ctrl-D), with the title and tags asked after it; or piped, where
    ``--title -`` takes its first line and ``--tag -`` the next (tags split at
    commas), and the rest is the text.
    """
    title_arg, tag_args = args.title, list(args.tag)
    wants_stdin = args.text in (None, "-") or title_arg == "-" or "-" in tag_args
    if wants_stdin and args.passphrase_file == "-":
        raise UsageError("stdin cannot hold both the text and the passphrase")
    if sys.stdin.isatty() and args.text is None:
        print("Write the entry; end it with Ctrl-D on a line of its own.", file=sys.stderr)
        body = _read_stdin().rstrip("\n")  # the newline before Ctrl-D ends the text
        if title_arg in (None, "-"):
            title_arg = _ask_line("Title (Enter for none): ")
        if not tag_args or "-" in tag_args:
            typed = _ask_line("Tags, separated by commas (Enter for none): ")
            tag_args = [t for t in tag_args if t != "-"] + [typed]
    elif sys.stdin.isatty():  # TEXT on the command line; ask for any '-' value
        body = _read_stdin() if args.text == "-" else args.text
        if title_arg == "-":
            title_arg = _ask_line("Title (Enter for none): ")
        if "-" in tag_args:
            tag_args = [t if t != "-" else _ask_line("Tags (Enter for none): ") for t in tag_args]
    else:
        lines = _read_stdin().split("\n") if wants_stdin else []
        if title_arg == "-":
            title_arg = lines.pop(0) if lines else ""
        if "-" in tag_args:
            piped = lines.pop(0) if lines else ""
            tag_args = [t if t != "-" else piped for t in tag_args]
        body = "\n".join(lines) if args.text in (None, "-") else args.text
    return (title_arg or "").strip(), _tags(tag_args), body


def _tags(values: list[str]) -> list[str]:
    tags = (t.strip().lstrip("#") for value in values for t in value.split(","))
    return list(dict.fromkeys(t for t in tags if t))


def _read_stdin() -> str:
    return _decode(sys.stdin.buffer.read(), "the text on stdin")


def _ask_line(prompt: str) -> str:
    """One line typed at the terminal; Ctrl-D gives an empty answer."""
    try:
        return input(prompt)
    except EOFError:
        print(file=sys.stderr)
        return ""
    except UnicodeDecodeError:
        raise UsageError("what was typed is not UTF-8 text; nothing was saved") from None


def _decode(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{what} is not UTF-8; nothing was saved") from None


def _summary(entry: EntrySummary) -> dict[str, Any]:
    return {
        "id": entry.id,
        "short_id": entry.short_id,
        "kind": entry.kind,
        "title": entry.display_title(),
        "created_at": entry.created_at.isoformat(),
        "updated_at": entry.updated_at.isoformat(),
        "tags": entry.tags,
        "starred": entry.starred,
    }


def _print_entries(entries: Sequence[EntrySummary], as_json: bool) -> None:
    if as_json:
        _print_json([_summary(e) for e in entries])
        return
    # One write for the whole list: printing 10,000 lines one by one cost ~60 ms.
    sys.stdout.write("".join(_entry_line(e) for e in entries))
    if not entries:
        print("No entries.", file=sys.stderr)


def _entry_line(entry: EntrySummary) -> str:
    from journal.sanitize import strip_controls

    title = entry.display_title()
    if not title.isprintable():  # the common case skips the two regex passes
        title = strip_controls(title).replace("\n", " ")
    when = entry.created_at.isoformat(" ", "minutes")[:16]  # strftime is ~5x slower
    return f"{entry.short_id}  {when}  {entry.kind:<10}  {title[:80]}\n"


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-01-31") from None


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_vault_unlocked(args) as vault:
        entries = vault.search(kind=args.kind, tag=args.tag)
        if args.since is not None or args.until is not None:
            entries = [
                e
                for e in entries
                if (args.since is None or e.created_at.date() >= args.since)
                and (args.until is None or e.created_at.date() <= args.until)
            ]
        if args.limit:  # only the entries printed are parsed
            entries = entries[: args.limit]
        _print_entries(entries, args.json)
    return 0


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    query = args.query
    if query in (None, "-"):  # kept out of argv: asked, or the first line of stdin
        if args.passphrase_file == "-":
            raise UsageError("stdin cannot hold both the query and the passphrase")
        if sys.stdin.isatty():
            query = _ask_line("Search for: ")
        else:
            query = _read_stdin().partition("\n")[0]
        if not query.strip():
            raise UsageError("nothing to search for: the query is empty")
    with ctx.open_vault_unlocked(args) as vault:
        found = vault.search(query, kind=args.kind, tag=args.tag)
        from journal.search import WIDTH

        width = WIDTH if args.json else _snippet_width(WIDTH)
        _print_hits(found, [vault.snippet(e.id, query, width) for e in found], args.json)
    return 0


def _snippet_width(default: int) -> int:
    """Cells a printed snippet has: the terminal's width (or ``COLUMNS``) less its
    indent, so the match is on the line a terminal shows; ``default`` into a pipe."""
    import os
    import shutil

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        width = int(columns)
    elif sys.stdout.isatty():
        width = shutil.get_terminal_size().columns
    else:
        return default
    return max(20, width - len(SNIPPET_INDENT))


#: Where a printed snippet starts, under its entry's line.
SNIPPET_INDENT = "    "


def _print_hits(
    found: Sequence[EntrySummary], snippets: Sequence[Snippet | None], as_json: bool
) -> None:
    """Each hit, then where its words matched (bold on a terminal), indented."""
    if as_json:
        _print_json(
            [
                {**_summary(e), "snippet": s.text if s else None, "matches": s.spans if s else []}
                for e, s in zip(found, snippets, strict=True)
            ]
        )
        return
    bold = sys.stdout.isatty()
    for entry, snip in zip(found, snippets, strict=True):
        sys.stdout.write(_entry_line(entry) + (_snippet_line(snip, bold) if snip else ""))
    if not found:
        print("No entries.", file=sys.stderr)


def _snippet_line(snip: Snippet, bold: bool) -> str:
    """'    …the words around the match…', the matches bold on a terminal. The user's
    text has its controls stripped before any bold codes go in."""
    from journal.sanitize import strip_controls

    text, out, at = snip.text, [SNIPPET_INDENT], 0
    for start, end in snip.spans:
        match = strip_controls(text[start:end])
        out += [strip_controls(text[at:start]), f"\x1b[1m{match}\x1b[22m" if bold else match]
        at = end
    out += [strip_controls(text[at:]), "\n"]
    return "".join(out)


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    from journal.flows import flow_title
    from journal.sanitize import strip_controls

    with ctx.open_vault_unlocked(args) as vault:
        entry = vault.get_entry(args.id)
    if args.json:
        _print_json(entry.model_dump(mode="json"))
        return 0
    print(strip_controls(entry.display_title()))
    print(f"{entry.id} · {flow_title(entry.flow, entry.kind)} · {entry.created_at:%Y-%m-%d %H:%M}")
    if entry.tags:
        print("Tags: " + strip_controls(", ".join(entry.tags)))
    for answer in entry.answers:
        print()
        if answer.prompt:
            print(f"— {strip_controls(answer.prompt)}")
        print(strip_controls(answer.text))
    return 0


def cmd_delete(args: argparse.Namespace, ctx: Context) -> int:
    from journal.posts.drafts import goes_with_it

    with ctx.open_vault_unlocked(args) as vault:
        entry = vault.get_entry(args.id)
        posts = goes_with_it(len(vault.post_drafts(entry.id)))
        question = " ".join(
            filter(None, [f"Delete entry {entry.short_id}?", posts, "This cannot be undone."])
        )
        if not args.yes and not _confirm(question):
            raise UsageError("not deleted; add --yes to delete without asking")
        vault.delete(entry.id)
    print(f"Deleted {entry.short_id}")
    return 0


def cmd_passwd(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_vault_unlocked(args) as vault:
        code = vault.change_passphrase(
            _new_passphrase(ctx, args, 1, vault.header.kdf), progress=_reencrypting()
        )
    print("Passphrase changed.", _recovery_note(code))
    return 0


def cmd_recover(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_vault(args) as vault:
        vault.unlock_with_recovery(ctx.secret(args, 0, "Recovery code: "))
        code = vault.change_passphrase(
            _new_passphrase(ctx, args, 1, vault.header.kdf), progress=_reencrypting()
        )
    print("New passphrase set.", _recovery_note(code))
    return 0


def _reencrypting() -> Callable[[int, int], None]:
    """A passphrase change seals every record again: say so once, on stderr."""

    def progress(done: int, total: int) -> None:
        if done == 0 and total:
            noun = "record" if total == 1 else "records"
            print(f"Re-encrypting {total:,} {noun}…", file=sys.stderr, flush=True)

    return progress


def _recovery_note(code: str | None) -> str:
    if code is None:
        return "Your recovery code still works."
    return (
        "Your old recovery code no longer works (it was made by an older amends); "
        f"your new recovery code is {code}. Write it down now: it is not shown again."
    )


def cmd_info(args: argparse.Namespace, ctx: Context) -> int:
    from journal.vault import Vault

    path = ctx.vault_path(args)
    header = Vault.read_header(path)
    wal = path.with_name(path.name + "-wal")
    info: dict[str, Any] = {
        "path": str(path),
        "size_bytes": path.stat().st_size + (wal.stat().st_size if wal.exists() else 0),
        "format_version": header.format,
        "schema_version": header.schema,
        "kdf": header.kdf.as_dict(),
        "recovery_code": header.recovery is not None,
    }
    if args.passphrase_file is not None or args.unlock:
        with ctx.open_vault_unlocked(args) as vault:
            counts = vault.counts()
        info.update(
            entries=counts["entry"],
            drafts=counts["draft"],
            post_drafts=counts["post-draft"],
            commitments=counts["commitment"],
        )
    if args.json:
        _print_json(info)
        return 0
    kdf = info["kdf"]
    print(f"Vault:    {info['path']}")
    print(f"Size:     {info['size_bytes']:,} bytes")
    print(f"Format:   {info['format_version']} (schema {info['schema_version']})")
    print(
        f"KDF:      Argon2id, memory {kdf['memory_kib']:,} KiB, "
        f"{kdf['iterations']} iterations, {kdf['lanes']} lanes"
    )
    print(f"Recovery: {'set' if info['recovery_code'] else 'none'}")
    if "entries" in info:
        print(
            f"Entries:  {info['entries']}  Drafts: {info['drafts']}  "
            f"Post drafts: {info['post_drafts']}  Commitments: {info['commitments']}"
        )
    return 0


def cmd_verify(args: argparse.Namespace, ctx: Context) -> int:
    from journal.errors import DamagedRecords

    with ctx.open_vault_unlocked(args, warn=False) as vault:
        report = vault.verify()
    for record_id in report.damaged:
        # A damaged or crafted id comes from the file: it must not drive the terminal.
        print(f"damaged: {record_id if record_id.isprintable() else ascii(record_id)[1:-1]}")
    if not report.manifest_ok:
        print("manifest: records were deleted, added or rolled back since the last save")
    for problem in report.storage[:10]:
        print(f"storage: {problem}")
    if not report.ok:
        raise DamagedRecords(
            f"{len(report.damaged)} damaged records, "
            f"manifest {'ok' if report.manifest_ok else 'mismatch'}"
            f"{', storage damaged' if report.storage else ''};"
            " restore from a backup"
        )
    print(f"ok: {report.records} records open and match the manifest")
    return 0


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_vault_unlocked(args) as vault:
        vault.backup(Path(args.dest).expanduser())
    print(f"Backed up to {args.dest} (encrypted; it opens with the same passphrase)")
    return 0


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from journal.exchange import export_json, export_markdown
    from journal.fileio import write_private

    target = args.out or "the terminal"
    _warn(
        f"this writes your whole journal in plaintext to {target}; "
        "anyone who can read it can read everything you wrote"
    )
    if not args.yes and sys.stdin.isatty() and not _confirm("Export in plaintext?"):
        raise UsageError("export cancelled")
    with ctx.open_vault_unlocked(args, warn=False) as vault:
        text = export_json(vault) if args.format == "json" else export_markdown(vault)
        damaged = vault.found_damage  # export opens every entry's answers: known now
    if damaged:
        _warn("damaged or missing records are not in this export; run amends verify")
    if args.out:
        write_private(Path(args.out).expanduser(), text.encode("utf-8"))
        print(f"Exported to {args.out} (mode 0600)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from journal.exchange import import_into

    if args.path == "-" and args.passphrase_file == "-":
        raise UsageError("stdin cannot hold both the import file and the passphrase")
    from journal.exchange import parse_import, read_import

    raw = read_import(args.path, sys.stdin.buffer)  # size and type checked before reading
    parse_import(raw)  # a bad file fails before the passphrase is asked
    with ctx.open_vault_unlocked(args) as vault:
        added, present = import_into(vault, raw)
    items = "item" if added == 1 else "items"
    print(f"Imported {added} {items}" + (f"; already here: {present}" if present else ""))
    return 0


def cmd_tui(args: argparse.Namespace, ctx: Context) -> int:
    return ctx.open_app(args)


# ------------------------------------------------------------------ parser
ARGV_WARNING = (
    "Anything given on the command line (TEXT, QUERY, --title, --tag) is saved in your "
    "shell's history and can be read by other users of this computer in the process "
    "list while amends runs. Leave it out to type it when asked, or pipe it in: "
    "printf 'Title\\ntag1, tag2\\nThe text' | amends add --title - --tag -"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line, like every other failure."""
        raise UsageError(f"{message} (see {self.prog} --help)")


def _shared(default: object) -> _Parser:
    """--vault and --passphrase-file, taken before or after the command."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--vault",
        metavar="PATH",
        default=default,
        help="vault file (default: $AMENDS_VAULT or the user data dir)",
    )
    common.add_argument(
        "--passphrase-file",
        metavar="PATH",
        default=default,
        help="read the passphrase from the first line of PATH ('-' = stdin)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="amends",
        description=(
            "A private, offline, encrypted reflection journal. With no command, opens the app."
        ),
        parents=[_shared(None)],
    )
    # A command's own copy must not reset what was given before it: no default there.
    common = _shared(argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"amends {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="after an unexpected error, also print a traceback (it can quote journal text)",
    )
    parser.set_defaults(func=cmd_tui)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, func: Handler, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, parents=[common])
        p.set_defaults(func=func)
        return p

    p = add("init", cmd_init, "create a new vault; prints the recovery code once")
    p.add_argument("--no-recovery-code", action="store_true", help="do not create a recovery code")

    p = add("add", cmd_add, "quickly add a free entry")
    p.epilog = ARGV_WARNING
    p.add_argument("--kind", default="free", help="entry kind (default: free)")
    p.add_argument("--title", help="a title, or - to give it on stdin (see below)")
    p.add_argument("--tag", action="append", default=[], help="a tag (repeatable), or - for stdin")
    p.add_argument(
        "text",
        metavar="TEXT",
        nargs="?",
        help="the text; leave it out to type it (or pipe it in), or - to read stdin",
    )

    p = add("list", cmd_list, "list entries, newest first")
    _filters(p)
    p.add_argument("--since", type=_parse_date, metavar="DATE", help="on or after this date")
    p.add_argument("--until", type=_parse_date, metavar="DATE", help="on or before this date")
    p.add_argument("-n", "--limit", type=int, metavar="N", help="show at most N entries")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add("show", cmd_show, "show one entry")
    p.add_argument("id", metavar="ID", help="entry id or a unique prefix")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add("search", cmd_search, "entries containing every word of QUERY")
    p.epilog = ARGV_WARNING
    p.add_argument(
        "query",
        metavar="QUERY",
        nargs="?",
        help="leave it out (or give -) to type it, or to read the first line of stdin",
    )
    _filters(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add("delete", cmd_delete, "delete an entry for good")
    p.add_argument("id", metavar="ID")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    add("passwd", cmd_passwd, "change the passphrase (with --passphrase-file: old, new, new)")
    add(
        "recover", cmd_recover, "set a new passphrase with the recovery code (file: code, new, new)"
    )

    p = add("info", cmd_info, "vault location, size, format and key-derivation settings")
    p.add_argument(
        "--unlock", action="store_true", help="also ask the passphrase and count entries"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")

    add("verify", cmd_verify, "open every record and check the manifest")

    p = add("backup", cmd_backup, "write an encrypted copy of the vault")
    p.add_argument("dest", metavar="DEST", help="a new file for the copy")

    p = add("export", cmd_export, "write the journal in PLAINTEXT (after a warning)")
    p.add_argument("--format", choices=("json", "markdown"), default="json")
    p.add_argument("--out", metavar="PATH", help="write to PATH (mode 0600) instead of stdout")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    p = add(
        "import", cmd_import, "import an amends export, a jrnl JSON export or a list of entries"
    )
    p.add_argument("path", metavar="PATH", help="the file, or - for stdin")

    for module in _plugin_modules():
        module.register(sub, common)
    return parser


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", help="only entries of this kind")
    p.add_argument("--tag", help="only entries with this tag")


def _plugin_modules() -> list[Any]:
    """Command groups that live in their own modules."""
    import importlib

    modules = []
    for name in ("journal.cli_posts", "journal.cli_commitments", "journal.cli_content"):
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError:
            continue
    return modules


def _one_line(message: str) -> str:
    """Messages can quote arguments and paths, which may hold newlines or escape
    sequences: show those escaped, so a failure stays one line and drives no terminal."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in message)


def main(
    argv: Sequence[str] | None = None,
    *,
    insecure_kdf_for_tests: bool = False,
    launch_app: LaunchApp | None = None,
    harden: bool = False,
) -> int:
    """Run one command. Without one, open the app through ``launch_app``.

    ``harden`` (the console script's choice) turns core dumps off for the process
    before any command asks for a passphrase; the app does so itself.
    """
    ctx = Context(insecure_kdf_for_tests=insecure_kdf_for_tests, launch_app=launch_app)
    debug = False
    try:
        args = build_parser().parse_args(argv)
        func: Handler = args.func
        debug = args.debug
        if harden and func is not cmd_tui:  # the app hardens itself after its first frame
            from journal.hardening import no_core_dumps

            no_core_dumps()
        return func(args, ctx)
    except AmendsError as exc:
        print(f"amends: {_one_line(exc.message)}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("amends: interrupted; nothing more was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(f"amends: {exc.strerror or exc.__class__.__name__}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: one line, never a traceback with journal text in it
        from journal.errors import report_crash

        return report_crash(exc, debug=debug)


if __name__ == "__main__":
    sys.exit(main(harden=True))
