#!/usr/bin/env python3
# Checks that every program rdx ships sets its locale from the environment
# first thing, printing TAP: without setlocale (LC_ALL, ""), a program runs
# in the C locale, and GLib prints "?" in place of every character of
# "µs", "→" or "…" (rdx-replay --help said "[OPTION?]"). rdx's own programs
# call rdx_locale_init_program (), which does it.
#
# usage: check-setlocale.py SOURCE...

import re
import sys

MAIN = re.compile(r'^main \(', re.M)
CALL = re.compile(r'setlocale \(LC_ALL, ""\)|rdx_locale_init_program \(\)')


def main(argv):
    checks = []
    for path in argv[1:]:
        with open(path, encoding='utf-8') as f:
            text = f.read()
        if not MAIN.search(text):
            checks.append((f'{path} has a main ()', False))
            continue
        body = text[MAIN.search(text).start():]
        checks.append((f'{path} calls setlocale (LC_ALL, "") in main ()', bool(CALL.search(body))))
    print(f'1..{len(checks)}')
    for i, (what, ok) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} - {what}')
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
