//! Holds that came in: the library keeps a copy for the patron for a few days, so a ready
//! hold is said as soon as Tomoshibi learns of it — at start for every saved library whose
//! PIN is in the keyring, after signing in, every quarter of an hour while signed in, and
//! whenever the loans list is read. Each hold is said once per run.

use iced::Task;

use super::library::Event;
use super::{App, Message};
use crate::fl;
use crate::library::client::{ClientConfig, LibraryClient};
use crate::library::credentials::{self, Account};
use crate::library::lending::ReadyHold;
use crate::library::text;

/// How often a signed-in library is asked about holds.
pub(super) const HOLDS_POLL: std::time::Duration = std::time::Duration::from_secs(15 * 60);

impl App {
    /// Asks every saved library whose PIN the keyring keeps for ready holds (in the
    /// background; nothing is asked where no PIN was kept).
    pub(super) fn check_saved_holds(&self) -> Task<Message> {
        let libraries: Vec<(String, url::Url)> = self
            .settings
            .libraries
            .iter()
            .filter_map(|library| Some((library.url.clone(), url::Url::parse(&library.url).ok()?)))
            .collect();
        if libraries.is_empty() {
            return Task::none();
        }
        Task::perform(
            async move {
                let kept = tokio::task::spawn_blocking(move || {
                    let store = credentials::system_store();
                    libraries
                        .into_iter()
                        .filter_map(|(key, url)| {
                            let secret = store.load(&Account::patron(&key)).ok().flatten()?;
                            Some((url, credentials::decode(&secret)?))
                        })
                        .collect::<Vec<_>>()
                })
                .await
                .unwrap_or_default();
                let Ok(client) = LibraryClient::new(&ClientConfig::default()) else { return Vec::new() };
                let mut ready = Vec::new();
                for (url, credentials) in kept {
                    match client.ready_holds_at(&url, &credentials).await {
                        Ok(holds) => ready.extend(holds),
                        Err(e) => tracing::info!("holds not checked: {e}"),
                    }
                }
                ready
            },
            |holds| Message::Library(Event::HoldsChecked(holds)),
        )
    }

    /// Asks the library in use for ready holds, when signed in.
    pub(super) fn check_session_holds(&self) -> Task<Message> {
        let Some(session) = &self.session else { return Task::none() };
        let Some(credentials) = session.credentials.clone() else { return Task::none() };
        let (client, start) = (session.client.clone(), session.start.clone());
        Task::perform(
            async move {
                client.ready_holds_at(&start, &credentials).await.unwrap_or_else(|e| {
                    tracing::info!("holds not checked: {e}");
                    Vec::new()
                })
            },
            |holds| Message::Library(Event::HoldsChecked(holds)),
        )
    }

    /// Says the holds in `holds` that were not said before in this run.
    pub(super) fn announce_ready_holds(&mut self, holds: Vec<ReadyHold>) -> Task<Message> {
        let new: Vec<ReadyHold> =
            holds.into_iter().filter(|hold| self.holds_announced.insert(hold.id.clone())).collect();
        if let Some(text) = ready_sentence(&new) {
            self.report(text);
        }
        Task::none()
    }
}

/// "Ready for you to borrow: …" for `holds`; `None` when there are none.
fn ready_sentence(holds: &[ReadyHold]) -> Option<String> {
    if holds.is_empty() {
        return None;
    }
    let items: Vec<String> = holds
        .iter()
        .map(|hold| match hold.until {
            Some(until) => fl!("holds-ready-item", title = hold.title.clone(), date = text::date(until)),
            None => hold.title.clone(),
        })
        .collect();
    Some(fl!("holds-ready", holds = items.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_sentence_names_each_hold_and_its_deadline() {
        assert_eq!(ready_sentence(&[]), None);
        let holds = [
            ReadyHold {
                id: "a".into(),
                title: "Kusamakura".into(),
                until: Some(datetime!(2026-11-24 09:00 UTC)),
            },
            ReadyHold { id: "b".into(), title: "The Waste Land".into(), until: None },
        ];
        let sentence = ready_sentence(&holds).unwrap();
        assert!(sentence.contains("Kusamakura"), "{sentence}");
        assert!(sentence.contains("The Waste Land"), "{sentence}");
        assert!(sentence.contains(&text::date(datetime!(2026-11-24 09:00 UTC))), "{sentence}");
    }
}
