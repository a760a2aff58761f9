// counter.js: rdx from JavaScript with GJS (docs/python-and-javascript.md).
// A store with a reducer written in JavaScript, a listener, an action the
// reducer refuses, and the history stepping back and skipping an action.
// counter.py is the same program in Python; the two print the same lines.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

imports.gi.versions.Rdx = '1';
imports.gi.versions.RdxDevtools = '1';
const {GLib, Rdx, RdxDevtools} = imports.gi;

const COUNTER_ERROR = GLib.quark_from_string('counter-error');

// The reducer: the state is {"count": n}.
function counter(state, action) {
    if (state === null)
        return Rdx.Value.pack({count: 0});
    if (action.is('counter.add')) {
        const amount = action.get_payload().unpack();
        if (!Number.isInteger(amount) || amount <= 0) {
            throw new GLib.Error(COUNTER_ERROR, 1,
                `counter.add takes a positive integer, not ${action.get_payload().to_json()}`);
        }
        return state.map_set('count', Rdx.Value.pack(state.map_get_int('count', 0) + amount));
    }
    if (action.is('counter.reset'))
        return Rdx.Value.pack({count: 0});
    return state; // an action of another slice: the same state, unchanged
}

function onChange(store) {
    print('count:', store.get_state().unpack().count);
}

const history = RdxDevtools.History.new('org.rdx.examples.Counter');
const store = Rdx.Store.new_with_middleware(Rdx.Reducer.new(counter), null,
    [history.get_middleware()]);
store.subscribe(onChange);

for (const amount of [1, 2, 39])
    store.dispatch(Rdx.Action.new('counter.add', Rdx.Value.pack(amount)));
try {
    store.dispatch(Rdx.Action.new('counter.add', Rdx.Value.pack('ten')));
} catch (error) {
    print('refused:', error.message);
}

print('history:', history.get_n_items(), 'entries');
for (let position = 0; position < history.get_n_items(); position++) {
    const entry = history.get_item(position);
    print(' ', position, entry.get_action_type(),
        entry.get_failed() ? entry.get_error() : entry.get_state().to_json());
}

for (let i = 0; i < 2; i++) { // the refused action left the state as it was
    history.step_back();
    print('stepped back to', history.get_cursor(), '->', store.get_state().to_json());
}
history.jump(history.get_n_items() - 1);
history.toggle(2); // skip "add 2": the reducer runs again on the rest
print('without add 2:', store.get_state().to_json());
