//! The app's own voice and its screen-reader side: what is said when, the
//! accessibility tree after every change, actions from assistive
//! technologies, screen-reader detection and the native-window hand-over.

use super::{App, Message};
use crate::a11y::{self, ControlKind, Input, phrase, tree};
use crate::fl;
use crate::listen::read_aloud::voices::Voice;
use crate::listen::speech::{Speaker, SpeechStatus};
use crate::ui::screen::{self, Change};
use accesskit::ActionRequest;
use iced::Task;

impl App {
    pub(super) fn report_change(&mut self, change: Change) {
        let model = self.model();
        let focused = self.focus.and_then(|i| model.controls.get(i));
        if let Some(c) = focused.filter(|c| self.changed_control(change) == Some(c.id)) {
            // The focused control's own change reaches screen readers (its value, or the focus
            // on the option chosen); announcing it too would be said twice. The status line
            // shows it and the app's own voice says it.
            let text = phrase::changed(c);
            self.status = Some(text.clone());
            self.speak(text);
            return;
        }
        let text = match (change, focused) {
            (Change::UiScale(v), _) => fl!("announce-ui-scale", value = v),
            (Change::Theme(t), _) => fl!("announce-theme", theme = crate::i18n::text(t.message_id())),
            (Change::Voicing(v), _) => fl!("announce-voicing", mode = crate::i18n::text(v.message_id())),
            (Change::Font(f), _) => crate::i18n::text(f.message_id()),
            (Change::FontFamily(i), _) => crate::ui::fonts::installed().get(i).cloned().unwrap_or_default(),
            (Change::Language(l), _) => l.native_name().to_owned(),
            (Change::ReadingSize(v), _) | (Change::LineSpacing(v), _) => fl!("percent", value = v),
            (Change::LineLength(v), _) => fl!("characters", value = v),
            (Change::ParagraphSpacing(v), _) | (Change::LetterSpacing(v), _) => fl!("percent", value = v),
            (Change::Ruby(r), _) => crate::i18n::text(r.message_id()),
            (Change::Writing(w), _) => crate::i18n::text(w.message_id()),
            (Change::SkipStep(v), _) => fl!("seconds", value = v),
            (Change::Skipping(_, skipped), _) => {
                if skipped {
                    fl!("pref-skip-skip")
                } else {
                    fl!("pref-skip-read")
                }
            }
            (Change::ReadAloudVoice { language, .. }, _) => {
                let voice = self.settings.voices.get(language).and_then(|id| Voice::from_id(id));
                voice.map_or_else(|| fl!("pref-voice-automatic"), |v| v.label())
            }
            (Change::Welcomed, _) => return,
        };
        self.report(text);
    }

    pub(super) fn changed_control(&self, change: Change) -> Option<a11y::ControlId> {
        use screen::prefs;
        Some(match change {
            Change::Language(_) => prefs::LANGUAGE,
            Change::UiScale(_) => prefs::UI_SCALE_ID,
            Change::ReadingSize(_) => prefs::READING_SIZE_ID,
            Change::LineSpacing(_) => prefs::LINE_SPACING_ID,
            Change::LineLength(_) => prefs::LINE_LENGTH_ID,
            Change::ParagraphSpacing(_) => prefs::PARAGRAPH_SPACING_ID,
            Change::LetterSpacing(_) => prefs::LETTER_SPACING_ID,
            Change::Ruby(_) => prefs::RUBY,
            Change::Writing(_) => prefs::WRITING,
            Change::SkipStep(_) => prefs::SKIP_STEP_ID,
            Change::Skipping(structure, _) => {
                prefs::SKIPPING.iter().find(|(s, _)| *s == structure).map(|(_, id)| *id)?
            }
            Change::Theme(_) => prefs::THEME,
            Change::Font(_) => prefs::FONT,
            Change::FontFamily(_) => prefs::FONT_FAMILY,
            Change::Voicing(_) => prefs::VOICING,
            Change::ReadAloudVoice { language, .. } => {
                prefs::VOICE_LANGUAGES.iter().find(|(l, ..)| *l == language).map(|(_, id, _)| *id)?
            }
            Change::Welcomed => return None,
        })
    }

    pub(super) fn accessibility_action(&mut self, request: &ActionRequest) -> Task<Message> {
        let model = self.model();
        let screen = self.screen_depth();
        for (index, control) in model.controls.iter().enumerate() {
            if let ControlKind::Choice { options, .. } = &control.kind {
                for j in 0..options.len() {
                    if tree::option_node_id(screen, control.id.0, j) == request.target_node {
                        return match request.action {
                            accesskit::Action::Focus => self.set_focus(index),
                            _ => self.control_input(index, Input::Set(i32::try_from(j).unwrap_or(0))),
                        };
                    }
                }
            }
            // A link in the book's text, activated by the screen reader: it is followed (from
            // its row, when it is in another row of the current table).
            if request.action == accesskit::Action::Click
                && let Some(at) = tree::link_at(screen, control, request.target_node)
            {
                let moved = self.follow(at.unit);
                let number = u16::try_from(at.link).unwrap_or(u16::MAX);
                return Task::batch([
                    moved,
                    self.reader_command(crate::commands::ReaderCommand::FollowLink(number)),
                ]);
            }
            // The screen reader moved to another row of the current table: the reader follows.
            if request.action == accesskit::Action::Focus
                && let Some(unit) = tree::row_at(screen, control, request.target_node)
                && tree::node_of(screen, control) != request.target_node
            {
                return self.follow(unit);
            }
            if tree::node_of(screen, control) != request.target_node {
                continue;
            }
            let input = match (request.action, &request.data) {
                (accesskit::Action::Focus, _) => return self.set_focus(index),
                (accesskit::Action::Click, _) => Input::Activate,
                (accesskit::Action::Increment, _) => Input::Step(1),
                (accesskit::Action::Decrement, _) => Input::Step(-1),
                (accesskit::Action::SetValue, Some(accesskit::ActionData::NumericValue(v))) =>
                {
                    #[allow(clippy::cast_possible_truncation)]
                    Input::Set(v.round() as i32)
                }
                _ => return Task::none(),
            };
            return self.control_input(index, input);
        }
        Task::none()
    }

    pub(super) fn screen_reader_detected(&mut self, found: Option<bool>) -> Task<Message> {
        let running = found.unwrap_or(false);
        if running != self.screen_reader {
            self.screen_reader = running;
            tracing::info!("screen reader running: {running}");
            if !self.settings.voicing.speaks(running)
                && let Some(s) = &self.speaker
            {
                s.stop();
            }
        }
        // Only a running screen reader's listening matters (asked again at each detection:
        // it may have been restarted, or be another one).
        let heard = if running { check_announcements_heard() } else { Task::none() };
        Task::batch([self.start_voice(true), heard])
    }

    pub(super) fn speech_checked(&mut self, status: &SpeechStatus) -> Task<Message> {
        if let SpeechStatus::Unavailable(e) = status {
            tracing::warn!("{e}");
            if self.voicing() {
                self.notice = Some(fl!("notice-speech-unavailable"));
            }
        } else if self.notice.as_deref() == Some(&fl!("notice-speech-unavailable")) {
            self.notice = None;
        }
        Task::none()
    }

    pub(super) fn attach_window(
        &mut self,
        id: iced::window::Id,
        handle: Option<a11y::adapter::NativeWindow>,
    ) -> Task<Message> {
        match handle {
            Some(handle) => self.access.attach(handle),
            None => tracing::warn!("no native window handle: screen readers will not see the window"),
        }
        self.push_tree();
        iced::window::set_mode(id, iced::window::Mode::Windowed)
    }

    pub(super) fn voicing(&self) -> bool {
        self.settings.voicing.speaks(self.screen_reader)
    }

    /// Starts the speech worker the first time speech is wanted (and says
    /// the screen when `introduce`), then checks whether speech works.
    pub(super) fn start_voice(&mut self, introduce: bool) -> Task<Message> {
        if !self.voicing() || self.speaker.is_some() {
            return Task::none();
        }
        let speaker = self.voice.take().unwrap_or_else(Speaker::system);
        speaker.set_language(self.settings.language.speech_tag());
        self.speaker = Some(speaker.clone());
        if introduce {
            self.say_screen();
        }
        check_speech(speaker)
    }

    pub(super) fn speak(&mut self, text: String) {
        if !self.voicing() {
            return;
        }
        if let Some(s) = &self.speaker {
            s.speak(text, true);
        }
    }

    pub(super) fn say_focus(&mut self) {
        let model = self.model();
        if let Some(c) = self.focus.and_then(|i| model.controls.get(i)) {
            let text = phrase::control(c);
            self.speak(text);
        }
    }

    pub(super) fn say_screen(&mut self) {
        let text = phrase::screen(&self.model(), self.focus);
        self.speak(text);
    }

    /// Shows `text` in the status line (a polite live region for screen
    /// readers) and speaks it when self-voicing.
    pub(super) fn report(&mut self, text: String) {
        self.announce(text.clone(), false);
        self.speak(text);
    }

    /// Shows a problem in the status line (an assertive alert for screen
    /// readers) and speaks it when self-voicing.
    pub(super) fn alert(&mut self, text: String) {
        self.announce(text.clone(), true);
        self.speak(text);
    }

    /// Shows `text` in the status line, announced once by screen readers,
    /// without the app's own voice saying it (for when the voice already says
    /// it as part of the screen).
    pub(super) fn announce(&mut self, text: String, alert: bool) {
        self.said = self.said.wrapping_add(1);
        self.status = Some(text.clone());
        self.announcements.push(tree::Announcement { text, alert, serial: self.said });
    }

    /// Puts the screen's text ("3 books", "1 loan and 0 holds") in the status line for
    /// screen readers, which otherwise hear only the focused control of a page that has
    /// just loaded. The app's own voice says it with the screen.
    pub(super) fn announce_screen_text(&mut self) {
        let parts: Vec<String> = self.model().text.into_iter().map(|t| t.text).collect();
        let text = phrase::join_sentences(&parts);
        if !text.is_empty() {
            self.announce(text, false);
        }
    }

    /// Empties the status line.
    pub(super) fn clear_status(&mut self) {
        self.status = None;
        self.announcements.clear();
    }

    /// What salts the current screen's node ids: its depth in the stack and what it shows
    /// (see [`Screen::contents_key`]).
    pub(super) fn screen_depth(&self) -> u64 {
        let depth = u64::try_from(self.stack.len()).unwrap_or(0);
        depth ^ self.stack.last().map_or(0_u64, crate::ui::screen::Screen::contents_key).wrapping_shl(8)
    }

    pub(super) fn push_tree(&mut self) {
        let mut update = self.accessibility_tree();
        if let Some((serial, text)) = self.new_announcement_to_describe() {
            self.described = Some(Described { serial, node: update.focus, text });
        }
        // Left on the element it was put on until the next one (taking it away while that
        // element has the focus would be said too).
        if let Some(described) = self.described.as_ref().filter(|_| self.describes_announcements()) {
            tree::describe(&mut update, described.node, &described.text);
        }
        self.access.update(update);
        // Announced now; the status line's own stays until the next report.
        let said = self.announcements.len().saturating_sub(1);
        self.announcements.drain(..said);
    }

    /// Whether announcements also go into descriptions: a screen reader runs that does not
    /// present them (Orca 43).
    fn describes_announcements(&self) -> bool {
        self.screen_reader && !self.announcements_heard
    }

    /// For such a screen reader: the newest announcement, when it was not yet put into a
    /// description. Odd-numbered ones end in a space, so that the same words said twice
    /// ("where am I") still change the description.
    fn new_announcement_to_describe(&self) -> Option<(u64, String)> {
        let said = self.announcements.last().filter(|_| self.describes_announcements())?;
        if self.described.as_ref().is_some_and(|d| d.serial >= said.serial) {
            return None;
        }
        let space = if said.serial % 2 == 1 { " " } else { "" };
        Some((said.serial, format!("{}{space}", said.text)))
    }

    /// The accessibility tree of the current screen, as it is pushed to screen readers.
    pub fn accessibility_tree(&self) -> accesskit::TreeUpdate {
        // Built once per update: the same model gives the title and the tree.
        let model = self.model();
        let title = super::window_title(&model);
        tree::build(
            &model,
            tree::TreeContext {
                window_title: &title,
                announcements: &self.announcements,
                notice: self.notice.as_deref(),
                // While a book plays (recorded audio or read aloud), the text follows it but the
                // focus stays on the window: a screen reader would read each paragraph aloud
                // over the narration. Paused, the focus is on the paragraph where it stopped.
                focus: if self.playing() { None } else { self.focus },
                screen: self.screen_depth(),
            },
        )
    }
}

/// The platform handle the accessibility adapter subclasses.
pub(super) fn native_window(window: &dyn iced::window::Window) -> Option<a11y::adapter::NativeWindow> {
    use a11y::adapter::NativeWindow;
    use iced::window::raw_window_handle::RawWindowHandle;
    match window.window_handle().ok()?.as_raw() {
        RawWindowHandle::Win32(h) => Some(NativeWindow::Win32(h.hwnd.get())),
        RawWindowHandle::AppKit(h) => Some(NativeWindow::AppKit(h.ns_view.as_ptr() as usize)),
        _ => None,
    }
}

pub(super) fn detect_screen_reader() -> Task<Message> {
    Task::perform(
        async { tokio::task::spawn_blocking(a11y::screen_reader::is_running).await.ok().flatten() },
        Message::ScreenReaderDetected,
    )
}

/// Asks (off the UI thread) whether the running screen reader hears announcements.
fn check_announcements_heard() -> Task<Message> {
    Task::perform(
        async { tokio::task::spawn_blocking(a11y::screen_reader::hears_announcements).await.ok().flatten() },
        Message::AnnouncementsHeard,
    )
}

/// Waits (off the UI thread) for the speech worker to connect, then reports.
fn check_speech(speaker: Speaker) -> Task<Message> {
    Task::perform(
        async move {
            tokio::task::spawn_blocking(move || speaker.wait_ready(std::time::Duration::from_secs(3)))
                .await
                .unwrap_or(SpeechStatus::Connecting)
        },
        Message::SpeechChecked,
    )
}

/// An announcement put into the focused element's description (see
/// [`App::new_announcement_to_describe`]).
#[derive(Debug, Clone)]
pub(super) struct Described {
    /// The announcement's number.
    serial: u64,
    /// The element it was put on.
    node: accesskit::NodeId,
    text: String,
}
