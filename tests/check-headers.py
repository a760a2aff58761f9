#!/usr/bin/env python3
# Checks the public headers of rdx, printing TAP:
#  - every public header is reached from an umbrella (rdx.h, rdx-devtools.h,
#    rdx-debugger.h);
#  - no public header includes a *-private.h header;
#  - every public header but the umbrellas refuses direct inclusion;
#  - the headers of store/ and middleware/ include no sibling: the forward
#    typedefs they share are in rdx-types.h.
#
# usage: check-headers.py UMBRELLA... -- HEADER...

import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
UMBRELLAS = {'rdx.h', 'rdx-core.h', 'rdx-devtools.h', 'rdx-debugger.h'}
SHARED = {'rdx-types.h', 'rdx-version.h'}
TYPES_ONLY_DIRS = {'store', 'middleware'}


def main(argv):
    sep = argv.index('--')
    roots = [os.path.basename(p) for p in argv[1:sep]]
    paths = argv[sep + 1:]
    by_name = {os.path.basename(p): p for p in paths}
    includes = {}
    for name, path in by_name.items():
        with open(path, encoding='utf-8') as f:
            includes[name] = INCLUDE.findall(f.read())

    reached = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in reached or name not in by_name:
            continue
        reached.add(name)
        todo.extend(os.path.basename(i) for i in includes[name])

    checks = []
    for name in sorted(by_name):
        checks.append((f'{name} is reached from an umbrella header',
                       name in reached))
        private = [i for i in includes[name] if i.endswith('-private.h')]
        checks.append((f'{name} includes no private header'
                       + (f' (includes {", ".join(private)})' if private else ''),
                       not private))
        if name not in UMBRELLAS:
            with open(by_name[name], encoding='utf-8') as f:
                text = f.read()
            guarded = any(f'Only <{u}> can be included directly' in text
                          for u in ('rdx.h', 'rdx-devtools.h', 'rdx-debugger.h'))
            checks.append((f'{name} refuses direct inclusion', guarded))
        if (name not in UMBRELLAS
                and os.path.basename(os.path.dirname(by_name[name])) in TYPES_ONLY_DIRS):
            siblings = [i for i in includes[name]
                        if os.path.basename(i) in by_name
                        and os.path.basename(i) not in SHARED]
            checks.append((f'{name} includes no sibling header'
                           + (f' (includes {", ".join(siblings)})' if siblings else ''),
                           not siblings))

    print(f'1..{len(checks)}')
    failed = 0
    for i, (what, ok) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} - {what}')
        failed += not ok
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
