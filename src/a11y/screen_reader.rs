//! Is a screen reader running? Self-voicing turns itself off when one is,
//! unless the user chose otherwise.
//!
//! - Linux and BSD: the AT-SPI bus property `org.a11y.Status.ScreenReaderEnabled` (set
//!   by GNOME's screen-reader switch), or an Orca process (Orca started by hand, or by a
//!   desktop that leaves the switch off).
//! - Windows: whether a known screen reader's process is running (NVDA, JAWS,
//!   Narrator, ZoomText/Fusion, Dolphin, System Access), read with `tasklist`
//!   so no unsafe FFI is needed.
//! - macOS: VoiceOver's `voiceOverOnOffKey` in the universal-access defaults.
//!
//! "Unknown" keeps self-voicing as the user set it.

/// Asks the platform whether a screen reader is running. `None` when it
/// cannot be told (no accessibility bus, unsupported platform). Blocks for
/// up to a few hundred milliseconds: call it off the UI thread.
pub fn is_running() -> Option<bool> {
    platform::is_running()
}

/// Whether the assistive technologies listening now present AT-SPI announcements (the event
/// AccessKit sends for the status line and alerts). Orca 43 (Debian 12) does not listen for
/// them: it hears nothing the app announces, and the app must say it another way. `None`
/// when it cannot be told (no accessibility bus; other platforms, whose screen readers hear
/// AccessKit's announcements). Blocks briefly: call it off the UI thread.
pub fn hears_announcements() -> Option<bool> {
    platform::hears_announcements()
}

/// Whether a list of events registered with the AT-SPI registry (`Object:StateChanged:Focused`,
/// `Object:Announcement:`, or `Object:` for every object event) covers announcements.
pub fn listens_for_announcements<'a>(events: impl IntoIterator<Item = &'a str>) -> bool {
    events.into_iter().any(|event| {
        let parts: Vec<String> =
            event.split(':').filter(|p| !p.is_empty()).map(str::to_ascii_lowercase).collect();
        match parts.as_slice() {
            [] => true,
            [kind] => kind == "object",
            [kind, name, ..] => kind == "object" && name == "announcement",
        }
    })
}

/// Whether a process list (each process's command-line arguments) holds Orca: a program
/// named `orca`, run directly or by Python (`python3 /usr/bin/orca`).
pub fn names_orca<'a>(processes: impl IntoIterator<Item = Vec<&'a str>>) -> bool {
    processes.into_iter().any(|argv| {
        argv.iter()
            .take(2)
            .any(|arg| std::path::Path::new(arg).file_name().is_some_and(|name| name == "orca"))
    })
}

#[cfg(all(unix, not(target_os = "macos")))]
mod platform {
    /// The desktop's switch (`ScreenReaderEnabled`, which GNOME sets), or an Orca process:
    /// Orca started by hand or by another desktop leaves the switch off.
    pub fn is_running() -> Option<bool> {
        let switched_on = enabled_on_the_bus();
        if switched_on == Some(true) || orca_runs() {
            return Some(true);
        }
        switched_on
    }

    fn enabled_on_the_bus() -> Option<bool> {
        let connection = zbus::blocking::Connection::session().ok()?;
        let proxy =
            zbus::blocking::Proxy::new(&connection, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Status")
                .ok()?;
        proxy.get_property::<bool>("ScreenReaderEnabled").ok()
    }

    /// Whether a process of this user's system is Orca (read from `/proc`).
    fn orca_runs() -> bool {
        let Ok(entries) = std::fs::read_dir("/proc") else { return false };
        let lines: Vec<Vec<u8>> = entries
            .flatten()
            .filter(|e| e.file_name().to_str().is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())))
            .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
            .collect();
        super::names_orca(lines.iter().map(|line| {
            line.split(|b| *b == 0).filter_map(|arg| std::str::from_utf8(arg).ok()).collect::<Vec<_>>()
        }))
    }

    pub fn hears_announcements() -> Option<bool> {
        let session = zbus::blocking::Connection::session().ok()?;
        let bus =
            zbus::blocking::Proxy::new(&session, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus").ok()?;
        let address: String = bus.call("GetAddress", &()).ok()?;
        let a11y = zbus::blocking::connection::Builder::address(address.as_str()).ok()?.build().ok()?;
        let registry = zbus::blocking::Proxy::new(
            &a11y,
            "org.a11y.atspi.Registry",
            "/org/a11y/atspi/registry",
            "org.a11y.atspi.Registry",
        )
        .ok()?;
        let events: Vec<(String, String)> = registry.call("GetRegisteredEvents", &()).ok()?;
        Some(super::listens_for_announcements(events.iter().map(|(_, event)| event.as_str())))
    }
}

/// Screen-reader process names on Windows, lower-case.
pub const WINDOWS_SCREEN_READERS: &[&str] =
    &["nvda.exe", "jfw.exe", "narrator.exe", "zt.exe", "fusion.exe", "dolphin.exe", "saam.exe"];

/// Whether `tasklist` output names a known screen reader.
pub fn tasklist_names_screen_reader(tasklist: &str) -> bool {
    let lower = tasklist.to_ascii_lowercase();
    lower.lines().any(|line| {
        let image = line.split(',').next().unwrap_or("").trim_matches('"');
        WINDOWS_SCREEN_READERS.contains(&image)
    })
}

#[cfg(windows)]
mod platform {
    pub fn hears_announcements() -> Option<bool> {
        None
    }

    pub fn is_running() -> Option<bool> {
        let out = std::process::Command::new("tasklist").args(["/FO", "CSV", "/NH"]).output().ok()?;
        out.status
            .success()
            .then(|| super::tasklist_names_screen_reader(&String::from_utf8_lossy(&out.stdout)))
    }
}

#[cfg(target_os = "macos")]
mod platform {
    pub fn hears_announcements() -> Option<bool> {
        None
    }

    pub fn is_running() -> Option<bool> {
        let out = std::process::Command::new("defaults")
            .args(["read", "com.apple.universalaccess", "voiceOverOnOffKey"])
            .output()
            .ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim() == "1")
    }
}

#[cfg(not(any(unix, windows)))]
mod platform {
    pub fn is_running() -> Option<bool> {
        None
    }

    pub fn hears_announcements() -> Option<bool> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announcements_are_heard_when_someone_listens_for_them() {
        // What Orca 43 registers (Debian 12): no announcements.
        let orca_43 = [
            "Focus::",
            "Object:StateChanged:Focused",
            "Object:PropertyChange:AccessibleDescription",
            "Object:TextChanged:Insert",
            "Object:ChildrenChanged:Add",
            "Window:Activate:",
            "Document:LoadComplete:",
        ];
        assert!(!listens_for_announcements(orca_43));
        assert!(listens_for_announcements(orca_43.into_iter().chain(["Object:Announcement:"])));
        assert!(listens_for_announcements(["object:announcement"]));
        assert!(listens_for_announcements(["Object::"]), "every object event");
        assert!(listens_for_announcements([""]), "every event");
        assert!(!listens_for_announcements(["Window::"]));
        assert!(!listens_for_announcements(std::iter::empty()));
    }

    #[test]
    fn orca_is_found_in_a_process_list() {
        assert!(names_orca([vec!["/usr/bin/python3", "/usr/bin/orca", "--replace"]]));
        assert!(names_orca([vec!["bash"], vec!["orca"]]));
        assert!(!names_orca([vec!["/usr/bin/python3", "/tmp/orca_run.sh"], vec!["vim", "notes", "orca"]]));
        assert!(!names_orca(std::iter::empty::<Vec<&str>>()));
    }

    #[test]
    fn tasklist_output_is_read_by_image_name() {
        let with_nvda = "\"explorer.exe\",\"4120\",\"Console\",\"1\",\"90,112 K\"\r\n\"nvda.exe\",\"7788\",\"Console\",\"1\",\"60,000 K\"\r\n";
        assert!(tasklist_names_screen_reader(with_nvda));
        let without = "\"explorer.exe\",\"4120\",\"Console\",\"1\",\"90,112 K\"\r\n\"notnvda.exe\",\"1\",\"Console\",\"1\",\"1 K\"\r\n";
        assert!(!tasklist_names_screen_reader(without));
    }
}
