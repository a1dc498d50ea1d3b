"""Every key binding, in one place, so the Help screen lists them all.

Each screen takes its ``BINDINGS`` from here; ``SECTIONS`` is what Help shows.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP: list[BindingType] = [
    Binding("ctrl+l", "lock", "Lock", priority=True),
    Binding("f1", "help", "Help"),
    Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    # Ctrl+A selects all in every one-line text box, as in the editor (EDITOR): Textual's
    # Input takes it to the start, which Home does. A priority binding, so it reaches the
    # box before the box's own; anywhere else the key goes on (the editor's Ctrl+A).
    # No description: Help lists it under "Editing text" and in its notes.
    Binding("ctrl+a", "select_all_in_box", show=False, priority=True),
]
#: Keys never held behind keys typed ahead (screens/typeahead.py): locking and quitting
#: are at once.
AT_ONCE = frozenset(
    key
    for b in APP
    if isinstance(b, Binding) and b.action in ("lock", "quit")
    for key in b.key.split(",")
)
#: Listed in Help always (Textual binds the key itself); every footer shows it last,
#: where there is room (screens/widgets/fitted_footer.py).
PALETTE: list[BindingType] = [
    Binding("ctrl+p", "command_palette", "Commands", tooltip="Commands: search every action")
]


#: A dialog stops the app's keys below it (Textual's bindings end at a modal screen;
#: only priority ones such as Ctrl+L pass): every dialog binds Help itself.
HELP_HERE = Binding("f1", "app.help", "Help")


def palette_footer(key: str) -> Binding:
    """The palette's key as a footer draws it (``key``: the app's palette key)."""
    return Binding(key, "command_palette", "Commands", tooltip="Commands: search every action")


UNLOCK: list[BindingType] = [
    Binding("ctrl+r", "recover", "Use recovery code"),
    # Enter typed as the app starts, before the terminal is raw, arrives as Ctrl+J
    # (screens/tty.py). No description: Help lists Enter's job nowhere else either.
    Binding("ctrl+j", "submit", show=False),
    # Shown here, as on the journal (the app's own Ctrl+Q is hidden): a way out.
    Binding("ctrl+q", "app.quit", "Quit", priority=True),
]

#: A new journal's first screen: a way out shown, as on the unlock screen.
FIRST_RUN: list[BindingType] = [Binding("ctrl+q", "app.quit", "Quit", priority=True)]

#: The footers of the screens shown before the journal opens (unlock, first run, the
#: recovery code), most important first. Lock is there only once the journal is open.
UNLOCK_FOOTER: tuple[str, ...] = ("help", "lock", "recover", "app.quit")

#: The journal's footer shows what applies and fits (``HOME_FOOTER``): at 80 columns
#: writing, the filters, commitments, Settings, Support, quitting, locking and Help; a
#: check-in due or a draft adds c or r, and the filters give way (commitments too, for
#: both; quitting never); wider, y and the palette's ^p as well.
#: Edit and Delete are in the entry's own footer (Enter opens it), and the search box
#: shows its key.
HOME: list[BindingType] = [
    Binding("n", "new", "New"),
    Binding("enter", "open", "Open", show=False),
    Binding("e", "edit", "Edit", show=False),
    Binding("d", "delete", "Delete", show=False),
    Binding("slash", "search", "Search", show=False),
    # From the search box (the list binds Down itself): to the rows it found.
    Binding("down", "results", "Go to the results", show=False),
    # Shown while there is a draft (check_action), as c while a check-in is due.
    Binding("r", "resume", "Resume draft"),
    Binding("c", "checkin", "Check in"),
    # Reached only when no check-in is due (the one above is disabled then): one line, not silence.
    Binding("c", "nothing_due", show=False),
    # k and t alike: each opens its dropdown.
    Binding("k", "kinds", "Kind", tooltip="Filter by kind"),
    Binding("t", "tags", "Tag", tooltip="Filter by tag"),
    Binding("m", "commitments", "Commitments"),
    Binding("y", "look_back", "Looking back"),
    Binding("s", "settings", "Settings"),
    # F2 too, as in every flow and on the post screen: one Support key everywhere.
    Binding("u,f2", "resources", "Support"),
    # Shown here only (the app's own Ctrl+Q is hidden: other footers have no room).
    # A priority binding, so the app's hidden one doesn't take its place in the footer.
    Binding("ctrl+q", "app.quit", "Quit", priority=True),
    Binding("x", "discard", "Discard draft", show=False),
    # No description: the same action as F1, which Help lists once.
    Binding("question_mark", "help", show=False),
    Binding("escape", "clear", "Clear search and filters", show=False),
]
#: The journal footer's actions, most important first: f1 Help and ^l Lock are never
#: left out; the rest as the width allows (screens/widgets/fitted_footer.py). What a
#: new user must find at 80x24 in every state comes first: writing, a check-in due, a
#: draft to resume, quitting (together 50 cells: they always fit). Then Support, and
#: what Help and the palette also reach. k Kind and t Tag go together or not at all.
HOME_FOOTER: tuple[str | tuple[str, ...], ...] = (
    "help",
    "lock",
    "new",
    "checkin",
    "resume",
    "app.quit",
    "resources",
    "settings",
    "commitments",
    ("kinds", "tags"),
    "look_back",
)

ENTRY_LIST: list[BindingType] = [
    Binding("up", "cursor_up", "Up", show=False),
    Binding("down", "cursor_down", "Down", show=False),
    Binding("pageup", "page_up", "Page up", show=False),
    Binding("pagedown", "page_down", "Page down", show=False),
    Binding("home", "first", "First", show=False),
    Binding("end", "last", "Last", show=False),
    Binding("enter", "choose", "Open", show=False),
]

#: Every editor (answers, posts, closing notes): the conventions of other editors, on
#: top of TextArea's own. Textual 8's TextArea binds Ctrl+A to the start of the line
#: (Emacs) and select-all to F7, and has nothing on Ctrl+Home / Ctrl+End.
EDITOR: list[BindingType] = [
    Binding("ctrl+a", "select_all", "Select all", show=False),
    Binding("ctrl+home", "text_start", "Start of the text", show=False),
    Binding("ctrl+end", "text_end", "End of the text", show=False),
    Binding("ctrl+shift+home", "text_start(True)", "Select to the start", show=False),
    Binding("ctrl+shift+end", "text_end(True)", "Select to the end", show=False),
    # Listed again for Help (TextArea's own; Ctrl+A no longer goes to the line start).
    Binding("home", "cursor_line_start", "Start of the line", show=False),
    Binding("end,ctrl+e", "cursor_line_end", "End of the line", show=False),
    Binding("ctrl+left", "cursor_word_left", "Word left", show=False),
    Binding("ctrl+right", "cursor_word_right", "Word right", show=False),
    Binding("ctrl+z", "undo", "Undo", show=False),
    Binding("ctrl+y", "redo", "Redo", show=False),
    Binding("ctrl+x", "cut", "Cut the selection", show=False),
    Binding("ctrl+c", "copy", "Copy the selection", show=False),
    Binding("ctrl+v", "paste", "Paste", show=False),
]

FLOW_PICKER: list[BindingType] = [
    Binding("escape", "cancel", "Back"),
    HELP_HERE,
    # As in the flow itself (its intro says so): Support one key away.
    Binding("f2", "app.resources", "Support"),
    Binding("m", "moment", "In the moment", show=False),
]

FLOW: list[BindingType] = [
    # F2, not u: u is typed into the answer. First, so a narrow footer never drops it.
    Binding("f2", "app.resources", "Support"),
    Binding("ctrl+n", "next", "Next"),
    Binding("ctrl+b", "back", "Back"),
    # Not in the footer (the Skip button shows it): room for f2 Support and f1 Help.
    Binding("ctrl+g", "skip", "Skip", show=False),
    Binding("ctrl+s", "finish", "Review & save"),
    Binding("ctrl+s", "save", "Save"),
    # Short, so the footer keeps "f1 Help" at 80 columns.
    Binding("escape", "leave", "Leave", tooltip="Leave; the draft is kept"),
    Binding("ctrl+r", "review_answer", "Review this answer", show=False),
]

#: The flow footer's actions, most important first (fitted to the width).
FLOW_FOOTER: tuple[str, ...] = (
    "app.resources",
    "help",
    "lock",
    "next",
    "finish",
    "save",
    "back",
    "leave",
)

ENTRY_VIEW: list[BindingType] = [
    Binding("e", "edit", "Edit"),
    Binding("d", "delete", "Delete"),
    Binding("p", "draft_post", "Draft a post"),
    Binding("escape", "back", "Back"),
    Binding("u,f2", "app.resources", "Support", show=False),
]

#: The post's keys that work on its Review tab only (the findings list); Help lists them
#: under a heading that says so (``PLACES``).
POST_REVIEW_TAB: list[BindingType] = [
    # Not in the footer: each finding says its key under it ("f: replace it with …"),
    # and the footer keeps "f1 Help" at 80 columns.
    Binding("f", "fix", "Fix the highlighted finding", show=False),
    Binding("F,shift+f", "fix_identifying", "Fix every identifying detail", show=False),
]

#: Support is F2 only: u would be typed into the text and the hashtags, and Help lists
#: only keys that work where it says.
POST_DRAFT: list[BindingType] = [
    Binding("escape", "back", "Back"),
    Binding("ctrl+n", "next_tab", "Next tab"),
    Binding("ctrl+b", "previous_tab", "Previous tab", show=False),
    # A priority binding: it saves from any focus, the preview and the Review tab too.
    Binding("ctrl+s", "save_draft", "Save draft", priority=True),
    Binding("ctrl+t", "save", "Save as a file", tooltip="Save the post as a file"),
    Binding("ctrl+o", "copy", "Copy"),
    *POST_REVIEW_TAB,
    Binding("f2", "resources", "Support", show=False),
]

#: The post footer's actions, most important first (on every tab).
POST_DRAFT_FOOTER: tuple[str, ...] = (
    "help",
    "lock",
    "back",
    "save_draft",
    "next_tab",
    "copy",
    "save",
)

#: Reviewing one answer of a flow (Ctrl+R while writing).
ANSWER_REVIEW: list[BindingType] = [
    Binding("escape", "done", "Done"),
    Binding("f", "fix", "Fix"),
    Binding("F,shift+f", "fix_identifying", "Fix every identifying detail", show=False),
    # F2 as in the flow beneath; u as on the post's review.
    Binding("u,f2", "resources", "Support"),
    HELP_HERE,
]


#: Every dialog's footer (screens/base.py ``Dialog``): Help and Lock first, then the
#: dialog's own keys as they fit.
DIALOG_FOOTER: tuple[str, ...] = ("app.help", "lock")

#: A question in a dialog (delete, throw away, leave a post, close a commitment…). Its
#: destructive choice is never reached by Tab: it has its own key, shown on it and
#: listed in Help (screens/widgets/danger_button.py).
DIALOG: list[BindingType] = [
    Binding("escape", "close", "Go back"),
    HELP_HERE,
    Binding("f2", "app.resources", "Support", show=False),
]

#: The checklist before a post is saved or copied, the file name.
POST_DIALOG: list[BindingType] = [
    Binding("escape", "close", "Go back"),
    HELP_HERE,
    # The checklist says "F2 in amends": it opens Support from the dialog too.
    Binding("f2", "app.resources", "Support", show=False),
]

#: A thread, one part at a time (after the checklist, for a post of several parts).
POST_PARTS: list[BindingType] = [
    Binding("escape", "close", "Done"),
    # Not in the footer (the dialog says "← and → step through the parts"): room there
    # for the part's keys, ^l Lock and f1 Help at 80 columns.
    Binding("left", "step(-1)", "Previous part", priority=True, show=False),
    Binding("right", "step(1)", "Next part", priority=True, show=False),
    Binding("c", "copy_part", "Copy this part"),
    Binding("s", "save_part", "Save this part"),
    Binding("a", "whole", "Whole thread"),
    HELP_HERE,
]
#: A dialog's footer shows the app's Ctrl+L too (it works there: a priority binding).
POST_PARTS_FOOTER: tuple[str, ...] = (
    "app.help",
    "lock",
    "close",
    "copy_part",
    "save_part",
    "whole",
)

#: The entry view's (and a check-in's) footer actions, most important first.
ENTRY_VIEW_FOOTER: tuple[str, ...] = (
    "help",
    "lock",
    "back",
    "edit",
    "source",
    "delete",
    "draft_post",
)

#: "Where it began" is the entry that led to the check-in's commitment.
CHECKIN_VIEW: list[BindingType] = [
    Binding("o", "source", "Where it began"),
]

COMMITMENTS: list[BindingType] = [
    Binding("c", "checkin", "Check in"),
    Binding("n", "new", "New"),
    # One key, one row in Help: the tooltip says both.
    Binding("p", "pause", "Pause", tooltip="Pause or resume the commitment"),
    Binding("p", "resume", "Resume", tooltip="Pause or resume the commitment"),
    Binding("x", "close", "Close it"),
    Binding("o", "source", "Where it began"),
    Binding("escape", "back", "Back"),
]

#: The commitments footer's actions, most important first (f1 Help and ^l Lock were
#: the ones cut off at 80 columns).
COMMITMENTS_FOOTER: tuple[str, ...] = (
    "help",
    "lock",
    "back",
    "checkin",
    "new",
    "pause",
    "resume",
    "close",
    "source",
)

TIMELINE: list[BindingType] = [
    Binding("up", "cursor_up", "Previous commitment", show=False),
    Binding("down", "cursor_down", "Next commitment", show=False),
    Binding("home", "first", "First", show=False),
    Binding("end", "last", "Last", show=False),
]

SETTINGS: list[BindingType] = [
    Binding("escape", "back", "Back"),
]
SETTINGS_FOOTER: tuple[str, ...] = ("help", "lock", "back")

LOOKING_BACK: list[BindingType] = [
    Binding("escape", "back", "Back"),
    # The entry (or commitment) highlighted under "On this day"; Esc there comes back.
    # Not a priority binding: it would run before a Down pressed just before it reached
    # the list (the list's own Enter, ON_THIS_DAY, opens while it has focus).
    Binding("enter", "open", "Open"),
    # Before the scrolling view's own left/right, which would take them.
    Binding("left", "year(-1)", "Earlier year", priority=True),
    Binding("right", "year(1)", "Later year", priority=True),
]
LOOKING_BACK_FOOTER: tuple[str, ...] = (
    "help",
    "lock",
    "select",
    "open",
    "back",
    "year(-1)",
    "year(1)",
)

#: Looking back's "On this day" list: its own Enter, shown in the footer (the list's
#: inherited one is not), handled in turn after the arrows pressed before it.
ON_THIS_DAY: list[BindingType] = [
    Binding("enter", "select", "Open"),
]

CLOSE: list[BindingType] = [
    Binding("escape", "close", "Close"),
]
#: Help, and recovery with a code (from the unlock screen).
CLOSE_FOOTER: tuple[str, ...] = ("help", "lock", "close")

#: The Support screen: his region first, the rest one key away.
RESOURCES: list[BindingType] = [
    Binding("escape", "close", "Close"),
    Binding("a", "all_regions", "All regions"),
    Binding("a", "my_region", "My region"),
    Binding("r", "choose_region", "Change region"),
]
RESOURCES_FOOTER: tuple[str, ...] = (
    "help",
    "lock",
    "close",
    "all_regions",
    "my_region",
    "choose_region",
)

#: Help's heading for each list of bindings a screen or widget declares (its BINDINGS).
TITLES: tuple[tuple[list[BindingType], str], ...] = (
    (APP, "Everywhere"),
    (UNLOCK, "Locked"),
    (FIRST_RUN, "A new journal"),
    (HOME, "Journal"),
    (ENTRY_LIST, "The list of entries"),
    (FLOW_PICKER, "Choosing what to write"),
    (FLOW, "Writing an entry"),
    (EDITOR, "Editing text"),
    (ENTRY_VIEW, "Reading an entry"),
    (POST_DRAFT, "Drafting a post"),
    (POST_DIALOG, "Before a post is saved"),
    (DIALOG, "This question"),
    (POST_PARTS, "A thread, one part at a time"),
    (ANSWER_REVIEW, "Reviewing an answer"),
    (CHECKIN_VIEW, "Reading a check-in"),
    (COMMITMENTS, "Commitments"),
    (TIMELINE, "The list of commitments"),
    (LOOKING_BACK, "Looking back"),
    (SETTINGS, "Settings"),
    (RESOURCES, "Support"),
    (CLOSE, "Here"),
)


#: Keys a screen declares (they are in its BINDINGS) that work in one part of it only,
#: with where: Help gives them a heading of their own, "<the screen's>, <where>".
PLACES: tuple[tuple[list[BindingType], str], ...] = ((POST_REVIEW_TAB, "on the Review tab"),)


def places_in(bindings: list[BindingType]) -> list[tuple[set[str], str]]:
    """Of ``PLACES``, those in ``bindings``: the actions each holds, and where they work.
    (By the bindings themselves: the answer review's f is the same action everywhere.)"""
    return [
        ({b.action for b in listed(part)}, where)
        for part, where in PLACES
        if any(b is mine for b in part for mine in bindings)
    ]


def title_of(bindings: object) -> str | None:
    """Help's heading for a BINDINGS list of this module; None for any other list."""
    return next((title for listed, title in TITLES if listed is bindings), None)


def listed(bindings: list[BindingType]) -> list[Binding]:
    """The Binding objects of a list that Help names (a binding with no description is
    a fallback for a key another binding of the list names)."""
    return [b for b in bindings if isinstance(b, Binding) and b.description]


def key_label(binding: Binding) -> str:
    """How a binding's key reads in Help: 'ctrl+l' -> 'Ctrl+L', 'slash' -> '/'. A key
    bound twice to reach every terminal ("F,shift+f": most send "F", some "shift+f")
    reads once: 'F'."""
    labels = dict.fromkeys(_one_key(key) for key in binding.key.split(","))
    return " or ".join(labels)


_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "enter": "Enter",
    "escape": "Esc",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}


def _one_key(key: str) -> str:
    *modifiers, name = key.split("+")
    if modifiers == ["shift"] and len(name) == 1 and name.isalpha():
        return name.upper()  # Shift+F is the capital F the terminal sends
    name = _NAMES.get(name, name.capitalize() if len(name) > 1 else name)
    if modifiers:
        name = name.upper() if len(name) == 1 else name
        return "+".join([*(m.capitalize() for m in modifiers), name])
    return name
