//! The sentences of a direct read-aloud, rendered by the engines' programs as the audio
//! player asks for them: the player opens sentence `i` as a file named `g{plan}/s{i}`, and
//! opening it runs the engine (or takes the sentence rendered ahead by [`Renderer::anticipate`]).
//! The player opens the next sentence while the current one plays, so the next sentence is
//! rendered ahead. A render for a plan that was replaced is stopped at once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use symphonia::core::io::MediaSource;

use super::driver::Sentence;
use super::synth::{Engines, Rendered, SynthError};
use super::voice::Engine;
use crate::listen::audio::{AudioError, MediaOpener, media_from_bytes};

/// Longest wait for a sentence rendered ahead by someone else.
const ANTICIPATED_WAIT: Duration = Duration::from_secs(20);

/// What the player needs to know of a rendered sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceTiming {
    /// When each of the sentence's words starts (`None`: not timed), from Open JTalk.
    pub words: Vec<Option<Duration>>,
    /// The rendered length.
    pub length: Duration,
}

/// Where a render done on another thread is left, and the signal that it is there.
type Slot = Arc<(Mutex<Option<Result<Rendered, SynthError>>>, Condvar)>;

/// A sentence rendered ahead, or being rendered: the key says what it is.
struct Anticipated {
    key: (String, String),
    cancel: Arc<AtomicBool>,
    slot: Slot,
}

/// The sentences being read and the engines reading them; the player's [`MediaOpener`].
pub struct Renderer {
    engines: Mutex<Engines>,
    /// The plan's number, its sentences, and the one reading starts from.
    plan: Mutex<(u64, Arc<[Sentence]>, usize)>,
    generation: AtomicU64,
    timings: Mutex<HashMap<(u64, usize), SentenceTiming>>,
    failures: Mutex<HashMap<(u64, usize), SynthError>>,
    anticipated: Mutex<Option<Anticipated>>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").field("generation", &self.generation).finish_non_exhaustive()
    }
}

impl Renderer {
    /// A renderer using `engines`.
    pub fn new(engines: Engines) -> Self {
        Self {
            engines: Mutex::new(engines),
            plan: Mutex::new((0, Arc::from(Vec::new()), 0)),
            generation: AtomicU64::new(0),
            timings: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
            anticipated: Mutex::new(None),
        }
    }

    /// Replaces the engines (another voice or pitch); sentences rendered ahead with the old
    /// ones are not used.
    pub fn set_engines(&self, engines: Engines) {
        *lock(&self.engines) = engines;
    }

    /// Starts plan `sentences`, read from sentence `from`, stopping renders of the previous
    /// one; the plan's number, which names its sentences `g{plan}/s{i}` ([`href`]).
    pub fn start_plan(&self, sentences: Vec<Sentence>, from: usize) -> u64 {
        let generation = self.generation.fetch_add(1, Ordering::AcqRel) + 1;
        *lock(&self.plan) = (generation, sentences.into(), from);
        lock(&self.timings).clear();
        lock(&self.failures).clear();
        generation
    }

    /// Stops renders of the present plan (reading stopped).
    pub fn stop(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Renders `sentence` in the background so that reading it later starts at once (the
    /// first sentence of a plan: where the book opened, where the reader moved, the next
    /// paragraph while reading); a sentence anticipated before and not yet read is dropped
    /// (its render stopped).
    pub fn anticipate(self: &Arc<Self>, sentence: &Sentence) {
        let key = self.key(sentence);
        let mut anticipated = lock(&self.anticipated);
        if anticipated.as_ref().is_some_and(|a| a.key == key) {
            return;
        }
        if let Some(old) = anticipated.take() {
            old.cancel.store(true, Ordering::Release);
        }
        let cancel = Arc::new(AtomicBool::new(false));
        let slot: Slot = Arc::new((Mutex::new(None), Condvar::new()));
        *anticipated = Some(Anticipated { key, cancel: cancel.clone(), slot: slot.clone() });
        drop(anticipated);
        let engines = lock(&self.engines).clone();
        let sentence = sentence.clone();
        let spawned = std::thread::Builder::new().name("read-aloud-ahead".into()).spawn(move || {
            let result =
                engines.render(&sentence.text, &sentence.lang, 1.0, &|| cancel.load(Ordering::Acquire));
            *lock(&slot.0) = Some(result);
            slot.1.notify_all();
        });
        if let Err(e) = spawned {
            tracing::warn!("cannot render ahead: {e}");
            *lock(&self.anticipated) = None;
        }
    }

    /// Stops rendering the sentence anticipated, if one is being rendered.
    pub fn drop_anticipated(&self) {
        if let Some(old) = lock(&self.anticipated).take() {
            old.cancel.store(true, Ordering::Release);
        }
    }

    /// Sentence `index` of plan `generation`: its word times and length, once rendered.
    pub fn timing(&self, generation: u64, index: usize) -> Option<SentenceTiming> {
        lock(&self.timings).get(&(generation, index)).cloned()
    }

    /// Why sentence `index` of plan `generation` could not be rendered, if it could not.
    pub fn failure(&self, generation: u64, index: usize) -> Option<SynthError> {
        lock(&self.failures).get(&(generation, index)).cloned()
    }

    /// What identifies a rendering of `sentence`: its text, language and the voice settings.
    fn key(&self, sentence: &Sentence) -> (String, String) {
        (sentence.text.clone(), format!("{} {:?}", sentence.lang, *lock(&self.engines)))
    }

    /// The sentence anticipated as `key`, waiting for its render to finish. A plan's `first`
    /// sentence is the one anticipated or none is: one anticipated for another place is then
    /// stopped and dropped.
    fn take_anticipated(&self, key: &(String, String), first: bool) -> Option<Result<Rendered, SynthError>> {
        let anticipated = {
            let mut slot = lock(&self.anticipated);
            let wanted = slot.as_ref().is_some_and(|a| &a.key == key);
            if !wanted && !first {
                return None;
            }
            let anticipated = slot.take()?;
            if !wanted {
                // Rendered ahead for another place: no longer wanted.
                anticipated.cancel.store(true, Ordering::Release);
                return None;
            }
            anticipated
        };
        let deadline = Instant::now() + ANTICIPATED_WAIT;
        let (result, ready) = &*anticipated.slot;
        let mut result = lock(result);
        while result.is_none() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                anticipated.cancel.store(true, Ordering::Release);
                return None;
            }
            result = ready.wait_timeout(result, left).unwrap_or_else(PoisonError::into_inner).0;
        }
        result.take()
    }

    fn render(&self, generation: u64, index: usize) -> Result<Rendered, SynthError> {
        let (sentence, first) = {
            let plan = lock(&self.plan);
            if plan.0 != generation {
                return Err(SynthError::Cancelled { engine: Engine::OpenJtalk });
            }
            (plan.1.get(index).cloned(), plan.2 == index)
        };
        let Some(sentence) = sentence else {
            return Err(SynthError::Cancelled { engine: Engine::OpenJtalk });
        };
        let rendered = match self.take_anticipated(&self.key(&sentence), first) {
            Some(Ok(rendered)) => rendered,
            _ => {
                let engines = lock(&self.engines).clone();
                let cancelled = || self.generation.load(Ordering::Acquire) != generation;
                engines.render(&sentence.text, &sentence.lang, 1.0, &cancelled)?
            }
        };
        let words = match &rendered.trace {
            Some(trace) => trace.word_starts(&sentence.text, &sentence.words),
            None => vec![None; sentence.words.len()],
        };
        lock(&self.timings)
            .insert((generation, index), SentenceTiming { words, length: rendered.pcm.duration() });
        Ok(rendered)
    }
}

impl MediaOpener for Renderer {
    fn open(&self, href: &str) -> Result<Box<dyn MediaSource>, AudioError> {
        let parsed = href
            .strip_prefix('g')
            .and_then(|rest| rest.split_once("/s"))
            .and_then(|(g, i)| Some((g.parse::<u64>().ok()?, i.parse::<usize>().ok()?)));
        let Some((generation, index)) = parsed else {
            return Err(AudioError::Missing { href: href.to_owned(), reason: "not a sentence".into() });
        };
        match self.render(generation, index) {
            Ok(rendered) => Ok(media_from_bytes(rendered.pcm.to_wav().into())),
            Err(error) => {
                let reason = error.to_string();
                if !matches!(error, SynthError::Cancelled { .. }) {
                    lock(&self.failures).insert((generation, index), error);
                }
                Err(AudioError::Undecodable { href: href.to_owned(), reason })
            }
        }
    }
}

/// The name under which the player opens sentence `index` of plan `generation`.
pub fn href(generation: u64, index: usize) -> String {
    format!("g{generation}/s{index}")
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
