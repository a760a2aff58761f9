#!/usr/bin/env python3
# test-api.py: the rdx API from Python, through the typelibs: reducers,
# middleware, listeners, selectors and watches, effects, the history and
# the journal, each with callbacks written in Python. Prints TAP.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi

gi.require_version('Rdx', '1')
gi.require_version('RdxDevtools', '1')
from gi.repository import GLib, Rdx, RdxDevtools  # noqa: E402

import tap  # noqa: E402

test = tap.test
ERROR = 'test-error'


def counter(state, action):
    if state is None:
        return Rdx.Value.pack(0)
    if action.is_('add'):
        amount = action.get_payload().unpack()
        if amount < 0:
            raise GLib.Error('add takes no negative amount, got %d' % amount, ERROR, 7)
        return Rdx.Value.pack(state.unpack() + amount)
    return state


def add(amount):
    return Rdx.Action.new('add', Rdx.Value.pack(amount))


def iterate_until(condition, seconds=5):
    context = GLib.MainContext.default()
    deadline = GLib.get_monotonic_time() + seconds * 1000000
    while not condition() and GLib.get_monotonic_time() < deadline:
        context.iteration(False)
    return condition()


@test
def test_reducer():
    """A reducer in Python runs; a GLib.Error it raises refuses the action"""
    store = Rdx.Store.new(Rdx.Reducer.new(counter), None)
    calls = []
    store.subscribe(lambda s: calls.append(s.get_state().unpack()))
    assert store.dispatch(add(2)) and store.get_state().unpack() == 2
    before = store.get_state()
    error = tap.raises(GLib.Error, store.dispatch, add(-1))
    assert error.domain == ERROR and error.code == 7, (error.domain, error.code)
    assert error.message == 'add takes no negative amount, got -1', error.message
    assert store.get_state() == before and calls == [2], calls
    # Nothing changed: the same value, not an equal copy.
    store.dispatch(Rdx.Action.new('other', None))
    assert calls == [2, 2]
    assert Rdx.Value.equal(store.get_state(), before)


@test
def test_reducer_bug():
    """Another exception in a reducer (printed) refuses the action as a broken contract"""
    def broken(state, action):
        if state is not None and action.is_('add'):
            raise KeyError('oops')
        return Rdx.Value.pack(0)
    store = Rdx.Store.new(Rdx.Reducer.new(broken), None)
    error = tap.raises(GLib.Error, store.dispatch, add(1))
    assert error.matches(Rdx.Store.error_quark(), Rdx.StoreError.INVALID_STATE), error
    assert store.get_state().unpack() == 0


@test
def test_middleware():
    """Middleware in Python passes on, replaces, swallows and refuses actions"""
    seen = []

    def middleware(store, action, next_):
        seen.append(action.get_type_name())
        if action.is_('swallow'):
            return True
        if action.is_('refuse'):
            raise GLib.Error('refused by middleware', ERROR, 3)
        if action.is_('double'):
            return next_.dispatch_next(add(2 * action.get_payload().unpack()))
        return next_.dispatch_next(action)

    store = Rdx.Store.new_with_middleware(Rdx.Reducer.new(counter), None,
                                          [Rdx.Middleware.new(middleware)])
    notified = []
    store.subscribe(lambda s: notified.append(1))
    store.dispatch(add(1))
    store.dispatch(Rdx.Action.new('double', Rdx.Value.pack(5)))
    assert store.dispatch(Rdx.Action.new('swallow', None))
    error = tap.raises(GLib.Error, store.dispatch, Rdx.Action.new('refuse', None))
    assert error.message == 'refused by middleware'
    assert store.get_state().unpack() == 11
    assert seen == ['add', 'double', 'swallow', 'refuse'], seen
    assert len(notified) == 2


@test
def test_outcomes():
    """A middleware learns what the reducer did through next.observe()"""
    outcomes = []

    def observer(outcome):
        outcomes.append((outcome.get_action().get_type_name(),
                         outcome.get_state_before().unpack(),
                         outcome.get_state_after().unpack() if outcome.get_state_after() else None,
                         outcome.get_error().message if outcome.get_error() else None,
                         outcome.get_duration() >= 0))

    def middleware(store, action, next_):
        return next_.observe(action, Rdx.ObserveFlags.TIMED, observer)

    store = Rdx.Store.new_with_middleware(Rdx.Reducer.new(counter), None,
                                          [Rdx.Middleware.new(middleware)])
    store.dispatch(add(3))
    tap.raises(GLib.Error, store.dispatch, add(-1))
    assert outcomes == [('add', 0, 3, None, True),
                        ('add', 3, None, 'add takes no negative amount, got -1', True)], outcomes


@test
def test_unsubscribe():
    """Listeners unsubscribe, and their data is freed"""
    store = Rdx.Store.new(Rdx.Reducer.new(counter), None)
    calls = []
    listener = store.subscribe(lambda s: calls.append(1))
    store.dispatch(add(1))
    store.unsubscribe(listener)
    store.dispatch(add(1))
    assert calls == [1]


@test
def test_selectors_and_watch():
    """Selectors in Python are memoized; watches see the old and new value"""
    store = Rdx.Store.new(Rdx.Reducer.new(lambda s, a: s if s else Rdx.Value.pack(
        {'a': 1, 'b': 2, 'c': 0})), None)
    calls = []

    # PyGObject passes the array's length, and the user data, too.
    def total(inputs, n_inputs, user_data):
        assert n_inputs == len(inputs) and user_data is None
        calls.append(len(inputs))
        return Rdx.Value.pack(sum(v.unpack() for v in inputs))

    selector = Rdx.Selector.newv(total, None, [Rdx.Selector.new_path('/a'),
                                              Rdx.Selector.new_path('/b')])
    assert store.select(selector).unpack() == 3
    assert store.select(selector).unpack() == 3
    assert calls == [2], calls

    seen = []
    history = RdxDevtools.History.new('org.rdx.tests.Python')
    store = Rdx.Store.new_with_middleware(Rdx.Reducer.new(counter), None,
                                          [history.get_middleware()])
    store.watch(Rdx.Selector.new_path(''), lambda s, old, new: seen.append(
        (old.unpack(), new.unpack())))
    store.dispatch(add(4))
    store.dispatch(Rdx.Action.new('other', None))
    assert seen == [(0, 4)], seen


@test
def test_slice():
    """A slice defined in Python checks payloads before its cases run"""
    calls = []

    def run_case(action_type, state, payload):
        calls.append(action_type)
        if action_type == 'todos.add':
            return state.list_append(payload)
        raise GLib.Error('nothing to undo', ERROR, 1)

    slice_ = Rdx.slice_new_full('todos', Rdx.Value.pack({'items': []}),
                                ['todos.add', 'todos.undo'], ['string 1..5', 'null'],
                                ['/items', '/items'], run_case)
    assert Rdx.slice_get_name(slice_) == 'todos'
    store = Rdx.Store.new(Rdx.combine_slices([slice_]), None)
    store.dispatch(Rdx.Action.new('todos.add', Rdx.Value.pack('Milk')))
    error = tap.raises(GLib.Error, store.dispatch,
                       Rdx.Action.new('todos.add', Rdx.Value.pack('Buttermilk')))
    assert error.message.endswith(
        'todos.add: the payload must be a non-empty string of at most 5 characters, '
        'got "Buttermilk"'), error.message
    error = tap.raises(GLib.Error, store.dispatch, Rdx.Action.new('todos.undo', None))
    assert error.domain == ERROR
    assert calls == ['todos.add', 'todos.undo'], calls
    assert store.get_state().unpack() == {'todos': {'items': ['Milk']}}
    assert [(i.type, i.schema.to_string(), i.slice) for i in slice_.list_actions()] == \
        [('todos.add', 'string 1..5', 'todos'), ('todos.undo', 'null', 'todos')]


@test
def test_effects():
    """Effects in Python finish their tasks asynchronously, with values or errors"""
    effects = Rdx.Effects.new()

    def load(task):
        def finish():
            if task.get_payload().unpack() == 'bad':
                task.return_error(GLib.Error('no such thing', ERROR, 5))
            else:
                task.return_value(Rdx.Value.pack({'name': task.get_payload().unpack()}))
            return GLib.SOURCE_REMOVE
        GLib.idle_add(finish)

    effect = effects.add('load', load)
    effect.set_timeout(60000)
    assert effect.get_action_type() == 'load'
    types = []

    def log(state, action):
        if action.get_type_name().startswith('load'):
            types.append((action.get_type_name(), action.get_payload().to_json()))
        return state if state else Rdx.Value.pack(None)

    store = Rdx.Store.new_with_middleware(Rdx.Reducer.new(log), None,
                                          [effects.get_middleware()])
    store.dispatch(Rdx.Action.new('load', Rdx.Value.pack('ada')))
    store.dispatch(Rdx.Action.new('load', Rdx.Value.pack('bad')))
    assert iterate_until(lambda: effects.get_n_running() == 0)
    names = [t for t, _ in types]
    assert names.count('load.fulfilled') == 1 and names.count('load.rejected') == 1, types
    fulfilled = [p for t, p in types if t == 'load.fulfilled'][0]
    rejected = [p for t, p in types if t == 'load.rejected'][0]
    assert '"name":"ada"' in fulfilled, fulfilled
    assert 'no such thing' in rejected and ERROR in rejected, rejected


@test
def test_effect_thread():
    """A thread effect's function runs in Python in a worker thread"""
    effects = Rdx.Effects.new()

    def work(task, cancellable):
        return Rdx.Value.pack(task.get_payload().unpack() * 2)

    effects.add_thread('compute', work)
    results = []

    def log(state, action):
        if action.is_('compute.fulfilled'):
            results.append(action.get_payload().unpack())
        return state if state else Rdx.Value.pack(None)

    store = Rdx.Store.new_with_middleware(Rdx.Reducer.new(log), None,
                                          [effects.get_middleware()])
    store.dispatch(Rdx.Action.new('compute', Rdx.Value.pack(21)))
    assert iterate_until(lambda: results)
    assert '42' in Rdx.Value.pack(results[0]).to_json(), results


@test
def test_history():
    """The history records, steps back, skips and checks a Python reducer"""
    history = RdxDevtools.History.new('org.rdx.tests.Python')
    store = Rdx.Store.new_with_middleware(Rdx.Reducer.new(counter), None,
                                          [history.get_middleware()])
    for amount in (1, 2, 3):
        store.dispatch(add(amount))
    assert history.get_n_items() == 4 and history.get_at_present()
    assert history.step_back() and store.get_state().unpack() == 3
    assert not history.get_at_present()
    history.jump(3)
    history.toggle(1)
    assert store.get_state().unpack() == 5
    ok, position, recomputed = history.check_replay()
    assert ok and recomputed is None, (ok, position, recomputed)
    exported = history.export(RdxDevtools.HistoryFormat.RDX)
    again = RdxDevtools.History.new('org.rdx.tests.Python')
    other = Rdx.Store.new_with_middleware(Rdx.Reducer.new(counter), None,
                                          [again.get_middleware()])
    assert again.import_(exported, -1, RdxDevtools.HistoryFormat.AUTO,
                         RdxDevtools.HistoryImportFlags.VERIFY)
    assert other.get_state().unpack() == 5
    error = tap.raises(GLib.Error, again.import_, '{"nonsense": 1}', -1,
                       RdxDevtools.HistoryFormat.AUTO, RdxDevtools.HistoryImportFlags.DEFAULT)
    assert error.domain == 'rdx-history-error-quark', error.domain


@test
def test_journal():
    """The journal keeps a Python reducer's actions and declares commands from a list"""
    reducer = Rdx.Reducer.new(counter)
    options = Rdx.JournalOptions.new('org.rdx.tests.Python', reducer)
    options.add_command('add', 'id', ['add.done', 'add.failed'])
    journal = Rdx.Journal.open(Rdx.JOURNAL_IN_MEMORY, options)
    store = journal.new_store(None)
    store.dispatch(add(5))
    store.dispatch(add(6))
    assert journal.get_last_sequence() == 2
    assert journal.get_state().unpack() == 11
    assert journal.get_problems() == []
    assert journal.close()


@test
def test_list_model():
    """A list in the state is a Gio.ListModel"""
    store = Rdx.Store.new(Rdx.Reducer.new(
        lambda s, a: s if s else Rdx.Value.pack({'items': ['a', 'b', 'c']})), None)
    model = Rdx.ListModel.new_for_path(store, '/items')
    assert model.get_n_items() == 3
    assert [model.get_item(i).get_value().unpack() for i in range(3)] == ['a', 'b', 'c']


sys.exit(tap.run())
