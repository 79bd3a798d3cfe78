//! `tomoshibi inspect`: renders a [`Report`] in the user's language.

use crate::book::clock::format_ms;
use crate::book::error::Warning;
use crate::book::inspect::Report;
use crate::fl;
use std::fmt::Write as _;

fn list(values: &[String]) -> String {
    if values.is_empty() { "-".to_owned() } else { values.join(", ") }
}

/// The environment variable that may hold the passphrase of an LCP-protected book (never
/// an argument: other users of the computer could read it).
pub const LCP_PASSPHRASE_ENV: &str = "TOMOSHIBI_LCP_PASSPHRASE";

/// Inspects the book at `path`, opening an LCP-protected one with the passphrase from
/// [`LCP_PASSPHRASE_ENV`]; on failure, the translated reason (and for a passphrase, how to
/// give it).
///
/// # Errors
/// The translated reason the book could not be read.
pub fn inspect_book(path: &std::path::Path) -> Result<Report, String> {
    let passphrase = std::env::var(LCP_PASSPHRASE_ENV).ok().map(zeroize::Zeroizing::new);
    let keys: Vec<_> = passphrase.iter().map(|p| crate::book::lcp::user_key_from_passphrase(p)).collect();
    crate::book::inspect::inspect_with_keys(path, &keys).map_err(|e| {
        let mut reason = crate::reading::explain::book_error(&e);
        if let Some(prompt) = e.lcp_prompt() {
            let hint = prompt.text_hint.clone().unwrap_or_else(|| "-".to_owned());
            reason = format!("{reason} {}", fl!("cli-lcp-passphrase", hint = hint));
        }
        fl!("inspect-failed", path = path.display().to_string(), reason = reason)
    })
}

/// One line describing a warning about a book.
pub fn warning(w: &Warning) -> String {
    match w {
        Warning::MissingResource { href, referenced_from } => {
            fl!("warning-missing-resource", href = href.clone(), from = referenced_from.clone())
        }
        Warning::UnreadableResource { href, message } => {
            fl!("warning-unreadable-resource", href = href.clone(), message = message.clone())
        }
        Warning::MissingMetadata { field } => fl!("warning-missing-metadata", field = field.to_string()),
        Warning::CountMismatch { field, declared, found } => fl!(
            "warning-count-mismatch",
            field = field.to_string(),
            declared = declared.to_string(),
            found = found.to_string()
        ),
        Warning::DurationMismatch { declared_ms, computed_ms } => fl!(
            "warning-duration-mismatch",
            declared = format_ms(*declared_ms),
            computed = format_ms(*computed_ms)
        ),
    }
}

/// The report as text, one fact per line.
pub fn render(r: &Report) -> String {
    let mut s = String::new();
    let mut line = |text: String| {
        let _ = writeln!(s, "{text}");
    };
    line(fl!("inspect-path", value = r.path.clone()));
    line(fl!("inspect-format", value = format!("{:?}", r.format)));
    line(fl!("inspect-title", value = r.title.clone()));
    line(fl!("inspect-authors", value = list(&r.authors)));
    line(fl!("inspect-language", value = list(&r.languages)));
    line(fl!("inspect-narrator", value = list(&r.narrators)));
    if let Some(t) = r.multimedia_type {
        line(fl!("inspect-multimedia", value = format!("{t:?}")));
    }
    let total = r.total_duration_ms.map_or_else(|| "-".to_owned(), format_ms);
    line(fl!("inspect-duration", total = total, clips = format_ms(r.timeline_duration_ms)));
    line(fl!(
        "inspect-rendition",
        value = format!("{:?}, {:?}, {:?}", r.layout, r.progression, r.writing_mode)
    ));
    if !r.access_modes.is_empty() {
        line(fl!("inspect-access-mode", value = list(&r.access_modes)));
    }
    let c = &r.counts;
    let headings: Vec<String> =
        c.headings_per_level.iter().enumerate().map(|(i, n)| format!("h{} {n}", i + 1)).collect();
    line(fl!("inspect-headings", value = headings.join(" · ")));
    line(fl!(
        "inspect-counts",
        documents = c.documents.to_string(),
        blocks = c.blocks.to_string(),
        toc = c.toc_entries.to_string(),
        pages = c.pages.to_string(),
        breaks = c.page_breaks.to_string(),
        pars = c.smil_pars.to_string(),
        audio = c.audio_files.to_string()
    ));
    line(fl!(
        "inspect-images",
        images = c.images.to_string(),
        without = c.images_without_alt.to_string(),
        ruby = c.ruby.to_string(),
        notes = c.notes.to_string()
    ));
    if !r.toc.is_empty() {
        line(fl!("inspect-toc"));
        for entry in &r.toc {
            let indent = "  ".repeat(usize::from(entry.level));
            line(format!("{indent}{}  → {}", entry.label, entry.target));
        }
    }
    if !r.warnings.is_empty() {
        line(fl!("inspect-warnings"));
        for w in &r.warnings {
            line(format!("  - {}", warning(w)));
        }
    }
    s
}
