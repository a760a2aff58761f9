// Rdx.js: GJS overrides for Rdx-1
//
// RdxValue to and from native JavaScript values:
//
//   Rdx.Value.pack({title: 'Milk', done: false})   -> Rdx.Value
//   value.unpack()                                 -> object, array, number, ...
//
// null, booleans, numbers, BigInts, strings, arrays and plain objects pack
// to null, bool, int or double, string, list and map; an Rdx.Value inside
// is taken as it is. A number that is a safe integer
// (Number.isSafeInteger()) packs to an int, any other finite number to a
// double; a BigInt packs to an int if it fits in 64 bits. Anything else
// (undefined, NaN, a Date, a Map, a function) is refused with an exception
// naming where it is (a JSON Pointer), never converted silently.
//
// unpack() gives ints as numbers, or as BigInts when they are beyond
// Number.MAX_SAFE_INTEGER, so no integer is ever rounded.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

/* exported _init */

const INT_MIN = -(2n ** 63n);
const INT_MAX = 2n ** 63n - 1n;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

let Rdx;

function where(path) {
    return path === '' ? 'the value' : path;
}

function checkString(text, path) {
    if (text.includes('\0'))
        throw new RangeError(`${where(path)}: strings may not hold NUL characters`);
    if (LONE_SURROGATE.test(text))
        throw new RangeError(`${where(path)}: the string holds a lone surrogate, which is not UTF-8`);
}

function isPlainObject(obj) {
    const proto = Object.getPrototypeOf(obj);
    return proto === Object.prototype || proto === null;
}

function packJson(obj, path, depth, out) {
    if (depth > Rdx.VALUE_MAX_DEPTH)
        throw new RangeError(`${where(path)}: nested deeper than ${Rdx.VALUE_MAX_DEPTH} levels`);
    switch (typeof obj) {
    case 'boolean':
        out.push(obj ? 'true' : 'false');
        return;
    case 'number':
        if (Number.isSafeInteger(obj))
            out.push(String(obj));
        else if (Number.isFinite(obj))
            out.push(obj.toExponential());
        else
            throw new RangeError(`${where(path)}: ${obj} is not a finite number`);
        return;
    case 'bigint':
        if (obj < INT_MIN || obj > INT_MAX)
            throw new RangeError(`${where(path)}: ${obj} does not fit in a 64-bit integer`);
        out.push(String(obj));
        return;
    case 'string':
        checkString(obj, path);
        out.push(JSON.stringify(obj));
        return;
    case 'object':
        break;
    default:
        throw new TypeError(`${where(path)}: ${typeof obj} has no Rdx.Value equivalent`);
    }
    if (obj === null) {
        out.push('null');
    } else if (obj instanceof Rdx.Value) {
        out.push(obj.to_json());
    } else if (Array.isArray(obj)) {
        out.push('[');
        for (let i = 0; i < obj.length; i++) {
            if (i > 0)
                out.push(',');
            packJson(obj[i], `${path}/${i}`, depth + 1, out);
        }
        out.push(']');
    } else if (isPlainObject(obj)) {
        out.push('{');
        Object.keys(obj).forEach((key, i) => {
            checkString(key, path);
            out.push(i > 0 ? ',' : '', JSON.stringify(key), ':');
            packJson(obj[key], `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
                depth + 1, out);
        });
        out.push('}');
    } else {
        throw new TypeError(`${where(path)}: a ${obj.constructor?.name ?? 'object'} has no ` +
            'Rdx.Value equivalent (null, boolean, number, bigint, string, array, plain object, ' +
            'Rdx.Value)');
    }
}

// The exact walk, for values that hold integers JSON.parse() would round.
function unpackValue(value) {
    switch (value.get_kind()) {
    case Rdx.ValueKind.NULL:
        return null;
    case Rdx.ValueKind.BOOL:
        return value.get_bool();
    case Rdx.ValueKind.INT: {
        // Through the text: get_int() would round (and warn) beyond 2^53.
        const text = value.to_json();
        const n = Number(text);
        return Number.isSafeInteger(n) ? n : BigInt(text);
    }
    case Rdx.ValueKind.DOUBLE:
        return value.get_double();
    case Rdx.ValueKind.STRING:
        return value.get_string();
    case Rdx.ValueKind.LIST: {
        const list = [];
        for (let i = 0; i < value.list_length(); i++)
            list.push(unpackValue(value.list_get(i)));
        return list;
    }
    default: {
        const map = {};
        for (const key of value.map_get_sorted_keys()) {
            Object.defineProperty(map, key, {
                value: unpackValue(value.map_get(key)),
                enumerable: true, writable: true, configurable: true,
            });
        }
        return map;
    }
    }
}

function _init() {
    Rdx = this;

    Rdx.Value.pack = function (obj) {
        const out = [];
        packJson(obj, '', 0, out);
        return Rdx.value_from_json(out.join(''), -1);
    };

    Rdx.Value.prototype.unpack = function () {
        let inexact = false;
        const result = JSON.parse(this.to_json(), (key, v) => {
            if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v))
                inexact = true;
            return v;
        });
        return inexact ? unpackValue(this) : result;
    };

    Rdx.Value.prototype.toString = function () {
        return `[Rdx.Value ${this.to_json()}]`;
    };
}
