// test-values.js: Rdx.Value to and from native JavaScript values (the GJS
// overrides, introspection/gjs/overrides/Rdx.js). Prints TAP.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

imports.gi.versions.Rdx = '1';
const {GLib, Rdx} = imports.gi;
const System = imports.system;

imports.searchPath.unshift(GLib.path_get_dirname(System.programPath));
const {test, run, raises, assert} = imports.tap;

// Equal, and of the same types all the way down (1n is not 1).
function same(a, b) {
    if (typeof a !== typeof b)
        return false;
    if (Array.isArray(a))
        return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
    if (a !== null && typeof a === 'object') {
        const keys = Object.keys(a);
        return b !== null && Object.getPrototypeOf(b) === Object.prototype &&
            same(keys.sort(), Object.keys(b).sort()) && keys.every(k => same(a[k], b[k]));
    }
    return Object.is(a, b);
}

function show(x) {
    return JSON.stringify(x, (k, v) => typeof v === 'bigint' ? `${v}n` : v);
}

test('The override is the one this test runs against', () => {
    assert(typeof Rdx.Value.pack === 'function' && typeof Rdx.Value.prototype.unpack === 'function');
});

test('Native values round-trip: null, booleans, numbers, BigInts, strings, arrays, objects', () => {
    const natives = [
        null, true, false, 0, -1, 42, 0.5, 0.1, 1e300, 5e-324, 2 ** 60, -(2 ** 70), '',
        'Milk', 'é😀\n"\\', [], {}, [1, 1.5, true, null, 'x'],
        {items: {'1': {id: 1, done: false}}, n: [[]]},
        {'': 0, '/': 1, '~': 2, 'a/b~c': 3}, 2n ** 62n, -(2n ** 63n), [2n ** 63n - 1n],
    ];
    for (const native of natives) {
        const value = Rdx.Value.pack(native);
        const expected = typeof native === 'bigint' ? native : native;
        assert(same(value.unpack(), expected), `${show(native)} came back ${show(value.unpack())}`);
    }
    // A key named __proto__ is an ordinary key both ways.
    const proto = JSON.parse('{"__proto__": {"b": 1}}');
    const back = Rdx.Value.pack(proto).unpack();
    assert(Object.getPrototypeOf(back) === Object.prototype);
    assert(same(Object.keys(back), ['__proto__']) && back.__proto__.b === 1);
});

test('Each native type makes the kind of value it should', () => {
    const kinds = [[null, 'NULL'], [true, 'BOOL'], [7, 'INT'], [7.5, 'DOUBLE'],
        [2 ** 53, 'DOUBLE'], [7n, 'INT'], ['s', 'STRING'], [[1], 'LIST'], [{a: 1}, 'MAP']];
    for (const [native, kind] of kinds) {
        assert(Rdx.Value.pack(native).get_kind() === Rdx.ValueKind[kind],
            `${show(native)} is not ${kind}`);
    }
    // Whole doubles come back as numbers, and a number that is an integer
    // packs to an int: JavaScript has one number type.
    const two = Rdx.value_from_json('2.0', -1);
    assert(two.unpack() === 2 && Rdx.Value.pack(two.unpack()).get_kind() === Rdx.ValueKind.INT);
});

test('A packed value is the value C makes from the same JSON', () => {
    const value = Rdx.Value.pack({b: 1, a: [true, null, 1.5, 'é']});
    assert(value.to_json() === '{"a":[true,null,1.5,"é"],"b":1}', value.to_json());
    assert(value.equal(Rdx.value_from_json('{"a":[true,null,1.5,"é"],"b":1}', -1)));
});

test('Integers beyond 2^53 come back as exact BigInts; beyond 64 bits are refused', () => {
    const big = Rdx.value_from_json('[9007199254740993,-9223372036854775808,9007199254740991]', -1);
    assert(same(big.unpack(), [9007199254740993n, -9223372036854775808n, 9007199254740991]),
        show(big.unpack()));
    const e = raises(RangeError, () => Rdx.Value.pack({a: [0, 2n ** 63n]}));
    assert(e.message === '/a/1: 9223372036854775808 does not fit in a 64-bit integer', e.message);
    raises(RangeError, () => Rdx.Value.pack(-(2n ** 63n) - 1n));
});

test('What has no value equivalent is refused with an exception naming where it is', () => {
    const cases = [
        [{a: undefined}, TypeError, '/a: undefined has no Rdx.Value equivalent'],
        [{a: NaN}, RangeError, '/a: NaN is not a finite number'],
        [[Infinity], RangeError, '/0: Infinity is not a finite number'],
        [{d: new Date(0)}, TypeError, '/d: a Date has no Rdx.Value equivalent'],
        [{'x/y': [new Map()]}, TypeError, '/x~1y/0: a Map has no Rdx.Value equivalent'],
        [[() => 1], TypeError, '/0: function has no Rdx.Value equivalent'],
        [[Symbol('s')], TypeError, '/0: symbol has no Rdx.Value equivalent'],
        ['a\0b', RangeError, 'the value: strings may not hold NUL characters'],
        [['\uD800'], RangeError, '/0: the string holds a lone surrogate'],
        [{k: '\uDC00x'}, RangeError, '/k: the string holds a lone surrogate'],
        [new (class Point {})(), TypeError, 'the value: a Point has no Rdx.Value equivalent'],
    ];
    for (const [native, type, message] of cases) {
        const e = raises(type, () => Rdx.Value.pack(native));
        assert(e.message.startsWith(message), `${e.message} does not start with ${message}`);
    }
});

test('The nesting limit is the one C applies to JSON, on both sides of it', () => {
    for (let depth = Rdx.VALUE_MAX_DEPTH - 1; depth <= Rdx.VALUE_MAX_DEPTH + 2; depth++) {
        let native = 0;
        for (let i = 0; i < depth; i++)
            native = [native];
        const text = `${'['.repeat(depth)}0${']'.repeat(depth)}`;
        let cAccepts = true, jsAccepts = true;
        try {
            Rdx.value_from_json(text, -1);
        } catch (e) {
            assert(e.matches(Rdx.value_error_quark(), Rdx.ValueError.TOO_DEEP), `${e}`);
            cAccepts = false;
        }
        try {
            assert(Rdx.Value.pack(native).to_json() === text);
        } catch (e) {
            jsAccepts = false;
        }
        assert(cAccepts === jsAccepts, `at ${depth}: C ${cAccepts}, JavaScript ${jsAccepts}`);
    }
    const cycle = [];
    cycle.push(cycle);
    raises(RangeError, () => Rdx.Value.pack(cycle));
});

test('An Rdx.Value inside a native value is taken as it is', () => {
    const inner = Rdx.value_from_json('{"x":[1,2.5]}', -1);
    const value = Rdx.Value.pack({inner, n: 1});
    assert(value.map_get('inner').equal(inner));
    assert(same(value.unpack(), {inner: {x: [1, 2.5]}, n: 1}));
    assert(String(value) === '[Rdx.Value {"inner":{"x":[1,2.5]},"n":1}]', String(value));
});

test('The map and list functions are methods of Rdx.Value', () => {
    const value = Rdx.Value.pack({items: ['a', 'b'], n: 3});
    assert(value.map_get_int('n', 0) === 3);
    assert(value.map_get('items').list_length() === 2);
    assert(value.map_get('items').list_get(1).get_string() === 'b');
    assert(value.map_get('missing') === null);
    assert(same(value.map_get_sorted_keys(), ['items', 'n']));
    const changed = value.map_set('n', Rdx.Value.pack(4));
    assert(same(changed.unpack(), {items: ['a', 'b'], n: 4}));
    assert(same(value.unpack(), {items: ['a', 'b'], n: 3}));
    assert(same(Rdx.map_newv(['a', 'b'], [Rdx.Value.pack(1), Rdx.Value.pack([])]).unpack(),
        {a: 1, b: []}));
    assert(same(Rdx.list_newv([Rdx.Value.pack(1), Rdx.Value.pack(null)]).unpack(), [1, null]));
    const e = raises(GLib.Error, () => value.set_path('/n/x', Rdx.Value.pack(0)));
    assert(e.matches(Rdx.value_error_quark(), Rdx.ValueError.INVALID_PATH), `${e}`);
    const numbers = Rdx.Value.pack([3, 1, 2]);
    assert(same(numbers.list_sort((a, b) => a.get_int() - b.get_int()).unpack(), [1, 2, 3]));
    assert(same(numbers.list_filter(v => v.get_int() > 1).unpack(), [3, 2]));
    const changes = [];
    value.diff(changed, (path, old, now) => changes.push([path, old.unpack(), now.unpack()]) > 0);
    assert(same(changes, [['/n', 3, 4]]), show(changes));
});

test('Values go to and from GLib.Variant', () => {
    const value = Rdx.Value.pack({a: [1, 2], s: 'x'});
    assert(Rdx.value_from_variant(value.to_variant()).equal(value));
});

imports.system.exit(run());
