//! Settings changes: applied live to the app and the open book, saved at once, and said.

use super::{App, Message, Screen, theme};
use crate::fl;
use crate::ui::screen::Change;
use iced::Task;

impl App {
    /// Applies a settings change live, saves it and says the result.
    pub(super) fn apply(&mut self, change: Change) -> Task<Message> {
        match change {
            Change::Language(language) => {
                self.settings.language = language;
                crate::i18n::select(language);
                if let Some(s) = &self.speaker {
                    s.set_language(language.speech_tag());
                }
                // The library is asked in the new language from the next page on.
                if let Some(session) = &mut self.session
                    && let Ok(client) =
                        crate::library::client::LibraryClient::new(&super::library::client_config(language))
                {
                    session.client = client;
                }
            }
            Change::UiScale(v) => self.settings.ui_scale = v,
            Change::ReadingSize(v) => self.settings.reading_size = v,
            Change::LineSpacing(v) => self.settings.line_spacing = v,
            Change::LineLength(v) => self.settings.line_length = v,
            Change::ParagraphSpacing(v) => self.settings.paragraph_spacing = v,
            Change::LetterSpacing(v) => self.settings.letter_spacing = v,
            Change::Ruby(r) => {
                self.settings.ruby = r;
                for screen in &mut self.stack {
                    if let Screen::Reader(reader) = screen {
                        reader.set_ruby(r);
                    }
                }
            }
            Change::Writing(w) => self.settings.writing = w,
            Change::SkipStep(v) => self.settings.skip_seconds = v,
            Change::Skipping(structure, skipped) => {
                if skipped {
                    self.settings.skip.insert(structure);
                } else {
                    self.settings.skip.remove(&structure);
                }
                self.remake_player();
            }
            Change::ReadAloudVoice { language, choice } => self.choose_read_aloud_voice(language, choice),
            Change::Theme(t) => {
                self.settings.theme = t;
                self.theme = theme::iced_theme(t);
            }
            Change::Font(f) => self.settings.font = f,
            Change::FontFamily(i) => {
                self.settings.font_family = crate::ui::fonts::installed().get(i).cloned()
            }
            Change::Voicing(v) => self.settings.voicing = v,
            Change::Welcomed => self.settings.welcomed = true,
        }
        self.save();
        // The voice may have just been turned on: start it first, so the
        // result below is the first thing it says.
        let task = match change {
            Change::Voicing(_) => self.start_voice(false),
            _ => Task::none(),
        };
        if change != Change::Welcomed {
            self.report_change(change);
        }
        match change {
            Change::Voicing(_) => task,
            Change::Welcomed | Change::Theme(_) => Task::none(),
            // Layout changed: keep the focused control in view.
            Change::Language(_)
            | Change::UiScale(_)
            | Change::ReadingSize(_)
            | Change::Font(_)
            | Change::FontFamily(_)
            | Change::LineSpacing(_)
            | Change::LineLength(_)
            | Change::ParagraphSpacing(_)
            | Change::LetterSpacing(_)
            | Change::Ruby(_)
            | Change::Writing(_)
            | Change::SkipStep(_)
            | Change::Skipping(..)
            | Change::ReadAloudVoice { .. } => self.scroll_to_focus(),
        }
    }

    pub(super) fn save(&mut self) {
        match self.settings.save(&self.paths.settings_file()) {
            Ok(()) => {
                if self.notice.as_deref() == Some(&fl!("notice-settings-unsaved")) {
                    self.notice = None;
                }
            }
            Err(e) => {
                tracing::error!("{e}");
                self.notice = Some(fl!("notice-settings-unsaved"));
            }
        }
    }
}
