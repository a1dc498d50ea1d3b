"""Decrypted domain objects: what gets serialised into sealed records.

These are pydantic models (SQLModel builds its table models on pydantic; plain
pydantic validates ~10x faster, which unlock needs): they never touch SQLite
in the clear. The only tables are in ``journal.tables``; they hold ciphertext.
A new kind or field needs no format change: records are versioned JSON.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, SerializerFunctionWrapHandler
from pydantic.functional_serializers import WrapSerializer

#: Kinds the app knows. Stored as plain strings, so adding one needs no migration.
KINDS: tuple[str, ...] = (
    "conduct", "bystander", "influence", "moment", "posting", "commitment", "checkin", "free",
)  # fmt: skip

KIND_LABELS: dict[str, str] = {
    "conduct": "Something I did",
    "bystander": "Something I witnessed",
    "influence": "What shaped me",
    "moment": "In the moment",
    "posting": "Posting",
    "commitment": "A commitment",
    "checkin": "Check-in",
    "free": "Free write",
}

#: The widest label the entry list has room for: a kind's or a flow's (journal.flows).
LABEL_WIDTH = max(len(label) for label in KIND_LABELS.values())


def new_id() -> str:
    """A random 128-bit record id, as 32 hex characters (shown short as 8)."""
    return secrets.token_hex(16)


def now() -> datetime:
    """The current time, timezone-aware, to the microsecond."""
    return datetime.now(UTC).astimezone()


def _has_offset_seconds(value: datetime) -> bool:
    offset = value.utcoffset()
    return offset is not None and offset.seconds % 60 != 0


def _read_offset_seconds(value: Any) -> Any:
    # pydantic reads offsets in whole minutes only; a local mean time before 1900
    # (Amsterdam +00:19:32) is read by the standard library instead, to the second.
    if isinstance(value, str) and value.count(":") == 4:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def _write_offset_seconds(value: datetime, handler: SerializerFunctionWrapHandler) -> Any:
    return value.isoformat() if _has_offset_seconds(value) else handler(value)


#: A datetime whose UTC offset survives a round trip to the second (pydantic alone
#: would write +00:19 for +00:19:32, moving the time shown by up to 59 s).
Timestamp = Annotated[
    datetime,
    BeforeValidator(_read_offset_seconds),
    WrapSerializer(_write_offset_seconds, when_used="json"),
]


class Answer(BaseModel):
    step_id: str
    prompt: str = ""
    text: str = ""
    #: When set, this answer can never be picked for a post or export preview.
    never_export: bool = False


class _EntryFields(BaseModel):
    """What an entry is, apart from its answers."""

    id: str = Field(default_factory=new_id)
    kind: str = "free"
    created_at: Timestamp = Field(default_factory=now)
    updated_at: Timestamp = Field(default_factory=now)
    title: str = ""
    tags: list[str] = Field(default_factory=list)
    #: The flow that produced it (None for quick capture or imports).
    flow: str | None = None
    starred: bool = False
    #: For kind "checkin": the commitment it checks in on, the planned date it
    #: answered, and its outcome (one of journal.commitments.OUTCOMES).
    commitment_id: str | None = None
    due_on: date | None = None
    outcome: str | None = None

    @property
    def short_id(self) -> str:
        return self.id[:8]


class Entry(_EntryFields):
    answers: list[Answer] = Field(default_factory=list)

    def display_title(self) -> str:
        """The title, or the first non-empty line of the answers."""
        return self.title.strip() or first_line(self.answers) or UNTITLED

    def body(self) -> str:
        """All answer texts, joined by blank lines."""
        return "\n\n".join(a.text for a in self.answers if a.text)

    def summary(self) -> EntrySummary:
        fields = {name: getattr(self, name) for name in _EntryFields.model_fields}
        return EntrySummary(**fields, first_line=first_line(self.answers))


class EntrySummary(_EntryFields):
    """An entry without its answers: all that lists, filters and sorting need.

    The vault seals it apart from the answers, so unlock decrypts and parses only
    this; an entry's answers are decrypted and parsed when first needed
    (``Vault.get_entry``, the search index, export, verify).
    """

    #: The first non-empty line of the answers, the title of an untitled entry.
    first_line: str = ""

    def display_title(self) -> str:
        return self.title.strip() or self.first_line or UNTITLED

    def with_answers(self, answers: list[Answer]) -> Entry:
        """The whole entry: this summary's fields and ``answers`` (``Entry.summary``'s inverse)."""
        fields = {name: getattr(self, name) for name in _EntryFields.model_fields}
        return Entry(**fields, answers=answers)


UNTITLED = "(untitled)"


#: An entry's summary keeps this much of its first line: the vault seals the summary
#: apart from the answers, so a whole one-line entry there would be stored twice and
#: the summary's size would give the text's away.
PREVIEW_CHARS = 80


def first_line(answers: list[Answer]) -> str:
    """The first non-empty line of the answers' text, stripped and cut to
    ``PREVIEW_CHARS`` characters; "" when all are empty."""
    for answer in answers:
        for line in answer.text.splitlines():
            if line.strip():
                return line.strip()[:PREVIEW_CHARS]
    return ""


class Draft(BaseModel):
    """An unfinished flow, autosaved so nothing is lost on lock or crash."""

    id: str = Field(default_factory=new_id)
    flow: str
    kind: str
    step_index: int = 0
    title: str = ""
    answers: list[Answer] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    #: Set when the draft edits an existing entry rather than creating one.
    entry_id: str | None = None
    #: Set when the draft is a check-in on a commitment.
    commitment_id: str | None = None
    #: Set when the draft is a commitment grown out of an earlier entry.
    source_entry_id: str | None = None
    created_at: Timestamp = Field(default_factory=now)
    updated_at: Timestamp = Field(default_factory=now)


class Plan(BaseModel):
    """An if-then plan: when the situation comes up, this is what I do."""

    situation: str
    action: str


CommitmentStatus = Literal["active", "paused", "closed"]


class Commitment(BaseModel):
    id: str = Field(default_factory=new_id)
    created_at: Timestamp = Field(default_factory=now)
    updated_at: Timestamp = Field(default_factory=now)
    stop: str = ""
    start: str = ""
    plans: list[Plan] = Field(default_factory=list)
    high_risk: str = ""
    #: Who could hold me to it. Stays in the vault; never exported in a post.
    supporter: str = ""
    #: Local dates of the check-ins still to come, ascending. Done check-ins are
    #: entries of kind "checkin" whose commitment_id points here.
    checkin_dates: list[date] = Field(default_factory=list)
    status: CommitmentStatus = "active"
    closing_note: str = ""
    #: The entry this commitment came from (the commitment flow or another entry).
    source_entry_id: str | None = None

    @property
    def short_id(self) -> str:
        return self.id[:8]


class Preferences(BaseModel):
    """What he chose that says something about him (where he lives, how long he waits
    before posting): sealed in the vault, one record per vault, never in settings.json."""

    id: str = Field(default_factory=new_id)
    updated_at: Timestamp = Field(default_factory=now)
    #: The Support list's region code (journal.resources), or "elsewhere"; None: not asked.
    region: str | None = None
    #: Hours after an entry's last edit that a post from it gets a "wait" reminder;
    #: None: the default (journal.post_checklist.DEFAULT_WAIT).
    wait_hours: float | None = None
    #: A new journal's recovery code was shown and not yet confirmed as written down:
    #: set when the journal is made, cleared once he confirms, skips it or makes a new
    #: one. Still set at an unlock (he locked or quit on that screen): he is told once.
    recovery_code_unconfirmed: bool = False


class PostDraft(BaseModel):
    """A post being drafted from an entry, autosaved so nothing is lost on lock or crash:
    sealed like every record, one per entry, deleted with the entry."""

    id: str = Field(default_factory=new_id)
    #: The entry the post is drafted from.
    entry_id: str
    #: A name of ``journal.posts.PLATFORMS``, and a Mastodon limit as typed ("": the default).
    platform: str = "x"
    limit: str = ""
    #: The answers picked, by step id.
    picked: list[str] = Field(default_factory=list)
    #: The post as edited, and as last composed from the picks (they differ after hand edits).
    text: str = ""
    composed: str = ""
    #: The preset hashtags ticked, his own as typed, and whether details are kept as written.
    hashtags: list[str] = Field(default_factory=list)
    own_hashtags: str = ""
    keep_details: bool = False
    created_at: Timestamp = Field(default_factory=now)
    updated_at: Timestamp = Field(default_factory=now)
