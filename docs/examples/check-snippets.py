#!/usr/bin/env python3
# Checks that the code a documentation page quotes from an example program
# is still in that program, word for word, printing TAP. A quoted block is a
# ```c (```xml for .ui files, ```meson for meson.build, ```python, ```js)
# fence right after the line <!-- snippet: NAME -->, where NAME is the file
# name of one of the SOURCE files.
#
# usage: check-snippets.py PAGE SOURCE...

import os
import re
import sys

MARK = re.compile(r'^<!-- snippet: (\S+) -->\s*\n```(?:c|xml|python|js|meson)\n(.*?)^```', re.M | re.S)


def main(argv):
    page, sources = argv[1], argv[2:]
    texts = {}
    for path in sources:
        with open(path, encoding='utf-8') as f:
            texts[os.path.basename(path)] = f.read()
    with open(page, encoding='utf-8') as f:
        doc = f.read()

    snippets = MARK.findall(doc)
    checks = []
    for name, code in snippets:
        first = code.strip().splitlines()[0] if code.strip() else '(empty)'
        found = os.path.basename(name) in texts and code in texts[os.path.basename(name)]
        checks.append((f'{name}: {first}', found))
    if not checks:
        checks.append((f'{os.path.basename(page)} quotes at least one snippet', False))

    print(f'1..{len(checks)}')
    for i, (what, ok) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} - {what}')
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
