//! OPDS 1.2 (Atom) feeds and entry documents → [`CatalogFeed`] / [`CatalogEntry`].
//!
//! Liberal in what it accepts: plain `application/atom+xml` without `kind`, relative hrefs,
//! Palace's `status` as well as the spec's `state`, dates without offsets. Problems that only
//! concern one entry or one link (an entry without an id, a URL that does not parse) leave that
//! entry or link out and are reported in [`CatalogFeed::warnings`]; problems with the document
//! itself (not XML, not a feed, no title) are errors.

use std::borrow::Cow;

use url::Url;

use super::availability::Availability;
use super::base_url::Base;
use super::date::parse_datetime;
use super::error::{DocumentKind, Error, Result};
use super::media_type::MediaType;
use super::model::{
    Acquisition, AvailabilityState, CatalogDocument, CatalogEntry, CatalogFeed, CollectionRef, Contributor,
    Copies, EntryDocument, Facet, FeedLinks, Group, Holds, IndirectAcquisition, Link, LinkAvailability,
    NavigationLink, Pagination, Series, Subject, Text, TextKind,
};
use super::opensearch::{SearchLink, SearchTemplate};
use super::rel::{self, AcquisitionKind, Rel};
use super::scan::trim;
use super::uri_template::Href;
use super::xml::{self, Document, Element, Ns};

const DOC: DocumentKind = DocumentKind::Opds1;

/// Parses an OPDS 1 feed read from `url`. Entries are converted one by one while reading,
/// so a large feed never exists as one big element tree.
pub fn parse_feed(bytes: &[u8], url: &Url) -> Result<CatalogFeed> {
    let base = Base::new(url);
    let (document, entries) = read_streaming(bytes, &base)?;
    feed_from_root(document.root(), &base, entries)
}

/// Parses an OPDS 1 feed or entry document, whichever the root element says.
pub fn parse_document(bytes: &[u8], url: &Url) -> Result<CatalogDocument> {
    let base = Base::new(url);
    let (document, entries) = read_streaming(bytes, &base)?;
    let root = document.root();
    if is_atom(root, "entry") {
        entry_from_root(root, &base).map(|entry| CatalogDocument::Entry(Box::new(entry)))
    } else {
        feed_from_root(root, &base, entries).map(|feed| CatalogDocument::Feed(Box::new(feed)))
    }
}

/// Entries read while streaming, and the problems met.
struct Entries<'e> {
    base: &'e Base<'e>,
    /// How many entries were read (to say where a problem is).
    read: usize,
    publications: Vec<CatalogEntry>,
    navigation: Vec<NavigationLink>,
    warnings: Vec<Error>,
}

impl<'e> Entries<'e> {
    fn new(base: &'e Base<'e>) -> Self {
        Self { base, read: 0, publications: Vec::new(), navigation: Vec::new(), warnings: Vec::new() }
    }

    /// Converts the next streamed entry.
    fn read(&mut self, element: Element<'_, '_>) {
        let at = At::entry(self.read);
        self.read += 1;
        if let Err(error) = read_entry(element, self.base, at, self) {
            self.warnings.push(error);
        }
    }
}

impl<'a> xml::Items<'a> for Entries<'_> {
    fn item(&mut self, element: Element<'_, 'a>) {
        self.read(element);
    }

    fn fork(&self) -> Self {
        Self::new(self.base)
    }

    /// Entries read on another thread are taken unless they met problems: a problem's report
    /// says which entry it was, counted from the feed's start.
    fn join(&mut self, later: Self) -> bool {
        if !later.warnings.is_empty() {
            return false;
        }
        self.read += later.read;
        self.publications.extend(later.publications);
        self.navigation.extend(later.navigation);
        true
    }
}

/// The feed's items: its Atom entries.
fn is_entry(ns: Ns, name: &str) -> bool {
    matches!(ns, Ns::Atom | Ns::None) && name == "entry"
}

fn read_streaming<'a, 'e>(bytes: &'a [u8], url: &'e Base<'e>) -> Result<(Document<'a>, Entries<'e>)> {
    let mut entries = Entries::new(url);
    if let Some(root) = xml::parse_split_fast(bytes, is_entry, &mut entries) {
        return Ok((root, entries));
    }
    // Something unusual: read it again carefully, from the start.
    let mut entries = Entries::new(url);
    let root = xml::parse_split(bytes, DOC, is_entry, |element| entries.read(element))?;
    Ok((root, entries))
}

/// Where in an OPDS 1 document something was found, formatted only when reported.
#[derive(Debug, Clone, Copy)]
struct At {
    root: &'static str,
    entry: Option<usize>,
    link: Option<usize>,
}

impl At {
    const FEED: At = At { root: "feed", entry: None, link: None };
    const ENTRY: At = At { root: "entry", entry: None, link: None };

    fn entry(index: usize) -> Self {
        Self { entry: Some(index), ..Self::FEED }
    }

    fn link(self, index: usize) -> Self {
        Self { link: Some(index), ..self }
    }
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.root)?;
        if let Some(entry) = self.entry {
            write!(f, "/entry[{entry}]")?;
        }
        if let Some(link) = self.link {
            write!(f, "/link[{link}]")?;
        }
        Ok(())
    }
}

fn feed_from_root(root: Element<'_, '_>, base: &Base<'_>, entries: Entries<'_>) -> Result<CatalogFeed> {
    if !is_atom(root, "feed") {
        return Err(Error::WrongDocument { document: DOC, found: root.name().to_owned() });
    }
    let Entries { publications, navigation, mut warnings, .. } = entries;
    let title = root.child_text(Ns::Atom, "title").ok_or_else(|| Error::MissingField {
        document: DOC,
        field: "title",
        path: "feed".to_owned(),
    })?;
    let mut feed = CatalogFeed {
        id: root.child_text(Ns::Atom, "id"),
        title,
        updated: root.child_text(Ns::Atom, "updated").as_deref().and_then(parse_datetime),
        url: base.url().clone(),
        entries: Vec::new(),
        navigation: Vec::new(),
        groups: Vec::new(),
        facets: Vec::new(),
        pagination: Pagination {
            total_items: count(root.child_text(Ns::OpenSearch, "totalResults")),
            items_per_page: count(root.child_text(Ns::OpenSearch, "itemsPerPage")),
            ..Pagination::default()
        },
        search: None,
        feed_links: FeedLinks::default(),
        links: Vec::new(),
        warnings: Vec::new(),
    };
    for (index, link) in root.children_named(Ns::Atom, "link").enumerate() {
        let at = At::FEED.link(index);
        let Some((url, raw)) = resolve_link(link, base, at, &mut warnings) else {
            continue;
        };
        feed_link(&mut feed, link, url, raw, at, &mut warnings);
    }
    feed.navigation = navigation;
    place_publications(&mut feed, publications);
    feed.warnings = warnings;
    Ok(feed)
}

/// Parses an OPDS 1 entry document read from `url`.
pub fn parse_entry(bytes: &[u8], url: &Url) -> Result<EntryDocument> {
    entry_from_root(xml::parse(bytes, DOC)?.root(), &Base::new(url))
}

fn entry_from_root(root: Element<'_, '_>, url: &Base<'_>) -> Result<EntryDocument> {
    if !is_atom(root, "entry") {
        return Err(Error::WrongDocument { document: DOC, found: root.name().to_owned() });
    }
    let mut warnings = Vec::new();
    let entry = read_publication(root, url, At::ENTRY, &mut warnings)?;
    Ok(EntryDocument { entry, warnings })
}

/// Puts publications into groups when every one of them names a group (`collection` link),
/// as Palace's grouped feeds do; otherwise keeps them as one list.
pub(crate) fn place_publications(feed: &mut CatalogFeed, publications: Vec<CatalogEntry>) {
    let grouped = !publications.is_empty() && publications.iter().all(|e| !e.collections.is_empty());
    if !grouped {
        if feed.entries.is_empty() {
            feed.entries = publications;
        } else {
            feed.entries.extend(publications);
        }
        return;
    }
    for entry in publications {
        let Some(collection) = entry.collections.first() else {
            continue;
        };
        match feed.groups.iter_mut().find(|g| g.url.as_ref() == Some(&collection.url)) {
            Some(group) => group.entries.push(entry),
            None => feed.groups.push(Group {
                title: collection.title.clone(),
                url: Some(collection.url.clone()),
                entries: vec![entry],
                navigation: Vec::new(),
            }),
        }
    }
}

fn is_atom(element: Element<'_, '_>, name: &str) -> bool {
    element.name() == name && matches!(element.ns(), Ns::Atom | Ns::None)
}

fn count(text: Option<String>) -> Option<u64> {
    text.and_then(|t| t.trim().parse().ok())
}

fn bad_url(href: &str, at: At, source: url::ParseError) -> Error {
    Error::BadUrl { document: DOC, href: href.to_owned(), path: at.to_string(), source }
}

/// Resolves a link's href against the document URL; returns it with the raw href.
fn resolve_link<'d>(
    link: Element<'d, '_>,
    base: &Base<'_>,
    at: At,
    warnings: &mut Vec<Error>,
) -> Option<(Url, &'d str)> {
    let Some(raw) = link.attr("href") else {
        warnings.push(Error::MissingField { document: DOC, field: "href", path: at.to_string() });
        return None;
    };
    match base.join(trim(raw)) {
        Ok(url) => Some((url, raw)),
        Err(source) => {
            warnings.push(bad_url(raw, at, source));
            None
        }
    }
}

fn media_type(link: Element<'_, '_>) -> Option<MediaType> {
    link.attr("type").and_then(MediaType::parse)
}

fn plain_link(link: Element<'_, '_>, url: Url) -> Link {
    Link {
        href: Href::Url(url),
        rels: vec![link.attr("rel").unwrap_or("alternate").to_owned()],
        media_type: media_type(link),
        title: link.attr("title").map(str::to_owned),
    }
}

fn feed_link(
    feed: &mut CatalogFeed,
    link: Element<'_, '_>,
    url: Url,
    raw: &str,
    at: At,
    warnings: &mut Vec<Error>,
) {
    match rel::classify(link.attr("rel").unwrap_or("alternate")) {
        Rel::Search => feed.search = Some(search_link(link, url, raw, &feed.url)),
        Rel::Facet => {
            let Some(title) = link.attr("title") else {
                warnings.push(Error::MissingField { document: DOC, field: "title", path: at.to_string() });
                return;
            };
            let group_title = link.attr_ns(Ns::Opds, "facetGroup").unwrap_or_default();
            let facet = Facet {
                title: title.to_owned(),
                url,
                active: link.attr_ns(Ns::Opds, "activeFacet").is_some_and(|v| v.trim() == "true"),
                count: link.attr_ns(Ns::Thread, "count").and_then(|c| c.trim().parse().ok()),
            };
            feed.add_facet(group_title, facet);
        }
        rel => {
            if let Some(url) = feed.set_feed_link(rel, url) {
                feed.links.push(plain_link(link, url));
            }
        }
    }
}

fn search_link(link: Element<'_, '_>, url: Url, raw: &str, base: &Url) -> SearchLink {
    let is_description = media_type(link).is_some_and(|m| m.is_opensearch());
    if !is_description && raw.contains("{searchTerms") {
        SearchLink::Template(SearchTemplate::open_search(raw.trim(), base))
    } else {
        SearchLink::Description(url)
    }
}

/// Reads a feed entry into `entries`: a navigation link when it has no acquisition link but a
/// link to another feed, a publication otherwise.
fn read_entry(element: Element<'_, '_>, base: &Base<'_>, at: At, entries: &mut Entries<'_>) -> Result<()> {
    let links = || element.children_named(Ns::Atom, "link");
    if links().next().is_none() {
        return Err(Error::MissingField { document: DOC, field: "link", path: at.to_string() });
    }
    let is_acquisition =
        |l: Element<'_, '_>| matches!(rel::classify(l.attr("rel").unwrap_or("")), Rel::Acquisition(_));
    let is_feed_link = |l: Element<'_, '_>| {
        let feed_type = media_type(l).is_some_and(|m| m.is_atom() && !m.is_opds1_entry());
        let rel = l.attr("rel").unwrap_or("alternate");
        (feed_type && !matches!(rel::classify(rel), Rel::Related | Rel::Collection))
            || rel::classify(rel) == Rel::Subsection
    };
    if !links().any(is_acquisition)
        && let Some(target) = links().find(|l| is_feed_link(*l))
    {
        let title = required_text(element, "title", at)?;
        let Some((url, _)) = resolve_link(target, base, at, &mut entries.warnings) else {
            return Err(Error::MissingField { document: DOC, field: "link", path: at.to_string() });
        };
        entries.navigation.push(NavigationLink {
            title,
            url,
            media_type: media_type(target),
            rel: target.attr("rel").map(str::to_owned),
            count: target.attr_ns(Ns::Thread, "count").and_then(|c| c.trim().parse().ok()),
            summary: element
                .child_text(Ns::Atom, "summary")
                .or_else(|| element.child_text(Ns::Atom, "content")),
        });
        return Ok(());
    }
    let entry = read_publication(element, base, at, &mut entries.warnings)?;
    entries.publications.push(entry);
    Ok(())
}

fn required_text(element: Element<'_, '_>, field: &'static str, at: At) -> Result<String> {
    element.child_text(Ns::Atom, field).ok_or_else(|| Error::MissingField {
        document: DOC,
        field,
        path: at.to_string(),
    })
}

fn read_publication(
    element: Element<'_, '_>,
    base: &Base<'_>,
    at: At,
    warnings: &mut Vec<Error>,
) -> Result<CatalogEntry> {
    let parts = EntryParts::find(element, base);
    let required = |found: Option<Element<'_, '_>>, field| {
        found.and_then(Element::trimmed_text).ok_or_else(|| Error::MissingField {
            document: DOC,
            field,
            path: at.to_string(),
        })
    };
    let (id, title) = (required(parts.id, "id")?, required(parts.title, "title")?);
    let date = |found: Option<Element<'_, '_>>| {
        found.and_then(Element::trimmed_text_ref).as_deref().and_then(parse_datetime)
    };
    let mut entry = CatalogEntry {
        subtitle: parts.subtitle.and_then(Element::trimmed_text),
        authors: parts.authors,
        contributors: parts.contributors,
        summary: text(parts.summary),
        content: text(parts.content),
        languages: parts.languages,
        publisher: parts.publisher.and_then(Element::trimmed_text),
        published: date(parts.published),
        issued: date(parts.issued),
        updated: date(parts.updated),
        series: parts.series,
        subjects: parts.subjects,
        ..CatalogEntry::new(id, title)
    };
    let mut revoke = None;
    for (index, link) in element.children_named(Ns::Atom, "link").enumerate() {
        let Some((url, _)) = resolve_link(link, base, at.link(index), warnings) else {
            continue;
        };
        let rel_text = link.attr("rel").unwrap_or("alternate");
        match rel::classify(rel_text) {
            Rel::Image => entry.cover = Some(url),
            Rel::Thumbnail => entry.thumbnail = Some(url),
            Rel::Acquisition(kind) => entry.acquisitions.push(acquisition(link, kind, url)),
            Rel::Revoke => revoke = Some(url),
            Rel::Related => entry.related = Some(url),
            Rel::Alternate | Rel::SelfLink if media_type(link).is_some_and(|m| m.is_opds1_entry()) => {
                entry.detail = Some(url);
            }
            Rel::Collection => entry
                .collections
                .push(CollectionRef { title: link.attr("title").unwrap_or_default().to_owned(), url }),
            _ => entry.links.push(plain_link(link, url)),
        }
    }
    entry.availability = Availability::infer_with(&entry.acquisitions, revoke);
    apply_events(element, &mut entry.availability);
    Ok(entry)
}

/// What a publication entry holds besides its links, read in one pass over its children:
/// the first child of each single-valued kind (as [`Element::child`] finds it), every one of
/// the many-valued kinds, in order.
#[derive(Default)]
struct EntryParts<'d, 'a> {
    id: Option<Element<'d, 'a>>,
    title: Option<Element<'d, 'a>>,
    subtitle: Option<Element<'d, 'a>>,
    summary: Option<Element<'d, 'a>>,
    content: Option<Element<'d, 'a>>,
    publisher: Option<Element<'d, 'a>>,
    published: Option<Element<'d, 'a>>,
    issued: Option<Element<'d, 'a>>,
    updated: Option<Element<'d, 'a>>,
    languages: Vec<String>,
    authors: Vec<Contributor>,
    contributors: Vec<Contributor>,
    subjects: Vec<Subject>,
    /// The last series given.
    series: Option<Series>,
}

impl<'d, 'a> EntryParts<'d, 'a> {
    fn find(element: Element<'d, 'a>, base: &Base<'_>) -> Self {
        let mut parts = Self::default();
        for child in element.children() {
            let slot = match (child.ns(), child.name()) {
                (Ns::Atom, "id") => &mut parts.id,
                (Ns::Atom, "title") => &mut parts.title,
                (Ns::Schema, "alternativeHeadline") => &mut parts.subtitle,
                (Ns::Atom, "summary") => &mut parts.summary,
                (Ns::Atom, "content") => &mut parts.content,
                (Ns::DublinCore, "publisher") => &mut parts.publisher,
                (Ns::Atom, "published") => &mut parts.published,
                (Ns::DublinCore, "issued") => &mut parts.issued,
                (Ns::Atom, "updated") => &mut parts.updated,
                (Ns::DublinCore, "language") => {
                    parts.languages.extend(child.trimmed_text());
                    continue;
                }
                (Ns::Atom, "author") => {
                    parts.authors.extend(contributor(child, base));
                    continue;
                }
                (Ns::Atom, "contributor") => {
                    parts.contributors.extend(contributor(child, base));
                    continue;
                }
                (Ns::Atom, "category") => {
                    parts.subjects.extend(subject(child));
                    continue;
                }
                (Ns::Schema, "Series") => {
                    parts.series = series(child, base);
                    continue;
                }
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(child);
            }
        }
        parts
    }
}

fn text(element: Option<Element<'_, '_>>) -> Option<Text> {
    let element = element?;
    let kind = match element.attr("type").map(str::trim) {
        Some("html") | Some("text/html") => TextKind::Html,
        _ => TextKind::Plain,
    };
    Some(Text { text: element.trimmed_text()?, kind })
}

fn contributor(element: Element<'_, '_>, base: &Base<'_>) -> Option<Contributor> {
    let name = element.child_text(Ns::Atom, "name")?;
    let link = element.child(Ns::Atom, "link").and_then(|l| l.attr("href")).map(Cow::Borrowed);
    let href = link.or_else(|| element.child_text_ref(Ns::Atom, "uri"));
    let url = href.and_then(|href| base.join(trim(&href)).ok());
    let role = element.attrs().iter().find(|a| a.name == "role").map(|a| a.value.clone().into_owned());
    Some(Contributor { name, role, url })
}

fn subject(element: Element<'_, '_>) -> Option<Subject> {
    let term = element.attr("term").map(str::trim).filter(|t| !t.is_empty());
    let label = element.attr("label").map(str::trim).filter(|l| !l.is_empty()).or(term)?;
    Some(Subject {
        label: label.to_owned(),
        term: term.map(str::to_owned),
        scheme: element.attr("scheme").map(str::to_owned),
    })
}

fn series(element: Element<'_, '_>, base: &Base<'_>) -> Option<Series> {
    let name = element
        .attr("name")
        .or_else(|| element.attr_ns(Ns::Schema, "name"))
        .map(str::to_owned)
        .or_else(|| element.child_text(Ns::Schema, "name"))?;
    let position = element
        .attr_ns(Ns::Schema, "position")
        .or_else(|| element.attr("position"))
        .and_then(|p| p.trim().parse().ok());
    let url = element
        .child(Ns::Atom, "link")
        .and_then(|l| l.attr("href"))
        .and_then(|href| base.join(trim(href)).ok());
    Some(Series { name: name.trim().to_owned(), position, url })
}

fn acquisition(link: Element<'_, '_>, kind: AcquisitionKind, url: Url) -> Acquisition {
    let availability = link.child(Ns::Opds, "availability");
    let status = availability.and_then(|a| {
        let state = a.attr("status").or_else(|| a.attr("state")).and_then(AvailabilityState::parse)?;
        Some(LinkAvailability {
            state,
            since: a.attr("since").and_then(parse_datetime),
            until: a.attr("until").and_then(parse_datetime),
        })
    });
    let number = |e: Element<'_, '_>, name: &str| e.attr(name).and_then(|v| trim(v).parse().ok());
    Acquisition {
        kind,
        authenticate: None,
        href: Href::Url(url),
        media_type: media_type(link),
        indirect: indirect(link),
        status,
        holds: link
            .child(Ns::Opds, "holds")
            .map(|h| Holds { total: number(h, "total"), position: number(h, "position") }),
        copies: link
            .child(Ns::Opds, "copies")
            .map(|c| Copies { total: number(c, "total"), available: number(c, "available") }),
        title: link.attr("title").map(str::to_owned),
    }
}

fn indirect(element: Element<'_, '_>) -> Vec<IndirectAcquisition> {
    element
        .children_named(Ns::Opds, "indirectAcquisition")
        .filter_map(|child| {
            Some(IndirectAcquisition {
                media_type: child.attr("type").and_then(MediaType::parse)?,
                children: indirect(child),
            })
        })
        .collect()
}

/// Older Library Simplified shelves carry loan/hold dates in `schema:Event`; use them when the
/// availability element has none.
fn apply_events(element: Element<'_, '_>, availability: &mut Availability) {
    for event in element.children_named(Ns::Schema, "Event") {
        let name = event.child_text(Ns::Schema, "name").unwrap_or_default();
        let start = event.child_text(Ns::Schema, "startDate").as_deref().and_then(parse_datetime);
        let end = event.child_text(Ns::Schema, "endDate").as_deref().and_then(parse_datetime);
        match (name.as_str(), &mut *availability) {
            ("loan", Availability::Loaned { since, until, .. })
            | ("hold", Availability::Held { since, until, .. }) => {
                *since = since.or(start);
                *until = until.or(end);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::ahead;
    use super::*;

    /// Reads `xml` with the quick reader and with quick-xml alone; asserts the same feed
    /// whenever the quick reader is sure, which it says.
    fn agree(xml: &str) -> bool {
        let Ok(url) = Url::parse("https://library.example/catalog/feed.xml") else {
            panic!("bad test URL");
        };
        let base = Base::new(&url);
        let mut quick = Entries::new(&base);
        let Some(document) = xml::parse_split_fast(xml.as_bytes(), is_entry, &mut quick) else {
            return false;
        };
        let quick = feed_from_root(document.root(), &base, quick);
        let mut careful = Entries::new(&base);
        let careful_document =
            xml::parse_split(xml.as_bytes(), DOC, is_entry, |element| careful.read(element))
                .unwrap_or_else(|e| panic!("careful: {e}"));
        let careful = feed_from_root(careful_document.root(), &base, careful);
        assert_eq!(format!("{quick:?}"), format!("{careful:?}"));
        true
    }

    #[test]
    fn reads_long_feeds_on_two_threads_as_quick_xml_does() {
        let entry = |i: usize| {
            format!(
                r#"<entry><id>urn:{i}</id><title>本 {i} &amp; more</title><author><name>A</name></author>
<link rel="http://opds-spec.org/acquisition/borrow" type="application/epub+zip" href="/b/{i}"><opds:availability status="available"/></link>
<summary>A story.</summary></entry>"#
            )
        };
        // Written otherwise than the first (with a prefix): the helper's pattern, `<entry`, is
        // only found in comments, character data or a nested element.
        let hidden = |i: usize| {
            format!(
                r#"<a:entry><id>urn:{i}</id><title>T</title><!-- <entry> --><summary><![CDATA[<entry>]]></summary>
<x:wrap xmlns:x="urn:x"><entry><id>inner</id></entry></x:wrap><link rel="alternate" href="/w/{i}"/></a:entry>"#
            )
        };
        let feed = |odd: &dyn Fn(usize) -> Option<String>, after: &str| {
            let entries: Vec<String> = (0..2000).map(|i| odd(i).unwrap_or_else(|| entry(i))).collect();
            format!(
                "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" \
                 xmlns:opds=\"http://opds-spec.org/2010/catalog\" xmlns:a=\"http://www.w3.org/2005/Atom\">\
                 <id>f</id><title>F</title>\n{}\n{after}</feed>",
                entries.join("\n  ")
            )
        };
        let no_link = |i: usize| format!("<entry><id>urn:{i}</id><title>T</title></entry>");
        // (document, whether the helper's entries are taken)
        let cases = [
            (feed(&|_| None, ""), true),
            (feed(&|_| None, r#"<link rel="next" href="?page=2"/><!-- end -->"#), true),
            (feed(&|i| (i == 10).then(|| no_link(i)), ""), true),
            (feed(&|i| (i == 1900).then(|| no_link(i)), ""), false),
            (feed(&|i| (i > 0).then(|| hidden(i)), ""), false),
        ];
        for (case, taken) in &cases {
            let before = ahead::times_taken();
            assert!(agree(case), "not read quickly");
            assert_eq!(ahead::times_taken() > before, *taken, "{}", case.get(..400).unwrap_or_default());
        }
        let broken = feed(&|i| (i == 1900).then(|| "<entry><id>1</id></entr>".to_owned()), "");
        assert!(!agree(&broken), "an error far into the feed was not noticed");
        let unclosed = feed(&|_| None, "").replace("</feed>", "");
        assert!(!agree(&unclosed), "a feed without its end was read");
        // Damage anywhere: the same feed or error as quick-xml's, or the careful reading decides.
        for damaged in ahead::damaged_copies(&feed(&|_| None, ""), 30, b"<>&\"'/= x:!?") {
            agree(&damaged);
        }
    }
}
