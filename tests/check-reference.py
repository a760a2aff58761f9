#!/usr/bin/env python3
# Checks the reference manuals and the doc comments they are made of,
# printing TAP:
# - gi-docgen finds every public symbol of each namespace documented
#   (`gi-docgen check`: a summary, the parameters, the return value);
# - no doc comment refers to rdx's API the gtk-doc way (`rdx_foo()`,
#   `#RdxFoo`) instead of with a gi-docgen link (`[method@Rdx.Store.dispatch]`);
# - every link between the manuals' pages leads to a page that is there;
# - the manuals have their index, guide pages and the pages of the main
#   types.
#
# usage: check-reference.py GI_DOCGEN GIR_DIR MANUALS_DIR NAMESPACE=MANUAL...

import html.parser
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

CORE = '{http://www.gtk.org/introspection/core/1.0}'
GTKDOC_REF = re.compile(r'(?<![\w@.\[])((?:rdx|todo)_[a-z0-9_]+ ?\(\))|(#(?:Rdx|Todo)[A-Z]\w*)')
CODE = re.compile(r'\|\[.*?\]\||```.*?```|`[^`]*`', re.S)
EXPECTED = {
    'rdx-1': ['index.html', 'values.html', 'store.html', 'reducers.html', 'bindings.html',
              'middleware.html', 'journal.html', 'python-and-javascript.html',
              'class.Store.html', 'method.Store.dispatch.html', 'struct.Value.html',
              'func.slice_new_full.html', 'method.Value.map_get.html'],
    'rdx-devtools-1': ['index.html', 'time-travel.html', 'class.History.html',
                       'method.History.step_back.html', 'debugger-list.png'],
    'rdx-debugger-1': ['index.html', 'class.Window.html', 'ctor.Window.new.html'],
}


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ('href', 'src') and value:
                self.targets.append(value)


def local_links(path):
    parser = Links()
    with open(path, encoding='utf-8') as f:
        parser.feed(f.read())
    for target in parser.targets:
        if re.match(r'[a-z]+:', target) or target.startswith('#'):
            continue
        yield target.split('#', 1)[0]


def main(argv):
    gidocgen, gir_dir, manuals_dir = argv[1:4]
    manuals = dict(arg.split('=', 1) for arg in argv[4:])
    checks = []

    for namespace in manuals:
        gir = os.path.join(gir_dir, namespace + '-1.gir')
        run = subprocess.run([gidocgen, 'check', '--add-include-path', gir_dir, gir],
                             capture_output=True, text=True)
        warnings = [re.sub(r'\x1b\[[0-9;]*m', '', line)
                    for line in (run.stdout + run.stderr).splitlines() if 'WARNING' in line]
        checks.append((f'every public symbol of {namespace} is documented',
                       run.returncode == 0 and not warnings, warnings))

        stale = []
        for doc in ET.parse(gir).getroot().iter(CORE + 'doc'):
            for m in GTKDOC_REF.finditer(CODE.sub('', doc.text or '')):
                stale.append('%s:%s: %s' % (doc.get('filename'), doc.get('line'), m.group(0)))
        checks.append((f'the doc comments of {namespace} link with gi-docgen links only',
                       not stale, stale))

    for manual in manuals.values():
        root = os.path.join(manuals_dir, manual)
        missing = [page for page in EXPECTED.get(manual, ['index.html'])
                   if not os.path.exists(os.path.join(root, page))]
        checks.append((f'{manual} has its index, guide pages and type pages', not missing,
                       missing))
        broken = set()
        n_links = 0
        for name in sorted(os.listdir(root)):
            if not name.endswith('.html'):
                continue
            for target in local_links(os.path.join(root, name)):
                n_links += 1
                if target and not os.path.exists(os.path.normpath(os.path.join(root, target))):
                    broken.add(f'{name} -> {target}')
        checks.append((f'the {n_links} links between the pages of {manual} lead to pages',
                       n_links > 0 and not broken, sorted(broken)))

    print(f'1..{len(checks)}')
    for i, (what, ok, details) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} - {what}')
        if not ok:
            for line in details[:50]:
                print(f'# {line}')
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
