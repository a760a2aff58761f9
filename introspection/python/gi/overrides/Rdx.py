# Rdx.py: PyGObject overrides for Rdx-1
#
# RdxValue to and from native Python values:
#
#   Rdx.Value.pack({"title": "Milk", "done": False})   -> Rdx.Value
#   value.unpack()                                     -> dict, list, int, ...
#
# None, bool, int (64-bit), float (finite), str, list/tuple and dict with
# str keys pack to null, bool, int, double, string, list and map; an
# Rdx.Value inside is taken as it is. Anything else is refused with an
# exception naming where it is (a JSON Pointer), never converted silently.
# The value travels as canonical JSON, one call into C each way, and
# Python's int and float read it back exactly.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import math

from ..module import get_introspection_module
from ..overrides import override

Rdx = get_introspection_module('Rdx')

__all__ = []

_INT_MIN = -2 ** 63
_INT_MAX = 2 ** 63 - 1


def _where(path):
    return path if path else 'the value'


def _pack_json(obj, path, depth, out):
    if depth > Rdx.VALUE_MAX_DEPTH:
        raise ValueError('%s: nested deeper than %d levels' % (_where(path), Rdx.VALUE_MAX_DEPTH))
    if obj is None:
        out.append('null')
    elif obj is True or obj is False:
        out.append('true' if obj else 'false')
    elif isinstance(obj, int):
        if not _INT_MIN <= obj <= _INT_MAX:
            raise OverflowError('%s: %d does not fit in a 64-bit integer' % (_where(path), obj))
        out.append(str(int(obj)))
    elif isinstance(obj, float):
        if not math.isfinite(obj):
            raise ValueError('%s: %r is not a finite number' % (_where(path), obj))
        out.append(repr(float(obj)))
    elif isinstance(obj, str):
        _check_string(obj, path)
        out.append(json.dumps(obj, ensure_ascii=False))
    elif isinstance(obj, Rdx.Value):
        out.append(obj.to_json())
    elif isinstance(obj, dict):
        out.append('{')
        for i, (key, item) in enumerate(obj.items()):
            if not isinstance(key, str):
                raise TypeError('%s: the key %r is not a string; map keys must be str'
                                % (_where(path), key))
            _check_string(key, path)
            out.append(',' if i else '')
            out.append(json.dumps(key, ensure_ascii=False))
            out.append(':')
            _pack_json(item, path + '/' + key.replace('~', '~0').replace('/', '~1'),
                       depth + 1, out)
        out.append('}')
    elif isinstance(obj, (list, tuple)):
        out.append('[')
        for i, item in enumerate(obj):
            out.append(',' if i else '')
            _pack_json(item, '%s/%d' % (path, i), depth + 1, out)
        out.append(']')
    else:
        raise TypeError('%s: a %s has no Rdx.Value equivalent (None, bool, int, float, str, '
                        'list, tuple, dict with str keys, Rdx.Value)'
                        % (_where(path), type(obj).__name__))


def _check_string(text, path):
    if '\0' in text:
        raise ValueError('%s: strings may not hold NUL characters' % _where(path))
    try:
        text.encode('utf-8')
    except UnicodeEncodeError as e:
        raise ValueError('%s: %s' % (_where(path), e)) from None


class Value(Rdx.Value):

    @classmethod
    def pack(cls, obj):
        """Makes an Rdx.Value from a native Python value (see this module's comment)."""
        out = []
        _pack_json(obj, '', 0, out)
        return Rdx.value_from_json(''.join(out), -1)

    def unpack(self):
        """Returns the native Python value: None, bool, int, float, str, list or dict."""
        return json.loads(self.to_json())

    def __repr__(self):
        return 'Rdx.Value(%s)' % self.to_json()

    def __eq__(self, other):
        if not isinstance(other, Rdx.Value):
            return NotImplemented
        return Rdx.Value.equal(self, other)

    def __hash__(self):
        return self.hash()


Value = override(Value)
__all__.append('Value')
