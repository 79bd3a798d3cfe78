//! OPDS 2 links and publications → [`Acquisition`]s and [`CatalogEntry`]s.

use url::Url;

use super::availability::Availability;
use super::base_url::Base;
use super::date::parse_datetime;
use super::error::{Error, Result};
use super::json::{Path, lang_string};
use super::json_tree::{Json, JsonMap, Obj, one_or_many};
use super::media_type::MediaType;
use super::model::{
    Acquisition, AvailabilityState, CatalogEntry, CollectionRef, Contributor, Copies, Holds,
    IndirectAcquisition, Link, LinkAvailability, Series, Subject, Text, TextKind,
};
use super::opds2::{DOC, PREFERRED_LANGUAGES};
use super::rel::{self, Rel};
use super::scan::trim;
use super::uri_template::{Href, LinkTemplate};

/// A link as written, with its href resolved (or kept as a template).
pub(crate) struct RawLink<'a> {
    properties: Option<JsonMap<'a>>,
    width: Option<u64>,
    pub href: Href,
    /// The `rel` value(s) as written (a string or an array).
    rel_values: &'a [Json<'a>],
    /// The first recognised relation.
    rel: Rel,
    pub media_type: Option<MediaType>,
    pub title: Option<String>,
}

impl<'a> RawLink<'a> {
    pub(crate) fn read(value: &'a Json<'a>, path: &Path<'_>, base: &Base<'_>) -> Result<Self> {
        let obj = Obj::new(value, path, DOC)?;
        let raw = obj.required_str("href")?;
        let href = if obj.bool("templated")?.unwrap_or(false) {
            Href::Template(LinkTemplate::new(raw, base)?)
        } else {
            Href::Url(base.join(trim(raw)).map_err(|source| Error::BadUrl {
                document: DOC,
                href: raw.to_owned(),
                path: path.to_string(),
                source,
            })?)
        };
        let rel_values = one_or_many(value.get("rel"));
        let rels = rel_values.iter().filter_map(Json::as_str);
        let rel = rels.map(rel::classify).find(|r| *r != Rel::Other).unwrap_or(Rel::Other);
        Ok(Self {
            properties: value.get("properties").and_then(Json::as_object),
            width: obj.count("width").ok().flatten(),
            href,
            rel_values,
            rel,
            media_type: obj.str("type")?.and_then(MediaType::parse),
            title: obj.get("title").and_then(|t| lang_string(t, PREFERRED_LANGUAGES)),
        })
    }

    /// The relations, as written.
    pub(crate) fn rels(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.rel_values.iter().filter_map(Json::as_str)
    }

    /// The first recognised relation.
    pub(crate) fn rel(&self) -> Rel {
        self.rel
    }

    pub(crate) fn url(&self) -> Option<Url> {
        self.href.url().cloned()
    }

    /// The resolved URL, moved out (`None` for a template).
    pub(crate) fn into_url(self) -> Option<Url> {
        match self.href {
            Href::Url(url) => Some(url),
            Href::Template(_) => None,
        }
    }

    pub(crate) fn properties(&self) -> Option<JsonMap<'a>> {
        self.properties
    }

    pub(crate) fn into_link(self) -> Link {
        Link {
            rels: self.rels().map(str::to_owned).collect(),
            href: self.href,
            media_type: self.media_type,
            title: self.title,
        }
    }
}

pub(crate) fn publication_list(
    parent: Obj<'_>,
    base: &Base<'_>,
    warnings: &mut Vec<Error>,
) -> Result<Vec<CatalogEntry>> {
    let path = parent.path.key("publications");
    let items = parent.array("publications")?;
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let item_path = path.index(index);
        match Obj::new(item, &item_path, DOC).and_then(|obj| publication(obj, base, warnings)) {
            Ok(entry) => out.push(entry),
            Err(error) => warnings.push(error),
        }
    }
    Ok(out)
}

/// Converts one publication object.
pub(crate) fn publication(obj: Obj<'_>, base: &Base<'_>, warnings: &mut Vec<Error>) -> Result<CatalogEntry> {
    let metadata_path = obj.path.key("metadata");
    let metadata =
        Obj::new(obj.get("metadata").ok_or_else(|| obj.missing("metadata"))?, &metadata_path, DOC)?;
    let title = metadata
        .get("title")
        .and_then(|t| lang_string(t, PREFERRED_LANGUAGES))
        .ok_or_else(|| metadata.missing("title"))?;
    let links_path = obj.path.key("links");
    let mut links = Vec::new();
    for (index, item) in obj.array("links")?.iter().enumerate() {
        let link_path = links_path.index(index);
        match RawLink::read(item, &link_path, base) {
            Ok(link) => links.push(link),
            Err(error) => warnings.push(error),
        }
    }
    let self_href = links.iter().find(|l| l.rel() == Rel::SelfLink).and_then(|l| l.url()).map(String::from);
    let id = match metadata.str("identifier")? {
        Some(id) => id.to_owned(),
        None => self_href.ok_or_else(|| metadata.missing("identifier"))?,
    };
    let description = metadata.str("description")?.map(str::trim).filter(|d| !d.is_empty());
    let mut entry = CatalogEntry {
        subtitle: metadata.get("subtitle").and_then(|t| lang_string(t, PREFERRED_LANGUAGES)),
        authors: contributors(metadata.get("author"), None, base),
        contributors: Vec::new(),
        summary: description.map(|d| Text {
            text: d.to_owned(),
            kind: if d.contains('<') { TextKind::Html } else { TextKind::Plain },
        }),
        content: None,
        languages: one_or_many(metadata.get("language"))
            .iter()
            .filter_map(Json::as_str)
            .map(str::to_owned)
            .collect(),
        publisher: one_or_many(metadata.get("publisher"))
            .iter()
            .find_map(|item| contributor(item, None, base))
            .map(|c| c.name),
        published: metadata.str("published")?.and_then(parse_datetime),
        issued: None,
        updated: metadata.str("modified")?.and_then(parse_datetime),
        series: metadata.get("belongsTo").and_then(|b| series(b, base)),
        subjects: one_or_many(metadata.get("subject")).iter().filter_map(subject).collect(),
        ..CatalogEntry::new(id, title)
    };
    for role in [
        "translator",
        "editor",
        "artist",
        "illustrator",
        "letterer",
        "penciler",
        "colorist",
        "inker",
        "narrator",
        "contributor",
    ] {
        entry.contributors.extend(contributors(metadata.get(role), Some(role), base));
    }
    images(obj, base, &mut entry, warnings)?;
    let mut revoke = None;
    for link in links {
        let rel = link.rel();
        match rel {
            Rel::Acquisition(kind) => {
                let (status, holds, copies, indirect) = link_properties(link.properties());
                let authenticate = link
                    .properties()
                    .and_then(|p| p.get("authenticate"))
                    .and_then(|a| a.get("href"))
                    .and_then(Json::as_str)
                    .and_then(|href| base.join(trim(href)).ok());
                entry.acquisitions.push(Acquisition {
                    kind,
                    authenticate,
                    href: link.href,
                    media_type: link.media_type,
                    indirect,
                    status,
                    holds,
                    copies,
                    title: link.title,
                });
            }
            Rel::Revoke => revoke = link.into_url(),
            Rel::Related => entry.related = link.into_url(),
            Rel::Image if entry.cover.is_none() => entry.cover = link.into_url(),
            Rel::Thumbnail if entry.thumbnail.is_none() => entry.thumbnail = link.into_url(),
            Rel::Alternate | Rel::SelfLink
                if link
                    .media_type
                    .as_ref()
                    .is_some_and(|m| m.is_opds1_entry() || m.is(super::media_type::OPDS2_PUBLICATION)) =>
            {
                entry.detail = link.into_url();
            }
            Rel::Collection => match link.url() {
                Some(url) => {
                    entry.collections.push(CollectionRef { title: link.title.unwrap_or_default(), url })
                }
                None => entry.links.push(link.into_link()),
            },
            _ => entry.links.push(link.into_link()),
        }
    }
    entry.availability = Availability::infer_with(&entry.acquisitions, revoke);
    Ok(entry)
}

fn images(obj: Obj<'_>, base: &Base<'_>, entry: &mut CatalogEntry, warnings: &mut Vec<Error>) -> Result<()> {
    let path = obj.path.key("images");
    let mut sized: Vec<(u64, Url)> = Vec::new();
    for (index, item) in obj.array("images")?.iter().enumerate() {
        let item_path = path.index(index);
        match RawLink::read(item, &item_path, base) {
            Ok(link) => {
                let (rel, width) = (link.rel(), link.width);
                let Some(url) = link.into_url() else { continue };
                match rel {
                    Rel::Thumbnail => entry.thumbnail = Some(url),
                    Rel::Image => entry.cover = Some(url),
                    _ => sized.push((width.unwrap_or(0), url)),
                }
            }
            Err(error) => warnings.push(error),
        }
    }
    let sizes = || sized.iter().enumerate().filter(|(_, (width, _))| *width > 0);
    // The largest image when sizes are given (servers list thumbnails first too).
    let cover = match entry.cover {
        None => sizes()
            .max_by_key(|(_, (width, _))| *width)
            .map(|(at, _)| at)
            .or((!sized.is_empty()).then_some(0)),
        Some(_) => None,
    };
    let thumbnail = match entry.thumbnail {
        None if sized.len() > 1 => sizes().min_by_key(|(_, (width, _))| *width).map(|(at, _)| at),
        _ => None,
    };
    // Moved out rather than copied (the later position first, so the earlier one stays put).
    match (cover, thumbnail) {
        (Some(cover), Some(thumbnail)) if cover == thumbnail => {
            let url = sized.swap_remove(cover).1;
            entry.cover = Some(url.clone());
            entry.thumbnail = Some(url);
        }
        (cover, thumbnail) => {
            let mut take =
                |at: Option<usize>| at.filter(|at| *at < sized.len()).map(|at| sized.swap_remove(at).1);
            if cover > thumbnail {
                entry.cover = take(cover).or(entry.cover.take());
                entry.thumbnail = take(thumbnail).or(entry.thumbnail.take());
            } else {
                entry.thumbnail = take(thumbnail).or(entry.thumbnail.take());
                entry.cover = take(cover).or(entry.cover.take());
            }
        }
    }
    Ok(())
}

type LinkProperties = (Option<LinkAvailability>, Option<Holds>, Option<Copies>, Vec<IndirectAcquisition>);

fn link_properties(properties: Option<JsonMap<'_>>) -> LinkProperties {
    let Some(properties) = properties else {
        return (None, None, None, Vec::new());
    };
    let availability = properties.get("availability");
    let status = availability.and_then(|a| {
        let text = |key: &str| a.get(key).and_then(Json::as_str);
        Some(LinkAvailability {
            state: text("state").or_else(|| text("status")).and_then(AvailabilityState::parse)?,
            since: text("since").and_then(parse_datetime),
            until: text("until").and_then(parse_datetime),
        })
    });
    let number = |v: &Json<'_>, key: &str| v.get(key).and_then(Json::as_u64);
    let holds = properties
        .get("holds")
        .or_else(|| availability.and_then(|a| a.get("holds")))
        .map(|h| Holds { total: number(h, "total"), position: number(h, "position") });
    let copies = properties
        .get("copies")
        .or_else(|| availability.and_then(|a| a.get("copies")))
        .map(|c| Copies { total: number(c, "total"), available: number(c, "available") });
    (status, holds, copies, indirect(properties.get("indirectAcquisition")))
}

fn indirect(value: Option<&Json<'_>>) -> Vec<IndirectAcquisition> {
    one_or_many(value)
        .iter()
        .filter_map(|step| {
            Some(IndirectAcquisition {
                media_type: step.get("type").and_then(Json::as_str).and_then(MediaType::parse)?,
                children: indirect(step.get("child")),
            })
        })
        .collect()
}

fn contributors(value: Option<&Json<'_>>, role: Option<&str>, base: &Base<'_>) -> Vec<Contributor> {
    one_or_many(value).iter().filter_map(|item| contributor(item, role, base)).collect()
}

fn contributor(item: &Json<'_>, role: Option<&str>, base: &Base<'_>) -> Option<Contributor> {
    let (name, url, own_role) = match item {
        Json::String(_) => (lang_string(item, PREFERRED_LANGUAGES)?, None, None),
        Json::Object(map) => (
            lang_string(map.get("name")?, PREFERRED_LANGUAGES)?,
            first_href(map.get("links"), base),
            one_or_many(map.get("role")).iter().find_map(Json::as_str).map(str::to_owned),
        ),
        _ => return None,
    };
    Some(Contributor { name, role: own_role.or_else(|| role.map(str::to_owned)), url })
}

fn first_href(links: Option<&Json<'_>>, base: &Base<'_>) -> Option<Url> {
    one_or_many(links)
        .iter()
        .find_map(|l| l.get("href").and_then(Json::as_str))
        .and_then(|href| base.join(trim(href)).ok())
}

fn series(belongs_to: &Json<'_>, base: &Base<'_>) -> Option<Series> {
    let item = one_or_many(belongs_to.get("series")).first()?;
    let name = match item {
        Json::Object(map) => lang_string(map.get("name")?, PREFERRED_LANGUAGES)?,
        other => lang_string(other, PREFERRED_LANGUAGES)?,
    };
    Some(Series {
        name,
        position: item.get("position").and_then(Json::as_f64),
        url: first_href(item.get("links"), base),
    })
}

fn subject(value: &Json<'_>) -> Option<Subject> {
    match value {
        Json::Object(map) => Some(Subject {
            label: lang_string(map.get("name")?, PREFERRED_LANGUAGES)?,
            term: map.get("code").and_then(Json::as_str).map(str::to_owned),
            scheme: map.get("scheme").and_then(Json::as_str).map(str::to_owned),
        }),
        other => Some(Subject { label: lang_string(other, PREFERRED_LANGUAGES)?, term: None, scheme: None }),
    }
}

#[cfg(test)]
mod tests {
    use url::Url;

    /// Cover and thumbnail chosen from `images` and `links`, as they always were: the widest
    /// image is the cover and the narrowest the thumbnail (the last and the first of equals),
    /// the first image the cover when no widths are given, images before links.
    #[test]
    fn picks_cover_and_thumbnail() {
        let rels = r#"[{"rel": "http://opds-spec.org/image", "href": "rel.jpg"},
            {"rel": "http://opds-spec.org/image/thumbnail", "href": "relt.jpg"}]"#;
        let cases = [
            (
                r#"[{"href": "s.jpg", "width": 160}, {"href": "l.jpg", "width": 1280}]"#,
                "[]",
                Some("l"),
                Some("s"),
            ),
            (
                r#"[{"href": "l.jpg", "width": 1280}, {"href": "s.jpg", "width": 160}]"#,
                "[]",
                Some("l"),
                Some("s"),
            ),
            (r#"[{"href": "a.jpg"}, {"href": "b.jpg"}]"#, "[]", Some("a"), None),
            (r#"[{"href": "a.jpg"}, {"href": "w.jpg", "width": 300}]"#, "[]", Some("w"), Some("w")),
            (
                r#"[{"href": "a.jpg", "width": 300}, {"href": "b.jpg", "width": 300}]"#,
                "[]",
                Some("b"),
                Some("a"),
            ),
            (
                r#"[{"href": "a.jpg", "width": 9}, {"href": "b.jpg"}, {"href": "c.jpg", "width": 90}]"#,
                "[]",
                Some("c"),
                Some("a"),
            ),
            (r#"[{"href": "one.jpg"}]"#, "[]", Some("one"), None),
            (
                r#"[{"href": "t.jpg", "rel": "http://opds-spec.org/image/thumbnail"}, {"href": "x.jpg"}]"#,
                "[]",
                Some("x"),
                Some("t"),
            ),
            (
                r#"[{"href": "c.jpg", "rel": "http://opds-spec.org/image"}, {"href": "x.jpg", "width": 5},
                    {"href": "y.jpg", "width": 2}]"#,
                "[]",
                Some("c"),
                Some("y"),
            ),
            (r#"[{"href": "x.jpg", "width": 0}, {"href": "y.jpg", "width": 0}]"#, "[]", Some("x"), None),
            ("[]", "[]", None, None),
            (r#"[{"href": "a.jpg"}, {"href": "b.jpg"}]"#, rels, Some("a"), Some("relt")),
            (r#"[{"href": "one.jpg"}]"#, rels, Some("one"), Some("relt")),
            ("[]", rels, Some("rel"), Some("relt")),
            (
                r#"[{"href": "s.jpg", "width": 160}, {"href": "l.jpg", "width": 1280}]"#,
                rels,
                Some("l"),
                Some("s"),
            ),
        ];
        let Ok(url) = Url::parse("https://library.example/pub.json") else {
            panic!("bad test URL");
        };
        for (images, links, cover, thumbnail) in cases {
            let text = format!(
                r#"{{"metadata": {{"identifier": "x", "title": "T"}}, "links": {links}, "images": {images}}}"#
            );
            let entry = super::super::opds2::parse_publication(text.as_bytes(), &url)
                .unwrap_or_else(|e| panic!("{images}: {e}"))
                .entry;
            let name = |u: Option<&Url>| {
                u.map(|u| u.path().trim_start_matches('/').trim_end_matches(".jpg").to_owned())
            };
            assert_eq!(name(entry.cover.as_ref()).as_deref(), cover, "cover of {images} {links}");
            assert_eq!(name(entry.thumbnail.as_ref()).as_deref(), thumbnail, "thumbnail of {images} {links}");
        }
    }
}
