"""Group 5 — hostile input: import files, prompt files and command lines.

What this proves:

- **Import files** (hypothesis: random JSON, near-valid amends/jrnl/plain files
  with one field changed, random bytes, classic hostile documents; and every
  prefix of a real export): ``import_into`` imports everything or nothing (the
  record count moves by exactly what it reports), refuses with one printable
  ``AmendsError`` line, and never leaves the vault in a state that breaks it
  afterwards (listing, searching, exporting and the manifest keep working).
- **Prompt files** (``journal.flows.load_flows`` on hypothesis-mutated copies of
  the packaged TOML flows, and on bytes that are not UTF-8): a valid flow or an
  ``AmendsError`` whose one line names the file; never another exception type.
- **Command lines** (hypothesis argv lists for ``journal.cli.main``, against a real
  vault and without one): no exception escapes ``main``, the status is one of
  0-5, and stderr follows the one-``amends:``-line rule. Argv that would launch the
  TUI (no command, ``checkin``) is skipped; strings with ``/``, ``~`` or NUL are not
  drawn (NUL cannot come from a real command line; the others could reach outside
  the temporary working directory the runs happen in).

Default: 150 import files, the prefixes of one export, 120 prompt files, 200 command
lines. Exhaustive (2000 / 1500 / 2000)::

    python -m pytest tests/hardening/test_bad_inputs.py -m exhaustive
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers import scaled
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from journal.cli import build_parser, cmd_tui
from journal.cli_commitments import cmd_checkin
from journal.errors import AmendsError, UsageError
from journal.exchange import export_json, export_markdown, import_into
from journal.flows import PROMPTS_DIR, load_flows
from journal.models import Answer, Commitment, Entry, Plan

from .support import (
    PASSPHRASE,
    Trials,
    chdir,
    create_vault,
    open_vault,
    recorded,
    run_cli,
    stderr_problem,
)

JRNL_EXPORT = Path(__file__).resolve().parents[1] / "data" / "jrnl-4.6-export.json"
DEFAULT = {"imports": 150, "flows": 120, "argv": 200}
EXHAUSTIVE = {"imports": scaled(2000), "flows": scaled(1500), "argv": scaled(2000)}


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )


@dataclass
class Tally(Trials):
    accepted: int = 0
    refused: int = 0
    partial: int = 0
    bad_messages: int = 0
    escaped: int = 0

    def line(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in self.trials.items())
        return (
            f"bad-input trials: {self.trials.total()} ({kinds}), accepted whole: "
            f"{self.accepted}, refused in one line: {self.refused}, partial imports: "
            f"{self.partial}, unclear messages: {self.bad_messages}, other exceptions or "
            f"tracebacks: {self.escaped}"
        )


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    yield from recorded(Tally())


def _assert_clean(tally: Tally, before: int) -> None:
    found = tally.problems[before:]
    assert not found, f"{len(found)} problems:\n" + "\n".join(found[:30])


def _one_line(message: str) -> bool:
    return bool(message) and message.isprintable()


# ------------------------------------------------------------------ import files
class ImportTarget:
    """A real vault imports go into; reopened now and then to check the manifest."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.vault = create_vault(path)
        self.vault.save_many(
            [
                Entry(title="already here", answers=[Answer(step_id="b", text="before")]),
                Commitment(stop="x", start="y", plans=[Plan(situation="s", action="a")]),
            ]
        )

    def count(self) -> int:
        return len(self.vault.entries()) + len(self.vault.commitments())

    def reopen(self) -> bool:
        """Close, reopen, unlock: whether it verifies (records and manifest)."""
        self.vault.close()
        self.vault = open_vault(self.path)
        return self.vault.verify().ok


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ImportTarget]:
    found = ImportTarget(tmp_path_factory.mktemp("imports") / "vault.db")
    yield found
    found.vault.close()


def import_trial(kind: str, raw: bytes, target: ImportTarget, tally: Tally) -> None:
    """Import ``raw``: all or nothing, one clear line, the vault still fully usable."""
    tally.trials[kind] += 1
    before = target.count()
    try:
        added, _present = import_into(target.vault, raw)
    except AmendsError as exc:
        tally.refused += 1
        if not _one_line(exc.message):
            tally.bad_messages += 1
            tally.problem(kind, f"message not one printable line: {exc.message!r}")
        if target.count() != before:
            tally.partial += 1
            tally.problem(kind, f"refused, yet {target.count() - before} records were added")
        return
    except Exception as exc:
        tally.escaped += 1
        tally.problem(kind, f"{exc!r} from {raw[:300]!r}")
        return
    tally.accepted += 1
    if target.count() - before != added:
        tally.partial += 1
        tally.problem(kind, f"reported {added} added, count moved {target.count() - before}")
    if added:
        try:
            target.vault.search("a")
            export_json(target.vault)
            export_markdown(target.vault)
            if not target.reopen():
                tally.problem(kind, "the vault no longer verifies after the import")
        except Exception as exc:
            tally.escaped += 1
            tally.problem(kind, f"the vault broke after importing {raw[:300]!r}: {exc!r}")


def _json_values() -> st.SearchStrategy[Any]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**70), max_value=2**70)
        | st.floats()
        | st.text(max_size=30)
        | st.sampled_from(["", "2024-02-30", "2024-01-01T10:00:00", "free", "conduct", "active"])
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
        ),
        max_leaves=12,
    )


def _valid_docs() -> list[Any]:
    """One valid file of each shape amends reads."""
    entries = [
        Entry(kind="conduct", title="t", answers=[Answer(step_id="a", text="x")], tags=["k"]),
        Entry(title="", answers=[Answer(step_id="b", text="ça 😔", never_export=True)]),
    ]
    commitments = [Commitment(stop="s", start="t", plans=[Plan(situation="a", action="b")])]
    amends = {
        "format": "amends-export",
        "version": 1,
        "entries": [e.model_dump(mode="json") for e in entries],
        "commitments": [c.model_dump(mode="json") for c in commitments],
    }
    jrnl = json.loads(JRNL_EXPORT.read_text(encoding="utf-8"))
    plain = [
        {"title": "a", "body": "b", "created_at": "2024-05-01T10:00:00+02:00", "tags": ["x"]},
        {"title": "c", "body": "d", "kind": "bystander"},
    ]
    return [amends, jrnl, plain]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON document."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def near_valid(draw: st.DrawFn) -> bytes:
    """A valid amends, jrnl or plain file with one value replaced, removed or added."""
    doc = json.loads(json.dumps(draw(st.sampled_from(_valid_docs()))))
    path = draw(st.sampled_from(_paths(doc)[1:]))
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    action = draw(st.sampled_from(["replace", "remove", "add"]))
    if action == "remove":
        del parent[path[-1]]
    elif action == "add" and isinstance(parent, dict):
        parent[draw(st.text(max_size=12))] = draw(_json_values())
    else:
        parent[path[-1]] = draw(_json_values())
    return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode()


#: Documents that broke JSON readers before: huge numbers, deep nesting, lone
#: surrogates, naive and out-of-range timestamps, NaN, duplicate ids, BOMs.
CLASSICS: list[bytes] = [
    b"1" * 5000,
    b"[" * 100_000,
    b'{"a":' * 50_000,
    b'[{"title": "\\ud800", "body": "x"}]',
    b'[{"title": "t", "body": "\\udc80\\udcff"}]',
    b'{"format": "amends-export", "entries": [{"title": "\\udfff"}]}',
    b'{"format": "amends-export", "entries": [{"created_at": "2024-01-01T00:00:00"}]}',
    b'{"format": "amends-export", "commitments": [{"created_at": "2024-01-01T00:00:00"}]}',
    b'{"format": "amends-export", "entries": [{"created_at": "0001-01-01T00:00:00"}]}',
    b'{"format": "amends-export", "entries": [{"created_at": "9999-12-31T23:59:59-12:00"}]}',
    b'[{"title": "t", "created_at": "0001-01-01T00:00:00"}]',
    b'[{"title": "t", "created_at": "9999-12-31T23:59:59"}]',
    b'{"entries": [{"title": "t", "date": "0001-01-01", "time": "00:00"}]}',
    b'{"entries": [{"title": "t", "date": "9999-12-31", "time": "23:59"}]}',
    b'[{"title": NaN}]',
    b'[{"title": "t", "tags": [Infinity]}]',
    b'{"format": "amends-export", "entries": [{"id": "%s"}, {"id": "%s"}]}'
    % (b"a" * 32, b"a" * 32),
    b"\xef\xbb\xbf[]",
    b"\xff\xfe[\x00]\x00",
    b"",
    b"null",
    b'{"format": "amends-export", "entries": {}}',
    b'{"format": "amends-export", "entries": [{"answers": [{"step_id": "x", "text": "\\u0000"}]}]}',
]


@pytest.mark.parametrize("raw", CLASSICS, ids=range(len(CLASSICS)))
def test_classic_hostile_import_files(raw: bytes, target: ImportTarget, tally: Tally) -> None:
    before = len(tally.problems)
    import_trial("classic import files", raw, target, tally)
    _assert_clean(tally, before)


def _import_strategy() -> st.SearchStrategy[tuple[str, bytes]]:
    return st.one_of(
        _json_values().map(lambda v: ("random JSON", json.dumps(v).encode())),
        near_valid().map(lambda raw: ("near-valid files", raw)),
        st.binary(max_size=400).map(lambda raw: ("random bytes", raw)),
    )


def _fuzz_imports(target: ImportTarget, tally: Tally, examples: int) -> None:
    before = len(tally.problems)

    @_settings(examples)
    @given(case=_import_strategy())
    def run(case: tuple[str, bytes]) -> None:
        import_trial(case[0], case[1], target, tally)

    run()
    _assert_clean(tally, before)


def test_fuzzed_import_files(target: ImportTarget, tally: Tally) -> None:
    _fuzz_imports(target, tally, DEFAULT["imports"])


@pytest.mark.exhaustive
def test_fuzzed_import_files_exhaustive(target: ImportTarget, tally: Tally) -> None:
    _fuzz_imports(target, tally, EXHAUSTIVE["imports"])


def test_every_prefix_of_an_export(tmp_path: Path, tally: Tally) -> None:
    """A truncated export imports nothing; only the whole file imports everything."""
    before = len(tally.problems)
    with create_vault(tmp_path / "source.db") as source:
        for model in _valid_docs()[0]["entries"]:
            source.save_entry(Entry.model_validate(model))
        source.save_commitment(Commitment(stop="s", start="t"))
        raw = export_json(source).encode()
        total = len(source.entries()) + len(source.commitments())
    target = ImportTarget(tmp_path / "target.db")
    try:
        start = target.count()
        for size in range(len(raw) + 1):
            import_trial("export prefixes", raw[:size], target, tally)
            if target.count() - start not in (0, total):
                tally.problem("export prefixes", f"{size} bytes: part of the export landed")
        if target.count() - start != total:
            tally.problem("export prefixes", "the whole export did not import")
        secret = tmp_path / "passphrase"
        secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
        target.vault.close()
        for size in (1, len(raw) // 3, len(raw) // 2, len(raw) - 3):
            cut = tmp_path / "cut.json"
            cut.write_bytes(raw[:size])
            result = run_cli(["import", cut, "--vault", target.path, "--passphrase-file", secret])
            tally.trials["export prefixes (CLI)"] += 1
            problem = stderr_problem(result)
            if problem or result.status != 2:
                tally.problem(
                    "export prefixes (CLI)", f"{result.status}: {problem or result.err!r}"
                )
            else:
                tally.refused += 1
        target.vault = open_vault(target.path)
    finally:
        target.vault.close()
    _assert_clean(tally, before)


# ------------------------------------------------------------------ prompt files
_FLOW_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(PROMPTS_DIR.glob("*.toml"))]
_TOML_VALUES = st.one_of(
    st.integers(),
    st.booleans(),
    st.just('""'),
    st.just("[]"),
    st.just("[1, 2]"),
    st.just('["a", "a"]'),
    st.just("{}"),
    st.just("{ a = 1 }"),
    st.just("1979-05-27T07:32:00Z"),
    st.just('"' + "x" * 300 + '"'),
    st.just("[" * 3000 + "]" * 3000),
    st.just("'''\nmulti\n'''"),
    st.text(max_size=20).map(json.dumps),
)


@st.composite
def mutated_flow(draw: st.DrawFn) -> bytes:
    """A packaged flow file with one to three edits, or bytes that are not UTF-8."""
    text = draw(st.sampled_from(_FLOW_TEXTS))
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        where = draw(st.integers(0, max(0, len(lines) - 1)))
        edit = draw(st.sampled_from(["cut", "insert", "line", "duplicate", "swap", "value", "key"]))
        if edit == "cut":
            start = draw(st.integers(0, len(text)))
            text = text[:start] + text[start + draw(st.integers(1, 80)) :]
        elif edit == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.text(max_size=30)) + text[at:]
        elif edit == "line":
            lines[where] = draw(st.text(max_size=40))
            text = "\n".join(lines)
        elif edit == "duplicate":
            lines.insert(where, lines[where])
            text = "\n".join(lines)
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[where], lines[other] = lines[other], lines[where]
            text = "\n".join(lines)
        elif edit == "value" and " = " in lines[where]:
            key = lines[where].split(" = ", 1)[0]
            lines[where] = f"{key} = {draw(_TOML_VALUES)}"
            text = "\n".join(lines)
        elif edit == "key":
            key = draw(
                st.sampled_from(
                    [
                        "id",
                        "kind",
                        "title",
                        "intro",
                        "question",
                        "why",
                        "field",
                        "choices",
                        "skippable",
                        "example",
                        "steps",
                    ]
                )
            )
            lines.insert(where, f"{key} = {draw(_TOML_VALUES)}")
            text = "\n".join(lines)
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 20)) == 0:
        at = draw(st.integers(0, len(raw)))
        raw = (
            raw[:at]
            + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]))
            + raw[at:]
        )
    return raw


def flow_trial(folder: Path, raw: bytes, tally: Tally) -> None:
    prompts = folder / "prompts"
    shutil.rmtree(prompts, ignore_errors=True)
    prompts.mkdir(parents=True)
    (prompts / "flow.toml").write_bytes(raw)
    tally.trials["prompt files"] += 1
    try:
        load_flows(prompts)
    except AmendsError as exc:
        tally.refused += 1
        if "prompts/flow.toml" not in exc.message or not _one_line(exc.message):
            tally.bad_messages += 1
            tally.problem("prompt files", f"{exc.message!r} for {raw[:200]!r}")
        return
    except Exception as exc:
        tally.escaped += 1
        tally.problem("prompt files", f"{exc!r} for {raw[:200]!r}")
        return
    tally.accepted += 1


def _fuzz_flows(folder: Path, tally: Tally, examples: int) -> None:
    before = len(tally.problems)

    @_settings(examples)
    @given(raw=mutated_flow())
    def run(raw: bytes) -> None:
        flow_trial(folder, raw, tally)

    run()
    _assert_clean(tally, before)


def test_fuzzed_prompt_files(tmp_path: Path, tally: Tally) -> None:
    _fuzz_flows(tmp_path, tally, DEFAULT["flows"])


@pytest.mark.exhaustive
def test_fuzzed_prompt_files_exhaustive(tmp_path: Path, tally: Tally) -> None:
    _fuzz_flows(tmp_path, tally, EXHAUSTIVE["flows"])


# ------------------------------------------------------------------ command lines
#: Commands that do not launch the TUI (``checkin`` and no command at all do).
COMMANDS = [
    "init", "add", "list", "show", "search", "delete", "passwd", "recover", "info",
    "verify", "backup", "export", "import", "commitments",
]  # fmt: skip
OPTIONS = [
    "--vault", "--passphrase-file", "--kind", "--title", "--tag", "--since", "--until",
    "-n", "--limit", "--json", "--yes", "--format", "--out", "--unlock",
    "--no-recovery-code", "--due", "--help", "--version", "-", "--",
]  # fmt: skip


def _safe(text: str) -> bool:
    """Drawn strings stay inside the working directory and could come from a shell."""
    return "\0" not in text and "/" not in text and not text.startswith("~")


@dataclass
class CliSetup:
    folder: Path
    vault: Path
    secret: Path
    ids: list[str]


@pytest.fixture(scope="module")
def cli_setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliSetup]:
    """A real vault and passphrase file; runs happen in an empty working directory,
    with $AMENDS_VAULT pointing at a file that does not exist."""
    folder = tmp_path_factory.mktemp("cli")
    vault_path = folder / "vault" / "vault.db"
    with create_vault(vault_path) as vault:
        for number in range(4):
            vault.save_entry(Entry(title=f"entry {number}", tags=["t"]))
        vault.save_commitment(Commitment(stop="s", start="t"))
        ids = [e.id for e in vault.entries()]
    secret = folder / "passphrase"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    cwd = folder / "cwd"
    cwd.mkdir()
    with pytest.MonkeyPatch.context() as patch, chdir(cwd):
        patch.setenv("AMENDS_VAULT", str(folder / "no-vault-here.db"))
        yield CliSetup(cwd, vault_path, secret, ids)


@st.composite
def argv_lists(draw: st.DrawFn, setup: CliSetup) -> list[str]:
    word = st.one_of(
        st.sampled_from(OPTIONS),
        st.text(max_size=12).filter(_safe),
        st.binary(max_size=8).map(lambda b: b.decode("utf-8", "surrogateescape")).filter(_safe),
        st.sampled_from(["2024-01-31", "2024-13-01", "-1", "0", "99999999999999999999", "json",
                         "markdown", "conduct", "#t", "t"]),
        st.sampled_from([i[:n] for i in setup.ids for n in (3, 4, 8, 32)]),
        st.sampled_from([str(setup.vault), str(setup.secret), str(setup.folder), "nope.db"]),
    )  # fmt: skip
    command = draw(st.one_of(st.sampled_from(COMMANDS), word))
    argv = [command, *draw(st.lists(word, max_size=6))]
    if draw(st.booleans()):
        argv += ["--vault", str(setup.vault), "--passphrase-file", str(setup.secret)]
    return argv


def _launches_the_app(argv: list[str]) -> bool:
    try:
        args = build_parser().parse_args(argv)
    except (UsageError, SystemExit):
        return False
    return args.func in (cmd_tui, cmd_checkin)


def cli_trial(argv: list[str], tally: Tally) -> None:
    tally.trials["command lines"] += 1
    try:
        result = run_cli(argv)
    except BaseException as exc:
        tally.escaped += 1
        tally.problem("command lines", f"{argv!r}: {exc!r}")
        return
    problem = stderr_problem(result)
    if problem or result.status not in range(6):
        tally.bad_messages += 1
        tally.problem("command lines", f"{argv!r}: status {result.status}, {problem}")
    elif result.status:
        tally.refused += 1
    else:
        tally.accepted += 1


def _fuzz_argv(setup: CliSetup, tally: Tally, examples: int) -> None:
    before = len(tally.problems)

    @_settings(examples)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        argv = data.draw(argv_lists(setup))
        assume(not _launches_the_app(argv))
        cli_trial(argv, tally)

    run()
    with open_vault(setup.vault) as vault:
        if not vault.verify().ok:
            tally.problem("command lines", "the vault no longer verifies")
    _assert_clean(tally, before)


def test_fuzzed_command_lines(cli_setup: CliSetup, tally: Tally) -> None:
    _fuzz_argv(cli_setup, tally, DEFAULT["argv"])


@pytest.mark.exhaustive
def test_fuzzed_command_lines_exhaustive(cli_setup: CliSetup, tally: Tally) -> None:
    _fuzz_argv(cli_setup, tally, EXHAUSTIVE["argv"])


def test_the_app_launching_argv_is_recognised() -> None:
    """The fuzzer's filter must catch what starts the TUI, or a run would hang on it."""
    assert _launches_the_app([])
    assert _launches_the_app(["--vault", "x"])
    assert _launches_the_app(["checkin", "abcd"])
    assert not _launches_the_app(["list"])
