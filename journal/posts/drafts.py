"""Posts in progress: what a post draft holds, and what deleting its entry says.

A post draft (``journal.models.PostDraft``) is sealed in the vault like every
record, one per entry; deleting the entry deletes it in the same transaction
(``Vault.delete``), and the question before deleting says so.
"""

from __future__ import annotations

from typing import Any

from journal.models import PostDraft

#: The fields that are his work (the rest are the record's id and times).
WORK_FIELDS = frozenset(
    {"platform", "limit", "picked", "text", "composed", "hashtags", "own_hashtags", "keep_details"}
)


def work_of(draft: PostDraft) -> dict[str, Any]:
    """What ``draft`` holds of his work: two drafts with the same are the same post."""
    return draft.model_dump(include=set(WORK_FIELDS))


def goes_with_it(post_drafts: int) -> str:
    """The sentence a question about deleting an entry adds for its post drafts ("": none)."""
    if post_drafts <= 0:
        return ""
    if post_drafts == 1:
        return "The post you were drafting from it goes too."
    return f"The {post_drafts} posts you were drafting from it go too."


def delete_entry_question(post_drafts: int) -> str:
    """The question before an entry is deleted, naming its post drafts if it has any."""
    return " ".join(filter(None, ["Delete this entry for good?", goes_with_it(post_drafts),
                                  "It can't be undone."]))  # fmt: skip
