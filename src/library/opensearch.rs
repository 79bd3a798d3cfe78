//! Search: OpenSearch description documents, OpenSearch and RFC 6570 search templates, and
//! turning a patron's search words into a URL for OPDS 1 and OPDS 2 catalogs.

use url::Url;

use super::error::{DocumentKind, Error, Result};
use super::media_type::MediaType;
use super::uri_template::{UriTemplate, encode_into};
use super::xml::{self, Ns};

/// How a catalog is searched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchLink {
    /// Fetch this OpenSearch description first, then use [`OpenSearchDescription::catalog_template`].
    Description(Url),
    /// A template to fill in directly.
    Template(SearchTemplate),
}

/// A search URL template with the URL of the document it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTemplate {
    syntax: Syntax,
    text: String,
    base: Url,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Syntax {
    OpenSearch,
    Rfc6570(UriTemplate),
}

impl SearchTemplate {
    /// An OpenSearch 1.1 template (`…?q={searchTerms}&page={startPage?}`).
    pub fn open_search(template: &str, base: &Url) -> Self {
        Self { syntax: Syntax::OpenSearch, text: template.to_owned(), base: base.clone() }
    }

    /// An RFC 6570 template (`search{?query,title,author}`), as OPDS 2 uses.
    pub fn rfc6570(template: &str, base: &Url) -> Result<Self> {
        Ok(Self {
            syntax: Syntax::Rfc6570(UriTemplate::parse(template)?),
            text: template.to_owned(),
            base: base.clone(),
        })
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The document the template came from (what its expansions are resolved against).
    pub fn base(&self) -> &Url {
        &self.base
    }

    /// The search URL for `terms` (sent as typed; percent-encoded as UTF-8).
    pub fn url_for(&self, terms: &str) -> Result<Url> {
        let href = match &self.syntax {
            Syntax::OpenSearch => expand_open_search(&self.text, terms),
            Syntax::Rfc6570(template) => template.expand(&[("query", terms), ("searchTerms", terms)]),
        };
        self.base.join(&href).map_err(|source| Error::BadUrl {
            document: DocumentKind::OpenSearch,
            href,
            path: self.text.clone(),
            source,
        })
    }
}

/// Fills an OpenSearch 1.1 template: `{searchTerms}` gets the terms, `{language}` gets `*`,
/// the encodings get `UTF-8`, and every other parameter (optional `{name?}` or not) is left
/// empty.
fn expand_open_search(template: &str, terms: &str) -> String {
    let mut out = String::with_capacity(template.len() + terms.len() * 3);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest.get(open..).and_then(|tail| tail.find('}')).map(|c| open + c) else {
            break;
        };
        out.push_str(rest.get(..open).unwrap_or_default());
        let name = rest.get(open + 1..close).unwrap_or_default();
        let name = name.strip_suffix('?').unwrap_or(name);
        match name {
            "searchTerms" => encode_into(&mut out, terms, false),
            "language" => out.push('*'),
            "inputEncoding" | "outputEncoding" => out.push_str("UTF-8"),
            _ => {}
        }
        rest = rest.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// One `<Url>` of an OpenSearch description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenSearchUrl {
    /// The result format (`type`).
    pub media_type: Option<MediaType>,
    /// The template.
    pub template: SearchTemplate,
}

/// An OpenSearch description document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenSearchDescription {
    /// `ShortName`.
    pub short_name: Option<String>,
    /// `Description`.
    pub description: Option<String>,
    /// Every `<Url>` with a template.
    pub urls: Vec<OpenSearchUrl>,
}

impl OpenSearchDescription {
    /// Parses a description read from `url` (templates are resolved against it).
    pub fn parse(bytes: &[u8], url: &Url) -> Result<Self> {
        let document = DocumentKind::OpenSearch;
        let tree = xml::parse(bytes, document)?;
        let root = tree.root();
        if root.name() != "OpenSearchDescription" {
            return Err(Error::WrongDocument { document, found: root.name().to_owned() });
        }
        let urls: Vec<OpenSearchUrl> = root
            .children()
            .filter(|child| child.name() == "Url" && matches!(child.ns(), Ns::OpenSearch | Ns::None))
            .filter_map(|child| {
                let template = child.attr("template")?;
                Some(OpenSearchUrl {
                    media_type: child.attr("type").and_then(MediaType::parse),
                    template: SearchTemplate::open_search(template, url),
                })
            })
            .collect();
        if urls.is_empty() {
            return Err(Error::MissingField {
                document,
                field: "Url@template",
                path: "OpenSearchDescription".to_owned(),
            });
        }
        let text = |name: &str| {
            root.children().find(|child| child.name() == name).and_then(xml::Element::trimmed_text)
        };
        Ok(Self { short_name: text("ShortName"), description: text("Description"), urls })
    }

    /// The template whose results are a catalog: OPDS 2, then OPDS 1 Atom, then the first.
    pub fn catalog_template(&self) -> Option<&SearchTemplate> {
        let find = |test: fn(&MediaType) -> bool| {
            self.urls.iter().find(|u| u.media_type.as_ref().is_some_and(test)).map(|u| &u.template)
        };
        find(MediaType::is_opds2)
            .or_else(|| find(MediaType::is_atom))
            .or_else(|| self.urls.first().map(|u| &u.template))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Option<Url> {
        Url::parse("https://library.example/search/Picture%20Books").ok()
    }

    #[test]
    fn expands_open_search_templates() {
        let cases = [
            ("https://x.example/s?q={searchTerms}", "cats", "https://x.example/s?q=cats"),
            (
                "https://x.example/s?q={searchTerms}&p={startPage?}",
                "夏目 漱石",
                "https://x.example/s?q=%E5%A4%8F%E7%9B%AE%20%E6%BC%B1%E7%9F%B3&p=",
            ),
            (
                "/s?q={searchTerms}&l={language}&e={inputEncoding}",
                "a&b",
                "https://library.example/s?q=a%26b&l=*&e=UTF-8",
            ),
            ("?q={searchTerms}&n={count}", "x", "https://library.example/search/Picture%20Books?q=x&n="),
            ("https://x.example/s?q={searchTerms", "x", "https://x.example/s?q={searchTerms"),
        ];
        for (template, terms, expected) in cases {
            let url = base().map(|b| SearchTemplate::open_search(template, &b).url_for(terms));
            assert_eq!(url.and_then(|u| u.ok()).map(String::from).as_deref(), Some(expected), "{template}");
        }
    }

    #[test]
    fn expands_rfc6570_search_links() {
        let template = base().map(|b| SearchTemplate::rfc6570("/search{?query,title,author}", &b));
        let url = template.and_then(|t| t.ok()).map(|t| t.url_for("ruby & rails"));
        assert_eq!(
            url.and_then(|u| u.ok()).map(String::from).as_deref(),
            Some("https://library.example/search?query=ruby%20%26%20rails")
        );
    }

    #[test]
    fn parses_a_description_and_prefers_catalog_results() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>Search</ShortName>
  <Description>Search Picture Books</Description>
  <Url type="text/html" template="https://library.example/web?q={searchTerms}"/>
  <Url type="application/atom+xml;profile=opds-catalog;kind=acquisition" template="/search/Picture%20Books?q={searchTerms}"/>
</OpenSearchDescription>"#;
        let parsed = base().map(|b| OpenSearchDescription::parse(xml, &b));
        let parsed = parsed.and_then(|p| p.ok());
        assert_eq!(parsed.as_ref().and_then(|p| p.short_name.as_deref()), Some("Search"));
        assert_eq!(parsed.as_ref().map(|p| p.urls.len()), Some(2));
        let url = parsed.as_ref().and_then(|p| p.catalog_template()).map(|t| t.url_for("bears"));
        assert_eq!(
            url.and_then(|u| u.ok()).map(String::from).as_deref(),
            Some("https://library.example/search/Picture%20Books?q=bears")
        );
    }

    #[test]
    fn refuses_other_documents() {
        let cases: [(&[u8], &str); 3] = [
            (b"<feed xmlns='http://www.w3.org/2005/Atom'/>", "wrong"),
            (b"<OpenSearchDescription xmlns='http://a9.com/-/spec/opensearch/1.1/'><ShortName>x</ShortName></OpenSearchDescription>", "missing"),
            (b"not xml", "notxml"),
        ];
        for (bytes, expected) in cases {
            let result = base().map(|b| OpenSearchDescription::parse(bytes, &b));
            let kind = match result {
                Some(Err(Error::WrongDocument { .. })) => "wrong",
                Some(Err(Error::MissingField { field: "Url@template", .. })) => "missing",
                Some(Err(Error::NotXml { .. })) => "notxml",
                _ => "other",
            };
            assert_eq!(kind, expected);
        }
    }
}
