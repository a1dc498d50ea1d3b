"""Platform-true draft posts from journal text, and the safety review.

Counting is by each platform's own rule, long posts become numbered threads,
and the review flags identifying details, language that shifts
responsibility, and words that call for care, never blocking.
"""

from journal.posts.compose import (
    LEGAL_NOTE,
    PRESET_HASHTAGS,
    PostDraft,
    build_draft,
    compose_entry,
    compose_text,
    normalise_hashtag,
    normalise_hashtags,
    pick_answers,
    strip_controls,
    write_draft,
)
from journal.posts.counting import (
    PLATFORMS,
    Platform,
    XParse,
    count,
    extract_urls,
    facebook_fold,
    get_platform,
    parse_x,
)
from journal.posts.review import (
    CARE,
    LIMITS,
    SELF_HARM,
    Finding,
    Review,
    apply_fix,
    check,
    language_note,
    position,
    redact,
    redact_findings,
    review,
)
from journal.posts.splitting import Part, Thread, split_thread

__all__ = [
    "CARE",
    "LEGAL_NOTE",
    "LIMITS",
    "PLATFORMS",
    "PRESET_HASHTAGS",
    "SELF_HARM",
    "Finding",
    "Part",
    "Platform",
    "PostDraft",
    "Review",
    "Thread",
    "XParse",
    "apply_fix",
    "build_draft",
    "check",
    "compose_entry",
    "compose_text",
    "count",
    "extract_urls",
    "facebook_fold",
    "get_platform",
    "language_note",
    "normalise_hashtag",
    "normalise_hashtags",
    "parse_x",
    "pick_answers",
    "position",
    "redact",
    "redact_findings",
    "review",
    "split_thread",
    "strip_controls",
    "write_draft",
]
