//! What the operating system prefers, read once on first run to pick the
//! starting theme.
//!
//! Linux desktops: GNOME's `color-scheme` and `high-contrast` keys through
//! `gsettings`, and the `GTK_THEME` variable. Elsewhere nothing is read yet
//! and the standard light theme is used.

use std::process::Command;

fn gsettings(schema: &str, key: &str) -> Option<String> {
    if cfg!(not(all(unix, not(target_os = "macos")))) {
        return None;
    }
    let out = Command::new("gsettings").args(["get", schema, key]).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn gtk_theme() -> String {
    std::env::var("GTK_THEME").unwrap_or_default().to_ascii_lowercase()
}

/// Whether the desktop asks for dark colours.
pub fn prefers_dark() -> bool {
    gtk_theme().contains("dark")
        || gsettings("org.gnome.desktop.interface", "color-scheme").is_some_and(|v| v.contains("dark"))
}

/// Whether the desktop asks for high contrast.
pub fn prefers_high_contrast() -> bool {
    gtk_theme().contains("highcontrast")
        || gsettings("org.gnome.desktop.a11y.interface", "high-contrast").is_some_and(|v| v == "true")
}
