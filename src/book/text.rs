//! Character-set decoding: BOM, declared charset (XML declaration or HTML meta), then
//! detection with chardetng. Old Japanese DAISY books are often Shift_JIS; European ones
//! ISO-8859-1/windows-1252.

use encoding_rs::Encoding;

/// Decodes `bytes` to UTF-8. `declared` is a charset label from outside the document
/// (for example `ncc:charset`); the document's own declaration is looked for in its first
/// kilobyte. Invalid sequences become U+FFFD; this never fails.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        return encoding.decode_without_bom_handling(body).0.into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_owned();
    }
    let sniffed = sniff_declaration(bytes);
    let label = declared.or(sniffed.as_deref());
    let encoding = label
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .filter(|e| *e != encoding_rs::UTF_8 && *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE)
        .unwrap_or_else(|| {
            let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Allow)
        });
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// Finds `encoding="…"` (XML declaration) or `charset=…` (HTML meta) in the first 1024 bytes.
fn sniff_declaration(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    for key in ["encoding=", "charset="] {
        if let Some(pos) = head.find(key) {
            let rest = head.get(pos + key.len()..).unwrap_or_default();
            let rest = rest.trim_start_matches(['"', '\'', ' ']);
            let label: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                .collect();
            if !label.is_empty() {
                return Some(label);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_table() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("<meta charset=\"Shift_JIS\">草枕 夏目漱石");
        let (latin, _, _) =
            encoding_rs::WINDOWS_1252.encode("<?xml version='1.0' encoding='ISO-8859-1'?><p>Läst</p>");
        let cases: Vec<(Vec<u8>, Option<&str>, &str)> = vec![
            (b"plain".to_vec(), None, "plain"),
            (b"\xEF\xBB\xBFbom".to_vec(), None, "bom"),
            (sjis.into_owned(), None, "<meta charset=\"Shift_JIS\">草枕 夏目漱石"),
            (latin.into_owned(), None, "<?xml version='1.0' encoding='ISO-8859-1'?><p>Läst</p>"),
            (b"caf\xe9".to_vec(), Some("iso-8859-1"), "café"),
        ];
        for (bytes, declared, expected) in cases {
            assert_eq!(decode(&bytes, declared), expected);
        }
    }

    #[test]
    fn undeclared_shift_jis_is_detected() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS
            .encode("吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。");
        assert!(decode(&sjis, None).starts_with("吾輩は猫である"));
    }
}
