// tap.js: the few lines of TAP the GJS binding tests print (imported with
// imports.searchPath).
//
// SPDX-License-Identifier: LGPL-2.1-or-later

/* exported test, run, raises, assert */

const tests = [];

function test(name, func) {
    tests.push([name, func]);
}

function run() {
    print(`1..${tests.length}`);
    let failed = 0;
    tests.forEach(([name, func], i) => {
        try {
            func();
            print(`ok ${i + 1} - ${name}`);
        } catch (e) {
            failed++;
            print(`not ok ${i + 1} - ${name}`);
            for (const line of `${e}\n${e.stack ?? ''}`.split('\n'))
                print(`# ${line}`);
        }
    });
    return failed ? 1 : 0;
}

// Calls func and returns what it threw, which must be an instance of type.
function raises(type, func) {
    try {
        func();
    } catch (e) {
        if (e instanceof type)
            return e;
        throw new Error(`threw ${e}, not a ${type.name}`);
    }
    throw new Error(`did not throw a ${type.name}`);
}

function assert(condition, message = 'assertion failed') {
    if (!condition)
        throw new Error(message);
}
