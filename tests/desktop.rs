//! End-to-end tests of the real program in a real (virtual) desktop: Xvfb
//! for the display, a private D-Bus session with AT-SPI for screen readers.
//!
//! They need `xvfb-run`, `dbus-run-session`, `xdotool` and python3-pyatspi
//! (installed by `.ci/setup`). Without them the tests say so and pass —
//! except under CI (`CI` set), where a missing tool is a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_tomoshibi");

fn have(tool: &str) -> bool {
    Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success())
}

fn desktop_available() -> bool {
    let missing: Vec<&str> = ["xvfb-run", "dbus-run-session", "xdotool", "/usr/bin/python3"]
        .into_iter()
        .filter(|t| !have(t))
        .collect();
    let pyatspi = Command::new("/usr/bin/python3")
        .args(["-c", "import pyatspi"])
        .output()
        .is_ok_and(|o| o.status.success());
    if missing.is_empty() && pyatspi {
        return true;
    }
    let msg = format!("desktop tools missing: {missing:?}, pyatspi: {pyatspi} (run .ci/setup)");
    assert!(std::env::var_os("CI").is_none(), "{msg}");
    eprintln!("skipped: {msg}");
    false
}

/// How long one run in the virtual desktop may take before it is stopped and fails.
const LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Runs a command in the virtual desktop to its end, like `Command::output`, with its output
/// in files rather than pipes: a daemon the session started (the accessibility bus, the
/// keyring) can outlive it holding a pipe open, and reading a pipe to its end would then wait
/// for ever. Stopped after [`LIMIT`] (the test fails rather than the whole run hanging).
trait RunToEnd {
    fn run_to_end(&mut self) -> std::io::Result<std::process::Output>;
}

impl RunToEnd for Command {
    fn run_to_end(&mut self) -> std::io::Result<std::process::Output> {
        let (mut out, mut err) = (tempfile::tempfile()?, tempfile::tempfile()?);
        let mut child = self.stdout(out.try_clone()?).stderr(err.try_clone()?).spawn()?;
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            if started.elapsed() > LIMIT {
                child.kill()?;
                panic!("still running after {LIMIT:?}: {self:?}");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        let read = |file: &mut std::fs::File| -> std::io::Result<Vec<u8>> {
            use std::io::{Read, Seek};
            let mut bytes = Vec::new();
            file.seek(std::io::SeekFrom::Start(0))?;
            file.read_to_end(&mut bytes)?;
            Ok(bytes)
        };
        Ok(std::process::Output { status, stdout: read(&mut out)?, stderr: read(&mut err)? })
    }
}

fn xvfb(args: &[&str]) -> Command {
    let mut cmd = Command::new("xvfb-run");
    cmd.args(["-a", "-s", "-screen 0 1024x768x24 -noreset"]).args(args).env("ICED_BACKEND", "tiny-skia");
    cmd
}

#[test]
fn screen_readers_see_every_shell_control_and_follow_focus() {
    if !desktop_available() {
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/atspi_shell.py");
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books/daisy202/mental_health");
    let tables = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books/epub/tomoshibi-tables");
    let out = xvfb(&[
        "dbus-run-session",
        "--",
        "/usr/bin/python3",
        script.to_str().unwrap(),
        BIN,
        book.to_str().unwrap(),
        tables.to_str().unwrap(),
    ])
    .run_to_end()
    .expect("run the AT-SPI test");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "AT-SPI test failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("PASS: AT-SPI shell checks"), "{stdout}");
}

/// The five core tasks against the demo library (sign in; search and open details; borrow,
/// download and read; move by heading and "where am I"; return from My loans and holds), by
/// keyboard only, with what a screen reader gets at each step: roles, names, focus events,
/// and each announcement exactly once (errors as alerts). See `tests/e2e/atspi_tasks.py`.
#[test]
fn the_five_core_tasks_by_keyboard_with_a_screen_reader() {
    if !desktop_available() {
        return;
    }
    use tomoshibi::demo_library::{DEMO_CARD, DEMO_PIN};
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/atspi_tasks.py");
    let started = std::time::Instant::now();
    let out = xvfb(&[
        "dbus-run-session",
        "--",
        "/usr/bin/python3",
        script.to_str().unwrap(),
        BIN,
        DEMO_CARD,
        DEMO_PIN,
    ])
    .run_to_end()
    .expect("run the AT-SPI tasks test");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "AT-SPI tasks test failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("PASS: AT-SPI five tasks"), "{stdout}");
    println!("five tasks took {:.1} s", started.elapsed().as_secs_f64());
}

/// What the Orca screen reader itself says (its debug log of speech, real speech-dispatcher
/// and espeak-ng into a null sound device): the screens and controls as focus moves, the
/// catalog's "4 books", the sign-in form's alert, and signing in by keyboard. Orca 43 (Debian 12) does not present
/// AT-SPI announcements; the app puts them into the focused element's description for it.
/// See `tests/e2e/orca_hears.sh`.
#[test]
fn orca_says_the_screens_controls_and_announcements() {
    if !desktop_available() {
        return;
    }
    use tomoshibi::demo_library::{DEMO_CARD, DEMO_PIN};
    // Libraries → the demo library (its catalog loads: "4 books…") → Sign in → Enter on the
    // empty form (its alert) → the card number, Tab, the PIN (typing is not echoed: no words
    // to wait for), Enter. Each step's keys, then what Orca says once they have been handled.
    let typed = |digits: &str| digits.chars().map(String::from).collect::<Vec<_>>().join(" ");
    let (card, pin) = (typed(DEMO_CARD), typed(DEMO_PIN));
    let steps = [
        ("Return", "Tomoshibi demo library, on this computer"),
        ("Return", "4 books. Choose one and press Enter for details"),
        ("shift+Tab", "Back push button"),
        ("shift+Tab", "Sign in push button"),
        ("Return", "Library card number entry"),
        ("Return", "Type your library card number and PIN, then press Enter"),
        (card.as_str(), ""),
        ("Tab", "PIN password text"),
        (pin.as_str(), ""),
        ("Return", "Signed in."),
    ];
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/orca_hears.sh");
    let mut args = vec!["dbus-run-session", "--", script.to_str().unwrap(), BIN];
    args.extend(steps.iter().flat_map(|(key, said)| [*key, *said]));
    let out = xvfb(&args).run_to_end().expect("run Orca");
    let said = String::from_utf8_lossy(&out.stdout);
    if out.status.code() == Some(77) {
        eprintln!("{said}(run .ci/setup to install Orca)");
        return;
    }
    println!("Orca said:\n{said}");
    assert!(out.status.success(), "{said}\n{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<&str> = said.lines().collect();
    let mut from = 0;
    // Each step's words, in order. Not checked: the first screen's focused button (said only
    // when Orca has taken the window as active before the app's first focus event, which a
    // busy machine can turn round; `atspi_shell.py` checks that event itself), and "Opening
    // the demo library…" (said only when Orca gets to it before the catalog replaces it).
    for expected in steps.iter().map(|(_, said)| *said).filter(|said| !said.is_empty()) {
        let found = lines.iter().skip(from).position(|line| line.contains(expected));
        let Some(at) = found else {
            panic!(
                "Orca did not say {expected:?} (after line {from}):\n{said}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        };
        from += at + 1;
    }
    let repeated = lines.iter().filter(|line| line.contains("4 books")).count();
    assert_eq!(repeated, 1, "the catalog's count said {repeated} times:\n{said}");
    // Regression: the form was shown before the library's authentication document came, and
    // its hint put in under the focus said a second time.
    let hint = lines.iter().filter(|line| line.trim() == "Digits only, up to 8.").count();
    assert_eq!(hint, 1, "the card number's hint said {hint} times:\n{said}");
    let signed_in = lines.iter().filter(|line| line.contains("Signed in.")).count();
    assert_eq!(signed_in, 1, "\"Signed in.\" said {signed_in} times:\n{said}");
    // Nothing said from the PIN field on gives the PIN away.
    let pin_field = lines.iter().position(|line| line.contains("PIN password text")).unwrap_or(0);
    assert!(!lines[pin_field..].iter().any(|line| line.contains(DEMO_PIN)), "the PIN was said:\n{said}");
}

#[test]
fn measure_mode_prints_first_frame_time_and_memory() {
    if !desktop_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let out =
        xvfb(&[BIN, "--measure"]).env("TOMOSHIBI_HOME", home.path()).run_to_end().expect("run --measure");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(line.trim()).expect("one JSON line");
    let ms = report["first_frame_ms"].as_f64().expect("first_frame_ms");
    let rss = report["rss_mb"].as_f64().expect("rss_mb");
    assert!(ms > 0.0 && rss > 0.0, "{report}");
    println!("measured (debug build, Xvfb, tiny-skia): {report}");
}

#[test]
fn a_damaged_settings_file_is_kept_and_the_app_still_starts() {
    if !desktop_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("settings.toml"), "ui_scale = [[ broken").unwrap();
    let out = xvfb(&[BIN, "--measure"]).env("TOMOSHIBI_HOME", home.path()).run_to_end().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(config.join("settings.toml.broken")).unwrap(), "ui_scale = [[ broken");
}

#[test]
fn unknown_arguments_are_refused_with_usage() {
    let out = Command::new(BIN).arg("--no-such-flag").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--no-such-flag") && err.contains("--measure"), "{err}");
}

#[test]
fn without_a_display_it_explains_instead_of_crashing() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .env("TOMOSHIBI_HOME", home.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("graphical desktop") && !err.contains("panicked"), "{err}");
}

/// Regression: a `DISPLAY` whose X server is gone (an old ssh login, a stopped Xvfb) made the
/// toolkit panic with a backtrace; now the patron is told, in their language.
#[test]
fn a_display_that_does_not_answer_is_explained_too() {
    let home = tempfile::tempdir().unwrap();
    // A display number no server uses: no socket file, nothing listening.
    let free = (200..300).find(|n| !std::path::Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()).unwrap();
    for (display, lang, said) in [
        (format!(":{free}"), "en_US.UTF-8", "does not answer"),
        (format!(":{free}.0"), "ja_JP.UTF-8", "応答しません"),
    ] {
        let out = Command::new(BIN)
            .env("TOMOSHIBI_HOME", home.path())
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .env("LANG", lang)
            .env_remove("LANGUAGE")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{display}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(said) && err.contains(&display) && !err.contains("panicked"), "{err}");
    }
}

#[test]
fn the_reading_position_survives_kill_9() {
    if !desktop_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("settings.toml"), "welcomed = true\nvoicing = \"off\"\n").unwrap();
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books/daisy202/mental_health");
    // Open the book, move to the second heading and two paragraphs on, then
    // kill the app without any chance to clean up.
    let script = format!(
        "{BIN} open {} & sleep 4; xdotool search --name Tomoshibi windowfocus --sync; \
         xdotool key ctrl+Down; sleep 0.3; xdotool key Down; sleep 0.3; xdotool key Down; sleep 1; kill -9 $!",
        book.display()
    );
    let out = xvfb(&["sh", "-c", &script]).env("TOMOSHIBI_HOME", home.path()).run_to_end().unwrap();
    assert!(
        out.status.success() || out.status.code() == Some(137),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let paths = tomoshibi::store::Paths::under(home.path());
    let db = tomoshibi::store::db::Database::open(&paths.database_file()).unwrap();
    let shelf = db.books().unwrap();
    assert_eq!(shelf.len(), 1, "the opened book is on the shelf");
    let saved: tomoshibi::book::Locator = db.position(&shelf[0].book.id).unwrap().expect("a saved position");

    let publication = tomoshibi::book::open(&book).unwrap();
    let units = tomoshibi::reading::units(&publication, tomoshibi::reading::RubyMode::Brackets);
    let second_heading =
        tomoshibi::reading::find(&units, 0, true, |u| tomoshibi::reading::is_heading(u, None)).unwrap();
    let at = tomoshibi::reading::index_of(&publication, &units, &saved).unwrap();
    assert_eq!(units[at].block, units[second_heading + 2].block, "saved {saved:?}");
    assert!(shelf[0].progression > 0.0);
}

#[test]
fn measure_mode_with_a_book_reports_when_the_reader_is_drawn() {
    if !desktop_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books/daisy3/mental_health");
    let out = xvfb(&[BIN, "open", book.to_str().unwrap(), "--measure"])
        .env("TOMOSHIBI_HOME", home.path())
        .run_to_end()
        .expect("run open --measure");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap();
    let first = report["first_frame_ms"].as_f64().unwrap();
    let shown = report["book_shown_ms"].as_f64().expect("book_shown_ms");
    assert!(shown >= first, "{report}");
    let open = report["open_to_drawn_ms"].as_f64().expect("open_to_drawn_ms");
    assert!(open > 0.0 && open <= shown, "{report}");
    println!("measured (debug build, Xvfb, tiny-skia): {report}");
}

/// The whole library task by keyboard in the real app: open the demo library, search,
/// sign in, borrow, download and read; then no file Tomoshibi wrote holds the PIN.
#[test]
fn borrow_from_the_demo_library_by_keyboard_and_the_pin_is_never_written() {
    if !desktop_available() {
        return;
    }
    use tomoshibi::demo_library::{DEMO_CARD, DEMO_PIN};
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("settings.toml"), "welcomed = true\nvoicing = \"off\"\nlanguage = \"en\"\n")
        .unwrap();
    // Bookshelf → Libraries → demo library → search "waste" → first result → Borrow →
    // sign in (card, Tab, PIN, Enter) → borrowed → Download and read.
    let keys = [
        "key Return",
        "sleep 1",
        "key Return",
        "sleep 4",
        "type waste",
        "key Return",
        "sleep 3",
        "key Tab",
        "key Return",
        "sleep 1",
        "key Return",
        "sleep 4",
        &format!("type {DEMO_CARD}"),
        "key Tab",
        &format!("type {DEMO_PIN}"),
        "key Return",
        "sleep 4",
        "key Return",
        "sleep 6",
    ]
    .iter()
    .map(|step| match step.strip_prefix("sleep ") {
        Some(seconds) => format!("sleep {seconds}"),
        None => format!("xdotool {step}; sleep 0.4"),
    })
    .collect::<Vec<_>>()
    .join("; ");
    let script = format!(
        "{BIN} & sleep 4; xdotool search --name Tomoshibi windowfocus --sync; {keys}; kill $!; wait $! 2>/dev/null; true"
    );
    let out = xvfb(&["sh", "-c", &script]).env("TOMOSHIBI_HOME", home.path()).run_to_end().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let paths = tomoshibi::store::Paths::under(home.path());
    let books: Vec<_> = std::fs::read_dir(paths.data_dir.join("books")).unwrap().flatten().collect();
    assert_eq!(books.len(), 1, "one downloaded book");
    let db = tomoshibi::store::db::Database::open(&paths.database_file()).unwrap();
    let shelf = db.books().unwrap();
    assert_eq!(shelf.len(), 1, "the borrowed book is on the shelf");
    assert_eq!(shelf[0].book.title, "The Waste Land");
    let loan = shelf[0].book.loan.as_ref().expect("recorded as a loan");
    assert!(loan.until.is_some(), "{loan:?}");

    // The PIN in every form a request carries it: alone (not part of a longer number), as
    // `card:PIN`, and Base64-encoded in a Basic header. Downloaded books and the demo
    // library's own server state are the library's files, not ours.
    let basic = format!("{DEMO_CARD}:{DEMO_PIN}");
    let encoded = base64_basic(&basic);
    let mut scanned = 0;
    for dir in [&paths.config_dir, &paths.data_dir, &paths.log_dir, &paths.cache_dir] {
        for file in walk(dir) {
            if file.starts_with(paths.data_dir.join("books")) || file.ends_with("demo-library.sqlite3") {
                continue;
            }
            scanned += 1;
            let bytes = std::fs::read(&file).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains(&basic) && !text.contains(&encoded),
                "{} holds the credentials",
                file.display()
            );
            let alone = text.match_indices(DEMO_PIN).any(|(at, _)| {
                let before = text[..at].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric());
                let after =
                    text[at + DEMO_PIN.len()..].chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
                !before && !after
            });
            assert!(!alone, "{} holds the PIN", file.display());
        }
    }
    assert!(scanned >= 3, "settings, database and log were scanned ({scanned})");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn base64_basic(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}
