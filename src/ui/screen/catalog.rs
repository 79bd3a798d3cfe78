//! A catalog page of a library: search, the menu of sections, the publications with their
//! availability, filters (facets) and pages. Each page opened is a screen of its own, so Esc
//! goes back like a browser.

use std::sync::Arc;

use url::Url;

use super::{Action, LibraryRequest, Message, Shared};
use crate::a11y::{Control, ControlId, ControlKind, Input, ScreenModel, TextBlock, row_id};
use crate::fl;
use crate::library::opensearch::SearchLink;
use crate::library::{CatalogEntry, CatalogFeed};
use crate::store::Settings;

/// The search field.
pub const QUERY: ControlId = ControlId("catalog.query");
/// Previous page.
pub const PREVIOUS: ControlId = ControlId("catalog.previous");
/// Next page.
pub const NEXT: ControlId = ControlId("catalog.next");
/// The patron's loans and holds.
pub const LOANS: ControlId = ControlId("catalog.loans");
/// Sign in, or sign out when signed in.
pub const ACCOUNT: ControlId = ControlId("catalog.account");
/// Back.
pub const BACK: ControlId = ControlId("catalog.back");

/// Where a row leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Another catalog page.
    Feed(Url),
    /// A publication's details.
    Entry(Shared<CatalogEntry>),
}

/// One row of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What is said and shown.
    pub label: String,
    /// Where Enter leads.
    pub target: Target,
}

/// What the page shows now.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// Being fetched.
    Loading,
    /// Shown; `offline` when this is the copy saved last time because the library could
    /// not be reached.
    Loaded {
        /// The copy from the cache.
        offline: bool,
    },
    /// Could not be fetched: what went wrong and what to do.
    Failed(String),
}

/// A catalog page.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogScreen {
    /// The page's address.
    pub url: Url,
    /// Its title (the library's name until it has loaded).
    pub title: String,
    /// Loading, shown, or failed.
    pub state: State,
    /// The page.
    pub feed: Option<Shared<CatalogFeed>>,
    /// Its rows (sections and publications).
    pub rows: Vec<Row>,
    /// What was typed in the search field.
    pub query: String,
    /// Whether the patron is signed in to this library.
    pub signed_in: bool,
}

impl CatalogScreen {
    /// A page about to be fetched.
    pub fn loading(url: Url, title: String, signed_in: bool) -> Self {
        Self {
            url,
            title,
            state: State::Loading,
            feed: None,
            rows: Vec::new(),
            query: String::new(),
            signed_in,
        }
    }

    /// Shows the fetched page.
    pub fn show(&mut self, feed: CatalogFeed, offline: bool) {
        if !feed.title.trim().is_empty() {
            self.title = feed.title.trim().to_owned();
        }
        self.rows = rows(&feed);
        self.feed = Some(Shared(Arc::new(feed)));
        self.state = State::Loaded { offline };
    }

    /// The search link of the page, if it has one.
    pub fn search(&self) -> Option<&SearchLink> {
        self.feed.as_ref().and_then(|f| f.0.search.as_ref())
    }

    /// Search, rows, filters, pages, loans, account, Back.
    pub fn model(&self, _s: &Settings) -> ScreenModel {
        let mut text = Vec::new();
        let mut controls = Vec::new();
        match &self.state {
            State::Loading => text.push(TextBlock { text: fl!("catalog-loading"), alert: false }),
            State::Failed(problem) => text.push(TextBlock { text: problem.clone(), alert: true }),
            State::Loaded { offline } => {
                if *offline {
                    text.push(TextBlock { text: fl!("catalog-offline"), alert: true });
                }
                text.push(TextBlock { text: self.summary(), alert: false });
            }
        }
        if self.search().is_some() {
            controls.push(Control {
                id: QUERY,
                name: fl!("catalog-search"),
                description: Some(fl!("catalog-search-hint")),
                kind: ControlKind::TextField { value: self.query.clone(), secret: false },
            });
        }
        let count = self.rows.len();
        controls.extend(self.rows.iter().enumerate().filter_map(|(i, row)| {
            Some(Control {
                id: row_id(i)?,
                name: row.label.clone(),
                description: None,
                kind: ControlKind::ListItem { position: i + 1, count },
            })
        }));
        controls.extend(self.facets().enumerate().filter_map(|(i, (group, facet))| {
            let name = match facet.count {
                Some(n) => fl!(
                    "catalog-facet-count",
                    group = group,
                    facet = facet.title.clone(),
                    count = n.to_string()
                ),
                None => fl!("catalog-facet", group = group, facet = facet.title.clone()),
            };
            Some(Control {
                id: row_id(count + i)?,
                name,
                description: None,
                kind: ControlKind::Toggle { on: facet.active },
            })
        }));
        let pages = self.feed.as_ref().map(|f| &f.0.pagination);
        if pages.is_some_and(|p| p.previous.is_some()) {
            controls.push(Control::button(PREVIOUS.0, fl!("catalog-previous")));
        }
        if pages.is_some_and(|p| p.next.is_some()) {
            controls.push(Control::button(NEXT.0, fl!("catalog-next")));
        }
        controls.push(Control::button(LOANS.0, fl!("catalog-loans")));
        let account = if self.signed_in { fl!("catalog-sign-out") } else { fl!("catalog-sign-in") };
        controls.push(Control::button(ACCOUNT.0, account));
        controls.push(Control::button(BACK.0, fl!("back")));
        ScreenModel { title: self.title.clone(), text, controls }
    }

    fn summary(&self) -> String {
        let entries = self.rows.iter().filter(|r| matches!(r.target, Target::Entry(_))).count();
        let pages = self.feed.as_ref().map(|f| &f.0.pagination);
        match (entries, pages.and_then(|p| p.total_items)) {
            (0, _) if self.rows.is_empty() => fl!("catalog-empty"),
            (0, _) => fl!("catalog-sections", count = self.rows.len()),
            (shown, Some(total)) if total > shown as u64 => {
                fl!("catalog-count-of", shown = shown.to_string(), total = total.to_string())
            }
            (shown, _) => fl!("catalog-count", count = shown),
        }
    }

    fn facets(&self) -> impl Iterator<Item = (String, &crate::library::model::Facet)> {
        self.feed
            .iter()
            .flat_map(|f| f.0.facets.iter())
            .flat_map(|group| group.facets.iter().map(move |facet| (group.title.clone(), facet)))
    }

    /// Enter on a row follows it; Enter in the search field searches.
    pub fn update(&mut self, message: Message) -> Action {
        if message.input != Input::Activate {
            return Action::None;
        }
        let pages = self.feed.as_ref().map(|f| f.0.pagination.clone()).unwrap_or_default();
        let browse =
            |url: Option<Url>| url.map_or(Action::None, |u| Action::Library(LibraryRequest::Browse(u)));
        match message.control {
            QUERY => match self.search() {
                Some(link) if !self.query.trim().is_empty() => {
                    Action::Library(LibraryRequest::Search(link.clone(), self.query.trim().to_owned()))
                }
                _ => Action::None,
            },
            PREVIOUS => browse(pages.previous),
            NEXT => browse(pages.next),
            LOANS => Action::Library(LibraryRequest::ShowLoans),
            ACCOUNT if self.signed_in => Action::Library(LibraryRequest::SignOut),
            ACCOUNT => Action::Library(LibraryRequest::SignIn),
            BACK => Action::Back,
            id => {
                let index = (0..MAX).find(|i| row_id(*i) == Some(id));
                match index.and_then(|i| self.rows.get(i).map(|r| r.target.clone())) {
                    Some(Target::Feed(url)) => browse(Some(url)),
                    Some(Target::Entry(entry)) => Action::Library(LibraryRequest::ShowEntry(entry)),
                    None => {
                        let facet = index.and_then(|i| i.checked_sub(self.rows.len()));
                        browse(facet.and_then(|f| self.facets().nth(f)).map(|(_, facet)| facet.url.clone()))
                    }
                }
            }
        }
    }

    /// The search field changed.
    pub fn edit(&mut self, control: ControlId, value: String) {
        if control == QUERY {
            self.query = value;
        }
    }
}

const MAX: usize = crate::a11y::control::MAX_ROWS;

/// The page's rows: sections first, then each group's publications with a "more" row,
/// then the publications outside groups.
fn rows(feed: &CatalogFeed) -> Vec<Row> {
    let mut rows: Vec<Row> = feed
        .navigation
        .iter()
        .map(|n| Row { label: n.title.clone(), target: Target::Feed(n.url.clone()) })
        .collect();
    let entry_row = |e: &CatalogEntry| Row {
        label: crate::library::text::row(e),
        target: Target::Entry(Shared(Arc::new(e.clone()))),
    };
    for group in &feed.groups {
        rows.extend(
            group
                .navigation
                .iter()
                .map(|n| Row { label: n.title.clone(), target: Target::Feed(n.url.clone()) }),
        );
        rows.extend(group.entries.iter().map(entry_row));
        if let Some(url) = &group.url {
            rows.push(Row {
                label: fl!("catalog-more", group = group.title.clone()),
                target: Target::Feed(url.clone()),
            });
        }
    }
    rows.extend(feed.entries.iter().map(entry_row));
    rows
}
