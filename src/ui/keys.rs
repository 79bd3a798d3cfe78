//! Translates iced keyboard events into toolkit-free [`Chord`]s.

use crate::commands::{Chord, Key};
use iced::keyboard::{self, Modifiers, key::Named};

/// The chord for a key press, or `None` for keys we never bind.
pub fn chord(key: &keyboard::Key, modified_key: &keyboard::Key, modifiers: Modifiers) -> Option<Chord> {
    let mut shift = modifiers.shift();
    let key = match key.as_ref() {
        keyboard::Key::Named(named) => match named {
            Named::Tab => Key::Tab,
            Named::Escape => Key::Escape,
            Named::Enter => Key::Enter,
            Named::Space => Key::Space,
            Named::ArrowUp => Key::Up,
            Named::ArrowDown => Key::Down,
            Named::ArrowLeft => Key::Left,
            Named::ArrowRight => Key::Right,
            Named::PageUp => Key::PageUp,
            Named::PageDown => Key::PageDown,
            Named::Home => Key::Home,
            Named::End => Key::End,
            Named::Backspace => Key::Backspace,
            Named::F1 => Key::F(1),
            Named::F2 => Key::F(2),
            Named::F3 => Key::F(3),
            Named::F4 => Key::F(4),
            Named::F5 => Key::F(5),
            Named::F6 => Key::F(6),
            Named::F7 => Key::F(7),
            Named::F8 => Key::F(8),
            Named::F9 => Key::F(9),
            Named::F10 => Key::F(10),
            Named::F11 => Key::F(11),
            Named::F12 => Key::F(12),
            _ => return None,
        },
        keyboard::Key::Character(_) => {
            // The character as typed (Shift applied, Ctrl not), so Ctrl+"+"
            // works whether "+" needs Shift on this layout or not.
            let keyboard::Key::Character(typed) = modified_key.as_ref() else { return None };
            let c = typed.chars().next()?;
            if c == ' ' {
                // Some platforms report the space bar as a character.
                return Some(Chord {
                    key: Key::Space,
                    ctrl: modifiers.command(),
                    shift,
                    alt: modifiers.alt(),
                });
            }
            if !c.is_alphabetic() {
                shift = false;
            }
            Key::Char(c.to_lowercase().next().unwrap_or(c))
        }
        keyboard::Key::Unidentified => return None,
    };
    Some(Chord { key, ctrl: modifiers.command(), shift, alt: modifiers.alt() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::keyboard::Key as K;

    #[test]
    fn chords_from_events() {
        let ctrl = Modifiers::CTRL;
        let ctrl_shift = Modifiers::CTRL | Modifiers::SHIFT;
        let cases = [
            (K::Named(Named::F1), K::Named(Named::F1), Modifiers::empty(), Some(Chord::plain(Key::F(1)))),
            (K::Named(Named::Tab), K::Named(Named::Tab), Modifiers::SHIFT, Some(Chord::shift(Key::Tab))),
            (
                K::Character("=".into()),
                K::Character("+".into()),
                ctrl_shift,
                Some(Chord::ctrl(Key::Char('+'))),
            ),
            (
                K::Character("t".into()),
                K::Character("T".into()),
                ctrl_shift,
                Some(Chord::ctrl_shift(Key::Char('t'))),
            ),
            (K::Character(",".into()), K::Character(",".into()), ctrl, Some(Chord::ctrl(Key::Char(',')))),
            (K::Named(Named::CapsLock), K::Named(Named::CapsLock), Modifiers::empty(), None),
            (
                K::Character(" ".into()),
                K::Character(" ".into()),
                Modifiers::SHIFT,
                Some(Chord::shift(Key::Space)),
            ),
        ];
        for (key, modified, mods, want) in cases {
            assert_eq!(chord(&key, &modified, mods), want, "{key:?} {mods:?}");
        }
    }
}
