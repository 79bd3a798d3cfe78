//! Sentence tables: real sentences from 草枕 (kusamakura, CC0 text in the test corpus),
//! 吾輩は猫である, and English prose with the usual traps.

use super::*;

fn split(text: &str) -> Vec<&str> {
    sentences(text).into_iter().map(|r| &text[r]).collect()
}

const JAPANESE: &[(&str, &[&str])] = &[
    ("山路を登りながら、こう考えた。", &["山路を登りながら、こう考えた。"]),
    (
        "智に働けば角が立つ。情に棹させば流される。意地を通せば窮屈だ。とかくに人の世は住みにくい。",
        &[
            "智に働けば角が立つ。",
            "情に棹させば流される。",
            "意地を通せば窮屈だ。",
            "とかくに人の世は住みにくい。",
        ],
    ),
    ("吾輩は猫である。名前はまだ無い。", &["吾輩は猫である。", "名前はまだ無い。"]),
    ("　字下げのある段落。次の文。", &["字下げのある段落。", "次の文。"]),
    ("「ここらに休む所はないかね」", &["「ここらに休む所はないかね」"]),
    (
        "「もう十五丁行くと茶屋がありますよ。だいぶ濡れたね」",
        &["「もう十五丁行くと茶屋がありますよ。だいぶ濡れたね」"],
    ),
    ("「おい」と声を掛けたが返事がない。", &["「おい」と声を掛けたが返事がない。"]),
    (
        "「おい」とまた声をかける。土間の隅に片寄せてある臼の上に、ふくれていた鶏が、驚ろいて眼をさます。ククク、クククと騒ぎ出す。",
        &[
            "「おい」とまた声をかける。",
            "土間の隅に片寄せてある臼の上に、ふくれていた鶏が、驚ろいて眼をさます。",
            "ククク、クククと騒ぎ出す。",
        ],
    ),
    ("「はい。」と答えた。", &["「はい。」と答えた。"]),
    ("「はい。」彼は頷いた。", &["「はい。」", "彼は頷いた。"]),
    ("「はい」「いいえ」", &["「はい」", "「いいえ」"]),
    ("「はい」　次の話。", &["「はい」", "次の話。"]),
    ("彼は「行こう。」と言った。", &["彼は「行こう。」と言った。"]),
    ("『草枕』は夏目漱石の小説だ。", &["『草枕』は夏目漱石の小説だ。"]),
    ("本当か！？まさか。", &["本当か！？", "まさか。"]),
    ("まさか！と思った。", &["まさか！と思った。"]),
    ("すごい!次へ行こう。", &["すごい!", "次へ行こう。"]),
    ("存分食えばあとが不愉快だ。……", &["存分食えばあとが不愉快だ。……"]),
    ("そうか……それなら行こう。", &["そうか……それなら行こう。"]),
    ("そうか……\nそれなら行こう。", &["そうか……", "それなら行こう。"]),
    ("一行目\n二行目\r\n三行目", &["一行目", "二行目", "三行目"]),
    ("円周率は３．１４です。次。", &["円周率は３．１４です。", "次。"]),
    ("（注：これは例です。）本文に戻る。", &["（注：これは例です。）", "本文に戻る。"]),
    ("彼（かれ）は来た。", &["彼（かれ）は来た。"]),
    (
        "三十の今日はこう思うている。——喜びの深きとき憂いよいよ深く、楽みの大いなるほど苦しみも大きい。",
        &[
            "三十の今日はこう思うている。",
            "——喜びの深きとき憂いよいよ深く、楽みの大いなるほど苦しみも大きい。",
        ],
    ),
    ("終わらない「括弧。次の文。", &["終わらない「括弧。", "次の文。"]),
    ("ヤッター！！　勝った。", &["ヤッター！！", "勝った。"]),
    ("半角の句点｡次", &["半角の句点｡", "次"]),
];

const ENGLISH: &[(&str, &[&str])] = &[
    ("Hello world. This is a test.", &["Hello world.", "This is a test."]),
    ("Mr. Smith met Dr. Jones at 5 p.m. yesterday.", &["Mr. Smith met Dr. Jones at 5 p.m. yesterday."]),
    ("Use a tool, e.g. a hammer. Then stop.", &["Use a tool, e.g. a hammer.", "Then stop."]),
    ("That is, i.e. Nothing.", &["That is, i.e. Nothing."]),
    ("Pi is 3.14 or so. Really.", &["Pi is 3.14 or so.", "Really."]),
    ("J. R. R. Tolkien wrote it. He was English.", &["J. R. R. Tolkien wrote it.", "He was English."]),
    ("J.R.R. Tolkien wrote it.", &["J.R.R. Tolkien wrote it."]),
    ("He lives in the U.S. economy terms. Fine.", &["He lives in the U.S. economy terms.", "Fine."]),
    ("He moved to the U.S. It was cold.", &["He moved to the U.S.", "It was cold."]),
    ("Apples, pears, etc. are fruit.", &["Apples, pears, etc. are fruit."]),
    ("Apples, pears, etc. Then vegetables.", &["Apples, pears, etc.", "Then vegetables."]),
    ("\"Stop.\" He ran.", &["\"Stop.\"", "He ran."]),
    ("\"Hello,\" she said. \"Come in.\" He did.", &["\"Hello,\" she said.", "\"Come in.\"", "He did."]),
    ("“Really?” she asked. “Yes!” he said.", &["“Really?” she asked.", "“Yes!” he said."]),
    ("Wait... what? No!", &["Wait... what?", "No!"]),
    ("I wonder… Maybe not.", &["I wonder…", "Maybe not."]),
    ("See Fig. 3 for details. Next.", &["See Fig. 3 for details.", "Next."]),
    ("It is No. 5 on the list. Good.", &["It is No. 5 on the list.", "Good."]),
    ("Visit example.com today. OK?", &["Visit example.com today.", "OK?"]),
    ("What?! Again?", &["What?!", "Again?"]),
    ("(This is aside.) Back to text.", &["(This is aside.)", "Back to text."]),
    ("He said (quietly.) nothing", &["He said (quietly.) nothing"]),
    ("No terminator at the end", &["No terminator at the end"]),
    ("  Leading and trailing spaces.  ", &["Leading and trailing spaces."]),
    ("", &[]),
];

const MIXED: &[(&str, &[&str])] = &[
    (
        "これはTomoshibiです。It reads books. 本を読む。",
        &["これはTomoshibiです。", "It reads books.", "本を読む。"],
    ),
    ("The word is 猫. 猫は動物だ。", &["The word is 猫.", "猫は動物だ。"]),
    ("「Hello.」と言った。", &["「Hello.」と言った。"]),
    ("バージョン1.2を使う。Mr. 田中が来た。", &["バージョン1.2を使う。", "Mr. 田中が来た。"]),
];

#[test]
fn japanese_table() {
    for (text, expected) in JAPANESE {
        assert_eq!(split(text), *expected, "{text}");
    }
}

#[test]
fn english_table() {
    for (text, expected) in ENGLISH {
        assert_eq!(split(text), *expected, "{text}");
    }
}

#[test]
fn mixed_table() {
    for (text, expected) in MIXED {
        assert_eq!(split(text), *expected, "{text}");
    }
}

#[test]
fn table_is_large_enough() {
    assert!(JAPANESE.len() + ENGLISH.len() + MIXED.len() >= 40);
}

#[test]
fn long_quotes_split_inside() {
    let sentence = "あいうえおかきくけこ。";
    let quote = format!("「{}」", sentence.repeat(30));
    let parts = split(&quote);
    assert_eq!(parts.len(), 30, "{parts:?}");
}

#[test]
fn ranges_cover_every_non_space_character() {
    for (text, _) in JAPANESE.iter().chain(ENGLISH).chain(MIXED) {
        let ranges = sentences(text);
        let covered: String = ranges.iter().map(|r| &text[r.clone()]).collect();
        let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let got: String = covered.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(got, expected, "{text}");
        assert!(ranges.windows(2).all(|w| w[0].end <= w[1].start), "{text}");
    }
}

#[test]
fn char_and_byte_offsets() {
    let text = "猫a。";
    assert_eq!(char_offset(text, 0), 0);
    assert_eq!(char_offset(text, 3), 1);
    assert_eq!(char_offset(text, 4), 2);
    assert_eq!(char_offset(text, 7), 3);
    assert_eq!(byte_offset(text, 2), 4);
    assert_eq!(byte_offset(text, 9), 7);
}

#[test]
fn the_first_clause_ends_at_the_first_comma() {
    let text = "山路を登りながら、こう考えた。";
    let end = first_clause_end(text).unwrap();
    assert_eq!((&text[..end], &text[end..]), ("山路を登りながら、", "こう考えた。"));
    assert_eq!(first_clause_end("智に働けば角が立つ。"), None, "no comma");
    assert_eq!(first_clause_end("あ、いうえお。"), None, "too short a head");
    assert_eq!(first_clause_end("そうして、。"), None, "nothing after");
    assert_eq!(first_clause_end("Yes, of course."), None, "not a Japanese comma");
}
