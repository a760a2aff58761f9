// todo.js: the to-do example's slice, written in C (todo/todo-reducer.c),
// run from JavaScript through its typelib Todo-1, combined with a slice
// written in JavaScript (docs/python-and-javascript.md). todo.py is the
// same program in Python; the two print the same lines.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

imports.gi.versions.Rdx = '1';
imports.gi.versions.Todo = '1';
const {GLib, Rdx, Todo} = imports.gi;

// A slice written in JavaScript: each case is the action type, its
// payload's schema, the part of the state it works on, and a function
// (null: the payload becomes that part).
const settingsCases = {
    'settings.title': ['string 1..40', '/title', null],
    'settings.clear-title': ['null', '/title', (title, payload) => Rdx.Value.pack('')],
};

function runSettingsCase(actionType, state, payload) {
    const func = settingsCases[actionType][2];
    return func ? func(state, payload) : payload;
}

const settings = Rdx.slice_new_full('settings', Rdx.Value.pack({title: ''}),
    Object.keys(settingsCases),
    Object.values(settingsCases).map(c => c[0]),
    Object.values(settingsCases).map(c => c[1]),
    runSettingsCase);

const reducer = Rdx.combine_slices([Todo.slice_new(), settings]);
for (const info of reducer.list_actions())
    print(`${info.slice}: ${info.type} takes ${info.schema.to_string()}`);

const store = Rdx.Store.new(reducer, null);
store.subscribe(s => print('state:', s.get_state().to_json()));

function dispatch(actionType, payload) {
    try {
        store.dispatch(reducer.create_action(actionType, Rdx.Value.pack(payload)));
    } catch (error) {
        print('refused:', error.message);
    }
}

dispatch('todos.add', 'Milk');
dispatch('todos.add', 'Bread');
dispatch('todos.toggle', 1);
dispatch('settings.title', 'Groceries');
dispatch('todos.add', 42);
dispatch('todos.filter', 'someday');
dispatch('todos.toggle', 7);
dispatch('settings.clear-title', null);

const todos = store.get_state().unpack().todos;
for (const item of Object.values(todos.items).sort((a, b) => a.id - b.id))
    print(`[${item.done ? 'x' : ' '}] ${item.title}`);
