#!/usr/bin/env python3
# Runs a program and checks what it prints against a file, printing TAP:
# its exit status, its standard output (line by line, with a diff when it
# differs) and an empty standard error (no warning, critical or
# traceback).
#
# usage: check-output.py EXPECTED COMMAND...

import difflib
import subprocess
import sys


def main(argv):
    expected_path, command = argv[1], argv[2:]
    with open(expected_path, encoding='utf-8') as f:
        expected = f.read()
    run = subprocess.run(command, capture_output=True, text=True, timeout=240)
    name = ' '.join(command[-1:])
    checks = [
        (f'{name} exits with 0 (got {run.returncode})', run.returncode == 0, []),
        (f'{name} prints what {expected_path.rsplit("/", 1)[-1]} says', run.stdout == expected,
         list(difflib.unified_diff(expected.splitlines(), run.stdout.splitlines(),
                                   'expected', 'printed', lineterm=''))),
        (f'{name} prints nothing on standard error', run.stderr == '', run.stderr.splitlines()),
    ]
    print(f'1..{len(checks)}')
    for i, (what, ok, details) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} - {what}')
        if not ok:
            for line in details:
                print(f'# {line}')
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
