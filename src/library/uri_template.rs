//! RFC 6570 URI templates, levels 1–3 plus the level-4 prefix modifier (`{var:3}`), with
//! string values only. That covers what OPDS 2 (`search{?query,title,author}`), templated
//! acquisition links (`…/{authentication_token}`) and Readium LSD (`register{?id,name}`) use.
//! An explode modifier (`*`) is accepted and has no effect on string values.

use url::Url;

use super::error::{DocumentKind, Error, Result};

/// A parsed RFC 6570 URI template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriTemplate {
    text: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Expression { operator: Operator, variables: Vec<VarSpec> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct VarSpec {
    name: String,
    prefix: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    Simple,
    Reserved,
    Fragment,
    Label,
    Path,
    PathParam,
    Query,
    QueryContinuation,
}

impl Operator {
    fn from_char(c: char) -> Option<Self> {
        Some(match c {
            '+' => Self::Reserved,
            '#' => Self::Fragment,
            '.' => Self::Label,
            '/' => Self::Path,
            ';' => Self::PathParam,
            '?' => Self::Query,
            '&' => Self::QueryContinuation,
            _ => return None,
        })
    }

    /// (first, separator, named, if-empty, allow reserved)
    fn rules(self) -> (&'static str, &'static str, bool, &'static str, bool) {
        match self {
            Self::Simple => ("", ",", false, "", false),
            Self::Reserved => ("", ",", false, "", true),
            Self::Fragment => ("#", ",", false, "", true),
            Self::Label => (".", ".", false, "", false),
            Self::Path => ("/", "/", false, "", false),
            Self::PathParam => (";", ";", true, "", false),
            Self::Query => ("?", "&", true, "=", false),
            Self::QueryContinuation => ("&", "&", true, "=", false),
        }
    }
}

impl UriTemplate {
    /// Parses a template. Unclosed or empty expressions and bad variable names are
    /// [`Error::BadTemplate`].
    pub fn parse(text: &str) -> Result<Self> {
        let bad = |position: usize| Error::BadTemplate { template: text.to_owned(), position };
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.char_indices();
        while let Some((start, c)) = chars.next() {
            match c {
                '{' => {
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    let mut body = String::new();
                    let mut closed = false;
                    for (_, c) in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        body.push(c);
                    }
                    if !closed {
                        return Err(bad(start));
                    }
                    parts.push(parse_expression(&body).ok_or_else(|| bad(start))?);
                }
                '}' => return Err(bad(start)),
                _ => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(Self { text: text.to_owned(), parts })
    }

    /// The template text as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Names of all variables, in order of appearance.
    pub fn variables(&self) -> impl Iterator<Item = &str> {
        self.parts
            .iter()
            .flat_map(|part| match part {
                Part::Literal(_) => [].iter(),
                Part::Expression { variables, .. } => variables.iter(),
            })
            .map(|var| var.name.as_str())
    }

    /// Expands the template. Variables not in `values` are undefined and left out, as
    /// RFC 6570 says.
    pub fn expand(&self, values: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        for part in &self.parts {
            match part {
                Part::Literal(text) => encode_into(&mut out, text, true),
                Part::Expression { operator, variables } => {
                    expand_expression(&mut out, *operator, variables, values);
                }
            }
        }
        out
    }
}

fn parse_expression(body: &str) -> Option<Part> {
    let mut rest = body;
    let mut operator = Operator::Simple;
    if let Some(first) = body.chars().next() {
        if let Some(op) = Operator::from_char(first) {
            operator = op;
            rest = body.get(first.len_utf8()..)?;
        } else if "=,!@|".contains(first) {
            return None;
        }
    }
    let mut variables = Vec::new();
    for spec in rest.split(',') {
        let spec = spec.strip_suffix('*').unwrap_or(spec);
        let (name, prefix) = match spec.split_once(':') {
            Some((name, len)) => {
                let len: usize = len.parse().ok().filter(|n| (1..10_000).contains(n))?;
                (name, Some(len))
            }
            None => (spec, None),
        };
        let valid = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '%');
        if !valid {
            return None;
        }
        variables.push(VarSpec { name: name.to_owned(), prefix });
    }
    Some(Part::Expression { operator, variables })
}

fn expand_expression(out: &mut String, operator: Operator, variables: &[VarSpec], values: &[(&str, &str)]) {
    let (first, separator, named, if_empty, reserved) = operator.rules();
    let mut wrote_any = false;
    for var in variables {
        let Some(value) = values.iter().find(|(name, _)| *name == var.name).map(|(_, v)| *v) else {
            continue;
        };
        out.push_str(if wrote_any { separator } else { first });
        wrote_any = true;
        let value: String = match var.prefix {
            Some(len) => value.chars().take(len).collect(),
            None => value.to_owned(),
        };
        if named {
            out.push_str(&var.name);
            if value.is_empty() {
                out.push_str(if_empty);
                continue;
            }
            out.push('=');
        }
        encode_into(out, &value, reserved);
    }
}

/// Percent-encodes `text` into `out`. Unreserved characters always pass; with `reserved`,
/// reserved characters and existing `%XX` triplets pass too.
pub(crate) fn encode_into(out: &mut String, text: &str, reserved: bool) {
    let bytes = text.as_bytes();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let unreserved = byte.is_ascii_alphanumeric() || b"-._~".contains(&byte);
        let is_reserved = b":/?#[]@!$&'()*+,;=".contains(&byte);
        let triplet = byte == b'%'
            && bytes.get(index + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(index + 2).is_some_and(u8::is_ascii_hexdigit);
        if unreserved || (reserved && (is_reserved || triplet)) {
            out.push(char::from(byte));
        } else {
            let hex =
                |nibble: u8| char::from_digit(u32::from(nibble), 16).unwrap_or('0').to_ascii_uppercase();
            out.push('%');
            out.push(hex(byte >> 4));
            out.push(hex(byte & 0x0F));
        }
        index += 1;
    }
}

/// A templated link (`"templated": true` in OPDS 2) together with the URL of the document it
/// came from, so that expansion can resolve it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTemplate {
    template: UriTemplate,
    base: Url,
}

impl LinkTemplate {
    /// Parses `template`; expansions will be resolved against `base`.
    pub fn new(template: &str, base: &Url) -> Result<Self> {
        Ok(Self { template: UriTemplate::parse(template)?, base: base.clone() })
    }

    /// The template.
    pub fn template(&self) -> &UriTemplate {
        &self.template
    }

    /// Expands with `values` and resolves the result against the document URL.
    pub fn expand(&self, values: &[(&str, &str)]) -> Result<Url> {
        let href = self.template.expand(values);
        self.base.join(&href).map_err(|source| Error::BadUrl {
            document: DocumentKind::UriTemplate,
            href,
            path: self.template.as_str().to_owned(),
            source,
        })
    }
}

/// Where a link points: a plain URL, or a template to expand first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Href {
    /// An absolute URL (relative hrefs are resolved against the document URL).
    Url(Url),
    /// An RFC 6570 template (`"templated": true`).
    Template(LinkTemplate),
}

impl Href {
    /// The URL, if this is not a template.
    pub fn url(&self) -> Option<&Url> {
        match self {
            Self::Url(url) => Some(url),
            Self::Template(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUES: &[(&str, &str)] = &[
        ("var", "value"),
        ("hello", "Hello World!"),
        ("path", "/foo/bar"),
        ("empty", ""),
        ("x", "1024"),
        ("y", "768"),
        ("query", "夏目 漱石"),
        ("searchTerms", "a&b"),
    ];

    #[test]
    fn expands_rfc6570_examples() {
        let cases = [
            ("{var}", "value"),
            ("{hello}", "Hello%20World%21"),
            ("{+hello}", "Hello%20World!"),
            ("{+path}/here", "/foo/bar/here"),
            ("here?ref={+path}", "here?ref=/foo/bar"),
            ("X{#var}", "X#value"),
            ("map?{x,y}", "map?1024,768"),
            ("{x,hello,y}", "1024,Hello%20World%21,768"),
            ("{.var}", ".value"),
            ("{/var,x}/here", "/value/1024/here"),
            ("{;x,y,empty}", ";x=1024;y=768;empty"),
            ("{?x,y,empty}", "?x=1024&y=768&empty="),
            ("?fixed=yes{&x}", "?fixed=yes&x=1024"),
            ("{var:3}", "val"),
            ("{?undef}", ""),
            ("{undef}", ""),
            ("search{?query,title,author}", "search?query=%E5%A4%8F%E7%9B%AE%20%E6%BC%B1%E7%9F%B3"),
            ("/s?q={searchTerms}", "/s?q=a%26b"),
            ("{list*}", ""),
            ("100%25{var}", "100%25value"),
            ("a b{var}", "a%20bvalue"),
        ];
        for (template, expected) in cases {
            let parsed = UriTemplate::parse(template);
            assert_eq!(parsed.map(|t| t.expand(VALUES)).ok().as_deref(), Some(expected), "{template}");
        }
    }

    #[test]
    fn rejects_malformed_templates() {
        let cases =
            [("{var", 0), ("a}", 1), ("x{}", 1), ("{var:0}", 0), ("{a b}", 0), ("{=x}", 0), ("ok{?a,}", 2)];
        for (template, position) in cases {
            let error = UriTemplate::parse(template);
            assert!(
                matches!(&error, Err(Error::BadTemplate { position: p, .. }) if *p == position),
                "{template}: {error:?}"
            );
        }
    }

    #[test]
    fn link_templates_resolve_against_the_document() {
        let base = Url::parse("https://library.example/catalog/root.json").ok();
        let template = base.as_ref().map(|base| LinkTemplate::new("search{?query}", base));
        let url = template.and_then(|t| t.ok()).map(|t| t.expand(&[("query", "ruby")]));
        assert_eq!(
            url.and_then(|u| u.ok()).map(String::from).as_deref(),
            Some("https://library.example/catalog/search?query=ruby")
        );
    }

    #[test]
    fn lists_variables() {
        let template = UriTemplate::parse("renew{?end,id,name}").ok();
        let names: Vec<&str> = template.iter().flat_map(UriTemplate::variables).collect();
        assert_eq!(names, ["end", "id", "name"]);
    }
}
