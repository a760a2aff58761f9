# tap.py: the few lines of TAP the binding tests print.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys
import traceback

_tests = []


def test(function):
    """Registers a test; its docstring names it."""
    _tests.append(function)
    return function


def run():
    print('1..%d' % len(_tests))
    failed = 0
    for number, function in enumerate(_tests, 1):
        name = (function.__doc__ or function.__name__).strip().splitlines()[0]
        try:
            function()
            print('ok %d - %s' % (number, name))
        except Exception:
            failed += 1
            print('not ok %d - %s' % (number, name))
            for line in traceback.format_exc().splitlines():
                print('# ' + line)
    sys.stdout.flush()
    return 1 if failed else 0


def raises(exception_type, function, *args):
    """Calls function and returns the exception it raised, which must be one
    of exception_type."""
    try:
        function(*args)
    except exception_type as e:
        return e
    raise AssertionError('%s did not raise %s' % (getattr(function, '__name__', function),
                                                   exception_type))
