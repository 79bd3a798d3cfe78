//! "Save as audio file" from the open book: which part (the whole book, from here to the end
//! of the chapter, or this chapter), the speed (the player's at first), and the file (in the
//! Music or Documents folder, named after the book). Saving runs in the background with a
//! progress bar and a Stop button; the result is said and shown.

use std::path::{Path, PathBuf};

use super::{Action, Message};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock};
use crate::fl;
use crate::store::Settings;

/// Which part of the book.
pub const SPAN: ControlId = ControlId("save-audio.span");
/// The speed slider.
pub const SPEED: ControlId = ControlId("save-audio.speed");
/// The file to write.
pub const FILE: ControlId = ControlId("save-audio.file");
/// Starts saving.
pub const SAVE: ControlId = ControlId("save-audio.save");
/// How far saving has got.
pub const PROGRESS: ControlId = ControlId("save-audio.progress");
/// Stops saving (no file is left behind).
pub const STOP: ControlId = ControlId("save-audio.stop");
/// Back to the reader.
pub const CLOSE: ControlId = ControlId("save-audio.close");

/// Slowest and fastest speed, in tenths (as the player: 0.5–4.0).
pub const SPEED_TENTHS: (u16, u16) = (5, 40);

/// Which part of the book to save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// From the beginning to the end.
    WholeBook,
    /// From the reader's place to the next heading.
    HereToChapterEnd,
    /// From the heading before the reader's place to the next heading.
    Chapter,
}

impl Span {
    /// Every choice, in the order offered.
    pub const ALL: [Span; 3] = [Span::WholeBook, Span::HereToChapterEnd, Span::Chapter];

    fn message_id(self) -> &'static str {
        match self {
            Span::WholeBook => "save-audio-whole-book",
            Span::HereToChapterEnd => "save-audio-to-chapter-end",
            Span::Chapter => "save-audio-chapter",
        }
    }
}

/// What the patron asked to save.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveRequest {
    /// Which part.
    pub span: Span,
    /// Speed, 0.5–4.0.
    pub speed: f32,
    /// The WAV file.
    pub file: PathBuf,
}

/// The save-as-audio screen.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveAudioScreen {
    /// The book's title.
    pub title: String,
    /// Which part.
    pub span: Span,
    /// Speed in tenths.
    pub speed_tenths: u16,
    /// The file name as typed.
    pub file: String,
    /// Saving is under way: how much is done, 0.0 ..= 1.0.
    pub running: Option<f32>,
    /// What the last save did, or why it could not start.
    pub outcome: Option<(String, bool)>,
}

impl SaveAudioScreen {
    /// For the book `title`, at speed `speed`, saving into `folder`.
    pub fn new(title: &str, speed: f32, folder: &Path) -> Self {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let tenths =
            (speed * 10.0).round().clamp(f32::from(SPEED_TENTHS.0), f32::from(SPEED_TENTHS.1)) as u16;
        Self {
            title: title.to_owned(),
            span: Span::WholeBook,
            speed_tenths: tenths,
            file: default_file(folder, title).display().to_string(),
            running: None,
            outcome: None,
        }
    }

    /// Intro, outcome; the file, part, speed, then Save (or the progress and Stop), Close.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let mut text =
            vec![TextBlock { text: fl!("save-audio-intro", title = self.title.clone()), alert: false }];
        if let Some((outcome, alert)) = &self.outcome {
            text.push(TextBlock { text: outcome.clone(), alert: *alert });
        }
        // The file first: a problem with it brings the focus back there.
        let mut controls = vec![
            Control {
                id: FILE,
                name: fl!("save-audio-file"),
                description: Some(fl!("save-audio-file-hint")),
                kind: ControlKind::TextField { value: self.file.clone(), secret: false },
            },
            Control { id: SPAN, name: fl!("save-audio-span"), description: None, kind: self.span_kind() },
            Control { id: SPEED, name: fl!("save-audio-speed"), description: None, kind: self.speed_kind() },
        ];
        match self.running {
            Some(done) => {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let percent = (done * 100.0).round().clamp(0.0, 100.0) as u8;
                controls.push(Control {
                    id: PROGRESS,
                    name: fl!("save-audio-progress"),
                    description: None,
                    kind: ControlKind::Progress {
                        percent: Some(percent),
                        value_text: fl!("percent", value = percent),
                    },
                });
                controls.push(Control::button(STOP.0, fl!("save-audio-stop")));
            }
            None => controls.push(Control::button(SAVE.0, fl!("save-audio-save"))),
        }
        controls.push(Control::button(CLOSE.0, fl!("save-audio-close")));
        ScreenModel { title: fl!("save-audio-title"), text, controls }
    }

    fn span_kind(&self) -> ControlKind {
        let options = Span::ALL.iter().map(|s| crate::i18n::text(s.message_id())).collect();
        let selected = Span::ALL.iter().position(|s| *s == self.span).unwrap_or(0);
        ControlKind::Choice { options, selected }
    }

    fn speed_kind(&self) -> ControlKind {
        ControlKind::Slider {
            value: i32::from(self.speed_tenths),
            min: i32::from(SPEED_TENTHS.0),
            max: i32::from(SPEED_TENTHS.1),
            step: 1,
            value_text: fl!("save-audio-speed-value", speed = format!("{:.1}", self.speed())),
        }
    }

    /// The speed as a factor.
    pub fn speed(&self) -> f32 {
        f32::from(self.speed_tenths) / 10.0
    }

    /// Changes the part or speed; Enter in the file field or on Save starts saving (or says
    /// what is wrong with the file name); Stop stops; Close goes back.
    pub fn update(&mut self, message: Message) -> Action {
        let Message { control, input } = message;
        match (control, input) {
            (SPAN, _) => {
                if let Some(span) = self
                    .span_kind()
                    .apply(input)
                    .and_then(|v| usize::try_from(v).ok())
                    .and_then(|i| Span::ALL.get(i))
                {
                    self.span = *span;
                }
                Action::None
            }
            (SPEED, _) => {
                if let Some(tenths) = self.speed_kind().apply(input).and_then(|v| u16::try_from(v).ok()) {
                    self.speed_tenths = tenths.clamp(SPEED_TENTHS.0, SPEED_TENTHS.1);
                }
                Action::None
            }
            (FILE | SAVE, Input::Activate) if self.running.is_none() => match check_file(&self.file) {
                Ok(file) => {
                    self.file = file.display().to_string();
                    self.outcome = None;
                    Action::SaveAudio(SaveRequest { span: self.span, speed: self.speed(), file })
                }
                Err(problem) => {
                    self.outcome = Some((problem, true));
                    Action::Refocus
                }
            },
            (STOP, Input::Activate) => Action::StopSavingAudio,
            (CLOSE, Input::Activate) => Action::Back,
            _ => Action::None,
        }
    }

    /// The file field changed.
    pub fn edit(&mut self, control: ControlId, value: String) {
        if control == FILE {
            self.file = value;
        }
    }
}

/// `folder/<title>.wav`, the title made safe as a file name, and numbered (`(2)`, `(3)`…)
/// when such a file is already there.
pub fn default_file(folder: &Path, title: &str) -> PathBuf {
    let safe: String = title
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(100)
        .collect();
    let stem = if safe.is_empty() { "tomoshibi".to_owned() } else { safe };
    let mut file = folder.join(format!("{stem}.wav"));
    let mut n = 2;
    while file.exists() && n < 1000 {
        file = folder.join(format!("{stem} ({n}).wav"));
        n += 1;
    }
    file
}

/// The file to write, from what was typed: `.wav` added when missing, `~` for the home
/// folder; a translated problem when it cannot be written there.
fn check_file(typed: &str) -> Result<PathBuf, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(fl!("save-audio-no-file"));
    }
    let mut file = match typed.strip_prefix("~/") {
        Some(rest) => {
            directories::UserDirs::new().map_or_else(|| PathBuf::from(typed), |d| d.home_dir().join(rest))
        }
        None => PathBuf::from(typed),
    };
    if file.is_dir() {
        return Err(fl!("save-audio-is-folder", path = file.display().to_string()));
    }
    if !file.extension().is_some_and(|e| e.eq_ignore_ascii_case("wav")) {
        let mut name = file.as_os_str().to_owned();
        name.push(".wav");
        file = PathBuf::from(name);
    }
    if file.exists() {
        return Err(fl!("save-audio-exists", path = file.display().to_string()));
    }
    let folder = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(fl!("save-audio-no-folder", folder = folder.display().to_string()));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(screen: &mut SaveAudioScreen, control: ControlId) -> Action {
        screen.update(Message { control, input: Input::Activate })
    }

    #[test]
    fn the_file_is_named_after_the_book_and_checked_before_saving() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = SaveAudioScreen::new("Don't Worry: Be Happy", 1.5, dir.path());
        assert_eq!(s.file, dir.path().join("Don't Worry_ Be Happy.wav").display().to_string());
        assert_eq!(s.speed_tenths, 15);
        std::fs::write(dir.path().join("Don't Worry_ Be Happy.wav"), b"x").unwrap();
        assert!(default_file(dir.path(), "Don't Worry: Be Happy").ends_with("Don't Worry_ Be Happy (2).wav"));
        assert_eq!(default_file(dir.path(), ".."), dir.path().join("tomoshibi.wav"));
        assert_eq!(default_file(dir.path(), "../etc/x"), dir.path().join("_etc_x.wav"));

        s.update(Message { control: SPAN, input: Input::Step(1) });
        s.update(Message { control: SPEED, input: Input::Step(1) });
        s.edit(FILE, dir.path().join("chapter").display().to_string());
        let Action::SaveAudio(request) = press(&mut s, SAVE) else { panic!("not saved") };
        assert_eq!(request.span, Span::HereToChapterEnd);
        assert!((request.speed - 1.6).abs() < 1e-6);
        assert_eq!(request.file, dir.path().join("chapter.wav"), "“.wav” added");

        s.edit(FILE, "/no/such/folder/a.wav".into());
        assert_eq!(press(&mut s, SAVE), Action::Refocus);
        assert!(s.outcome.as_ref().is_some_and(|(text, alert)| *alert && text.contains("/no/such/folder")));
        s.edit(FILE, dir.path().display().to_string());
        assert_eq!(press(&mut s, FILE), Action::Refocus, "a folder is not a file");
        s.edit(FILE, "  ".into());
        assert_eq!(press(&mut s, FILE), Action::Refocus);
        s.edit(FILE, dir.path().join("Don't Worry_ Be Happy.wav").display().to_string());
        assert_eq!(press(&mut s, FILE), Action::Refocus, "never written over");
        assert!(s.outcome.as_ref().is_some_and(|(text, _)| text.contains("Be Happy.wav")));

        s.running = Some(0.25);
        let model = s.model(&Settings::default());
        assert!(
            model.controls.iter().any(|c| matches!(c.kind, ControlKind::Progress { percent: Some(25), .. }))
        );
        assert!(model.controls.iter().all(|c| c.id != SAVE), "no second save while one runs");
        assert_eq!(press(&mut s, STOP), Action::StopSavingAudio);
        assert_eq!(press(&mut s, CLOSE), Action::Back);
    }
}
