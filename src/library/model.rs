//! The format-independent catalog model the UI shows. Both the OPDS 1 and the OPDS 2 parser
//! produce it.

use time::OffsetDateTime;
use url::Url;

use super::availability::Availability;
use super::error::Error;
use super::media_type::MediaType;
use super::opensearch::SearchLink;
use super::rel::AcquisitionKind;
use super::scan::trim;
use super::uri_template::Href;

/// A catalog page: a navigation menu, a list of publications, grouped lanes, or a shelf.
#[derive(Debug, Clone)]
pub struct CatalogFeed {
    /// The feed's identifier (Atom `id`, OPDS 2 `metadata.identifier`), if any.
    pub id: Option<String>,
    /// The feed's title, as the library wrote it.
    pub title: String,
    /// When the feed last changed.
    pub updated: Option<OffsetDateTime>,
    /// The URL the feed was read from (base for relative links).
    pub url: Url,
    /// Publications that are not inside a group.
    pub entries: Vec<CatalogEntry>,
    /// Navigation links (OPDS 1 navigation entries, OPDS 2 `navigation`).
    pub navigation: Vec<NavigationLink>,
    /// Groups (lanes): OPDS 1 entries sharing a `collection` link, OPDS 2 `groups`.
    pub groups: Vec<Group>,
    /// Facet groups (sort orders, filters).
    pub facets: Vec<FacetGroup>,
    /// Links to the other pages of this list and its size.
    pub pagination: Pagination,
    /// How to search this catalog.
    pub search: Option<SearchLink>,
    /// Well-known links of the feed.
    pub feed_links: FeedLinks,
    /// Every other feed-level link, kept for the UI and for later use.
    pub links: Vec<Link>,
    /// Problems that did not stop reading (a bad URL, an entry without an id…): the entry or
    /// link concerned was left out.
    pub warnings: Vec<Error>,
}

impl CatalogFeed {
    /// A feed read from `url` with nothing in it yet.
    pub fn empty(url: Url) -> Self {
        Self {
            id: None,
            title: String::new(),
            updated: None,
            url,
            entries: Vec::new(),
            navigation: Vec::new(),
            groups: Vec::new(),
            facets: Vec::new(),
            pagination: Pagination::default(),
            search: None,
            feed_links: FeedLinks::default(),
            links: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Files `url` in the feed-level slot for `rel` (self, start, up, shelf,
    /// profile, authentication document, pagination) and returns `None`; gives
    /// the URL back when `rel` has no such slot. The first `self` link wins.
    pub fn set_feed_link(&mut self, rel: super::rel::Rel, url: Url) -> Option<Url> {
        use super::rel::Rel;
        let links = &mut self.feed_links;
        let slot = match rel {
            Rel::SelfLink if links.self_url.is_none() => &mut links.self_url,
            Rel::Start => &mut links.start,
            Rel::Up => &mut links.up,
            Rel::Shelf => &mut links.shelf,
            Rel::Profile => &mut links.profile,
            Rel::AuthDocument => &mut links.authentication,
            Rel::Next => &mut self.pagination.next,
            Rel::Previous => &mut self.pagination.previous,
            Rel::First => &mut self.pagination.first,
            Rel::Last => &mut self.pagination.last,
            _ => return Some(url),
        };
        *slot = Some(url);
        None
    }

    /// Adds `facet` to the group titled `group`, creating the group (in order of
    /// first appearance) when it is new.
    pub fn add_facet(&mut self, group: &str, facet: Facet) {
        match self.facets.iter_mut().find(|g| g.title == group) {
            Some(existing) => existing.facets.push(facet),
            None => self.facets.push(FacetGroup { title: group.to_owned(), facets: vec![facet] }),
        }
    }

    /// Every publication: ungrouped entries first, then each group's, in order.
    pub fn all_entries(&self) -> impl Iterator<Item = &CatalogEntry> {
        self.entries.iter().chain(self.groups.iter().flat_map(|group| group.entries.iter()))
    }

    /// Series found among [`all_entries`](Self::all_entries), newest issue first
    /// (see [`group_by_series`]).
    pub fn series(&self) -> Vec<SeriesGroup<'_>> {
        group_by_series(self.all_entries())
    }
}

/// What a catalog URL answered with.
#[derive(Debug, Clone)]
pub enum CatalogDocument {
    /// A feed.
    Feed(Box<CatalogFeed>),
    /// A single publication (OPDS 1 entry document, OPDS 2 publication).
    Entry(Box<EntryDocument>),
}

/// A standalone publication: an OPDS 1 entry document (what Palace answers to borrow and
/// revoke requests) or an OPDS 2 publication document.
#[derive(Debug, Clone)]
pub struct EntryDocument {
    /// The publication.
    pub entry: CatalogEntry,
    /// Links that were left out, and why.
    pub warnings: Vec<Error>,
}

/// Well-known feed-level links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedLinks {
    /// `self`.
    pub self_url: Option<Url>,
    /// `start`: the catalog root.
    pub start: Option<Url>,
    /// `up`: the parent.
    pub up: Option<Url>,
    /// The patron's loans and holds (`http://opds-spec.org/shelf`).
    pub shelf: Option<Url>,
    /// The patron's user profile (limits).
    pub profile: Option<Url>,
    /// The Authentication for OPDS document.
    pub authentication: Option<Url>,
}

/// Pagination links and counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pagination {
    /// Next page.
    pub next: Option<Url>,
    /// Previous page.
    pub previous: Option<Url>,
    /// First page.
    pub first: Option<Url>,
    /// Last page.
    pub last: Option<Url>,
    /// Total number of items (OpenSearch `totalResults`, OPDS 2 `numberOfItems`).
    pub total_items: Option<u64>,
    /// Items per page.
    pub items_per_page: Option<u64>,
    /// Current page (1-based).
    pub current_page: Option<u64>,
}

/// A generic link kept as written (resolved to an absolute URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Where it points.
    pub href: Href,
    /// Its relations (OPDS 2 allows several).
    pub rels: Vec<String>,
    /// The media type of the target.
    pub media_type: Option<MediaType>,
    /// Its title.
    pub title: Option<String>,
}

impl Link {
    /// True when one of the link's relations is exactly `rel`.
    pub fn has_rel(&self, rel: &str) -> bool {
        self.rels.iter().any(|r| r == rel)
    }
}

/// A link to another feed, shown as a menu item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavigationLink {
    /// The menu item's text.
    pub title: String,
    /// The feed it opens.
    pub url: Url,
    /// The target's media type.
    pub media_type: Option<MediaType>,
    /// The relation (`subsection`, `http://opds-spec.org/sort/new`, …), if given.
    pub rel: Option<String>,
    /// How many items the target holds (`thr:count`, `numberOfItems`).
    pub count: Option<u64>,
    /// A short description (OPDS 1 navigation entry summary/content).
    pub summary: Option<String>,
}

/// A group (lane) of publications or navigation links.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The group's title.
    pub title: String,
    /// The full list behind the group ("more…"), if any.
    pub url: Option<Url>,
    /// Publications in the group.
    pub entries: Vec<CatalogEntry>,
    /// Navigation links in the group (OPDS 2).
    pub navigation: Vec<NavigationLink>,
}

/// A named set of facets (e.g. "Sort by").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetGroup {
    /// The group's title, as the library wrote it.
    pub title: String,
    /// The choices.
    pub facets: Vec<Facet>,
}

/// One facet choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    /// The choice's title.
    pub title: String,
    /// The feed with this facet applied.
    pub url: Url,
    /// True for the facet currently applied.
    pub active: bool,
    /// How many items it would show.
    pub count: Option<u64>,
}

/// A publication in a catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogEntry {
    /// Its identifier (Atom `id`, OPDS 2 `metadata.identifier`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its subtitle.
    pub subtitle: Option<String>,
    /// Authors.
    pub authors: Vec<Contributor>,
    /// Other contributors (narrators, translators, illustrators…), with their role.
    pub contributors: Vec<Contributor>,
    /// A short description.
    pub summary: Option<Text>,
    /// A longer description (Atom `content`).
    pub content: Option<Text>,
    /// BCP 47 language tags.
    pub languages: Vec<String>,
    /// The publisher.
    pub publisher: Option<String>,
    /// First publication date (`published`).
    pub published: Option<OffsetDateTime>,
    /// Issue or edition date (`dcterms:issued`): what orders e-magazine issues.
    pub issued: Option<OffsetDateTime>,
    /// When the entry last changed.
    pub updated: Option<OffsetDateTime>,
    /// The series it belongs to.
    pub series: Option<Series>,
    /// Subjects and genres.
    pub subjects: Vec<Subject>,
    /// Cover image.
    pub cover: Option<Url>,
    /// Thumbnail image.
    pub thumbnail: Option<Url>,
    /// Ways to get the publication.
    pub acquisitions: Vec<Acquisition>,
    /// Whether and how the patron can read it now.
    pub availability: Availability,
    /// The full entry document (`alternate`/`self` entry link), for refreshing it.
    pub detail: Option<Url>,
    /// Related works.
    pub related: Option<Url>,
    /// Groups this entry is listed under (`collection` links).
    pub collections: Vec<CollectionRef>,
    /// Every other link.
    pub links: Vec<Link>,
}

impl CatalogEntry {
    /// An entry with only an identifier and a title (and nothing available yet).
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            subtitle: None,
            authors: Vec::new(),
            contributors: Vec::new(),
            summary: None,
            content: None,
            languages: Vec::new(),
            publisher: None,
            published: None,
            issued: None,
            updated: None,
            series: None,
            subjects: Vec::new(),
            cover: None,
            thumbnail: None,
            acquisitions: Vec::new(),
            availability: Availability::Unavailable,
            detail: None,
            related: None,
            collections: Vec::new(),
            links: Vec::new(),
        }
    }

    /// The final media types a reader would get (e.g. EPUB, audiobook), over all
    /// acquisitions, without repeats.
    pub fn formats(&self) -> Vec<&MediaType> {
        let mut formats: Vec<&MediaType> = Vec::new();
        for format in self.acquisitions.iter().flat_map(Acquisition::formats) {
            if !formats.iter().any(|known| known.essence() == format.essence()) {
                formats.push(format);
            }
        }
        formats
    }
}

/// A reference from an entry to a group it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionRef {
    /// The group's title.
    pub title: String,
    /// The group's own feed.
    pub url: Url,
}

/// An author or other contributor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contributor {
    /// The name as the library wrote it.
    pub name: String,
    /// MARC relator or OPDS 2 role (`nrt`, `narrator`, `trl`…), when given.
    pub role: Option<String>,
    /// A feed of their other works.
    pub url: Option<Url>,
}

/// Text with its markup kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The text (HTML source when `kind` is [`TextKind::Html`]).
    pub text: String,
    /// How to show it.
    pub kind: TextKind,
}

impl Text {
    /// The text without markup, whitespace collapsed (HTML is parsed, never shown as code).
    pub fn plain(&self) -> String {
        let raw = match self.kind {
            TextKind::Plain => self.text.clone(),
            _ => scraper::Html::parse_fragment(&self.text).root_element().text().collect::<String>(),
        };
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// The markup of a [`Text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Plain text.
    Plain,
    /// HTML (escaped HTML or XHTML in Atom): the UI must sanitise or strip it.
    Html,
}

/// A series (or e-magazine title) and the entry's place in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The series name.
    pub name: String,
    /// Position (volume or issue number), when given.
    pub position: Option<f64>,
    /// A feed of the whole series.
    pub url: Option<Url>,
}

/// A subject or genre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The human-readable label (the term itself when there is no label).
    pub label: String,
    /// The machine term or code.
    pub term: Option<String>,
    /// The vocabulary.
    pub scheme: Option<String>,
}

/// One way to get a publication.
#[derive(Debug, Clone, PartialEq)]
pub struct Acquisition {
    /// Borrow, open access, buy…
    pub kind: AcquisitionKind,
    /// Where to send the request.
    pub href: Href,
    /// What the link returns directly.
    pub media_type: Option<MediaType>,
    /// What that leads to (e.g. an LCP licence that leads to an EPUB).
    pub indirect: Vec<IndirectAcquisition>,
    /// The state the library reported on this link.
    pub status: Option<LinkAvailability>,
    /// Hold queue.
    pub holds: Option<Holds>,
    /// Copies the library owns.
    pub copies: Option<Copies>,
    /// Title of the link, if any.
    pub title: Option<String>,
    /// The authentication document that protects this link (OPDS 2 `authenticate`).
    pub authenticate: Option<Url>,
}

impl Acquisition {
    /// Every media-type chain from the link itself down to a final format, e.g.
    /// `[atom entry, LCP licence, EPUB]`.
    pub fn chains(&self) -> Vec<Vec<&MediaType>> {
        let mut chains = Vec::new();
        let start: Vec<&MediaType> = self.media_type.iter().collect();
        if self.indirect.is_empty() {
            if !start.is_empty() {
                chains.push(start);
            }
        } else {
            for step in &self.indirect {
                step.collect_chains(start.clone(), &mut chains);
            }
        }
        chains
    }

    /// The final formats (last step of each chain). A chain that ends in an OPDS entry or
    /// publication (a borrow link that says nothing more) names no format and is left out.
    pub fn formats(&self) -> Vec<&MediaType> {
        self.chains()
            .into_iter()
            .filter_map(|chain| chain.last().copied())
            .filter(|format| !format.is_atom() && !format.is_opds2())
            .collect()
    }

    /// The DRM the acquisition goes through, if any.
    pub fn drm(&self) -> Drm {
        let mut drm = Drm::None;
        for chain in self.chains() {
            for step in chain {
                let lcp = [
                    super::media_type::LCP_LICENSE,
                    super::media_type::LCP_AUDIOBOOK,
                    super::media_type::LCP_PDF,
                ];
                if lcp.iter().any(|essence| step.is(essence)) {
                    return Drm::Lcp;
                }
                if step.is(super::media_type::ADOBE_ADEPT) {
                    drm = Drm::Adobe;
                }
            }
        }
        drm
    }
}

/// DRM found on an acquisition chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drm {
    /// No DRM step.
    None,
    /// Readium LCP licence.
    Lcp,
    /// Adobe ACS (the client cannot open these).
    Adobe,
}

/// One step of an indirect acquisition (`opds:indirectAcquisition` / `indirectAcquisition`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndirectAcquisition {
    /// What this step yields.
    pub media_type: MediaType,
    /// The next steps.
    pub children: Vec<IndirectAcquisition>,
}

impl IndirectAcquisition {
    fn collect_chains<'a>(&'a self, mut prefix: Vec<&'a MediaType>, out: &mut Vec<Vec<&'a MediaType>>) {
        prefix.push(&self.media_type);
        if self.children.is_empty() {
            out.push(prefix);
        } else {
            for child in &self.children {
                child.collect_chains(prefix.clone(), out);
            }
        }
    }
}

/// The availability the library wrote on one link (`opds:availability`, `availability`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkAvailability {
    /// The state.
    pub state: AvailabilityState,
    /// Since when.
    pub since: Option<OffsetDateTime>,
    /// Until when (loan end, hold pick-up deadline).
    pub until: Option<OffsetDateTime>,
}

/// The `state` (spec) or `status` (Palace) of an availability element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AvailabilityState {
    /// `available`.
    Available,
    /// `unavailable`.
    Unavailable,
    /// `reserved`: on hold.
    Reserved,
    /// `ready`: the hold can be borrowed now.
    Ready,
}

impl AvailabilityState {
    /// Parses the attribute value (ASCII case-insensitive).
    pub fn parse(text: &str) -> Option<Self> {
        match trim(text).to_ascii_lowercase().as_str() {
            "available" => Some(Self::Available),
            "unavailable" => Some(Self::Unavailable),
            "reserved" => Some(Self::Reserved),
            "ready" => Some(Self::Ready),
            _ => None,
        }
    }
}

/// A hold queue (`opds:holds`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Holds {
    /// Holds placed in total.
    pub total: Option<u64>,
    /// The patron's place in the queue.
    pub position: Option<u64>,
}

/// Copies the library owns (`opds:copies`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Copies {
    /// Copies owned.
    pub total: Option<u64>,
    /// Copies free to borrow now.
    pub available: Option<u64>,
}

/// Entries of one series, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesGroup<'a> {
    /// The series name.
    pub name: &'a str,
    /// Its entries, newest issue (or highest position) first.
    pub entries: Vec<&'a CatalogEntry>,
}

/// Groups entries by series name. Inside a series, entries are ordered newest first by issue
/// date (`issued`, else `published`), then by position (highest first); series are ordered by
/// their newest entry, newest first. Entries without a series are left out.
pub fn group_by_series<'a>(entries: impl IntoIterator<Item = &'a CatalogEntry>) -> Vec<SeriesGroup<'a>> {
    let mut groups: Vec<SeriesGroup<'a>> = Vec::new();
    for entry in entries {
        let Some(series) = &entry.series else {
            continue;
        };
        match groups.iter_mut().find(|group| group.name == series.name) {
            Some(group) => group.entries.push(entry),
            None => groups.push(SeriesGroup { name: &series.name, entries: vec![entry] }),
        }
    }
    for group in &mut groups {
        group.entries.sort_by(|a, b| newest_first(a, b));
    }
    groups.sort_by(|a, b| match (a.entries.first(), b.entries.first()) {
        (Some(a), Some(b)) => newest_first(a, b),
        _ => std::cmp::Ordering::Equal,
    });
    groups
}

fn newest_first(a: &CatalogEntry, b: &CatalogEntry) -> std::cmp::Ordering {
    let date = |e: &CatalogEntry| e.issued.or(e.published);
    let position = |e: &CatalogEntry| e.series.as_ref().and_then(|s| s.position);
    date(b)
        .cmp(&date(a))
        .then_with(|| position(b).partial_cmp(&position(a)).unwrap_or(std::cmp::Ordering::Equal))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::media_type;

    fn acquisition(link_type: Option<&str>, steps: &[&str]) -> Option<Acquisition> {
        let mut indirect: Vec<IndirectAcquisition> = Vec::new();
        for step in steps.iter().rev() {
            indirect = vec![IndirectAcquisition { media_type: MediaType::parse(step)?, children: indirect }];
        }
        Some(Acquisition {
            kind: AcquisitionKind::Borrow,
            href: Href::Url(Url::parse("https://library.example/borrow").ok()?),
            media_type: link_type.and_then(MediaType::parse),
            indirect,
            status: None,
            holds: None,
            copies: None,
            title: None,
            authenticate: None,
        })
    }

    /// Link type, indirect steps (each the only child of the previous), expected formats, DRM.
    type ChainCase<'a> = (Option<&'a str>, &'a [&'a str], &'a [&'a str], Drm);

    #[test]
    fn formats_and_drm_of_acquisition_chains() {
        let entry = "application/atom+xml;type=entry;profile=opds-catalog";
        let cases: [ChainCase; 6] = [
            (Some(media_type::EPUB), &[], &[media_type::EPUB], Drm::None),
            (Some(entry), &[], &[], Drm::None),
            (Some(media_type::OPDS2_PUBLICATION), &[], &[], Drm::None),
            (Some(entry), &[media_type::LCP_LICENSE, media_type::EPUB], &[media_type::EPUB], Drm::Lcp),
            (None, &[media_type::LCP_AUDIOBOOK], &[media_type::LCP_AUDIOBOOK], Drm::Lcp),
            (Some(media_type::ADOBE_ADEPT), &[media_type::PDF], &[media_type::PDF], Drm::Adobe),
        ];
        for (link_type, steps, formats, drm) in cases {
            let acquisition = acquisition(link_type, steps);
            let found: Vec<String> =
                acquisition.iter().flat_map(Acquisition::formats).map(|m| m.essence().to_owned()).collect();
            assert_eq!(found, formats, "{link_type:?} {steps:?}");
            assert_eq!(acquisition.map(|a| a.drm()), Some(drm), "{link_type:?} {steps:?}");
        }
    }
}
