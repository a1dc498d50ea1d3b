"""Guided flows: the questions amends asks, one at a time, loaded from TOML.

Each file in ``journal/prompts`` is one flow::

    id = "conduct"
    kind = "conduct"            # one of journal.models.KINDS
    title = "Something I did"
    intro = "What this flow is; skip, go back or stop at any time."

    [[steps]]
    id = "what_happened"        # stored as Answer.step_id: never rename a shipped id
    question = "What happened?"
    why = "One plain sentence on why we ask."
    source = "Latané & Darley"  # the framework it comes from, a short tag
    example = "One sentence."   # optional
    skippable = true            # optional, default true
    field = "stop"              # optional, commitment and checkin flows only
    choices = ["kept", "..."]   # optional: the answer is one of these
    shows = "plans"             # optional: show the writer's if-then plans with it

Files are checked when they are loaded. A mistake raises ``AmendsError`` with
one line naming the file and the field, so a typo in a prompt file fails at
start-up (and in the tests), not halfway through somebody's reflection.

Also here: ``parse_plans`` and ``parse_checkin_offsets``, which read the
free-text answers of the commitment and check-in flows.
"""

from __future__ import annotations

import calendar
import difflib
import functools
import re
import tomllib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from journal.errors import AmendsError
from journal.models import KIND_LABELS, KINDS, LABEL_WIDTH, Plan

#: Where the packaged flows live.
PROMPTS_DIR = Path(__file__).parent / "prompts"

#: Which structured fields each kind of flow may fill, in no particular order.
#: Commitment fields are journal.models.Commitment's, except ``checkins``: its
#: text goes through parse_checkin_offsets to become ``checkin_dates``.
FIELDS: Mapping[str, tuple[str, ...]] = {
    "commitment": ("stop", "start", "high_risk", "plans", "supporter", "checkins"),
    "checkin": ("outcome", "plans", "next_checkin"),
}


class Offset(NamedTuple):
    """How long after a date a check-in falls: calendar months, then days.

    "1 month" from Dec 2 is Jan 2, not Jan 1 (30 days); from Jan 31 it is the
    last day of February. Weeks and days are days; a year is 12 months.
    """

    months: int = 0
    days: int = 0

    @property
    def approx_days(self) -> float:
        """For ordering and limits: a month as the average, 30.44 days."""
        return self.months * 365.25 / 12 + self.days

    def after(self, start: date) -> date:
        total = start.month - 1 + self.months
        year, month = start.year + total // 12, total % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return date(year, month, day) + timedelta(days=self.days)


#: Check-in offsets used when none are given: 1 week, 1 month, 3 months.
DEFAULT_CHECKIN_OFFSETS: tuple[Offset, ...] = (Offset(days=7), Offset(months=1), Offset(months=3))

_FLOW_KEYS = ("id", "kind", "title", "label", "intro", "steps")
_STEP_KEYS = (
    "id",
    "question",
    "why",
    "source",
    "example",
    "skippable",
    "field",
    "choices",
    "only_after",
    "after",
    "names_excuses",
    "shows",
)
#: What a step may show beside its question: ``plans``, the writer's own if-then plans;
#: ``support``, the lines for people worried about their own behaviour, and the crisis
#: lines, where he lives (journal.resources).
SHOWS = ("plans", "support")
_ID = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Step:
    """One question of a flow."""

    id: str
    question: str
    why: str
    #: The framework the step comes from (accountability.md), as a short tag.
    source: str = ""
    example: str | None = None
    skippable: bool = True
    #: The structured field this answer fills (commitment and checkin flows).
    field: str | None = None
    #: When not empty, the answer is exactly one of these.
    choices: tuple[str, ...] = ()
    #: When not empty: asked only if the answer to ``follows`` (the nearest earlier
    #: choice step) is one of these ("What got in the way?" is not asked after "kept").
    only_after: tuple[str, ...] = ()
    follows: str | None = None
    #: The question asks him to name his excuses: the review acknowledges them
    #: in the answer instead of flagging them.
    names_excuses: bool = False
    #: Something of the writer's own shown with the question (one of SHOWS), or None.
    shows: str | None = None

    @property
    def input(self) -> str:
        """The kind of input the step takes: ``"choice"`` or ``"text"``."""
        return "choice" if self.choices else "text"


@dataclass(frozen=True)
class Flow:
    """A guided reflection: an introduction, then its steps in order."""

    id: str
    kind: str
    title: str
    intro: str
    steps: tuple[Step, ...]
    #: What the entry list calls its entries (at most LABEL_WIDTH characters); by
    #: default the kind's label, so two flows of one kind can be told apart.
    label: str = ""


# --- Checking TOML tables (shared with journal.resources) ------------------------------


def read_toml(path: Path, label: str) -> dict[str, Any]:
    """Parse a TOML file; any failure is an AmendsError starting with ``label``."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise AmendsError(f"{label}: can't be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise AmendsError(f"{label}: is not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AmendsError(f"{label}: invalid TOML {_toml_position(str(exc))}") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays or tables
        raise AmendsError(f"{label}: invalid TOML: values are nested too deeply") from None


def _toml_position(message: str) -> str:
    """'Invalid value (at line 3, column 8)' -> 'at line 3, column 8: invalid value'."""
    match = re.fullmatch(r"(?s)(.*) \(at (line \d+, column \d+|end of document)\)", message)
    if match is None:
        return f": {message}"
    problem, where = match.groups()
    where = "end of file" if where == "end of document" else where
    return f"at {where}: {problem[:1].lower()}{problem[1:]}"


def _type_of(value: object) -> str:
    """How a TOML value's type reads in a message."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def did_you_mean(value: str, options: Iterable[str]) -> str:
    """' (did you mean "x"?)' when an option is close to ``value``, else ''."""
    close = difflib.get_close_matches(value, list(options), n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


class TomlTable:
    """One TOML table being checked. Every problem is one line naming where it is."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data = data
        self.where = where

    def fail(self, problem: str) -> NoReturn:
        # Problems quote the file's keys and values: show their control characters escaped.
        message = f"{self.where}: {problem}"
        raise AmendsError("".join(c if c.isprintable() else ascii(c)[1:-1] for c in message))

    def only(self, allowed: Collection[str]) -> None:
        """Refuse keys not in ``allowed``: a misspelt optional key must not pass silently."""
        for key in self.data:
            if key not in allowed:
                self.fail(f'unknown key "{key}"{did_you_mean(key, allowed)}')

    def text(self, key: str) -> str:
        """A required, non-blank string, stripped."""
        value = self.optional_text(key)
        if value is None:
            self.fail(f'missing "{key}"')
        return value

    def optional_text(self, key: str) -> str | None:
        """None when absent; otherwise a non-blank string, stripped."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(f'"{key}" must be a string, not {_type_of(value)}')
        if not value.strip():
            self.fail(f'"{key}" is empty')
        return value.strip()

    def identifier(self, key: str) -> str:
        """A required id: lowercase letters, digits and underscores."""
        value = self.text(key)
        if not _ID.fullmatch(value):
            self.fail(
                f'"{key}" must be lowercase letters, digits and "_", '
                f'starting with a letter (got "{value}")'
            )
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(f'"{key}" must be true or false, not {_type_of(value)}')
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        """An optional list of distinct, non-blank strings (empty when absent)."""
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.fail(f'"{key}" must be a list of strings, not {_type_of(value)}')
        items: list[str] = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, str):
                self.fail(f'"{key}" item {number} must be a string, not {_type_of(item)}')
            if not item.strip():
                self.fail(f'"{key}" item {number} is empty')
            if item.strip() in items:
                self.fail(f'"{key}" lists "{item.strip()}" twice')
            items.append(item.strip())
        return tuple(items)

    def tables(self, key: str, noun: str) -> list[TomlTable]:
        """A required, non-empty array of tables ``[[key]]``, each named '<noun> <n>'."""
        value = self.data.get(key)
        if value is None or value == []:
            self.fail(f"no {key}; add at least one [[{key}]] table")
        if not isinstance(value, list):
            self.fail(f'"{key}" must be [[{key}]] tables, not {_type_of(value)}')
        tables: list[TomlTable] = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                self.fail(f"{noun} {number} must be a [[{key}]] table, not {_type_of(item)}")
            tables.append(TomlTable(item, f"{self.where}: {noun} {number}"))
        return tables

    def named(self, key: str) -> TomlTable:
        """This table, with its ``key`` value (when it is a usable string) in its name."""
        value = self.data.get(key)
        if isinstance(value, str) and value.strip():
            return TomlTable(self.data, f'{self.where} ("{value.strip()}")')
        return self


def label(path: Path) -> str:
    """A file as named in messages: its folder and name, e.g. 'prompts/conduct.toml'."""
    return f"{path.parent.name}/{path.name}"


# --- Loading flows ----------------------------------------------------------------------


def load_flows(directory: Path | None = None) -> dict[str, Flow]:
    """Every flow in ``directory`` (default: the packaged prompts), by id.

    Ordered as ``KINDS``; within a kind, the flow whose id is the kind first, then
    by id. The packaged flows are read once and cached; an explicit directory is
    read afresh each call.
    """
    if directory is None:
        return dict(_packaged_flows())
    return _load_directory(directory)


def get_flow(flow_id: str) -> Flow:
    """A packaged flow by id."""
    flows = _packaged_flows()
    try:
        return flows[flow_id]
    except KeyError:
        known = ", ".join(flows)
        raise AmendsError(
            f'unknown flow "{flow_id}"{did_you_mean(flow_id, flows)}; flows are: {known}'
        ) from None


def flow_label(flow_id: str | None, kind: str) -> str:
    """What the entry list calls an entry: its flow's short label, else its kind's."""
    flow = _packaged_flows().get(flow_id) if flow_id else None
    return flow.label if flow else KIND_LABELS.get(kind, kind)


def flow_title(flow_id: str | None, kind: str) -> str:
    """An entry's flow named in full (its title), else its kind's label."""
    flow = _packaged_flows().get(flow_id) if flow_id else None
    return flow.title if flow else KIND_LABELS.get(kind, kind)


@functools.cache
def _packaged_flows() -> dict[str, Flow]:
    return _load_directory(PROMPTS_DIR)


def _load_directory(directory: Path) -> dict[str, Flow]:
    paths = sorted(directory.glob("*.toml"))
    if not paths:
        raise AmendsError(f"{directory.name}/: no flow files (*.toml)")
    flows: dict[str, Flow] = {}
    sources: dict[str, str] = {}
    for path in paths:
        flow = _load_file(path)
        if flow.id in sources:
            raise AmendsError(
                f'{label(path)}: flow id "{flow.id}" is already used by {sources[flow.id]}'
            )
        flows[flow.id] = flow
        sources[flow.id] = label(path)
    # By kind; within a kind, the flow named for it (e.g. "conduct") first.
    order = sorted(flows.items(), key=lambda i: (KINDS.index(i[1].kind), i[0] != i[1].kind, i[0]))
    return dict(order)


def _load_file(path: Path) -> Flow:
    top = TomlTable(read_toml(path, label(path)), label(path))
    top.only(_FLOW_KEYS)
    flow_id = top.identifier("id")
    kind = top.text("kind")
    if kind not in KINDS:
        top.fail(f'unknown kind "{kind}"{did_you_mean(kind, KINDS)}; kinds are: {", ".join(KINDS)}')
    title = top.text("title")
    short = top.optional_text("label") or KIND_LABELS[kind]
    if len(short) > LABEL_WIDTH:
        top.fail(f'"label" is {len(short)} characters; the entry list has room for {LABEL_WIDTH}')
    intro = top.text("intro")
    steps: list[Step] = []
    seen_ids: dict[str, int] = {}
    seen_fields: dict[str, int] = {}
    for number, unnamed in enumerate(top.tables("steps", "step"), start=1):
        table = unnamed.named("id")
        step = _follows(_load_step(table, kind), steps, table)
        if step.id in seen_ids:
            table.fail(f"duplicate step id (also step {seen_ids[step.id]})")
        seen_ids[step.id] = number
        if step.field is not None:
            if step.field in seen_fields:
                table.fail(
                    f'field "{step.field}" is already filled by step {seen_fields[step.field]}'
                )
            seen_fields[step.field] = number
        steps.append(step)
    return Flow(id=flow_id, kind=kind, title=title, intro=intro, steps=tuple(steps), label=short)


def _load_step(table: TomlTable, kind: str) -> Step:
    table.only(_STEP_KEYS)
    step_id = table.identifier("id")
    question = table.text("question")
    why = table.text("why")
    source = table.text("source")
    example = table.optional_text("example")
    skippable = table.flag("skippable", default=True)
    names_excuses = table.flag("names_excuses", default=False)
    field = table.optional_text("field")
    if field is not None:
        allowed = FIELDS.get(kind, ())
        if not allowed:
            table.fail(f'"field" is only for {" and ".join(FIELDS)} flows, not {kind}')
        if field not in allowed:
            table.fail(
                f'unknown field "{field}"{did_you_mean(field, allowed)}; '
                f"{kind} fields are: {', '.join(allowed)}"
            )
    choices = table.texts("choices")
    if len(choices) == 1:
        table.fail('"choices" needs at least two options')
    shows = table.optional_text("shows")
    if shows is not None and shows not in SHOWS:
        table.fail(f'unknown "shows" value "{shows}"; it can be: {", ".join(SHOWS)}')
    return Step(
        id=step_id,
        question=question,
        why=why,
        source=source,
        example=example,
        skippable=skippable,
        field=field,
        choices=choices,
        only_after=table.texts("only_after"),
        names_excuses=names_excuses,
        shows=shows,
    )


def _follows(step: Step, earlier: list[Step], table: TomlTable) -> Step:
    """Tie an ``only_after`` step to the earlier choice step it names (``after``), or
    else to the nearest earlier choice step, and check it."""
    named = table.optional_text("after")
    if named is not None and not step.only_after:
        table.fail('"after" goes with "only_after"')
    if not step.only_after:
        return step
    choosers = [s for s in reversed(earlier) if s.choices and named in (None, s.id)]
    chooser = choosers[0] if choosers else None
    if chooser is None and named is not None:
        table.fail(f'"after": no earlier step "{named}" with "choices"')
    if chooser is None:
        table.fail('"only_after" needs an earlier step with "choices"')
    for answer in step.only_after:
        if answer not in chooser.choices:
            table.fail(
                f'"only_after": "{answer}" is not a choice of step "{chooser.id}"'
                f"{did_you_mean(answer, chooser.choices)}"
            )
    if not step.skippable:
        table.fail('a step with "only_after" must be skippable')
    return replace(step, follows=chooser.id)


def asked(step: Step, answers: Mapping[str, str], steps: Sequence[Step]) -> bool:
    """Whether ``step`` (one of ``steps``) is asked, given the answers so far: the choice
    it follows was answered with one of its ``only_after``, and that step is asked too."""
    by_id = {s.id: s for s in steps}
    while step.follows is not None:
        if answers.get(step.follows, "").strip() not in step.only_after:
            return False
        step = by_id[step.follows]
    return True


def step_after(steps: Sequence[Step], answers: Mapping[str, str], index: int, by: int) -> int:
    """The index ``by`` (+1 or -1) steps on from ``index``, passing steps not asked;
    ``len(steps)`` is the review. Never before the first step."""
    index += by
    while 0 <= index < len(steps) and not asked(steps[index], answers, steps):
        index += by
    return max(0, min(index, len(steps)))


# --- If-then plans ----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanError:
    """A line of plans that could not be read. Holds no user text, only where and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class ParsedPlans(NamedTuple):
    plans: list[Plan]
    errors: list[PlanError]


_BULLET = re.compile(r"(?:[-*•‣◦–]|\d{1,3}[.)])(?:\s+|$)")
_LEADER = re.compile(r"(?:if|when|whenever|every\s+time|each\s+time|any\s*time)\b\s*", re.I)
_ARROW = re.compile(r"\s*(?:->|→|=>|⇒)\s*")
#: Between a situation and an action, after "If" or "When". The earliest one wins.
_SEPARATORS = (
    _ARROW,
    re.compile(r"\s*,?\s*\bthen\b[\s,:]*", re.I),  # "If X, then Y" / "If X then Y"
    re.compile(r"\s*,\s*(?=[Ii]\b)"),  # "If X, I will Y" / "If X, I'll Y" / "If X, I Y"
    re.compile(r"\s*:\s+"),  # "When X: Y"
)
PLAN_FORMAT = "If <situation>, then <what I'll do>"


def parse_plans(text: str) -> ParsedPlans:
    """Read if-then plans, one a line; blank lines are skipped.

    Reads "If X, then Y", "If X then Y", "If X, I will Y", "When X -> Y"
    (also "→"), "When X: Y", and "X -> Y" without "If". Lines may start
    with a bullet ("-", "*", "1."). A line it can't read becomes an error
    with its 1-based line number, so the UI can say which line to fix.
    Never raises.
    """
    plans: list[Plan] = []
    errors: list[PlanError] = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        parsed = _parse_plan(line)
        if isinstance(parsed, Plan):
            plans.append(parsed)
        elif parsed:
            errors.append(PlanError(number, parsed))
    return ParsedPlans(plans, errors)


def _parse_plan(line: str) -> Plan | str:
    """A Plan, or why the line isn't one ('' for a blank line)."""
    body = line.strip()
    bullet = _BULLET.match(body)
    if bullet:
        body = body[bullet.end() :].strip()
    if not body:
        return ""
    leader = _LEADER.match(body)
    rest = body[leader.end() :] if leader else body
    matches = [m for sep in (_SEPARATORS if leader else (_ARROW,)) if (m := sep.search(rest))]
    if not matches:
        if leader:
            return f'add "then" before what you will do: "{PLAN_FORMAT}"'
        return f'start with "If" or "When": "{PLAN_FORMAT}"'
    first = min(matches, key=lambda m: m.start())
    situation = rest[: first.start()].strip(" \t,;:")
    action = rest[first.end() :].strip()
    if not situation:
        return f'the situation (the "if" part) is empty: "{PLAN_FORMAT}"'
    if not action:
        return f'what you will do (the "then" part) is empty: "{PLAN_FORMAT}"'
    return Plan(situation=situation, action=action)


def format_plans(plans: Iterable[Plan]) -> str:
    """Plans as text, one a line, in the form parse_plans reads back."""
    return "\n".join(f"If {plan.situation}, then {plan.action}" for plan in plans)


# --- Check-in offsets -------------------------------------------------------------------

_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
#: Each unit as an Offset: calendar months for months and years, days for the rest.
_UNITS = {
    **dict.fromkeys(("d", "day", "days"), Offset(days=1)),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), Offset(days=7)),
    **dict.fromkeys(("fortnight", "fortnights"), Offset(days=14)),
    **dict.fromkeys(("m", "mo", "mos", "month", "months"), Offset(months=1)),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), Offset(months=12)),
}
#: Days named rather than counted: "today" is a check-in due at once, "0 days" too.
_NAMED_DAYS = {"today": Offset(), "tonight": Offset(), "tomorrow": Offset(days=1)}
_FILLERS = frozenset(("in", "after", "and", "then", "from", "now", "later"))
_MAX_OFFSET = 3653  # ten years, in days
CHECKIN_FORMAT = "1 week, 1 month, 3 months"


def parse_checkin_offsets(text: str) -> list[Offset]:
    """How long from now each check-in falls, soonest first and distinct.

    Reads "1 week, 1 month, 3 months", "2 weeks and 6 weeks", "1w 1m 3m",
    "in a fortnight", "10 days", bare numbers of days ("7, 30"), "today" and
    "tomorrow". Months and years are calendar months. Blank text gives
    DEFAULT_CHECKIN_OFFSETS.
    Anything else raises AmendsError; its message holds none of the text.
    """
    tokens = re.findall(r"[0-9]+|[a-z]+|[^\s,;/&+.\-]", text.lower())
    found: set[Offset] = set()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token in _FILLERS:
            continue
        if token in _NAMED_DAYS:
            found.add(_NAMED_DAYS[token])
            continue
        if token in _UNITS:
            count, unit = 1, _UNITS[token]
        elif (digits := token[0] in "0123456789") or token in _NUMBERS:
            if len(token) > 6:
                raise AmendsError(_checkin_problem("keep check-ins within 10 years"))
            count = int(token) if digits else _NUMBERS[token]
            if index < len(tokens) and tokens[index] in _UNITS:
                unit = _UNITS[tokens[index]]
                index += 1
            elif digits:
                unit = Offset(days=1)
            else:
                raise AmendsError(_checkin_problem("a number needs a unit"))
        else:
            raise AmendsError(_checkin_problem("couldn't read it"))
        offset = Offset(count * unit.months, count * unit.days)
        if offset.approx_days > _MAX_OFFSET:
            raise AmendsError(_checkin_problem("keep check-ins within 10 years"))
        found.add(offset)
    if not found:
        return list(DEFAULT_CHECKIN_OFFSETS)
    return sorted(found, key=lambda o: o.approx_days)


def _checkin_problem(reason: str) -> str:
    return f'check-in times: {reason}; write them like "{CHECKIN_FORMAT}"'
