#!/usr/bin/env python3
# counter.py: rdx from Python (docs/python-and-javascript.md). A store with
# a reducer written in Python, a listener, an action the reducer refuses,
# and the history stepping back and skipping an action. counter.js is the
# same program in JavaScript; the two print the same lines.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi

gi.require_version('Rdx', '1')
gi.require_version('RdxDevtools', '1')
from gi.repository import GLib, Rdx, RdxDevtools  # noqa: E402


def counter(state, action):
    """The reducer: the state is {"count": n}."""
    if state is None:
        return Rdx.Value.pack({'count': 0})
    if action.is_('counter.add'):
        amount = action.get_payload().unpack()
        if type(amount) is not int or amount <= 0:
            raise GLib.Error('counter.add takes a positive integer, not %s'
                             % action.get_payload().to_json(), 'counter-error', 1)
        return state.map_set('count', Rdx.Value.pack(state.map_get_int('count', 0) + amount))
    if action.is_('counter.reset'):
        return Rdx.Value.pack({'count': 0})
    return state  # an action of another slice: the same state, unchanged


def on_change(store):
    print('count:', store.get_state().unpack()['count'])


history = RdxDevtools.History.new('org.rdx.examples.Counter')
store = Rdx.Store.new_with_middleware(Rdx.Reducer.new(counter), None,
                                      [history.get_middleware()])
store.subscribe(on_change)

for amount in (1, 2, 39):
    store.dispatch(Rdx.Action.new('counter.add', Rdx.Value.pack(amount)))
try:
    store.dispatch(Rdx.Action.new('counter.add', Rdx.Value.pack('ten')))
except GLib.Error as error:
    print('refused:', error.message)

print('history:', history.get_n_items(), 'entries')
for position in range(history.get_n_items()):
    entry = history.get_item(position)
    print(' ', position, entry.get_action_type(),
          entry.get_error() if entry.get_failed() else entry.get_state().to_json())

for _ in range(2):  # the refused action left the state as it was
    history.step_back()
    print('stepped back to', history.get_cursor(), '->', store.get_state().to_json())
history.jump(history.get_n_items() - 1)
history.toggle(2)  # skip "add 2": the reducer runs again on the rest
print('without add 2:', store.get_state().to_json())
