#!/usr/bin/python3
# check-bank-atspi.py: rdx-bank driven through AT-SPI, as a screen reader or
# a person would, printing TAP: start `rdx-bank --journal FILE`, open an
# account, deposit, close the window, and check the journal with
# `rdx-replay --reducer bank FILE`. Ctrl+Shift+D, pressed as keys, opens
# the debugger and not the GTK Inspector GtkWindow binds to it.
#
# usage: dbus-run-session -- /usr/bin/python3 check-bank-atspi.py RDX_BANK RDX_REPLAY
# Needs a display (xvfb-run), pyatspi (python3-pyatspi) and xdotool; the session bus
# of dbus-run-session starts the accessibility bus.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

if not os.environ.get("DISPLAY"):
    print("1..0 # SKIP needs a display")
    sys.exit(0)
try:
    import pyatspi
except ImportError:
    print("1..0 # SKIP needs pyatspi (python3-pyatspi)")
    sys.exit(0)
if shutil.which("xdotool") is None:
    print("1..0 # SKIP needs xdotool")
    sys.exit(0)

bank, replay = sys.argv[1], sys.argv[2]
results = []


def check(ok, what, detail=""):
    results.append((ok, what, detail))
    return ok


def progress(what):
    # On stderr as it happens: where a run that hangs got to.
    print("# %.1f s: %s" % (time.time() - started, what), file=sys.stderr, flush=True)


started = time.time()


def named(node, name):
    # Exactly its visible label: buttons (see check_buttons), and the
    # dialogs' rows (AdwEntryRow, AdwComboRow), which libadwaita 1.2
    # labels by their title; an accessible label as well said it twice
    # ("Name Name") in GTK 4.8.
    return node.name == name


def descendants(root):
    # Every object under @root, walked by hand: an object that goes away
    # during the walk (a window still being made) is skipped, not fatal.
    stack = [root]
    while stack:
        node = stack.pop()
        try:
            children = [c for c in node if c is not None]
        except Exception:
            continue
        for child in children:
            yield child
            stack.append(child)


def button_names(window):
    wrong, n_buttons, walked = [], 0, 0
    for node in descendants(window):
        walked += 1
        try:
            if node.getRoleName() not in ("push button", "toggle button"):
                continue
            labels = [c for c in node if c is not None and c.getRoleName() == "label"]
            name, label = node.name, labels[0].name if len(labels) == 1 else None
        except Exception:
            continue
        if label is None:
            continue
        n_buttons += 1
        if name != label or "_" in name:
            wrong.append("“%s” shows “%s”" % (name, label))
    progress("walked %d objects of “%s”" % (walked, window.name))
    return wrong, n_buttons


def check_buttons(window, where, settle=5):
    # The project's rule: a button's accessible name is its visible label,
    # without the mnemonic's underscore (GTK 4.8 said a button with a
    # mnemonic twice, "_Deposit Deposit", unless told otherwise). A window
    # still being made changes under the walk, or shows no buttons yet:
    # walk again until it has some, for at most @settle seconds.
    wrong, n_buttons = [], 0
    end = time.time() + settle
    while True:
        try:
            wrong, n_buttons = button_names(window)
        except Exception as error:
            wrong, n_buttons = ["the walk failed: %s" % error], 0
        if n_buttons > 0 or time.time() >= end:
            break
        time.sleep(0.5)
    check(n_buttons > 0 and not wrong,
          "every button of %s is named by its visible label" % where,
          "%d buttons; %s" % (n_buttons, "; ".join(wrong)))


def find(root, role, name, timeout=15, match=None):
    match = match or (lambda n: named(n, name))
    end = time.time() + timeout
    while time.time() < end:
        try:
            found = pyatspi.findDescendant(
                root, lambda n: n is not None and n.getRoleName() == role and match(n))
        except Exception:
            found = None
        if found is not None:
            return found
        time.sleep(0.2)
    raise RuntimeError("no %s named “%s”" % (role, name))


def find_window(app, name, timeout=15):
    end = time.time() + timeout
    while time.time() < end:
        for window in app:
            if window is not None and window.name == name:
                return window
        time.sleep(0.2)
    raise RuntimeError("no window “%s”" % name)


def click(node):
    node.queryAction().doAction(0)


def type_into(node, text):
    node.queryEditableText().setTextContents(text)


def press_keys(window_name, keys):
    # Real key events (XTest, through xdotool), not an action: a binding of
    # GtkWindow's own, like its Inspector's, has its say too.
    subprocess.run(["xdotool", "search", "--sync", "--name", "^%s$" % window_name,
                    "windowfocus", "--sync", "key", "--delay", "50", keys],
                   check=True, timeout=30)


def window_names(app):
    return [w.name for w in app if w is not None]


def find_app(name, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name == name:
                return app
        time.sleep(0.2)
    raise RuntimeError("rdx-bank did not appear on the accessibility bus")


def main():
    folder = tempfile.mkdtemp(prefix="check-bank-atspi-")
    journal = os.path.join(folder, "journal.sqlite")
    env = dict(os.environ)
    env.pop("GTK_A11Y", None)
    env.pop("NO_AT_BRIDGE", None)
    env["XDG_CONFIG_HOME"] = os.path.join(folder, "config")
    env["XDG_DATA_HOME"] = os.path.join(folder, "data")
    process = subprocess.Popen([bank, "--journal", journal], env=env)
    try:
        app = find_app("rdx-bank")
        progress("rdx-bank is on the accessibility bus")
        main_window = find_window(app, "rdx Bank")
        progress("its window is there")
        check_buttons(main_window, "the window")

        click(find(main_window, "push button", "Open an Account…"))
        dialog = find_window(app, "Open Account")
        progress("Open Account is open")
        # Waits for its buttons, named well or not: check_buttons says.
        find(dialog, "push button", "Open", match=lambda n: n.name.endswith("Open"))
        check_buttons(dialog, "Open Account")
        type_into(find(dialog, "text", "Name"), "Everyday")
        click(find(dialog, "push button", "Open"))
        # A row is named by its name, its kind and its balance.
        row = find(main_window, "list item", "Everyday",
                   match=lambda n: n.name.startswith("Everyday, "))
        check(row is not None, "an account opened through its dialog is in the sidebar")

        click(find(main_window, "push button", "Deposit…"))
        dialog = find_window(app, "Deposit")
        progress("Deposit is open")
        # Waits for its buttons, named well or not: check_buttons says.
        find(dialog, "push button", "Deposit", match=lambda n: n.name.endswith("Deposit"))
        check_buttons(dialog, "Deposit")
        type_into(find(dialog, "text", "Amount"), "12.34")
        click(find(dialog, "push button", "Deposit"))
        row = find(main_window, "list item", "Everyday",
                   match=lambda n: n.name.startswith("Everyday, ") and "12.34" in n.name)
        check(row is not None, "a deposit through its dialog shows in the sidebar's balance")

        before = window_names(app)
        press_keys("rdx Bank", "ctrl+shift+d")
        progress("Ctrl+Shift+D pressed")
        debugger = "Time-Travel Debugger — dev.rdx.Bank"
        try:
            debugger_window = find_window(app, debugger, timeout=10)
        except RuntimeError:
            debugger_window = None
        # While a large window's tree is being made, GTK 4.8's bridge can
        # list nameless objects as the app's windows for a moment, and walks
        # of the tree fail: both settle within seconds. The GTK Inspector
        # would stay, so each check waits, within a bound, for its answer.
        new_windows = None
        end = time.time() + 20
        while time.time() < end:
            after = window_names(app)
            new_windows = list(after)
            for name in before:
                if name in new_windows:
                    new_windows.remove(name)
            if new_windows == [debugger]:
                break
            time.sleep(0.5)
        progress("the windows settled")
        if debugger_window is not None:
            check_buttons(debugger_window, "the debugger", settle=20)
            progress("the debugger's buttons walked")
        else:
            check(False, "every button of the debugger is named by its visible label",
                  "no debugger window")
        check(debugger in after, "Ctrl+Shift+D, pressed, opens the debugger",
              "windows before: %s, after: %s" % (before, after))
        # The GTK Inspector comes as windows of the app (with no name on
        # the bus in GTK 4.8): nothing but the debugger may be new.
        check(new_windows == [debugger],
              "Ctrl+Shift+D opens no other window (the GTK Inspector)",
              "new windows: %s" % new_windows)

        click(find(main_window, "push button", "Close"))
        status = process.wait(timeout=30)
        progress("rdx-bank quit")
        check(status == 0, "closing the window quits rdx-bank", "exit status %d" % status)
    except Exception as error:
        check(False, "drive rdx-bank", str(error))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    run = subprocess.run([replay, "--reducer", "bank", journal], capture_output=True, text=True)
    try:
        state = json.loads(run.stdout)
        accounts = [a for a in state["accounts"].values() if a["name"] == "Everyday"]
        balance = accounts[0]["balance"] if len(accounts) == 1 else None
        check(balance == 1234, "rdx-replay finds the account and its balance in the journal",
              "balance %s" % balance)
    except (ValueError, KeyError) as error:
        check(False, "rdx-replay finds the account and its balance in the journal",
              "%s: %s %s" % (error, run.stdout[:200], run.stderr[:500]))

    shutil.rmtree(folder, ignore_errors=True)


# The accessibility bus of a fresh session sometimes stops answering for
# tens of seconds (GTK 4.8's bridge, "Did not receive a reply"): an attempt
# that broke off that way, not on a check, is made once more from the
# start, with a new rdx-bank and journal, and says so.
main()
if any(not ok and what == "drive rdx-bank" and "atspi_error" in detail
       for ok, what, detail in results):
    first = [detail for ok, what, detail in results if what == "drive rdx-bank"]
    progress("the first attempt broke off (%s): once more" % first[0])
    print("# first attempt broke off on the accessibility bus: %s" % first[0])
    results.clear()
    started = time.time()
    main()
print("1..%d" % len(results))
for i, (ok, what, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, what))
    if not ok and detail:
        print("# " + detail)
