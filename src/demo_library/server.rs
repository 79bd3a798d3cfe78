//! Router, start-up and shutdown of the demo library server.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

use super::catalog::Catalog;
use super::config::DemoConfig;
use super::error::DemoError;
use super::state::{Rules, Store};
use super::web::{App, Inner};
use super::{auth, content, lending, oauth, opds1, opds2};

fn router(app: App) -> Router {
    Router::new()
        .route("/", get(opds2::get_index))
        .route("/auth", get(auth::get_auth))
        .route("/help", get(auth::get_help))
        .route("/patrons/me/token", axum::routing::post(auth::post_token))
        .route(oauth::AUTHORIZE_PATH, get(oauth::get_authorize).post(oauth::post_authorize))
        .route("/patron", get(lending::get_patron))
        .route("/opds2/root.json", get(opds2::get_root))
        .route("/opds2/publications.json", get(opds2::get_publications))
        .route("/opds2/search", get(opds2::get_search))
        .route("/opds2/publications/{file}", get(opds2::get_publication))
        .route("/loans", get(opds2::get_shelf))
        .route(
            "/loans/{id}",
            get(lending::borrow).post(lending::borrow).put(lending::borrow).delete(lending::revoke),
        )
        .route("/loans/{id}/revoke", get(lending::revoke).put(lending::revoke).post(lending::revoke))
        .route("/loans/{id}/status", get(lending::get_status))
        .route("/loans/{id}/license", get(super::licensing::get_license))
        .route("/loans/{id}/return", axum::routing::put(lending::lsd_return).post(lending::lsd_return))
        .route("/loans/{id}/renew", axum::routing::put(lending::lsd_renew).post(lending::lsd_renew))
        .route("/content/{id}", get(content::get_content))
        .route("/samples/{id}", get(content::get_sample))
        .route("/covers/{id}", get(content::get_cover))
        .route("/opds1/root.xml", get(opds1::get_root))
        .route("/opds1/publications.xml", get(opds1::get_publications))
        .route("/opds1/opensearch.xml", get(opds1::get_opensearch))
        .route("/opds1/search", get(opds1::get_search))
        .route("/opds1/publications/{file}", get(opds1::get_publication))
        .route("/opds1/loans.xml", get(opds1::get_shelf))
        .route(
            "/opds1/loans/{id}",
            get(opds1::borrow).post(opds1::borrow).put(opds1::borrow).delete(opds1::revoke),
        )
        .route("/opds1/loans/{id}/revoke", get(opds1::revoke).put(opds1::revoke).post(opds1::revoke))
        .with_state(app)
}

/// Binds the socket and prepares catalogue and state; returns the listener, the router and the base URL.
async fn prepare(config: DemoConfig) -> Result<(TcpListener, Router, Url), DemoError> {
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|err| DemoError::Bind { addr: config.addr.to_string(), message: err.to_string() })?;
    let local = listener
        .local_addr()
        .map_err(|err| DemoError::Bind { addr: config.addr.to_string(), message: err.to_string() })?;
    let shown = if local.ip().is_unspecified() {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), local.port())
    } else {
        local
    };
    let base = Url::parse(&format!("http://{shown}/"))
        .map_err(|err| DemoError::Bind { addr: shown.to_string(), message: err.to_string() })?;
    let rules = Rules {
        loan_period: config.loan_period,
        hold_period: config.hold_period,
        loan_limit: config.loan_limit,
        hold_limit: config.hold_limit,
        max_renewals: config.max_renewals,
    };
    let clock = config.clock.clone();
    let path = config.state_path.clone();
    let (catalog, store, protected) = tokio::task::spawn_blocking(move || {
        let catalog = Catalog::load()?;
        let store = Store::open(&path, rules, &catalog, clock.now())?;
        let protected = super::licensing::protect_catalog(&catalog)?;
        Ok::<_, DemoError>((catalog, store, protected))
    })
    .await
    .map_err(|err| DemoError::State(err.to_string()))??;
    let app = App(Arc::new(Inner {
        catalog,
        store: Mutex::new(store),
        clock: config.clock,
        base: base.clone(),
        token_key: auth::TokenKey::fresh(),
        protected,
    }));
    tracing::info!("demo library listening on {base}");
    Ok((listener, router(app), base))
}

/// Runs the demo library until `shutdown` completes (for the standalone `tomoshibi demo-library` command).
pub async fn serve(
    config: DemoConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), DemoError> {
    let (listener, router, _) = prepare(config).await?;
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|err| DemoError::Server(err.to_string()))
}

/// A running demo library; shut down by [`DemoLibrary::stop`] or when dropped.
#[derive(Debug)]
pub struct DemoLibrary {
    url: Url,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl DemoLibrary {
    /// Binds, spawns the server on the current tokio runtime and returns at once.
    pub async fn start(config: DemoConfig) -> Result<DemoLibrary, DemoError> {
        let (listener, router, url) = prepare(config).await?;
        let (sender, receiver) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let stopped = async move {
                let _ = receiver.await;
            };
            if let Err(err) = axum::serve(listener, router).with_graceful_shutdown(stopped).await {
                tracing::error!("demo library server failed: {err}");
            }
        });
        Ok(DemoLibrary { url, shutdown: Some(sender), task: Some(task) })
    }

    /// The catalogue root, e.g. `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Shuts the server down gracefully and waits until it has stopped.
    pub async fn stop(mut self) {
        if let Some(sender) = self.shutdown.take() {
            let _ = sender.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for DemoLibrary {
    fn drop(&mut self) {
        if let Some(sender) = self.shutdown.take() {
            let _ = sender.send(());
        }
    }
}
