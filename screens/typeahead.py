"""Keys typed ahead land where the keys before them left focus.

Textual sends each key to the widget that has focus *when the key arrives*, and that
widget handles it later, in its own task; a key it does not use bubbles up through its
parents to the app, which runs the binding. A burst of keys (typing ahead, a held key,
tmux send-keys) is read in one go, so every key of it went to the old focus before the
first had moved focus or opened a screen: ``/harbour`` typed on the journal list ran
``r`` and ``u`` as commands instead of searching.

``KeyGate`` sends one key at a time. The next is held until the app has settled after
the one before: every node the key could pass through (the focused widget and its
parents up to the app, on the screen it went to and the screen now on top) has emptied
its queue, so its binding has run, the focus it asked for is set and any screen it
opened has mounted and focused; and the screen is not still working out what the key
asked for in a thread (``holding``: a search). Settling is checked in rounds, each a
call queued behind everything each of those nodes has to do.

A node that goes away with a round's call in its queue never answers; a watch timer
counts it as answered. A key is never held longer than ``LONGEST_WAIT`` in all, so
nothing can stop the keyboard; lock keys are never held at all.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable, Collection
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.message_pump import MessagePump
    from textual.screen import Screen
    from textual.timer import Timer
    from textual.widget import Widget

#: Seconds between the watch timer's looks (nodes gone, the screen still holding keys).
WATCH = 0.02
#: Seconds a key waits for the one before it at most, whatever happens.
LONGEST_WAIT = 2.0


class KeyGate:
    """One key at a time, in the order typed (see the module docstring).

    ``send`` is Textual's own routing of a key (``App.on_event``). ``lock_keys`` go at
    once and drop the keys held behind them: typed for the journal, they must not
    reach the unlock screen. ``holding`` says the screen on top wants keys to wait
    (``JournalScreen.holds_keys``)."""

    def __init__(
        self,
        app: App[Any],
        send: Callable[[events.Key], Awaitable[None]],
        lock_keys: Collection[str],
        holding: Callable[[], bool],
    ) -> None:
        self._app = app
        self._send = send
        self._lock_keys = frozenset(lock_keys)
        self._holding = holding
        self._held: deque[events.Key] = deque()
        #: The key in flight, where it was sent, and the watch timer's looks since.
        self._busy: events.Key | None = None
        self._sent_to: DOMNode | None = None
        self._looks = 0
        self._settled = False
        self._watch: Timer | None = None
        #: The round under way: nodes yet to answer, and what was on top when it began.
        self._waiting: set[MessagePump] = set()
        self._began: tuple[Screen[Any] | None, Widget | None] = (None, None)

    @property
    def idle(self) -> bool:
        """No key in flight and none held."""
        return self._busy is None and not self._held

    async def arrived(self, key: events.Key) -> None:
        """A key from the terminal: send it now, or hold it behind the one in flight."""
        if key.key in self._lock_keys:
            self._held.clear()
            await self._send(key)
        elif self._busy is not None or self._held:
            self._held.append(key)
        else:
            await self._dispatch(key)

    async def _dispatch(self, key: events.Key) -> None:
        self._busy, self._looks, self._settled = key, 0, False
        self._sent_to = self._app.focused or self._app.screen
        self._watch = self._app.set_interval(WATCH, self._look, name="typeahead")
        await self._send(key)
        self._round()

    def _round(self) -> None:
        """Queue a call behind everything each node has to do; the last to answer checks."""
        if not self._app.is_running or not self._app.screen_stack:  # the app is ending
            self._app.call_later(self._release)
            return
        self._began = (self._app.screen, self._app.focused)
        nodes = self._nodes()
        self._waiting = set(nodes)
        key = self._busy
        for node in nodes:
            if not node.call_later(self._answered, key, node):  # closed already
                self._answered(key, node)

    def _nodes(self) -> set[MessagePump]:
        """Where the key, or what its handlers posted, may still be waiting."""
        nodes: set[MessagePump] = {self._app, self._app.screen}
        for start in (self._sent_to, self._app.focused):
            if start is not None:
                nodes.update(start.ancestors_with_self)
        return nodes

    def _answered(self, key: events.Key | None, node: MessagePump) -> None:
        if key is not self._busy or node not in self._waiting:
            return
        self._waiting.discard(node)
        if not self._waiting:
            self._check()

    def _check(self) -> None:
        screen, focused = self._began
        moved = self._app.screen is not screen or self._app.focused is not focused
        if moved or any(_has_work(node) for node in self._nodes()):
            self._round()
        elif not self._holding():
            self._settled = True
            self._app.call_later(self._release)
        # else: the screen holds keys while a thread works; the next look starts a round

    def _look(self) -> None:
        """The watch timer: answer for nodes gone; give up on the key after a while."""
        self._looks += 1
        if self._busy is None or self._settled:
            return
        if self._looks * WATCH >= LONGEST_WAIT:
            self._app.call_later(self._release)
        elif self._waiting:
            for node in [node for node in self._waiting if not node.is_running]:
                self._answered(self._busy, node)
        elif self._holding():
            return
        else:
            self._round()

    async def _release(self) -> None:
        if self._busy is None:
            return
        if self._watch is not None:
            self._watch.stop()
        self._busy = self._sent_to = self._watch = None
        self._waiting = set()
        if self._held:
            await self._dispatch(self._held.popleft())


def _has_work(node: MessagePump) -> bool:
    """Messages wait in ``node``'s queue, or one is taken out already: Textual peeks at
    the next message (to merge repeats) and holds it outside the queue until it runs."""
    return node.message_queue_size > 0 or node._pending_message is not None
