//! Errors of the demo library: start-up failures ([`DemoError`]) and HTTP problem answers ([`ApiError`]).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Why the demo library could not start or run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DemoError {
    /// The listening socket could not be bound.
    #[error("cannot listen on {addr}: {message}")]
    Bind {
        /// The address that was asked for.
        addr: String,
        /// The operating system's explanation.
        message: String,
    },
    /// The state database could not be opened or used, even after moving a damaged file aside.
    #[error("demo library state database failed: {0}")]
    State(String),
    /// A file of the built-in catalogue is missing or unreadable.
    #[error("demo library asset missing or invalid: {0}")]
    Asset(String),
    /// The HTTP server stopped with an error.
    #[error("demo library server failed: {0}")]
    Server(String),
}

impl From<rusqlite::Error> for DemoError {
    fn from(err: rusqlite::Error) -> Self {
        DemoError::State(err.to_string())
    }
}

impl From<rusqlite_migration::Error> for DemoError {
    fn from(err: rusqlite_migration::Error) -> Self {
        DemoError::State(err.to_string())
    }
}

/// Base of the Library Simplified problem types.
pub(super) const PROBLEM_BASE: &str = "http://librarysimplified.org/terms/problem/";

/// An HTTP error answer: either "sign in" (401 with the authentication document) or an RFC 7807 problem.
#[derive(Debug)]
pub(super) enum ApiError {
    /// Missing or wrong credentials; `ja` chooses the document's language.
    Unauthorized {
        /// Whether to answer in Japanese.
        ja: bool,
        /// Absolute base URL of the server.
        base: url::Url,
    },
    /// A problem document.
    Problem {
        /// HTTP status.
        status: StatusCode,
        /// Last segment of the problem type (appended to [`PROBLEM_BASE`]).
        kind: &'static str,
        /// Short title.
        title: &'static str,
        /// Human-readable detail.
        detail: String,
    },
}

impl ApiError {
    /// A problem answer.
    pub(super) fn problem(
        status: StatusCode,
        kind: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        ApiError::Problem { status, kind, title, detail: detail.into() }
    }

    /// 404 for an unknown publication id.
    pub(super) fn not_found(id: &str) -> Self {
        Self::problem(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            format!("No publication with id {id:?}."),
        )
    }

    /// 500 for a state database failure.
    pub(super) fn internal(err: impl std::fmt::Display) -> Self {
        tracing::error!("demo library: {err}");
        Self::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal-server-error",
            "Internal server error",
            err.to_string(),
        )
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        ApiError::internal(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Unauthorized { ja, base } => super::auth::unauthorized(&base, ja),
            ApiError::Problem { status, kind, title, detail } => {
                let body = serde_json::json!({
                    "type": format!("{PROBLEM_BASE}{kind}"),
                    "title": title,
                    "detail": detail,
                    "status": status.as_u16(),
                });
                (status, [(axum::http::header::CONTENT_TYPE, "application/problem+json")], body.to_string())
                    .into_response()
            }
        }
    }
}
