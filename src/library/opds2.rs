//! OPDS 2.0 (JSON) feeds and publications → [`CatalogFeed`] /
//! [`CatalogEntry`](super::model::CatalogEntry).
//!
//! `rel` may be a string or an array; contributors, languages, publishers, subjects and series
//! may be a string, an object or an array; `holds` is read inside or beside `availability`.
//! A publication, navigation item or link that cannot be read is left out and reported in
//! [`CatalogFeed::warnings`].

use url::Url;

use super::base_url::Base;
use super::date::parse_datetime;
use super::error::{DocumentKind, Error, Result};
use super::json::{Path, lang_string};
use super::json_tree::{self, Arena, Json, NULL, Obj};
use super::media_type::MediaType;
use super::model::{
    CatalogDocument, CatalogFeed, EntryDocument, Facet, FacetGroup, FeedLinks, Group, NavigationLink,
    Pagination,
};
use super::opds1::place_publications;
use super::opds2_publication::{RawLink, publication, publication_list};
use super::opds2_stream::{self, Streamed};
use super::opensearch::{SearchLink, SearchTemplate};
use super::rel::Rel;
use super::uri_template::Href;

pub(crate) const DOC: DocumentKind = DocumentKind::Opds2;
/// Languages tried first in language maps (`{"ja": …, "en": …}`).
pub(crate) const PREFERRED_LANGUAGES: &[&str] = &["ja", "en"];

/// Parses an OPDS 2 feed read from `url`.
pub fn parse_feed(bytes: &[u8], url: &Url) -> Result<CatalogFeed> {
    let base = Base::new(url);
    let arena = Arena::new();
    let (value, streamed) = opds2_stream::read(bytes, &base, &arena)?;
    feed_from_value(&value, &base, streamed)
}

/// Parses an OPDS 2 feed or publication: a document without any collection
/// (`publications`, `navigation`, `groups`, `catalogs`, `facets`) whose metadata has an
/// `identifier` is a publication.
pub fn parse_document(bytes: &[u8], url: &Url) -> Result<CatalogDocument> {
    let url = &Base::new(url);
    let arena = Arena::new();
    let (value, streamed) = opds2_stream::read(bytes, url, &arena)?;
    let root = root_object(&value)?;
    let has_collection = ["publications", "navigation", "groups", "catalogs", "facets"]
        .iter()
        .any(|key| root.map.contains_key(key));
    let has_identifier = root.get("metadata").and_then(|m| m.get("identifier")).is_some();
    if !has_collection && has_identifier {
        publication_from_root(root, url).map(|entry| CatalogDocument::Entry(Box::new(entry)))
    } else {
        feed_from_value(&value, url, streamed).map(|feed| CatalogDocument::Feed(Box::new(feed)))
    }
}

/// Parses an OPDS 2 publication document read from `url`.
pub fn parse_publication(bytes: &[u8], url: &Url) -> Result<EntryDocument> {
    let arena = Arena::new();
    let value = json_tree::parse(bytes, DOC, &arena)?;
    publication_from_root(root_object(&value)?, &Base::new(url))
}

fn publication_from_root(root: Obj<'_>, url: &Base<'_>) -> Result<EntryDocument> {
    let mut warnings = Vec::new();
    let entry = publication(root, url, &mut warnings)?;
    Ok(EntryDocument { entry, warnings })
}

fn root_object<'a>(value: &'a Json<'a>) -> Result<Obj<'a>> {
    let root = match value {
        Json::Object(map) => Obj { map, path: &Path::ROOT, document: DOC },
        other => return Err(wrong_document(json_kind(other).to_owned())),
    };
    if root.get("metadata").is_none() {
        let keys: Vec<&str> = root.map.sorted_keys().into_iter().take(5).collect();
        return Err(wrong_document(format!("{{{}}}", keys.join(", "))));
    }
    Ok(root)
}

fn wrong_document(found: String) -> Error {
    Error::WrongDocument { document: DOC, found }
}

fn json_kind(value: &Json<'_>) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

/// Builds a feed from the document and its streamed publications.
fn feed_from_value(value: &Json<'_>, url: &Base<'_>, streamed: Streamed) -> Result<CatalogFeed> {
    let root = root_object(value)?;
    if streamed.not_an_array {
        return Err(opds2_stream::not_an_array());
    }
    let metadata_path = Path::ROOT.key("metadata");
    let metadata = Obj::new(root.get("metadata").unwrap_or(&NULL), &metadata_path, DOC)?;
    let title = metadata
        .get("title")
        .and_then(|t| lang_string(t, PREFERRED_LANGUAGES))
        .ok_or_else(|| metadata.missing("title"))?;
    let mut warnings = streamed.warnings;
    let mut feed = CatalogFeed {
        id: metadata.str("identifier")?.map(str::to_owned),
        title,
        updated: metadata.str("modified")?.and_then(parse_datetime),
        url: url.url().clone(),
        entries: Vec::new(),
        navigation: Vec::new(),
        groups: Vec::new(),
        facets: Vec::new(),
        pagination: Pagination {
            total_items: metadata.count("numberOfItems")?,
            items_per_page: metadata.count("itemsPerPage")?,
            current_page: metadata.count("currentPage")?,
            ..Pagination::default()
        },
        search: None,
        feed_links: FeedLinks::default(),
        links: Vec::new(),
        warnings: Vec::new(),
    };
    let links_path = Path::ROOT.key("links");
    for (index, item) in root.array("links")?.iter().enumerate() {
        let path = links_path.index(index);
        match RawLink::read(item, &path, url) {
            Ok(link) => feed_link(&mut feed, link, url, &mut warnings),
            Err(error) => warnings.push(error),
        }
    }
    feed.navigation = navigation_list(root, "navigation", url, &mut warnings)?;
    let catalogs_path = Path::ROOT.key("catalogs");
    for (index, item) in root.array("catalogs")?.iter().enumerate() {
        match catalog(item, &catalogs_path.index(index), url) {
            Ok(link) => feed.navigation.push(link),
            Err(error) => warnings.push(error),
        }
    }
    let publications = streamed.publications.unwrap_or_default();
    let groups_path = Path::ROOT.key("groups");
    for (index, item) in root.array("groups")?.iter().enumerate() {
        match group(item, &groups_path.index(index), url, &mut warnings) {
            Ok(group) => feed.groups.push(group),
            Err(error) => warnings.push(error),
        }
    }
    let facets_path = Path::ROOT.key("facets");
    for (index, item) in root.array("facets")?.iter().enumerate() {
        match facet_group(item, &facets_path.index(index), url, &mut warnings) {
            Ok(group) => feed.facets.push(group),
            Err(error) => warnings.push(error),
        }
    }
    if feed.groups.is_empty() {
        place_publications(&mut feed, publications);
    } else {
        feed.entries = publications;
    }
    feed.warnings = warnings;
    Ok(feed)
}

fn feed_link(feed: &mut CatalogFeed, link: RawLink<'_>, base: &Base<'_>, warnings: &mut Vec<Error>) {
    let rel = link.rel();
    if rel == Rel::Search {
        let search = match &link.href {
            Href::Template(template) => {
                SearchTemplate::rfc6570(template.template().as_str(), base).map(SearchLink::Template)
            }
            Href::Url(url) => Ok(SearchLink::Description(url.clone())),
        };
        match search {
            Ok(search) => feed.search = Some(search),
            Err(error) => warnings.push(error),
        }
        return;
    }
    let Some(url) = link.url() else {
        feed.links.push(link.into_link());
        return;
    };
    if rel == Rel::Facet {
        let facet = Facet {
            title: link.title.clone().unwrap_or_default(),
            url,
            active: false,
            count: link.properties().and_then(|p| p.get("numberOfItems")).and_then(Json::as_u64),
        };
        feed.add_facet("", facet);
        return;
    }
    if feed.set_feed_link(rel, url).is_some() {
        feed.links.push(link.into_link());
    }
}

fn navigation_list(
    parent: Obj<'_>,
    key: &'static str,
    base: &Base<'_>,
    warnings: &mut Vec<Error>,
) -> Result<Vec<NavigationLink>> {
    let path = parent.path.key(key);
    let mut out = Vec::new();
    for (index, item) in parent.array(key)?.iter().enumerate() {
        match navigation_link(item, &path.index(index), base) {
            Ok(link) => out.push(link),
            Err(error) => warnings.push(error),
        }
    }
    Ok(out)
}

fn navigation_link(value: &Json<'_>, path: &Path<'_>, base: &Base<'_>) -> Result<NavigationLink> {
    let link = RawLink::read(value, path, base)?;
    let missing = |field| Error::MissingField { document: DOC, field, path: path.to_string() };
    let title = link.title.clone().ok_or_else(|| missing("title"))?;
    let url = link.url().ok_or_else(|| missing("href"))?;
    Ok(NavigationLink {
        title,
        url,
        count: link.properties().and_then(|p| p.get("numberOfItems")).and_then(Json::as_u64),
        rel: link.rels().next().map(str::to_owned),
        media_type: link.media_type,
        summary: None,
    })
}

/// An entry of a library registry (`catalogs`), shown as a navigation item.
fn catalog(value: &Json<'_>, path: &Path<'_>, base: &Base<'_>) -> Result<NavigationLink> {
    let obj = Obj::new(value, path, DOC)?;
    let metadata_path = path.key("metadata");
    let metadata = Obj::new(obj.get("metadata").unwrap_or(&NULL), &metadata_path, DOC)?;
    let title = metadata
        .get("title")
        .and_then(|t| lang_string(t, PREFERRED_LANGUAGES))
        .ok_or_else(|| metadata.missing("title"))?;
    let links_path = path.key("links");
    let links: Vec<RawLink<'_>> = obj
        .array("links")?
        .iter()
        .enumerate()
        .filter_map(|(index, l)| RawLink::read(l, &links_path.index(index), base).ok())
        .collect();
    let target = links
        .iter()
        .find(|l| l.rels().any(|r| r == "http://opds-spec.org/catalog"))
        .or_else(|| links.iter().find(|l| l.media_type.as_ref().is_some_and(MediaType::is_opds2)))
        .or_else(|| links.first());
    let target = target.ok_or_else(|| obj.missing("links"))?;
    Ok(NavigationLink {
        title,
        url: target.url().ok_or_else(|| obj.missing("href"))?,
        media_type: target.media_type.clone(),
        rel: target.rels().next().map(str::to_owned),
        count: None,
        summary: metadata.str("description")?.map(str::to_owned),
    })
}

/// The required `metadata.title` of a group or facet group.
fn metadata_title(obj: Obj<'_>, path: &Path<'_>) -> Result<String> {
    let metadata_path = path.key("metadata");
    let metadata = Obj::new(obj.get("metadata").unwrap_or(&NULL), &metadata_path, DOC)?;
    metadata
        .get("title")
        .and_then(|t| lang_string(t, PREFERRED_LANGUAGES))
        .ok_or_else(|| metadata.missing("title"))
}

fn group(value: &Json<'_>, path: &Path<'_>, base: &Base<'_>, warnings: &mut Vec<Error>) -> Result<Group> {
    let obj = Obj::new(value, path, DOC)?;
    let title = metadata_title(obj, path)?;
    let links_path = path.key("links");
    let mut url = None;
    for (index, item) in obj.array("links")?.iter().enumerate() {
        let link_path = links_path.index(index);
        match RawLink::read(item, &link_path, base) {
            Ok(link) if link.rel() == Rel::SelfLink || url.is_none() => url = link.url(),
            Ok(_) => {}
            Err(error) => warnings.push(error),
        }
    }
    Ok(Group {
        title,
        url,
        entries: publication_list(obj, base, warnings)?,
        navigation: navigation_list(obj, "navigation", base, warnings)?,
    })
}

fn facet_group(
    value: &Json<'_>,
    path: &Path<'_>,
    base: &Base<'_>,
    warnings: &mut Vec<Error>,
) -> Result<FacetGroup> {
    let obj = Obj::new(value, path, DOC)?;
    let title = metadata_title(obj, path)?;
    let links_path = path.key("links");
    let mut facets = Vec::new();
    for (index, item) in obj.array("links")?.iter().enumerate() {
        let link_path = links_path.index(index);
        let link = match RawLink::read(item, &link_path, base) {
            Ok(link) => link,
            Err(error) => {
                warnings.push(error);
                continue;
            }
        };
        let (Some(url), Some(title)) = (link.url(), link.title.clone()) else {
            warnings.push(Error::MissingField { document: DOC, field: "title", path: link_path.to_string() });
            continue;
        };
        facets.push(Facet {
            title,
            url,
            active: link.rel() == Rel::SelfLink,
            count: link.properties().and_then(|p| p.get("numberOfItems")).and_then(Json::as_u64),
        });
    }
    Ok(FacetGroup { title, facets })
}
