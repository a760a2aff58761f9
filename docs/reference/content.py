#!/usr/bin/env python3
# Makes the guide pages of the reference manual from the Markdown pages of
# docs/, for gi-docgen: a "Title:" line from the page's first heading,
# links to other pages turned into links to their HTML (in this manual, or
# in the manual of another namespace), and links to example sources, which
# the manual does not hold, turned into their text. Images are copied.
#
# usage: content.py OUTDIR HOME... -- FILE...
#   HOME is PAGE=MANUAL, such as store.md=rdx-1: the manual a page is in.

import os
import re
import shutil
import sys

LINK = re.compile(r'(!?)\[([^\]]*)\]\(([^)\s]+)\)')


def rewrite(text, page, homes):
    def link(m):
        bang, label, target = m.groups()
        if bang or re.match(r'[a-z]+:', target) or target.startswith('#'):
            return m.group(0)
        path, _, anchor = target.partition('#')
        if path.endswith('.md') and path in homes:
            here = homes[page]
            html = path[:-3] + '.html'
            if homes[path] != here:
                html = '../%s/%s' % (homes[path], html)
            return '[%s](%s%s)' % (label, html, '#' + anchor if anchor else '')
        if path.startswith('examples/') or path.endswith('.md'):
            return label  # a source file of the tree, not in the manual
        return m.group(0)
    return LINK.sub(link, text)


def main(argv):
    out = argv[1]
    sep = argv.index('--')
    homes = dict(arg.split('=', 1) for arg in argv[2:sep])
    os.makedirs(out, exist_ok=True)
    for path in argv[sep + 1:]:
        name = os.path.basename(path)
        if not name.endswith('.md'):
            shutil.copyfile(path, os.path.join(out, name))
            continue
        with open(path, encoding='utf-8') as f:
            text = f.read()
        first, _, rest = text.partition('\n')
        if not first.startswith('# '):
            sys.exit('%s: the first line must be the page\'s "# " heading' % path)
        with open(os.path.join(out, name), 'w', encoding='utf-8') as f:
            f.write('Title: %s\n\n# %s\n%s' % (first[2:], first[2:], rewrite(rest, name, homes)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
