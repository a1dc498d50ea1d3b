"""An editor for text meant to leave the journal, and undoable whole-text changes.

``SafeTextArea`` turns control characters and escape sequences into visible
symbols (as ``safe`` shows stored text) in whatever reaches it: typed, pasted,
loaded or changed by code. Textual's TextArea draws its text as it is, so a raw
escape sequence in it would reach the terminal.

``set_text`` changes an editor's text to another by replacing only the span
that differs, so Ctrl+Z undoes a fix or a recomposition.
"""

from __future__ import annotations

from typing import cast

from textual.widgets import TextArea
from textual.widgets.text_area import Document, Edit, EditResult

from journal.posts.state import changed_span, editor_text
from screens.widgets.inert_text_area import Editor


class SafeTextArea(Editor):
    """A TextArea that never holds a control character or an escape sequence."""

    def edit(self, edit: Edit) -> EditResult:
        # Typing, pasting, cutting and every insert/replace by code come through here.
        edit.text = editor_text(edit.text)
        return super().edit(edit)

    def load_text(self, text: str) -> None:
        super().load_text(editor_text(text))


def set_text(area: TextArea, text: str) -> None:
    """Make ``area`` hold ``text``, as one undoable edit of the part that changed."""
    old = area.text
    if old == text:
        return
    start, end, insert = changed_span(old, text)
    document = cast(Document, area.document)  # a TextArea's document is a Document
    area.replace(
        insert, document.get_location_from_index(start), document.get_location_from_index(end)
    )
