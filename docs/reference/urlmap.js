// SPDX-License-Identifier: LGPL-2.1-or-later
// Where the manuals of other namespaces are: rdx's own next to this one
// (share/doc/rdx-1, rdx-devtools-1, rdx-debugger-1), GNOME's online.
baseURLs = [
  ['GLib', 'https://docs.gtk.org/glib/'],
  ['GObject', 'https://docs.gtk.org/gobject/'],
  ['Gio', 'https://docs.gtk.org/gio/'],
  ['Gtk', 'https://docs.gtk.org/gtk4/'],
  ['Json', 'https://gnome.pages.gitlab.gnome.org/json-glib/'],
  ['Rdx', '../rdx-1/'],
  ['RdxDevtools', '../rdx-devtools-1/'],
  ['RdxDebugger', '../rdx-debugger-1/'],
]
