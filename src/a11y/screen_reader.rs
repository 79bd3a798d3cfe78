//! Is a screen reader running? Self-voicing turns itself off when one is,
//! unless the user chose otherwise.
//!
//! - Linux and BSD: the AT-SPI bus property `org.a11y.Status.ScreenReaderEnabled`
//!   (set by Orca).
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

#[cfg(all(unix, not(target_os = "macos")))]
mod platform {
    pub fn is_running() -> Option<bool> {
        let connection = zbus::blocking::Connection::session().ok()?;
        let proxy =
            zbus::blocking::Proxy::new(&connection, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Status")
                .ok()?;
        proxy.get_property::<bool>("ScreenReaderEnabled").ok()
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
    pub fn is_running() -> Option<bool> {
        let out = std::process::Command::new("tasklist").args(["/FO", "CSV", "/NH"]).output().ok()?;
        out.status
            .success()
            .then(|| super::tasklist_names_screen_reader(&String::from_utf8_lossy(&out.stdout)))
    }
}

#[cfg(target_os = "macos")]
mod platform {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasklist_output_is_read_by_image_name() {
        let with_nvda = "\"explorer.exe\",\"4120\",\"Console\",\"1\",\"90,112 K\"\r\n\"nvda.exe\",\"7788\",\"Console\",\"1\",\"60,000 K\"\r\n";
        assert!(tasklist_names_screen_reader(with_nvda));
        let without = "\"explorer.exe\",\"4120\",\"Console\",\"1\",\"90,112 K\"\r\n\"notnvda.exe\",\"1\",\"Console\",\"1\",\"1 K\"\r\n";
        assert!(!tasklist_names_screen_reader(without));
    }
}
