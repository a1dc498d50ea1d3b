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

A screen that holds keys makes the first key wait too, not only the ones behind it:
the unlock screen holds them until its field has focus (keys typed as the app starts
went to a screen with nothing focused, and the passphrase lost its first letter) and
while it unlocks (keys typed for the journal went nowhere).

A node that goes away with a round's call in its queue never answers; a watch timer
counts it as answered. A key is never held longer than ``LONGEST_WAIT`` in all
(``HOLDING_LONGEST`` while the screen holds keys), so nothing can stop the keyboard;
locking and quitting are never held at all.
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
#: ... and while the screen holds keys: unlocking derives a key, slower on a busy machine.
HOLDING_LONGEST = 10.0


class KeyHolder:
    """Mixin for a screen that may ask keys typed ahead to wait. List it before the
    Textual class."""

    def holds_keys(self) -> bool:
        """True while keys typed ahead must wait: the screen is still applying what the
        keys before them asked for (a search, an unlock) or has nothing focused yet."""
        return False


class KeyGate:
    """One key at a time, in the order typed (see the module docstring).

    ``send`` is Textual's own routing of a key (``App.on_event``). ``at_once`` keys
    (lock, quit) go at once and drop the keys held behind them: typed for the journal,
    they must not reach the unlock screen. ``holding`` says the screen on top wants
    keys to wait (``KeyHolder.holds_keys``)."""

    def __init__(
        self,
        app: App[Any],
        send: Callable[[events.Key], Awaitable[None]],
        at_once: Collection[str],
        holding: Callable[[], bool],
    ) -> None:
        self._app = app
        self._send = send
        self._at_once = frozenset(at_once)
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
        if key.key in self._at_once:
            self.drop_held()
            await self._send(key)
        elif self._busy is not None or self._held or self._holding():
            self._held.append(key)
            if self._watch is None:  # no key in flight: wait for the screen to let it go
                self._looks = 0
                self._watch = self._app.set_interval(WATCH, self._look, name="typeahead")
        else:
            await self._dispatch(key)

    def drop_held(self) -> None:
        """Forget the keys held (they were typed for what did not happen: an unlock that
        failed)."""
        self._held.clear()

    async def _dispatch(self, key: events.Key) -> None:
        self._stop_watch()
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
        if self._busy is None:
            self._let_go()
        elif self._settled:
            return
        elif self._waited_too_long():
            self._app.call_later(self._release)
        elif self._waiting:
            for node in [node for node in self._waiting if not node.is_running]:
                self._answered(self._busy, node)
        elif self._holding():
            return
        else:
            self._round()

    def _let_go(self) -> None:
        """No key in flight: the first held one goes once the screen stops holding."""
        if not self._held:
            self._stop_watch()
        elif not self._holding() or self._waited_too_long():
            self._stop_watch()
            self._busy = key = self._held.popleft()  # in flight now: the next waits behind it
            self._app.call_later(self._dispatch, key)

    def _waited_too_long(self) -> bool:
        return self._looks * WATCH >= (HOLDING_LONGEST if self._holding() else LONGEST_WAIT)

    def _stop_watch(self) -> None:
        if self._watch is not None:
            self._watch.stop()
            self._watch = None

    async def _release(self) -> None:
        if self._busy is None:
            return
        self._stop_watch()
        self._busy = self._sent_to = None
        self._waiting = set()
        if self._held:
            await self._dispatch(self._held.popleft())


def _has_work(node: MessagePump) -> bool:
    """Messages wait in ``node``'s queue, or one is taken out already: Textual peeks at
    the next message (to merge repeats) and holds it outside the queue until it runs."""
    return node.message_queue_size > 0 or node._pending_message is not None
