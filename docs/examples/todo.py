#!/usr/bin/env python3
# todo.py: the to-do example's slice, written in C (todo/todo-reducer.c),
# run from Python through its typelib Todo-1, combined with a slice
# written in Python (docs/python-and-javascript.md). todo.js is the same
# program in JavaScript; the two print the same lines.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi

gi.require_version('Rdx', '1')
gi.require_version('Todo', '1')
from gi.repository import GLib, Rdx, Todo  # noqa: E402


# A slice written in Python: each case is the action type, its payload's
# schema, the part of the state it works on, and a function (None: the
# payload becomes that part).
def clear_title(title, payload):
    return Rdx.Value.pack('')


settings_cases = {
    'settings.title': ('string 1..40', '/title', None),
    'settings.clear-title': ('null', '/title', clear_title),
}


def run_settings_case(action_type, state, payload):
    function = settings_cases[action_type][2]
    return function(state, payload) if function else payload


settings = Rdx.slice_new_full('settings', Rdx.Value.pack({'title': ''}),
                              list(settings_cases),
                              [case[0] for case in settings_cases.values()],
                              [case[1] for case in settings_cases.values()],
                              run_settings_case)

reducer = Rdx.combine_slices([Todo.slice_new(), settings])
for info in reducer.list_actions():
    print('%s: %s takes %s' % (info.slice, info.type, info.schema.to_string()))

store = Rdx.Store.new(reducer, None)
store.subscribe(lambda store: print('state:', store.get_state().to_json()))


def dispatch(action_type, payload):
    try:
        store.dispatch(reducer.create_action(action_type, Rdx.Value.pack(payload)))
    except GLib.Error as error:
        print('refused:', error.message)


dispatch('todos.add', 'Milk')
dispatch('todos.add', 'Bread')
dispatch('todos.toggle', 1)
dispatch('settings.title', 'Groceries')
dispatch('todos.add', 42)
dispatch('todos.filter', 'someday')
dispatch('todos.toggle', 7)
dispatch('settings.clear-title', None)

todos = store.get_state().unpack()['todos']
for item in sorted(todos['items'].values(), key=lambda item: item['id']):
    print('[%s] %s' % ('x' if item['done'] else ' ', item['title']))
