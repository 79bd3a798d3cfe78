//! Is a screen reader running? Self-voicing turns itself off when one is,
//! unless the user chose otherwise.
//!
//! Linux and BSD: the AT-SPI bus property `org.a11y.Status.ScreenReaderEnabled`
//! (set by Orca). Other platforms report "unknown" for now, which keeps
//! self-voicing as the user set it.

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

#[cfg(not(all(unix, not(target_os = "macos"))))]
mod platform {
    pub fn is_running() -> Option<bool> {
        None
    }
}
