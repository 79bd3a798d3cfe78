#!/usr/bin/python3
"""What a screen reader gets from Tomoshibi's shell screens, checked over AT-SPI.

Run inside `dbus-run-session` with an X server on $DISPLAY:
    atspi_shell.py PATH/TO/tomoshibi [BOOK [BOOK_WITH_TABLES]]
Starts the real app with a fresh TOMOSHIBI_HOME, enables AT-SPI the way an
assistive technology does, drives the app with real key presses (xdotool) and
asserts, screen by screen, that every focusable element has a role and a
non-empty name, and that Tab/arrows/Esc/F1 move the AT-SPI focus.
Exits non-zero with a message on the first failure.
"""
import os
import subprocess
import sys
import tempfile
import time

import gi
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, Gio, GLib  # noqa: E402
import pyatspi  # noqa: E402

TIMEOUT = 15.0


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def enable_atspi():
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.call_sync(
        "org.a11y.Bus", "/org/a11y/bus", "org.freedesktop.DBus.Properties", "Set",
        GLib.Variant("(ssv)", ("org.a11y.Status", "IsEnabled", GLib.Variant("b", True))),
        None, Gio.DBusCallFlags.NONE, -1, None)


def wait_for(what, probe, timeout=TIMEOUT):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            last = probe()
        except Exception as e:  # the tree may be mid-update
            last = e
        if last and not isinstance(last, Exception):
            return last
        time.sleep(0.1)
    fail(f"timed out waiting for {what} (last: {last!r})")


def find_frame():
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is None:
            continue
        for child in app:
            if child is not None and "Tomoshibi" in (child.name or ""):
                return child
    return None


def walk(node):
    yield node
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            yield from walk(child)


def focusables(frame):
    return [n for n in walk(frame) if n.getState().contains(pyatspi.STATE_FOCUSABLE)]


def focused(frame):
    for n in walk(frame):
        if n.getState().contains(pyatspi.STATE_FOCUSED):
            return n
    return None


def describe(node):
    return f"{node.getRoleName()} {node.name!r}"


def key(*keys):
    for k in keys:
        subprocess.run(["xdotool", "key", "--clearmodifiers", k], check=True)
        time.sleep(0.25)


def check_screen(frame_title_part, expected_roles):
    frame = wait_for(f"window titled …{frame_title_part}…",
                     lambda: (f := find_frame()) and frame_title_part in (f.name or "") and f)
    nodes = wait_for("focusable elements", lambda: focusables(frame))
    problems = []
    roles = set()
    for n in nodes:
        role = n.getRoleName()
        roles.add(role)
        if n.getRole() in (pyatspi.ROLE_UNKNOWN, pyatspi.ROLE_INVALID):
            problems.append(f"no role: {describe(n)}")
        if not (n.name or "").strip():
            problems.append(f"no name: {describe(n)}")
    missing = set(expected_roles) - roles
    if missing:
        problems.append(f"expected roles {sorted(missing)} among {sorted(roles)}")
    if problems:
        fail(f"{frame.name}: " + "; ".join(problems))
    print(f"ok  {frame.name}: {len(nodes)} focusable elements, roles {sorted(roles)}")
    return frame


def expect_focus(frame, name_part, role=None):
    def probe():
        f = focused(frame)
        if f and name_part in (f.name or "") and (role is None or f.getRoleName() == role):
            return f
        return None
    node = wait_for(f"focus on {role or 'element'} named …{name_part}…", probe)
    print(f"ok  focus: {describe(node)}")
    return node


def main():
    binary = sys.argv[1]
    home = tempfile.mkdtemp(prefix="tomoshibi-atspi-")
    os.makedirs(os.path.join(home, "config"))
    # Self-voicing off: this test is about what screen readers get.
    with open(os.path.join(home, "config", "settings.toml"), "w") as f:
        f.write('voicing = "off"\nlanguage = "en"\n')
    enable_atspi()
    env = dict(os.environ, TOMOSHIBI_HOME=home, ICED_BACKEND="tiny-skia")
    app = subprocess.Popen([binary], env=env)
    try:
        frame = check_screen("Welcome", {"radio button", "slider", "push button"})
        window = wait_for("X window", lambda: subprocess.run(
            ["xdotool", "search", "--name", "Tomoshibi"], capture_output=True, text=True).stdout.split())
        subprocess.run(["xdotool", "windowfocus", "--sync", window[0]], check=True)
        expect_focus(frame, "English", "radio button")
        key("Tab")
        slider = expect_focus(frame, "Interface size", "slider")
        value = slider.queryValue().currentValue
        key("Right")
        wait_for("slider value to rise", lambda: slider.queryValue().currentValue > value)
        key("Left")
        key("Tab")
        expect_focus(frame, "Standard light", "radio button")
        key("Down")
        expect_focus(frame, "Standard dark", "radio button")
        key("Up", "shift+Tab")
        expect_focus(frame, "Interface size", "slider")
        key("Tab", "Tab", "Tab")
        expect_focus(frame, "Start reading", "push button")
        key("Return")

        frame = check_screen("Bookshelf", {"push button"})
        expect_focus(frame, "Libraries", "push button")
        key("Tab")
        expect_focus(frame, "Open a book", "push button")
        key("Tab")
        expect_focus(frame, "Settings", "push button")
        key("Tab")
        expect_focus(frame, "Help", "push button")

        key("F1")
        frame = check_screen("Help", {"list item", "push button"})
        expect_focus(frame, "Open this help", "list item")
        key("Down")
        expect_focus(frame, "Go back", "list item")
        key("End")
        expect_focus(frame, "Ctrl+Shift+E: Save the book", "list item")

        key("Escape")
        frame = check_screen("Bookshelf", {"push button"})
        expect_focus(frame, "Help", "push button")

        key("ctrl+comma")
        frame = check_screen("Settings", {"radio button", "slider", "push button"})
        expect_focus(frame, "English", "radio button")
        key("Right")
        frame = check_screen("設定", {"radio button", "slider", "push button"})
        expect_focus(frame, "日本語", "radio button")
        key("Left")
        frame = check_screen("Settings", {"radio button"})

        key("Escape")
        check_screen("Bookshelf", {"push button"})
    finally:
        stop(app)
    if len(sys.argv) > 2:
        check_reader(binary, sys.argv[2], env)
    if len(sys.argv) > 3:
        check_table(binary, sys.argv[3], env)
    print("PASS: AT-SPI shell checks")


def stop(app):
    app.terminate()
    try:
        app.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.kill()


def reader_opened(title):
    """The reader window showing the book `title`, focused, on its first heading."""
    frame = check_screen(title, {"heading", "push button"})
    window = wait_for("X window", lambda: subprocess.run(
        ["xdotool", "search", "--name", "Tomoshibi"], capture_output=True, text=True).stdout.split())
    subprocess.run(["xdotool", "windowfocus", "--sync", window[-1]], check=True)
    expect_focus(frame, title, "heading")
    return frame


def check_reader(binary, book, env):
    """The reader exposes the current text as a heading or paragraph that
    takes focus, and every move is a focus change a screen reader announces."""
    app = subprocess.Popen([binary, "open", book], env=env)
    try:
        frame = reader_opened("FOR THE FAMILY")
        key("ctrl+Down")
        expect_focus(frame, "Understanding Mental Illness", "heading")
        key("Down")
        expect_focus(frame, "Mental illnesses", "paragraph")
        key("Escape")
        check_screen("Bookshelf", {"list item", "push button"})
    finally:
        stop(app)


def check_table(binary, book, env):
    """A book table is a table of rows of cells: the current row has focus inside a table
    named by its caption, header cells are column and row headers, every cell is named by its
    text, and the document's text is read cell by cell (AccessKit's AT-SPI adapter offers no
    Table, TableCell or per-cell Text interface yet: those are not asserted)."""
    app = subprocess.Popen([binary, "open", book], env=env)
    try:
        frame = reader_opened("Tables")
        key("Down", "Down", "Down", "Down")
        row = expect_focus(frame, "1 | New York | 8,213,839", "table row")
        table = row.parent
        if table.getRoleName() != "table" or table.name != "Largest cities" or table.childCount != 4:
            fail(f"the row is not in the table of 4 rows: {describe(table)}, {table.childCount} rows")
        got = [[f"{c.getRoleName()} {c.name}" for c in table.getChildAtIndex(r)] for r in (0, 1)]
        want = [["column header Rank", "column header City", "column header Population"],
                ["row header 1", "table cell New York", "table cell 8,213,839"]]
        if got != want:
            fail(f"cells {got}, expected {want}")
        document = table.parent
        text = document.queryText()
        start = text.getText(0, -1).index("New York")
        line = Atspi.Text.get_string_at_offset(document, start, Atspi.TextGranularity.LINE).content
        if line != "New York":
            fail(f"the document's line at a cell is {line!r}, not the cell's text")
        print(f"ok  table: {describe(table)}, {table.childCount} rows; cells {got[1]}; line {line!r}")
        key("Down")
        expect_focus(frame, "2 | Los Ángeles | 3,794,640", "table row")
    finally:
        stop(app)


if __name__ == "__main__":
    main()
