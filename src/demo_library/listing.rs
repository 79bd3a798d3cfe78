//! Selection, sorting, facets and pagination of catalogue listings, shared by the OPDS 1 and OPDS 2 feeds.

use serde::Deserialize;

use super::catalog::{Book, Catalog, Kind};
use super::web::query_escape;

/// Number of publications per page (small, so pagination shows with the demo catalogue).
pub(super) const PAGE_SIZE: usize = 6;

/// Raw query parameters of listing and search URLs.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Params {
    kind: Option<String>,
    lang: Option<String>,
    sort: Option<String>,
    page: Option<String>,
    query: Option<String>,
    q: Option<String>,
}

/// Sort order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sort {
    /// By title.
    Title,
    /// Newest publication first.
    New,
}

/// A parsed listing request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Filter {
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only this language (`ja` or `en`).
    pub lang: Option<String>,
    /// Order.
    pub sort: Sort,
    /// 1-based page.
    pub page: usize,
    /// Search terms, for search feeds.
    pub query: Option<String>,
}

impl Filter {
    /// Parses the parameters; unknown values are ignored. `search_key` names the search parameter.
    pub(super) fn from_params(params: &Params) -> Self {
        let query = params.query.as_ref().or(params.q.as_ref()).map(|text| text.trim().to_owned());
        Filter {
            kind: params.kind.as_deref().and_then(Kind::parse),
            lang: params.lang.clone().filter(|lang| lang == "ja" || lang == "en"),
            sort: if params.sort.as_deref() == Some("new") { Sort::New } else { Sort::Title },
            page: params
                .page
                .as_deref()
                .and_then(|page| page.parse().ok())
                .filter(|page| *page > 0)
                .unwrap_or(1),
            query,
        }
    }

    /// The query string (with leading `?`, or empty) that reproduces this filter; `search_key` is `query`
    /// for OPDS 2 and `q` for OPDS 1.
    pub(super) fn query_string(&self, search_key: &str) -> String {
        let mut parts = Vec::new();
        if let Some(query) = &self.query {
            parts.push(format!("{search_key}={}", query_escape(query)));
        }
        if let Some(kind) = self.kind {
            parts.push(format!("kind={}", kind.as_str()));
        }
        if let Some(lang) = &self.lang {
            parts.push(format!("lang={lang}"));
        }
        if self.sort == Sort::New {
            parts.push("sort=new".to_owned());
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }

    /// The same filter on another page.
    pub(super) fn on_page(&self, page: usize) -> Self {
        Filter { page, ..self.clone() }
    }

    fn accepts(&self, book: &Book) -> bool {
        let needle = self.query.as_ref().map(|query| query.to_lowercase());
        self.kind.is_none_or(|kind| book.kind == kind)
            && self.lang.as_ref().is_none_or(|lang| book.language.starts_with(lang.as_str()))
            && needle.is_none_or(|needle| book.matches(&needle))
    }

    /// Feed title in English and Japanese.
    pub(super) fn title(&self) -> (String, String) {
        if let Some(query) = &self.query {
            return (format!("Search: {query}"), format!("検索: {query}"));
        }
        let (mut en, mut ja) = match self.kind {
            None => ("All books".to_owned(), "すべての本".to_owned()),
            Some(Kind::Ebook) => ("E-books".to_owned(), "電子書籍".to_owned()),
            Some(Kind::Audio) => ("Talking books".to_owned(), "録音図書".to_owned()),
            Some(Kind::Magazine) => ("Magazines".to_owned(), "電子雑誌".to_owned()),
        };
        match self.lang.as_deref() {
            Some("ja") => {
                en.push_str(" in Japanese");
                ja = format!("日本語の{ja}");
            }
            Some("en") => {
                en.push_str(" in English");
                ja = format!("英語の{ja}");
            }
            _ => {}
        }
        (en, ja)
    }
}

/// One page of a listing.
#[derive(Debug)]
pub(super) struct Page<'a> {
    /// The books on this page.
    pub books: Vec<&'a Book>,
    /// Matching books over all pages.
    pub total: usize,
    /// Number of the last page (at least 1).
    pub last: usize,
}

/// The books matching `filter`, sorted, on the requested page.
pub(super) fn select<'a>(catalog: &'a Catalog, filter: &Filter) -> Page<'a> {
    let mut books: Vec<&Book> = catalog.books.iter().filter(|book| filter.accepts(book)).collect();
    match filter.sort {
        Sort::Title => books.sort_by_key(|book| book.title.to_lowercase()),
        Sort::New => books.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.title.cmp(&b.title))),
    }
    let total = books.len();
    let last = total.div_ceil(PAGE_SIZE).max(1);
    let start = filter.page.saturating_sub(1).saturating_mul(PAGE_SIZE);
    let books = books.into_iter().skip(start).take(PAGE_SIZE).collect();
    Page { books, total, last }
}

/// One facet link.
#[derive(Debug)]
pub(super) struct Facet {
    /// Group name (English, Japanese).
    pub group: (&'static str, &'static str),
    /// Label (English, Japanese).
    pub label: (&'static str, &'static str),
    /// Where the facet leads.
    pub filter: Filter,
    /// Whether this facet is the active one.
    pub active: bool,
    /// Number of items behind the facet.
    pub count: usize,
}

/// The facets of a listing: Format, Language, Sort by.
pub(super) fn facets(catalog: &Catalog, current: &Filter) -> Vec<Facet> {
    let base = current.on_page(1);
    let count = |filter: &Filter| select(catalog, filter).total;
    let mut out = Vec::new();
    let kinds = [
        (None, ("All", "すべて")),
        (Some(Kind::Ebook), ("E-books", "電子書籍")),
        (Some(Kind::Audio), ("Talking books", "録音図書")),
        (Some(Kind::Magazine), ("Magazines", "電子雑誌")),
    ];
    for (kind, label) in kinds {
        let filter = Filter { kind, ..base.clone() };
        out.push(Facet {
            group: ("Format", "形式"),
            label,
            count: count(&filter),
            active: current.kind == kind,
            filter,
        });
    }
    let langs =
        [(None, ("All", "すべて")), (Some("ja"), ("Japanese", "日本語")), (Some("en"), ("English", "英語"))];
    for (lang, label) in langs {
        let filter = Filter { lang: lang.map(str::to_owned), ..base.clone() };
        out.push(Facet {
            group: ("Language", "言語"),
            label,
            count: count(&filter),
            active: current.lang.as_deref() == lang,
            filter,
        });
    }
    for (sort, label) in [(Sort::Title, ("Title", "書名順")), (Sort::New, ("Newest", "新着順"))] {
        let filter = Filter { sort, ..base.clone() };
        out.push(Facet {
            group: ("Sort by", "並べ替え"),
            label,
            count: count(&filter),
            active: current.sort == sort,
            filter,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(params: Params) -> Filter {
        Filter::from_params(&params)
    }

    #[test]
    fn paginates_by_six() {
        let catalog = Catalog::load().unwrap();
        let all = filter(Params::default());
        let first = select(&catalog, &all);
        assert_eq!((first.books.len(), first.total, first.last), (6, 8, 2));
        let second = select(&catalog, &all.on_page(2));
        assert_eq!(second.books.len(), 2);
    }

    #[test]
    fn builds_query_strings() {
        let f = filter(Params { kind: Some("audio".into()), sort: Some("new".into()), ..Params::default() });
        assert_eq!(f.query_string("query"), "?kind=audio&sort=new");
        assert_eq!(f.on_page(2).query_string("q"), "?kind=audio&sort=new&page=2");
        let search = filter(Params { q: Some("草 枕".into()), ..Params::default() });
        assert_eq!(search.query_string("q"), "?q=%E8%8D%89%20%E6%9E%95");
    }

    #[test]
    fn counts_facets() {
        let catalog = Catalog::load().unwrap();
        let f = filter(Params { lang: Some("ja".into()), ..Params::default() });
        let facets = facets(&catalog, &f);
        let audio = facets.iter().find(|facet| facet.label.0 == "Talking books").unwrap();
        assert_eq!(audio.count, 0);
        let ja = facets.iter().find(|facet| facet.label.0 == "Japanese").unwrap();
        assert!(ja.active);
        assert_eq!(ja.count, 4);
    }
}
