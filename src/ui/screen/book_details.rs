//! A publication's details: what it is, whether it can be read now, and the buttons that
//! borrow, place a hold, download, read, renew, return or cancel the hold.

use std::path::PathBuf;

use super::{Action, LibraryRequest, Message, Shared};
use crate::a11y::{Control, ControlId, ControlKind, ScreenModel, TextBlock};
use crate::fl;
use crate::library::lending::{self, Operation};
use crate::library::{Availability, CatalogEntry};
use crate::store::Settings;

/// Borrows, or places a hold when no copy is free.
pub const BORROW: ControlId = ControlId("details.borrow");
/// Downloads the book and opens it.
pub const DOWNLOAD: ControlId = ControlId("details.download");
/// Opens the downloaded book.
pub const READ: ControlId = ControlId("details.read");
/// Renews the loan.
pub const RENEW: ControlId = ControlId("details.renew");
/// Returns the loan.
pub const RETURN: ControlId = ControlId("details.return");
/// Leaves the hold queue.
pub const CANCEL_HOLD: ControlId = ControlId("details.cancel-hold");
/// How far the download has got.
pub const PROGRESS: ControlId = ControlId("details.progress");
/// Stops the download and throws away what arrived.
pub const CANCEL_DOWNLOAD: ControlId = ControlId("details.cancel-download");
/// Back.
pub const BACK: ControlId = ControlId("details.back");

/// The book details screen.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailsScreen {
    /// The publication, as the library last described it.
    pub entry: Shared<CatalogEntry>,
    /// The downloaded copy on this computer, if any.
    pub downloaded: Option<PathBuf>,
    /// A request under way ("Borrowing…"), shown and said.
    pub busy: Option<String>,
    /// Bytes downloaded so far and the size, while downloading.
    pub progress: Option<(u64, Option<u64>)>,
    /// What went wrong last, and what to do.
    pub problem: Option<String>,
}

impl DetailsScreen {
    /// Details of `entry`.
    pub fn new(entry: Shared<CatalogEntry>, downloaded: Option<PathBuf>) -> Self {
        Self { entry, downloaded, busy: None, progress: None, problem: None }
    }

    /// Title, facts, availability, then the buttons the library offers now.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let entry = &self.entry.0;
        let mut text = Vec::new();
        let authors = entry.authors.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ");
        if !authors.is_empty() {
            text.push(plain(fl!("details-by", authors = authors)));
        }
        let mut facts = crate::library::text::format(entry);
        if let Some(series) = &entry.series {
            let position = series.position.map(|p| format!("{p}")).unwrap_or_default();
            facts = fl!("details-series", format = facts, series = series.name.clone(), position = position);
        }
        text.push(plain(facts));
        text.push(plain(crate::library::text::availability(&entry.availability)));
        if let Some(summary) = entry.summary.as_ref().or(entry.content.as_ref()) {
            text.push(plain(summary.plain()));
        }
        if let Some(busy) = &self.busy {
            text.push(plain(busy.clone()));
        }
        if let Some(problem) = &self.problem {
            text.push(TextBlock { text: problem.clone(), alert: true });
        }
        let mut controls = Vec::new();
        if let Some((done, total)) = self.progress {
            controls.push(Control {
                id: PROGRESS,
                name: fl!("details-download-progress"),
                description: None,
                kind: ControlKind::Progress {
                    percent: percent(done, total),
                    value_text: progress_text(done, total),
                },
            });
            controls.push(Control::button(CANCEL_DOWNLOAD.0, fl!("details-cancel-download")));
        }
        if self.downloaded.is_some() {
            controls.push(Control::button(READ.0, fl!("details-read")));
        }
        for operation in lending::operations(entry) {
            let button = match operation {
                Operation::Borrow => match entry.availability {
                    Availability::Holdable { .. } => Control::button(BORROW.0, fl!("details-hold")),
                    _ => Control::button(BORROW.0, fl!("details-borrow")),
                },
                Operation::Download if self.downloaded.is_none() && self.progress.is_none() => {
                    Control::button(DOWNLOAD.0, fl!("details-download"))
                }
                Operation::Download => continue,
                Operation::Renew => Control::button(RENEW.0, fl!("details-renew")),
                Operation::Return => Control::button(RETURN.0, fl!("details-return")),
                Operation::CancelHold => Control::button(CANCEL_HOLD.0, fl!("details-cancel-hold")),
            };
            controls.push(button);
        }
        controls.push(Control::button(BACK.0, fl!("back")));
        ScreenModel { title: entry.title.clone(), text, controls }
    }

    /// Buttons ask the app to do the lending request.
    pub fn update(&mut self, message: Message) -> Action {
        if message.input != crate::a11y::Input::Activate {
            return Action::None;
        }
        let lend = |operation| Action::Library(LibraryRequest::Lend(operation, self.entry.clone()));
        match message.control {
            BORROW => lend(Operation::Borrow),
            DOWNLOAD => lend(Operation::Download),
            RENEW => lend(Operation::Renew),
            RETURN => lend(Operation::Return),
            CANCEL_HOLD => lend(Operation::CancelHold),
            CANCEL_DOWNLOAD => Action::Library(LibraryRequest::CancelDownload),
            READ => self.downloaded.clone().map_or(Action::None, Action::OpenBook),
            BACK => Action::Back,
            _ => Action::None,
        }
    }
}

fn plain(text: String) -> TextBlock {
    TextBlock { text, alert: false }
}

/// Percent done, when the size is known.
fn percent(done: u64, total: Option<u64>) -> Option<u8> {
    let total = total.filter(|t| *t > 0)?;
    u8::try_from((done.saturating_mul(100) / total).min(100)).ok()
}

/// "Downloading: 45 percent (1.2 of 2.6 MB)".
pub fn progress_text(done: u64, total: Option<u64>) -> String {
    #[allow(clippy::cast_precision_loss)]
    let mb = |bytes: u64| format!("{:.1}", bytes as f64 / 1_000_000.0);
    match total.filter(|t| *t > 0) {
        Some(total) => fl!(
            "details-progress",
            percent = (done.saturating_mul(100) / total).min(100).to_string(),
            done = mb(done),
            total = mb(total)
        ),
        None => fl!("details-progress-unknown", done = mb(done)),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::a11y::tree::{self, TreeContext};

    fn downloading() -> DetailsScreen {
        let mut entry = CatalogEntry::new("urn:demo:waste-land", "The Waste Land");
        entry.availability = Availability::OpenAccess { revoke: None };
        let mut screen = DetailsScreen::new(Shared(Arc::new(entry)), None);
        screen.progress = Some((1_200_000, Some(2_600_000)));
        screen
    }

    #[test]
    fn a_download_shows_a_progress_bar_and_a_cancel_button_first() {
        let screen = downloading();
        let model = screen.model(&Settings::default());
        assert_eq!(model.controls[0].id, PROGRESS);
        let ControlKind::Progress { percent, value_text } = &model.controls[0].kind else {
            panic!("{:?}", model.controls[0].kind)
        };
        assert_eq!(*percent, Some(46));
        assert_eq!(*value_text, progress_text(1_200_000, Some(2_600_000)));
        assert_eq!(model.controls[1].id, CANCEL_DOWNLOAD);
        assert!(model.controls.iter().all(|c| c.id != DOWNLOAD), "no second download while one runs");
        let mut screen = screen;
        let cancel = Message { control: CANCEL_DOWNLOAD, input: crate::a11y::Input::Activate };
        assert_eq!(screen.update(cancel), Action::Library(LibraryRequest::CancelDownload));
    }

    #[test]
    fn screen_readers_get_a_progress_indicator_with_its_value() {
        let model = downloading().model(&Settings::default());
        let update = tree::build(
            &model,
            TreeContext { window_title: "T", announcements: &[], notice: None, focus: Some(0), screen: 1 },
        );
        let bar = &update.nodes.iter().find(|(id, _)| *id == update.focus).unwrap().1;
        assert_eq!(bar.role(), accesskit::Role::ProgressIndicator);
        assert_eq!(bar.numeric_value(), Some(46.0));
        assert_eq!(bar.max_numeric_value(), Some(100.0));
        let mut unknown = downloading();
        unknown.progress = Some((500_000, None));
        let model = unknown.model(&Settings::default());
        let update = tree::build(
            &model,
            TreeContext { window_title: "T", announcements: &[], notice: None, focus: Some(0), screen: 1 },
        );
        let bar = &update.nodes.iter().find(|(id, _)| *id == update.focus).unwrap().1;
        assert_eq!(bar.numeric_value(), None, "size unknown: indeterminate");
        assert!(bar.value().is_some_and(|v| v.contains("0.5")));
    }
}
