//! Href resolution inside a container: relative references, percent-decoding, `..`
//! normalisation. Every href in the model is relative to the container root, uses `/`, is
//! percent-decoded and never escapes the root.

/// Resolves `reference` (as written in the document at `base_doc`) to a root-relative href,
/// keeping any `#fragment`. Returns `None` for external URLs (`http:`, `mailto:` …) and for
/// paths escaping the container.
pub fn resolve(base_doc: &str, reference: &str) -> Option<String> {
    let reference = reference.trim();
    if is_external(reference) {
        return None;
    }
    let (path, fragment) = match reference.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (reference, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let decoded = percent_decode(path);
    let joined = if decoded.is_empty() {
        base_doc.to_owned()
    } else if let Some(abs) = decoded.strip_prefix('/') {
        abs.to_owned()
    } else {
        match base_doc.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{decoded}"),
            None => decoded,
        }
    };
    let mut normal = normalize(&joined)?;
    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
        normal.push('#');
        normal.push_str(&percent_decode(f));
    }
    Some(normal)
}

/// Normalises `a/./b/../c` to `a/c`; `None` when the path climbs above the root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The directory part of an href (`a/b/c.opf` → `a/b/`; `c.opf` → ``).
pub fn dir_of(href: &str) -> &str {
    href.rfind('/').and_then(|i| href.get(..=i)).unwrap_or_default()
}

fn is_external(reference: &str) -> bool {
    let scheme_end = reference.find(':');
    let first_sep = reference.find(['/', '#', '?']);
    match (scheme_end, first_sep) {
        (Some(colon), Some(sep)) => colon < sep && colon > 1,
        (Some(colon), None) => colon > 1,
        _ => false,
    }
}

/// Decodes `%XX` escapes (invalid escapes are kept literally; invalid UTF-8 is replaced).
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|c| (*c as char).to_digit(16)),
                bytes.get(i + 2).and_then(|c| (*c as char).to_digit(16)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_table() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("OPS/package.opf", "xhtml/一.xhtml", Some("OPS/xhtml/一.xhtml")),
            ("OPS/package.opf", "xhtml/%E4%B8%80.xhtml#p1", Some("OPS/xhtml/一.xhtml#p1")),
            ("OPS/xhtml/a.xhtml", "../images/b.png", Some("OPS/images/b.png")),
            ("ncc.html", "speechgen0001.smil#tcp1", Some("speechgen0001.smil#tcp1")),
            ("a/ncc.html", "#x", Some("a/ncc.html#x")),
            ("a/b.html", "./c.smil", Some("a/c.smil")),
            ("a/b.html", "/root.xml", Some("root.xml")),
            ("b.html", "../../etc/passwd", None),
            ("b.html", "http://example.com/x", None),
            ("b.html", "mailto:x@y", None),
            ("b.html", "c:\\x", Some("c:/x")),
            ("foo/BAR/baz.opf", "qux.xhtml?x=1#f", Some("foo/BAR/qux.xhtml#f")),
        ];
        for (base, reference, expected) in cases {
            assert_eq!(resolve(base, reference).as_deref(), *expected, "{base} + {reference}");
        }
    }

    #[test]
    fn decode_and_dir_table() {
        assert_eq!(percent_decode("a%20b%zz%"), "a b%zz%");
        assert_eq!(dir_of("a/b/c.opf"), "a/b/");
        assert_eq!(dir_of("c.opf"), "");
        assert_eq!(normalize("a/./b/../c"), Some("a/c".into()));
    }
}
