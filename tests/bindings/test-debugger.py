#!/usr/bin/env python3
# test-debugger.py: the debugger window from Python, through RdxDebugger-1:
# it opens on a history whose store has a reducer written in Python, shows
# that history, and exports a stretch of it as a C test. Needs a display
# (the ui suite runs it under Xvfb); skips without one. Prints TAP.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import sys

import gi

gi.require_version('Gtk', '4.0')
gi.require_version('Rdx', '1')
gi.require_version('RdxDevtools', '1')
gi.require_version('RdxDebugger', '1')
from gi.repository import GLib, Gtk, Rdx, RdxDebugger, RdxDevtools  # noqa: E402

import tap  # noqa: E402

if not os.environ.get('DISPLAY') and not os.environ.get('WAYLAND_DISPLAY'):
    print('1..0 # SKIP no display')
    sys.exit(77)

test = tap.test


def counter(state, action):
    if state is None:
        return Rdx.Value.pack(0)
    if action.is_('add'):
        return Rdx.Value.pack(state.unpack() + action.get_payload().unpack())
    return state


history = RdxDevtools.History.new('org.rdx.tests.Debugger')
store = Rdx.Store.new_with_middleware(Rdx.Reducer.new(counter), None,
                                      [history.get_middleware()])
for amount in (2, 3):
    store.dispatch(Rdx.Action.new('add', Rdx.Value.pack(amount)))


@test
def test_window():
    """RdxDebugger.Window opens on a history and shows it"""
    window = RdxDebugger.Window.new(history)
    assert isinstance(window, Gtk.Window)
    assert window.get_history() == history
    window.present()
    context = GLib.MainContext.default()
    deadline = GLib.get_monotonic_time() + 5000000
    while not window.get_mapped() and GLib.get_monotonic_time() < deadline:
        context.iteration(False)
    assert window.get_mapped()
    assert window.get_test_reducer_function() == RdxDebugger.DEFAULT_REDUCER_FUNCTION
    window.set_test_reducer_function('counter_reducer_new')
    assert window.get_test_reducer_function() == 'counter_reducer_new'
    window.destroy()


@test
def test_export():
    """A stretch of the history becomes a C test"""
    source = RdxDebugger.export_test(history, 0, 2, 'counter_reducer_new')
    assert '#define REDUCER_FUNCTION counter_reducer_new' in source, source[:800]
    assert '{ "add",' in source, source
    one = RdxDebugger.export_test(history, 2, 2, None)
    assert '#define REDUCER_FUNCTION app_reducer_new' in one
    assert one.count('{ "add",') == 1, one


sys.exit(tap.run())
