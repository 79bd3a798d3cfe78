//! Every message exists in every language, with the same placeholders.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let path = format!("{}/locales/{lang}/tomoshibi.ftl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let starts_message =
            line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && line.contains('=');
        if starts_message {
            let id = line.split('=').next().unwrap().trim().to_owned();
            out.insert(id.clone(), BTreeSet::new());
            current = Some(id);
        } else if !line.starts_with(' ') {
            current = None;
        }
        if let Some(id) = &current {
            let vars = out.get_mut(id).unwrap();
            for part in line.split("{ $").skip(1) {
                vars.insert(part.split([' ', '}']).next().unwrap().to_owned());
            }
        }
    }
    out
}

#[test]
fn every_language_has_every_message_with_the_same_placeholders() {
    let en = messages("en");
    assert!(en.len() > 50, "English bundle looks truncated");
    for lang in ["ja", "ja-yasashii"] {
        let other = messages(lang);
        let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{lang}: missing {missing:?}, extra {extra:?}");
        for (id, vars) in &en {
            assert_eq!(&other[id], vars, "{lang}: placeholders of {id}");
        }
    }
}

#[test]
fn easy_japanese_keeps_sentences_short() {
    // やさしい日本語 guidance: short sentences. Flag any sentence over 50 characters,
    // not counting furigana readings.
    let text =
        std::fs::read_to_string(format!("{}/locales/ja-yasashii/tomoshibi.ftl", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    for line in text.lines().filter(|l| !l.starts_with('#') && l.contains('=')) {
        let value = line.split_once('=').unwrap().1;
        for sentence in value.split('。') {
            // Readings in （） are furigana and { $x } are placeholders, not words.
            let mut len = 0;
            let mut in_reading = false;
            for c in sentence.chars() {
                match c {
                    '（' | '{' => in_reading = true,
                    '）' | '}' => in_reading = false,
                    _ if !in_reading => len += 1,
                    _ => {}
                }
            }
            assert!(len <= 50, "long sentence in easy Japanese ({len}): {sentence}");
        }
    }
}

/// Counts read naturally in English: "One book", "2 books" — never "1 books" (said on the
/// shelf, in search results, the catalog and My loans).
#[test]
fn english_counts_agree_with_their_number() {
    tomoshibi::i18n::select(tomoshibi::i18n::Language::English);
    let one = tomoshibi::fl!("search-found", count = 1usize);
    let two = tomoshibi::fl!("search-found", count = 2usize);
    assert!(one.starts_with("One place found."), "{one}");
    assert!(two.starts_with("2 places found."), "{two}");
    assert!(tomoshibi::fl!("bookshelf-count", count = 1usize).starts_with("One book on"));
    assert!(tomoshibi::fl!("catalog-count", count = 12usize).starts_with("12 books."));
    assert_eq!(tomoshibi::fl!("loans-summary", loans = 1usize, holds = 2usize), "One loan, 2 holds.");
    // Japanese has no plural: the number is said as it is.
    tomoshibi::i18n::select(tomoshibi::i18n::Language::Japanese);
    assert!(tomoshibi::fl!("search-found", count = 1usize).contains('1'));
    tomoshibi::i18n::select(tomoshibi::i18n::Language::English);
}

/// Regression: a speech engine's failure reached Japanese patrons in English ("EspeakNg is not
/// installed: espeak-ng not found") inside an otherwise Japanese message.
#[test]
fn speech_engine_failures_are_said_in_the_patron_s_language() {
    use tomoshibi::i18n::{Language, select};
    use tomoshibi::listen::read_aloud::synth::SynthError;
    use tomoshibi::listen::read_aloud::voice::Engine;
    let missing = SynthError::Missing { engine: Engine::EspeakNg, missing: "espeak-ng".into() };
    let slow = SynthError::Timeout { engine: Engine::OpenJtalk, timeout: std::time::Duration::from_secs(20) };
    for (language, words) in [
        (Language::Japanese, ["入っていません", "時間がかかりすぎ"]),
        (Language::EasyJapanese, ["入（はい）って いません", "時間（じかん）が"]),
        (Language::English, ["is not installed", "took too long"]),
    ] {
        select(language);
        let (said, slow_said) = (missing.explain(), slow.explain());
        assert!(
            said.contains(words[0]) && said.contains("eSpeak NG") && said.contains("espeak-ng"),
            "{said}"
        );
        assert!(slow_said.contains(words[1]) && slow_said.contains("Open JTalk"), "{slow_said}");
        assert!(!said.contains("EspeakNg"), "no programmer's names: {said}");
    }
}
