// test-api.js: the rdx API from JavaScript, through the typelibs: reducers,
// middleware, listeners, selectors and watches, effects, the history and
// the journal, each with callbacks written in JavaScript. Prints TAP.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

imports.gi.versions.Rdx = '1';
imports.gi.versions.RdxDevtools = '1';
const {GLib, Rdx, RdxDevtools} = imports.gi;
const System = imports.system;

imports.searchPath.unshift(GLib.path_get_dirname(System.programPath));
const {test, run, raises, assert} = imports.tap;

const ERROR = GLib.quark_from_string('test-error');

function counter(state, action) {
    if (state === null)
        return Rdx.Value.pack(0);
    if (action.is('add')) {
        const amount = action.get_payload().unpack();
        if (amount < 0)
            throw new GLib.Error(ERROR, 7, `add takes no negative amount, got ${amount}`);
        return Rdx.Value.pack(state.unpack() + amount);
    }
    return state;
}

function add(amount) {
    return Rdx.Action.new('add', Rdx.Value.pack(amount));
}

function iterateUntil(condition, seconds = 5) {
    const context = GLib.MainContext.default();
    const deadline = GLib.get_monotonic_time() + seconds * 1000000;
    while (!condition() && GLib.get_monotonic_time() < deadline)
        context.iteration(false);
    return condition();
}

function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
}

test('A reducer in JavaScript runs; a GLib.Error it throws refuses the action', () => {
    const store = Rdx.Store.new(Rdx.Reducer.new(counter), null);
    const calls = [];
    store.subscribe(s => calls.push(s.get_state().unpack()));
    assert(store.dispatch(add(2)) && store.get_state().unpack() === 2);
    const before = store.get_state();
    const e = raises(GLib.Error, () => store.dispatch(add(-1)));
    assert(e.matches(ERROR, 7), `${e}`);
    assert(e.message === 'add takes no negative amount, got -1', e.message);
    assert(store.get_state().equal(before) && same(calls, [2]), same(calls));
    store.dispatch(Rdx.Action.new('other', null));
    assert(same(calls, [2, 2]));
});

test('Another exception in a reducer refuses the action with its message', () => {
    const broken = (state, action) => {
        if (state !== null && action.is('add'))
            throw new TypeError('oops');
        return Rdx.Value.pack(0);
    };
    const store = Rdx.Store.new(Rdx.Reducer.new(broken), null);
    const e = raises(Error, () => store.dispatch(add(1)));
    assert(e.message.includes('oops'), e.message);
    assert(store.get_state().unpack() === 0);
});

test('Middleware in JavaScript passes on, replaces, swallows and refuses actions', () => {
    const seen = [];
    const middleware = (store, action, next) => {
        seen.push(action.get_type_name());
        if (action.is('swallow'))
            return true;
        if (action.is('refuse'))
            throw new GLib.Error(ERROR, 3, 'refused by middleware');
        if (action.is('double'))
            return next.dispatch_next(add(2 * action.get_payload().unpack()));
        return next.dispatch_next(action);
    };
    const store = Rdx.Store.new_with_middleware(Rdx.Reducer.new(counter), null,
        [Rdx.Middleware.new(middleware)]);
    let notified = 0;
    store.subscribe(() => notified++);
    store.dispatch(add(1));
    store.dispatch(Rdx.Action.new('double', Rdx.Value.pack(5)));
    assert(store.dispatch(Rdx.Action.new('swallow', null)));
    const e = raises(GLib.Error, () => store.dispatch(Rdx.Action.new('refuse', null)));
    assert(e.message === 'refused by middleware');
    assert(store.get_state().unpack() === 11);
    assert(same(seen, ['add', 'double', 'swallow', 'refuse']), same(seen));
    assert(notified === 2);
});

test('A middleware learns what the reducer did through next.observe()', () => {
    const outcomes = [];
    const observer = outcome => outcomes.push([
        outcome.get_action().get_type_name(),
        outcome.get_state_before().unpack(),
        outcome.get_state_after()?.unpack() ?? null,
        outcome.get_error()?.message ?? null,
        outcome.get_duration() >= 0,
    ]);
    const middleware = (store, action, next) =>
        next.observe(action, Rdx.ObserveFlags.TIMED, observer);
    const store = Rdx.Store.new_with_middleware(Rdx.Reducer.new(counter), null,
        [Rdx.Middleware.new(middleware)]);
    store.dispatch(add(3));
    raises(GLib.Error, () => store.dispatch(add(-1)));
    assert(same(outcomes, [['add', 0, 3, null, true],
        ['add', 3, null, 'add takes no negative amount, got -1', true]]), JSON.stringify(outcomes));
});

test('Listeners unsubscribe', () => {
    const store = Rdx.Store.new(Rdx.Reducer.new(counter), null);
    let calls = 0;
    const id = store.subscribe(() => calls++);
    store.dispatch(add(1));
    store.unsubscribe(id);
    store.dispatch(add(1));
    assert(calls === 1);
});

test('Selectors in JavaScript are memoized; watches see the old and new value', () => {
    const store = Rdx.Store.new(Rdx.Reducer.new(
        s => s ?? Rdx.Value.pack({a: 1, b: 2, c: 0})), null);
    let calls = 0;
    const selector = Rdx.Selector.newv(inputs => {
        calls++;
        return Rdx.Value.pack(inputs.reduce((sum, v) => sum + v.unpack(), 0));
    }, [Rdx.Selector.new_path('/a'), Rdx.Selector.new_path('/b')]);
    assert(store.select(selector).unpack() === 3);
    assert(store.select(selector).unpack() === 3);
    assert(calls === 1, `${calls}`);

    const seen = [];
    const counting = Rdx.Store.new(Rdx.Reducer.new(counter), null);
    counting.watch(Rdx.Selector.new_path(''), (s, old, now) => seen.push([old.unpack(), now.unpack()]));
    counting.dispatch(add(4));
    counting.dispatch(Rdx.Action.new('other', null));
    assert(same(seen, [[0, 4]]), JSON.stringify(seen));
});

test('A slice defined in JavaScript checks payloads before its cases run', () => {
    const calls = [];
    const slice = Rdx.slice_new_full('todos', Rdx.Value.pack({items: []}),
        ['todos.add', 'todos.undo'], ['string 1..5', 'null'], ['/items', '/items'],
        (type, state, payload) => {
            calls.push(type);
            if (type === 'todos.add')
                return state.list_append(payload);
            throw new GLib.Error(ERROR, 1, 'nothing to undo');
        });
    assert(Rdx.slice_get_name(slice) === 'todos');
    const store = Rdx.Store.new(Rdx.combine_slices([slice]), null);
    store.dispatch(Rdx.Action.new('todos.add', Rdx.Value.pack('Milk')));
    let e = raises(GLib.Error, () => store.dispatch(Rdx.Action.new('todos.add', Rdx.Value.pack('Buttermilk'))));
    assert(e.message.endsWith('todos.add: the payload must be a non-empty string of at most 5 ' +
        'characters, got "Buttermilk"'), e.message);
    e = raises(GLib.Error, () => store.dispatch(Rdx.Action.new('todos.undo', null)));
    assert(e.matches(ERROR, 1));
    assert(same(calls, ['todos.add', 'todos.undo']));
    assert(same(store.get_state().unpack(), {todos: {items: ['Milk']}}));
    assert(same(slice.list_actions().map(i => [i.type, i.schema.to_string(), i.slice]),
        [['todos.add', 'string 1..5', 'todos'], ['todos.undo', 'null', 'todos']]));
});

test('Effects in JavaScript finish their tasks asynchronously, with values or errors', () => {
    const effects = Rdx.Effects.new();
    const effect = effects.add('load', task => {
        GLib.idle_add(GLib.PRIORITY_DEFAULT, () => {
            if (task.get_payload().unpack() === 'bad')
                task.return_error(new GLib.Error(ERROR, 5, 'no such thing'));
            else
                task.return_value(Rdx.Value.pack({name: task.get_payload().unpack()}));
            return GLib.SOURCE_REMOVE;
        });
    });
    effect.set_timeout(60000);
    assert(effect.get_action_type() === 'load');
    const types = [];
    const log = (state, action) => {
        if (action.get_type_name().startsWith('load'))
            types.push([action.get_type_name(), action.get_payload().to_json()]);
        return state ?? Rdx.Value.pack(null);
    };
    const store = Rdx.Store.new_with_middleware(Rdx.Reducer.new(log), null,
        [effects.get_middleware()]);
    store.dispatch(Rdx.Action.new('load', Rdx.Value.pack('ada')));
    store.dispatch(Rdx.Action.new('load', Rdx.Value.pack('bad')));
    assert(iterateUntil(() => effects.get_n_running() === 0));
    const fulfilled = types.filter(([t]) => t === 'load.fulfilled');
    const rejected = types.filter(([t]) => t === 'load.rejected');
    assert(fulfilled.length === 1 && rejected.length === 1, JSON.stringify(types));
    assert(fulfilled[0][1].includes('"name":"ada"'), fulfilled[0][1]);
    assert(rejected[0][1].includes('no such thing') && rejected[0][1].includes('test-error'),
        rejected[0][1]);
});

test('The history records, steps back, skips and checks a JavaScript reducer', () => {
    const history = RdxDevtools.History.new('org.rdx.tests.JavaScript');
    const store = Rdx.Store.new_with_middleware(Rdx.Reducer.new(counter), null,
        [history.get_middleware()]);
    for (const amount of [1, 2, 3])
        store.dispatch(add(amount));
    assert(history.get_n_items() === 4 && history.get_at_present());
    assert(history.step_back() && store.get_state().unpack() === 3);
    history.jump(3);
    history.toggle(1);
    assert(store.get_state().unpack() === 5);
    const [ok, , recomputed] = history.check_replay();
    assert(ok && recomputed === null);
    const exported = history.export(RdxDevtools.HistoryFormat.RDX);
    const again = RdxDevtools.History.new('org.rdx.tests.JavaScript');
    const other = Rdx.Store.new_with_middleware(Rdx.Reducer.new(counter), null,
        [again.get_middleware()]);
    assert(again.import(exported, -1, RdxDevtools.HistoryFormat.AUTO,
        RdxDevtools.HistoryImportFlags.VERIFY));
    assert(other.get_state().unpack() === 5);
    const e = raises(GLib.Error, () => again.import('{"nonsense": 1}', -1,
        RdxDevtools.HistoryFormat.AUTO, RdxDevtools.HistoryImportFlags.DEFAULT));
    assert(e.matches(RdxDevtools.History.error_quark(), RdxDevtools.HistoryError.INVALID), `${e}`);
});

test('The journal keeps a JavaScript reducer\'s actions and declares commands from a list', () => {
    const options = Rdx.JournalOptions.new('org.rdx.tests.JavaScript', Rdx.Reducer.new(counter));
    options.add_command('add', 'id', ['add.done', 'add.failed']);
    const journal = Rdx.Journal.open(Rdx.JOURNAL_IN_MEMORY, options);
    const store = journal.new_store(null);
    store.dispatch(add(5));
    store.dispatch(add(6));
    assert(journal.get_last_sequence() === 2);
    assert(journal.get_state().unpack() === 11);
    assert(journal.get_problems().length === 0);
    assert(journal.close());
});

test('A list in the state is a Gio.ListModel', () => {
    const store = Rdx.Store.new(Rdx.Reducer.new(
        s => s ?? Rdx.Value.pack({items: ['a', 'b', 'c']})), null);
    const model = Rdx.ListModel.new_for_path(store, '/items');
    assert(model.get_n_items() === 3);
    assert(same([0, 1, 2].map(i => model.get_item(i).get_value().unpack()), ['a', 'b', 'c']));
});

System.exit(run());
