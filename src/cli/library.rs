//! `tomoshibi library …`: the library client without the window — list a feed, search,
//! show an entry, borrow, list loans, return, place a hold, download — and
//! `tomoshibi demo-library`, the built-in demo library as a standalone server.
//!
//! The PIN never comes from the command line (other users can read it there): it comes from
//! the `TOMOSHIBI_PIN` environment variable, from the keyring where the app kept it for a
//! saved library on the same server, or is asked for on the terminal without echo.

use std::path::PathBuf;

use url::Url;

use crate::fl;
use crate::library::client::{ClientConfig, Credentials, LibraryClient};
use crate::library::credentials::{self, Account};
use crate::library::download::{self, DownloadRequest, RetryPolicy};
use crate::library::lending::{self, Borrowed};
use crate::library::text::explain;
use crate::library::{CatalogDocument, CatalogEntry, CatalogFeed};

/// The environment variable a script can pass the PIN in.
pub const PIN_ENV: &str = "TOMOSHIBI_PIN";

/// A `tomoshibi library` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryCommand {
    /// List a catalog page.
    Feed,
    /// Search the catalog at the URL.
    Search(String),
    /// Show one publication.
    Show,
    /// Borrow the publication (or join the hold queue when no copy is free).
    Borrow,
    /// Place a hold.
    Hold,
    /// List the patron's loans and holds (URL: the catalog or the shelf).
    Loans,
    /// Return the loan or cancel the hold.
    Return,
    /// Download the loaned publication to a file.
    Download(PathBuf),
}

/// A parsed `tomoshibi library` invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryArgs {
    /// What to do.
    pub command: LibraryCommand,
    /// The catalog page or publication address.
    pub url: String,
    /// The library card number, for commands that need signing in.
    pub card: Option<String>,
}

/// Parses the words after `library`.
///
/// # Errors
/// [`super::CliError`] when a word is unknown or something is missing.
pub fn parse(args: Vec<String>) -> Result<LibraryArgs, super::CliError> {
    use super::CliError;
    let mut words = args.into_iter();
    let name = words.next().ok_or(CliError::MissingPath)?;
    let mut url = None;
    let mut card = None;
    let mut out = None;
    let mut terms = Vec::new();
    while let Some(word) = words.next() {
        match word.as_str() {
            "--card" => card = Some(words.next().ok_or(CliError::Unknown(word))?),
            "--out" => out = Some(PathBuf::from(words.next().ok_or(CliError::Unknown(word))?)),
            "--pin" | "--password" => return Err(CliError::PinOnCommandLine),
            _ if word.starts_with("--") => return Err(CliError::Unknown(word)),
            _ if url.is_none() => url = Some(word),
            _ => terms.push(word),
        }
    }
    let url = url.ok_or(CliError::MissingPath)?;
    let extra = |terms: &Vec<String>| terms.first().cloned().map_or(Ok(()), |t| Err(CliError::Unknown(t)));
    let command = match name.as_str() {
        "feed" => extra(&terms).map(|()| LibraryCommand::Feed)?,
        "search" if !terms.is_empty() => LibraryCommand::Search(terms.join(" ")),
        "show" => extra(&terms).map(|()| LibraryCommand::Show)?,
        "borrow" => extra(&terms).map(|()| LibraryCommand::Borrow)?,
        "hold" => extra(&terms).map(|()| LibraryCommand::Hold)?,
        "loans" => extra(&terms).map(|()| LibraryCommand::Loans)?,
        "return" => extra(&terms).map(|()| LibraryCommand::Return)?,
        "download" => LibraryCommand::Download(out.ok_or(CliError::MissingPath)?),
        _ => return Err(CliError::Unknown(name)),
    };
    Ok(LibraryArgs { command, url, card })
}

/// Runs a library command; the text to print, or the translated reason it failed.
///
/// # Errors
/// A translated message saying what went wrong and what to do.
pub async fn run(args: LibraryArgs) -> Result<String, String> {
    let client = LibraryClient::new(&ClientConfig::default()).map_err(|e| explain(&e))?;
    let url = Url::parse(&args.url).map_err(|_| fl!("libraries-bad-address"))?;
    let needed =
        !matches!(args.command, LibraryCommand::Feed | LibraryCommand::Search(_) | LibraryCommand::Show);
    let credentials = match (kept_credentials(&url, args.card.as_deref()), &args.card) {
        (Some(kept), _) if needed || args.card.is_some() => Some(kept),
        (_, Some(card)) => Some(Credentials::Basic { username: card.clone(), password: read_pin()? }),
        (_, None) if needed => return Err(fl!("cli-library-card-needed")),
        (_, None) => None,
    };
    let creds = credentials.as_ref();
    match args.command {
        LibraryCommand::Feed => Ok(describe(&fetch(&client, &url, creds).await?)),
        LibraryCommand::Search(terms) => {
            let feed = feed_of(fetch(&client, &url, creds).await?, &url)?;
            let link = feed.search.ok_or_else(|| fl!("cli-library-no-search"))?;
            let target = client.search_url(&link, &terms).await.map_err(|e| explain(&e))?;
            Ok(describe(&fetch(&client, &target, creds).await?))
        }
        LibraryCommand::Show => Ok(describe(&fetch(&client, &url, creds).await?)),
        LibraryCommand::Borrow | LibraryCommand::Hold => {
            let credentials = credentials.ok_or_else(|| fl!("cli-library-card-needed"))?;
            let entry = entry_of(fetch(&client, &url, Some(&credentials)).await?)?;
            match client.borrow(&entry, &credentials).await.map_err(|e| explain(&e))? {
                Borrowed::Entry(entry) => Ok(entry_text(&entry)),
                Borrowed::License(license) => Ok(fl!("cli-library-lcp", id = license.id)),
            }
        }
        LibraryCommand::Loans => {
            let credentials = credentials.ok_or_else(|| fl!("cli-library-card-needed"))?;
            let shelf = match feed_of(fetch(&client, &url, Some(&credentials)).await?, &url) {
                Ok(feed) if feed.feed_links.shelf.as_ref().is_some_and(|s| *s != url) => {
                    feed.feed_links.shelf.unwrap_or(url)
                }
                _ => url,
            };
            let feed = client.shelf(&shelf, &credentials).await.map_err(|e| explain(&e))?;
            Ok(describe(&CatalogDocument::Feed(Box::new(feed))))
        }
        LibraryCommand::Return => {
            let credentials = credentials.ok_or_else(|| fl!("cli-library-card-needed"))?;
            let entry = entry_of(fetch(&client, &url, Some(&credentials)).await?)?;
            match client.revoke(&entry, &credentials).await.map_err(|e| explain(&e))? {
                Some(after) => Ok(entry_text(&after)),
                None => Ok(fl!("lending-returned", title = entry.title)),
            }
        }
        LibraryCommand::Download(out) => {
            let credentials = credentials.ok_or_else(|| fl!("cli-library-card-needed"))?;
            let entry = entry_of(fetch(&client, &url, Some(&credentials)).await?)?;
            let (content, media_type) =
                lending::content_link(&entry).ok_or_else(|| fl!("library-error-not-offered"))?;
            let partial_dir = crate::store::Paths::from_environment().data_dir.join("downloads");
            let license = match media_type {
                Some(m) if m.is_lcp_license() => {
                    Some(client.fetch_license(&content, &credentials).await.map_err(|e| explain(&e))?)
                }
                _ => None,
            };
            let request = DownloadRequest {
                url: content,
                credentials: Some(credentials),
                destination: out.clone(),
                partial_dir,
            };
            let policy = RetryPolicy::default();
            let done = match &license {
                Some(license) => {
                    crate::library::lcp_download::download_licensed(
                        client.http(),
                        license,
                        &request,
                        &policy,
                        |_| {},
                    )
                    .await
                }
                None => download::download(client.http(), &request, &policy, |_| {}).await,
            }
            .map_err(|e| crate::library::text::explain_download(&e))?;
            Ok(fl!(
                "cli-library-downloaded",
                path = done.path.display().to_string(),
                bytes = done.bytes.to_string()
            ))
        }
    }
}

async fn fetch(
    client: &LibraryClient,
    url: &Url,
    credentials: Option<&Credentials>,
) -> Result<CatalogDocument, String> {
    client.fetch_catalog(url, credentials).await.map_err(|e| explain(&e))
}

fn feed_of(document: CatalogDocument, url: &Url) -> Result<CatalogFeed, String> {
    match document {
        CatalogDocument::Feed(feed) => Ok(*feed),
        CatalogDocument::Entry(_) => Err(fl!("cli-library-not-feed", url = url.to_string())),
    }
}

fn entry_of(document: CatalogDocument) -> Result<CatalogEntry, String> {
    match document {
        CatalogDocument::Entry(document) => Ok(document.entry),
        CatalogDocument::Feed(feed) => {
            let mut entries = feed.all_entries();
            match (entries.next(), entries.next()) {
                (Some(entry), None) => Ok(entry.clone()),
                _ => Err(fl!("cli-library-not-entry")),
            }
        }
    }
}

/// The PIN from [`PIN_ENV`], or asked on the terminal without echo.
/// Credentials the app kept in the keyring for a saved library on the same server as `url`
/// (for `card`, when one is given). Not looked for when [`PIN_ENV`] is set.
fn kept_credentials(url: &Url, card: Option<&str>) -> Option<Credentials> {
    if std::env::var_os(PIN_ENV).is_some() {
        return None;
    }
    let paths = crate::store::Paths::from_environment();
    let settings = crate::store::settings::Settings::load(&paths.settings_file()).ok().flatten()?;
    let libraries: Vec<_> = settings
        .libraries
        .iter()
        .filter(|library| Url::parse(&library.url).is_ok_and(|saved| saved.origin() == url.origin()))
        .collect();
    if libraries.is_empty() {
        return None;
    }
    let store = credentials::system_store();
    libraries.into_iter().find_map(|library| {
        let secret = store.load(&Account::patron(&library.url)).ok().flatten()?;
        let kept = credentials::decode(&secret)?;
        let login = match &kept {
            Credentials::Basic { username, .. } => Some(username.as_str()),
            Credentials::BasicToken(grant) => Some(grant.username.as_str()),
            Credentials::Bearer(_) => None,
        };
        (card.is_none() || login == card).then_some(kept)
    })
}

fn read_pin() -> Result<String, String> {
    if let Some(pin) = std::env::var(PIN_ENV).ok().filter(|p| !p.is_empty()) {
        return Ok(pin);
    }
    rpassword::prompt_password(fl!("cli-library-pin-prompt")).map_err(|_| fl!("cli-library-pin-missing"))
}

/// A catalog document as text: title, sections, then one paragraph per publication.
fn describe(document: &CatalogDocument) -> String {
    match document {
        CatalogDocument::Entry(document) => entry_text(&document.entry),
        CatalogDocument::Feed(feed) => {
            let mut out = vec![feed.title.clone()];
            out.extend(feed.navigation.iter().map(|n| format!("  {} <{}>", n.title, n.url)));
            for group in &feed.groups {
                out.push(format!("\n{}", group.title));
                out.extend(group.entries.iter().map(|e| indent(&entry_text(e))));
            }
            out.extend(feed.entries.iter().map(|e| indent(&entry_text(e))));
            for facets in &feed.facets {
                let names: Vec<String> = facets
                    .facets
                    .iter()
                    .map(|f| if f.active { format!("[{}]", f.title) } else { f.title.clone() })
                    .collect();
                out.push(format!("{}: {}", facets.title, names.join(" | ")));
            }
            if let Some(next) = &feed.pagination.next {
                out.push(fl!("cli-library-next", url = next.to_string()));
            }
            out.join("\n")
        }
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}

fn entry_text(entry: &CatalogEntry) -> String {
    let mut lines = vec![crate::library::text::row(entry)];
    if let Some(detail) = &entry.detail {
        lines.push(format!("  <{detail}>"));
    }
    lines.join("\n")
}

/// Runs the demo library until Ctrl+C: prints its address and the demo card.
///
/// # Errors
/// A translated message when it cannot start.
pub async fn serve_demo(port: u16, state: PathBuf) -> Result<(), String> {
    let mut config = crate::demo_library::DemoConfig::new(state);
    config.addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let library = crate::demo_library::DemoLibrary::start(config).await.map_err(|e| {
        tracing::error!("{e}");
        fl!("cli-demo-failed", reason = e.to_string())
    })?;
    println!(
        "{}",
        fl!(
            "cli-demo-running",
            url = library.url().to_string(),
            card = crate::demo_library::DEMO_CARD,
            pin = crate::demo_library::DEMO_PIN
        )
    );
    let _ = tokio::signal::ctrl_c().await;
    library.stop().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<LibraryArgs, super::super::CliError> {
        parse(args.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn commands() {
        let a = p(&["search", "http://x/", "草", "枕"]).unwrap();
        assert_eq!(a.command, LibraryCommand::Search("草 枕".into()));
        let a = p(&["borrow", "http://x/p/1", "--card", "123"]).unwrap();
        assert_eq!((a.command, a.card.as_deref()), (LibraryCommand::Borrow, Some("123")));
        assert_eq!(
            p(&["download", "http://x/p/1", "--out", "b.epub"]).unwrap().command,
            LibraryCommand::Download("b.epub".into())
        );
        assert!(p(&["download", "http://x/p/1"]).is_err());
        assert!(p(&["borrow", "http://x/p/1", "--pin", "1234"]).is_err());
        assert!(p(&["feed", "http://x/", "extra"]).is_err());
        assert!(p(&["frobnicate", "http://x/"]).is_err());
    }
}
