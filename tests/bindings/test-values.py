#!/usr/bin/env python3
# test-values.py: Rdx.Value to and from native Python values (the PyGObject
# overrides, introspection/python/gi/overrides/Rdx.py). Prints TAP.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import math
import sys

import gi

gi.require_version('Rdx', '1')
from gi.repository import GLib, Rdx  # noqa: E402

import tap  # noqa: E402

test = tap.test


def same(a, b):
    """Equal, and of the same types all the way down (1 is not 1.0 or True)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return a == b


@test
def test_override_loaded():
    """The override is the one this test runs against"""
    assert Rdx.Value.__module__ == 'gi.overrides.Rdx', Rdx.Value.__module__
    import gi.overrides.Rdx as override
    print('# override from ' + override.__file__)


@test
def test_round_trip():
    """Native values round-trip with their types: None, bool, int, float, str, list, dict"""
    natives = [
        None, True, False, 0, -1, 42, 2.0, 0.5, 0.1, 1e300, 5e-324, '', 'Milk', 'é😀\n"\\',
        [], {}, [1, 1.0, True, None, 'x'], {'items': {'1': {'id': 1, 'done': False}}, 'n': [[]]},
        {'': 0, '/': 1, '~': 2, 'a/b~c': 3},
    ]
    for native in natives:
        value = Rdx.Value.pack(native)
        assert same(value.unpack(), native), (native, value.unpack())
    # rdx keeps no negative zero (its JSON is canonical): -0.0 comes back 0.0.
    assert same(Rdx.Value.pack(-0.0).unpack(), 0.0)


@test
def test_kinds():
    """Each native type makes the kind of value it should"""
    kinds = [(None, Rdx.ValueKind.NULL), (True, Rdx.ValueKind.BOOL), (7, Rdx.ValueKind.INT),
             (7.0, Rdx.ValueKind.DOUBLE), ('s', Rdx.ValueKind.STRING)]
    for native, kind in kinds:
        assert Rdx.Value.pack(native).get_kind() == kind, native
    assert Rdx.Value.pack((1, 2)).get_kind() == Rdx.ValueKind.LIST
    assert Rdx.Value.pack({'a': 1}).get_kind() == Rdx.ValueKind.MAP
    assert Rdx.Value.pack(7).get_int() == 7
    assert Rdx.Value.pack(7.0).get_double() == 7.0


@test
def test_canonical():
    """A packed value is the value C makes from the same JSON"""
    value = Rdx.Value.pack({'b': 1, 'a': [True, None, 1.5, 'é']})
    assert value.to_json() == '{"a":[true,null,1.5,"é"],"b":1}', value.to_json()
    assert value == Rdx.value_from_json('{"a":[true,null,1.5,"é"],"b":1}', -1)


@test
def test_int_range():
    """64-bit integers are exact at both ends; beyond them is refused, naming where"""
    for n in (-2 ** 63, 2 ** 63 - 1, 2 ** 53 + 1):
        assert same(Rdx.Value.pack([n]).unpack(), [n])
        assert Rdx.Value.pack(n).get_int() == n
    error = tap.raises(OverflowError, Rdx.Value.pack, {'a': [0, 2 ** 63]})
    assert str(error) == '/a/1: 9223372036854775808 does not fit in a 64-bit integer', error
    tap.raises(OverflowError, Rdx.Value.pack, -2 ** 63 - 1)
    # Values made in C unpack exactly too.
    big = Rdx.value_from_json('[9007199254740993,-9223372036854775808]', -1)
    assert same(big.unpack(), [9007199254740993, -9223372036854775808])


@test
def test_refused():
    """What has no value equivalent is refused with an exception naming where it is"""
    cases = [
        ({1: 'a'}, TypeError, "the value: the key 1 is not a string; map keys must be str"),
        ({'a': float('nan')}, ValueError, '/a: nan is not a finite number'),
        ([float('inf')], ValueError, '/0: inf is not a finite number'),
        ({'s': {1, 2}}, TypeError, '/s: a set has no Rdx.Value equivalent'),
        ({'x/y': [b'bytes']}, TypeError, '/x~1y/0: a bytes has no Rdx.Value equivalent'),
        ('a\0b', ValueError, 'the value: strings may not hold NUL characters'),
        (['\ud800'], ValueError, "/0: 'utf-8' codec can't encode character"),
        ({'k\0': 1}, ValueError, 'the value: strings may not hold NUL characters'),
    ]
    for native, exception_type, message in cases:
        error = tap.raises(exception_type, Rdx.Value.pack, native)
        assert str(error).startswith(message), (str(error), message)


@test
def test_depth():
    """The nesting limit is the one C applies to JSON, on both sides of it"""
    for depth in (Rdx.VALUE_MAX_DEPTH - 1, Rdx.VALUE_MAX_DEPTH, Rdx.VALUE_MAX_DEPTH + 1,
                  Rdx.VALUE_MAX_DEPTH + 2):
        native = 0
        for _ in range(depth):
            native = [native]
        text = '[' * depth + '0' + ']' * depth
        try:
            Rdx.value_from_json(text, -1)
            c_accepts = True
        except GLib.Error as error:
            assert error.matches(Rdx.value_error_quark(), Rdx.ValueError.TOO_DEEP), error
            c_accepts = False
        try:
            packed = Rdx.Value.pack(native)
            assert packed.to_json() == text
            python_accepts = True
        except (ValueError, GLib.Error):
            python_accepts = False
        assert c_accepts == python_accepts, (depth, c_accepts, python_accepts)
    cycle = []
    cycle.append(cycle)
    tap.raises(ValueError, Rdx.Value.pack, cycle)


@test
def test_values_inside():
    """An Rdx.Value inside a native value is taken as it is"""
    inner = Rdx.value_from_json('{"x":[1,2.5]}', -1)
    value = Rdx.Value.pack({'inner': inner, 'n': 1})
    assert value.map_get('inner') == inner
    assert same(value.unpack(), {'inner': {'x': [1, 2.5]}, 'n': 1})
    assert Rdx.Value.pack(inner) == inner


@test
def test_equality():
    """== and hash() follow rdx_value_equal() and rdx_value_hash()"""
    a = Rdx.Value.pack({'a': 1, 'b': [1, 2]})
    b = Rdx.value_from_json('{"b":[1,2],"a":1}', -1)
    assert a is not b and a == b and hash(a) == hash(b)
    assert a != Rdx.Value.pack({'a': 1, 'b': [1, 2.0]})
    assert len({a, b, Rdx.Value.pack(None)}) == 2
    assert a != {'a': 1, 'b': [1, 2]}  # a value is not its native form
    assert repr(a) == 'Rdx.Value({"a":1,"b":[1,2]})', repr(a)


@test
def test_methods():
    """The map and list functions are methods of Rdx.Value"""
    value = Rdx.Value.pack({'items': ['a', 'b'], 'n': 3})
    assert value.map_get_int('n', 0) == 3
    assert value.map_get('items').list_length() == 2
    assert value.map_get('items').list_get(1).get_string() == 'b'
    assert value.map_get('missing') is None
    assert value.map_get_sorted_keys() == ['items', 'n']
    changed = value.map_set('n', Rdx.Value.pack(4))
    assert same(changed.unpack(), {'items': ['a', 'b'], 'n': 4})
    assert same(value.unpack(), {'items': ['a', 'b'], 'n': 3})  # values never change
    assert same(Rdx.map_newv(['a', 'b'], [Rdx.Value.pack(1), Rdx.Value.pack([])]).unpack(),
                {'a': 1, 'b': []})
    assert same(Rdx.list_newv([Rdx.Value.pack(1), Rdx.Value.pack(None)]).unpack(), [1, None])
    assert value.get_path('/items/0').get_string() == 'a'
    assert same(value.set_path('/items/1', Rdx.Value.pack('c')).unpack()['items'], ['a', 'c'])
    error = tap.raises(GLib.Error, value.set_path, '/n/x', Rdx.Value.pack(0))
    assert error.matches(Rdx.value_error_quark(), Rdx.ValueError.INVALID_PATH), error
    numbers = Rdx.Value.pack([3, 1, 2])
    assert same(numbers.list_sort(lambda a, b: a.get_int() - b.get_int()).unpack(), [1, 2, 3])
    assert same(numbers.list_filter(lambda v: v.get_int() > 1).unpack(), [3, 2])
    assert same(numbers.list_map(lambda v: Rdx.Value.pack(v.get_int() * 2)).unpack(), [6, 2, 4])
    changes = []
    value.diff(changed, lambda path, old, new: changes.append((path, old.unpack(), new.unpack()))
               or True)
    assert changes == [('/n', 3, 4)], changes


@test
def test_variant():
    """Values go to and from GLib.Variant"""
    value = Rdx.Value.pack({'a': [1, 2], 's': 'x'})
    variant = value.to_variant()
    assert Rdx.value_from_variant(variant) == value
    assert Rdx.value_from_variant(GLib.Variant('a{sv}', {'n': GLib.Variant('x', 5)})) == \
        Rdx.Value.pack({'n': 5})


sys.exit(tap.run())
