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
    let out = xvfb(&[
        "dbus-run-session",
        "--",
        "/usr/bin/python3",
        script.to_str().unwrap(),
        BIN,
        book.to_str().unwrap(),
    ])
    .output()
    .expect("run the AT-SPI test");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "AT-SPI test failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("PASS: AT-SPI shell checks"), "{stdout}");
}

#[test]
fn measure_mode_prints_first_frame_time_and_memory() {
    if !desktop_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let out = xvfb(&[BIN, "--measure"]).env("TOMOSHIBI_HOME", home.path()).output().expect("run --measure");
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
    let out = xvfb(&[BIN, "--measure"]).env("TOMOSHIBI_HOME", home.path()).output().unwrap();
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
    let out = xvfb(&["sh", "-c", &script]).env("TOMOSHIBI_HOME", home.path()).output().unwrap();
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
        .output()
        .expect("run open --measure");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap();
    let first = report["first_frame_ms"].as_f64().unwrap();
    let shown = report["book_shown_ms"].as_f64().expect("book_shown_ms");
    assert!(shown >= first, "{report}");
    println!("measured (debug build, Xvfb, tiny-skia): {report}");
}
