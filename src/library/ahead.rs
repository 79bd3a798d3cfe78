//! Reading the second half of a large feed on another core while this one reads the first.
//!
//! A feed's items (OPDS 1 entries, OPDS 2 publications) are read independently of each other,
//! so a big feed is read in about half the time by two cores: a helper thread starts at a
//! *guessed* place between two items near the middle of the text and reads items from there to
//! the end of the list, while the reading thread goes on from the start. The guess is only a
//! guess — the pattern it looks for may stand inside a string, a comment or a nested list — so
//! the reading thread takes the helper's items only when it arrives exactly at that place
//! between two items of the list; otherwise, or when the helper gave up, it reads on by itself.
//! Either way the result is the one reading alone gives (tests compare the two).

use std::thread::{Scope, ScopedJoinHandle};

/// Texts shorter than this (about 150 large entries) are read by one thread: starting another
/// costs more than it saves.
pub(crate) const MIN_BYTES: usize = 256 * 1024;

/// How many places matching the pattern [`guess`] looks at before giving up.
const TRIES: usize = 16;

/// A helper thread reading items from byte `at` on; it gives `None` when it gave up.
pub(crate) struct Ahead<'scope, T> {
    /// Where the helper started: the place between two items the reading thread must reach.
    pub at: usize,
    handle: ScopedJoinHandle<'scope, Option<T>>,
}

impl<'scope, T: Send + 'scope> Ahead<'scope, T> {
    /// Starts `read` on a thread of `scope`; `None` when no thread could be started (the
    /// reading thread then reads everything itself).
    pub fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        at: usize,
        read: impl FnOnce() -> Option<T> + Send + 'scope,
    ) -> Option<Self> {
        let handle =
            std::thread::Builder::new().name("feed-ahead".to_owned()).spawn_scoped(scope, read).ok()?;
        Some(Self { at, handle })
    }

    /// Waits for the helper and gives what it read (`None` when it gave up or failed).
    pub fn take(self) -> Option<T> {
        self.handle.join().ok().flatten()
    }
}

#[cfg(test)]
thread_local! {
    /// How many times this thread took a helper's items (tests check that two threads read).
    static TAKEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Notes that the reading thread took a helper's items (counted for tests).
pub(crate) fn taken() {
    #[cfg(test)]
    TAKEN.with(|taken| taken.set(taken.get() + 1));
}

/// How many times this thread took a helper's items so far.
#[cfg(test)]
pub(crate) fn times_taken() -> usize {
    TAKEN.with(std::cell::Cell::get)
}

/// Where the reading thread is, compared with the helper's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arrival {
    /// Still before it, with more than white space in between.
    NotYet,
    /// At it: only white space (or nothing) lies between.
    There,
    /// Beyond it: the guess was not a place between two items.
    Passed,
}

/// Compares the reading thread's position `pos` (between two items of the list) with the
/// helper's start `at` in `text`.
pub(crate) fn arrival(text: &[u8], pos: usize, at: usize) -> Arrival {
    match text.get(pos..at) {
        None => Arrival::Passed,
        Some(between) if between.iter().all(|b| matches!(b, b' ' | b'\n' | b'\t' | b'\r')) => Arrival::There,
        Some(_) => Arrival::NotYet,
    }
}

/// The first place at or after the middle of `text[from..]` where `pattern` starts and `fits`
/// holds; `None` when the rest of the text is too short to be worth splitting.
pub(crate) fn guess(text: &[u8], from: usize, pattern: &[u8], fits: impl Fn(usize) -> bool) -> Option<usize> {
    let rest = text.len().checked_sub(from)?;
    if rest < MIN_BYTES || pattern.is_empty() {
        return None;
    }
    let middle = from + rest / 2;
    memchr::memmem::find_iter(text.get(middle..)?, pattern)
        .map(|i| middle + i)
        .take(TRIES)
        .find(|&at| fits(at))
}

/// Copies of `text` each with one ASCII byte in its later two thirds (where a helper reads)
/// replaced by one of `with`: the same copies every run.
#[cfg(test)]
pub(crate) fn damaged_copies(text: &str, count: usize, with: &[u8]) -> Vec<String> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state >> 33).unwrap_or_default()
    };
    let mut copies = Vec::new();
    while copies.len() < count && !with.is_empty() {
        let mut bytes = text.as_bytes().to_vec();
        let at = text.len() / 3 + next() % (text.len() - text.len() / 3).max(1);
        let replacement = with.get(next() % with.len()).copied().unwrap_or(b' ');
        if let Some(byte) = bytes.get_mut(at).filter(|b| b.is_ascii() && **b != replacement) {
            *byte = replacement;
            copies.extend(String::from_utf8(bytes).ok());
        }
    }
    copies
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrives_only_across_white_space() {
        let text = b"</entry>\n  <entry>";
        assert_eq!(arrival(text, 8, 11), Arrival::There);
        assert_eq!(arrival(text, 11, 11), Arrival::There);
        assert_eq!(arrival(text, 0, 11), Arrival::NotYet);
        assert_eq!(arrival(text, 12, 11), Arrival::Passed);
    }

    #[test]
    fn guesses_in_the_second_half_of_large_texts_only() {
        let item = b"<entry><id>1</id></entry>\n";
        let text: Vec<u8> = item.iter().copied().cycle().take(item.len() * 20_000).collect();
        let at = guess(&text, 0, b"<entry", |_| true);
        assert!(at.is_some_and(|at| at >= text.len() / 2 && text.get(at..at + 6) == Some(b"<entry")));
        // `fits` decides between the places found.
        let odd = guess(&text, 0, b"<entry", |at| (at / item.len()) % 2 == 1);
        assert!(odd.is_some_and(|at| (at / item.len()) % 2 == 1 && at % item.len() == 0));
        assert_eq!(guess(&text, 0, b"<entry", |_| false), None);
        assert_eq!(guess(item, 0, b"<entry", |_| true), None);
        assert_eq!(guess(&text, text.len() - 1000, b"<entry", |_| true), None);
    }

    #[test]
    fn a_helper_that_gave_up_or_panicked_gives_nothing() {
        std::thread::scope(|scope| {
            let done = Ahead::start(scope, 5, || Some(42));
            assert_eq!(done.map(|a| (a.at, a.take())), Some((5, Some(42))));
            let gave_up = Ahead::start(scope, 5, || None::<u8>);
            assert_eq!(gave_up.and_then(Ahead::take), None);
            #[allow(clippy::panic)]
            let panicked = Ahead::start(scope, 5, || -> Option<u8> { panic!("a helper's bug") });
            assert_eq!(panicked.and_then(Ahead::take), None);
        });
    }
}
