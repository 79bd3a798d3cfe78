#!/usr/bin/python3
"""The five core tasks against the built-in demo library, by keyboard only,
checked the way a screen reader experiences them over AT-SPI.

Run inside `dbus-run-session` with an X server on $DISPLAY:
    atspi_tasks.py PATH/TO/tomoshibi CARD PIN

1. sign in            2. search and open a book's details
3. borrow, download → the book opens in the reader
4. read: move by heading, "where am I" (F2)
5. return the loan from "My loans and holds"

At every step it asserts what a screen reader gets: the focused element's
role and name (from `object:state-changed:focused` events and the tree), the
states that matter, and every `object:announcement` (AccessKit's live-region
and alert announcements): each expected message must be announced exactly
once, errors as assertive alerts, and nothing announced twice.
Exits non-zero with a message on the first failure; prints the event log then.
"""
import os
import subprocess
import sys
import tempfile
import time

import gi
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, Gio, GLib  # noqa: E402

TIMEOUT = 20.0
# How long to keep listening after a step for late or repeated announcements.
SETTLE = 0.8

EVENTS = []  # (seconds since start, kind, role, name or announced text, detail)
START = time.time()


def log(kind, role, text, detail=0):
    EVENTS.append((time.time() - START, kind, role, text, detail))


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    print("--- AT-SPI events (seconds, event, role, text) ---", file=sys.stderr)
    for at, kind, role, text, detail in EVENTS[-60:]:
        print(f"{at:7.2f} {kind:12} {role:16} {text!r} {detail}", file=sys.stderr)
    sys.exit(1)


def enable_atspi():
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.call_sync(
        "org.a11y.Bus", "/org/a11y/bus", "org.freedesktop.DBus.Properties", "Set",
        GLib.Variant("(ssv)", ("org.a11y.Status", "IsEnabled", GLib.Variant("b", True))),
        None, Gio.DBusCallFlags.NONE, -1, None)


def safe(call, default=""):
    try:
        return call()
    except GLib.Error:
        return default


def on_event(event):
    source = event.source
    role = safe(lambda: source.get_role_name()) if source else ""
    if event.type.startswith("object:announcement"):
        # any_data is the text; detail1 the politeness (1 polite, 2 assertive).
        text = event.any_data if isinstance(event.any_data, str) else str(event.any_data)
        log("announce", role, text, event.detail1)
    elif event.type.startswith("object:state-changed:focused") and event.detail1 == 1:
        log("focus", role, safe(lambda: source.get_name()))


LISTENER = Atspi.EventListener.new(on_event)


def listen():
    for kind in ("object:announcement", "object:state-changed:focused"):
        LISTENER.register(kind)


def pump(seconds):
    """Lets AT-SPI events arrive for `seconds`."""
    context = GLib.MainContext.default()
    deadline = time.time() + seconds
    while time.time() < deadline:
        while context.pending():
            context.iteration(False)
        time.sleep(0.02)


def wait_for(what, probe, timeout=TIMEOUT):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        pump(0.05)
        try:
            last = probe()
        except GLib.Error as e:  # the tree may be mid-update
            last = e
        if last and not isinstance(last, Exception):
            return last
    fail(f"timed out waiting for {what} (last: {last!r})")


def find_frame():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is None:
            continue
        for j in range(safe(lambda: app.get_child_count(), 0)):
            child = app.get_child_at_index(j)
            if child is not None and "Tomoshibi" in safe(lambda: child.get_name()):
                return child
    return None


def walk(node):
    yield node
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            yield from walk(child)


def focused_node(frame):
    for n in walk(frame):
        if n.get_state_set().contains(Atspi.StateType.FOCUSED):
            return n
    return None


def describe(node):
    return f"{node.get_role_name()} {node.get_name()!r}"


def key(*keys):
    for k in keys:
        subprocess.run(["xdotool", "key", "--clearmodifiers", k], check=True)
        pump(0.2)


def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "40", text], check=True)
    pump(0.3)


class Tasks:
    def __init__(self, frame):
        self.frame = frame
        self.mark = 0

    # --- what the screen reader got since the last step -------------------
    def since(self, kind):
        return [e for e in EVENTS[self.mark:] if e[1] == kind]

    def step(self, *keys, text=None):
        """Starts a step: what is recorded from now on belongs to it."""
        self.mark = len(EVENTS)
        if text is not None:
            type_text(text)
        key(*keys)

    def screen(self, title_part):
        frame = wait_for(f"window titled …{title_part}…",
                         lambda: (f := find_frame()) and title_part in f.get_name() and f)
        self.frame = frame
        return frame

    def focus(self, name_part, role, directly=False):
        """The focus moved here: a focus event was raised for this element,
        and the tree says it is focused. `directly`: and no other element of
        the window got the focus on the way (a screen still loading must not
        send the screen reader to a control it is about to lose)."""
        def is_it(e):
            return name_part in e[3] and e[2] == role
        def probe():
            events = [e for e in self.since("focus") if is_it(e)]
            node = focused_node(self.frame) if events else None
            if node and name_part in node.get_name() and node.get_role_name() == role:
                return node
            return None
        node = wait_for(f"focus event on {role} named …{name_part}…", probe)
        if directly:
            before = [e for e in self.since("focus") if not is_it(e) and e[2] != "frame"]
            if before:
                fail(f"focus went to {[(e[2], e[3]) for e in before]} before {role} …{name_part}…")
        print(f"ok    focus  {describe(node)}")
        return node

    def announced(self, text_part, assertive=False):
        """`text_part` is announced, exactly once (after a settle time), with
        the right politeness."""
        def matching():
            return [e for e in self.since("announce") if text_part in e[3]]
        wait_for(f"announcement …{text_part}…", matching)
        pump(SETTLE)
        hits = matching()
        if len(hits) != 1:
            fail(f"…{text_part}… announced {len(hits)} times: {[h[3] for h in hits]}")
        politeness = hits[0][4]
        if assertive and politeness != 2:
            fail(f"…{text_part}… should be an assertive alert, was politeness {politeness}")
        if not assertive and politeness != 1:
            fail(f"…{text_part}… should be polite, was politeness {politeness}")
        print(f"ok    said   {'alert ' if assertive else ''}{hits[0][3]!r}")

    def focus_stays(self, name_part, role):
        node = focused_node(self.frame)
        if node is None or name_part not in node.get_name() or node.get_role_name() != role:
            fail(f"focus should stay on {role} …{name_part}…, is on {node and describe(node)}")
        print(f"ok    focus stays {describe(node)}")

    def no_repeats(self):
        """No message announced twice in this step."""
        said = [e[3] for e in self.since("announce")]
        repeated = sorted({s for s in said if said.count(s) > 1})
        if repeated:
            fail(f"announced more than once: {repeated}")

    def named_controls(self):
        """Every focusable element on the screen has a role and a name."""
        problems = []
        for n in walk(self.frame):
            if not n.get_state_set().contains(Atspi.StateType.FOCUSABLE):
                continue
            if n.get_role() in (Atspi.Role.UNKNOWN, Atspi.Role.INVALID):
                problems.append(f"no role: {describe(n)}")
            if not n.get_name().strip():
                problems.append(f"no name: {describe(n)}")
        if problems:
            fail(f"{self.frame.get_name()}: " + "; ".join(problems))


def main():
    binary, card, pin = sys.argv[1], sys.argv[2], sys.argv[3]
    home = tempfile.mkdtemp(prefix="tomoshibi-tasks-")
    os.makedirs(os.path.join(home, "config"))
    # Self-voicing off: this test is about what screen readers get.
    with open(os.path.join(home, "config", "settings.toml"), "w") as f:
        f.write('welcomed = true\nvoicing = "off"\nlanguage = "en"\n')
    enable_atspi()
    listen()
    env = dict(os.environ, TOMOSHIBI_HOME=home, ICED_BACKEND="tiny-skia")
    app = subprocess.Popen([binary], env=env)
    try:
        run(card, pin)
    finally:
        app.terminate()
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
    print("PASS: AT-SPI five tasks")


def run(card, pin):
    t = Tasks(None)
    t.screen("Bookshelf")
    window = wait_for("X window", lambda: subprocess.run(
        ["xdotool", "search", "--name", "Tomoshibi"], capture_output=True, text=True).stdout.split())
    subprocess.run(["xdotool", "windowfocus", "--sync", window[0]], check=True)
    t.focus("Libraries", "push button")

    print("task 1: sign in (a wrong PIN first)")
    t.step("Return")
    t.screen("Libraries")
    t.focus("demo library", "list item")
    t.named_controls()
    t.step("Return")
    t.announced("Opening the demo library")
    t.screen("demo library")
    t.focus("Search the catalog", "entry", directly=True)
    t.announced("books")
    t.named_controls()
    t.step("shift+Tab", "shift+Tab")
    t.focus("Sign in", "push button")
    t.step("Return")
    t.screen("Sign in to")
    t.focus("card number", "entry")
    t.named_controls()
    t.step("Return")
    t.announced("Type your library card number and PIN", assertive=True)
    t.focus_stays("card number", "entry")
    t.step("Tab", text=card)
    t.focus("PIN", "password text")
    t.step("Return", text="0000")
    t.announced("Signing in")
    t.announced("did not accept", assertive=True)
    t.focus_stays("PIN", "password text")
    t.step("ctrl+a", "BackSpace")
    t.step("Return", text=pin)
    t.announced("Signing in")
    t.announced("Signed in.")
    t.screen("demo library")
    t.focus("Sign out", "push button")
    t.no_repeats()

    print("task 2: search the catalog and open a book's details")
    t.step("Tab", "Tab")
    t.focus("Search the catalog", "entry")
    t.step("Return", text="waste")
    t.focus("Search the catalog", "entry")
    t.announced("One book.")
    t.step("Tab")
    t.focus("The Waste Land", "list item")
    t.step("Return")
    t.screen("The Waste Land")
    t.focus("Borrow", "push button", directly=True)
    t.named_controls()

    print("task 3: borrow, download, and the book opens in the reader")
    t.step("Return")
    t.announced("Borrowing")
    t.announced("The Waste Land: On loan to you")
    t.focus("Download and read", "push button")
    t.no_repeats()
    t.step("Return")
    t.announced("Downloading")
    t.announced("The Waste Land is downloaded. Opening it.")
    t.screen("The Waste Land")
    first = t.focus("", "heading").get_name()
    t.no_repeats()

    print("task 4: read by heading; where am I")
    t.step("ctrl+Down")
    heading = t.focus("", "heading").get_name()
    if heading == first:
        fail(f"Ctrl+Down stayed on {first!r}")
    t.step("F2")
    t.announced("percent through the book")
    t.step("F2")
    t.announced("percent through the book")
    t.step("Down")
    paragraph = t.focus("", "paragraph")
    # The reading view is a document whose text a screen reader reads by word and line.
    document = paragraph.get_parent()
    if document is None or document.get_role_name() != "document frame":
        fail(f"the paragraph is not inside a document: {document and describe(document)}")
    text = Atspi.Text.get_text(document, 0, -1)
    if text.strip() != paragraph.get_name().strip():
        fail(f"document text {text!r} is not the paragraph {paragraph.get_name()!r}")
    word = Atspi.Text.get_string_at_offset(document, 0, Atspi.TextGranularity.WORD).content
    if not word.strip() or not text.startswith(word.strip()):
        fail(f"first word {word!r} of {text!r}")
    print(f"ok    text   document reads {len(text)} characters, first word {word.strip()!r}")
    t.step("ctrl+c")
    t.announced("Paragraph copied")
    copied = subprocess.run(["xclip", "-o", "-selection", "clipboard"], capture_output=True,
                            text=True, timeout=10).stdout
    if copied.strip() != paragraph.get_name().strip():
        fail(f"the clipboard holds {copied!r}, not the paragraph {paragraph.get_name()!r}")
    print(f"ok    copy   the clipboard holds the paragraph ({len(copied)} characters)")

    print("task 5: return the loan from My loans and holds")
    t.step("Escape")
    t.screen("Bookshelf")
    t.focus("The Waste Land", "list item")
    t.step("Tab")
    t.focus("Libraries", "push button")
    t.step("Return")
    t.screen("Libraries")
    t.step("Return")
    t.screen("demo library")
    t.focus("Search the catalog", "entry")
    t.step("shift+Tab", "shift+Tab", "shift+Tab")
    t.focus("My loans and holds", "push button")
    t.step("Return")
    t.screen("My loans and holds")
    t.focus("The Waste Land. On loan to you", "list item", directly=True)
    t.announced("One loan, 0 holds")
    t.step("Return")
    t.screen("The Waste Land")
    t.focus("Read", "push button")
    for _ in range(4):
        t.step("Tab")
        node = focused_node(t.frame)
        if node is not None and "Return" in node.get_name():
            break
    t.focus("Return early", "push button")
    t.step("Return")
    t.announced("Returning")
    t.announced("The Waste Land was returned.")
    t.focus("Borrow", "push button")
    t.no_repeats()
    t.step("Escape")
    t.screen("My loans and holds")
    t.focus("Check again", "push button")
    stale = [describe(n) for n in walk(t.frame)
             if n.get_role() == Atspi.Role.LIST_ITEM and "Waste Land" in n.get_name()]
    if stale:
        fail(f"the returned book is still listed: {stale}")
    print(f"ok    loans list refreshed: {t.frame.get_name()}")


if __name__ == "__main__":
    main()
