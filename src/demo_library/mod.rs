//! The built-in demo e-library: an OPDS lending server on 127.0.0.1.
//!
//! With no library configured, Tomoshibi starts this server in-process so the app works fully offline on first
//! run; it also runs standalone for tests and other OPDS apps. It speaks the same protocols as Palace Project /
//! Library Simplified circulation servers: OPDS 2.0 (JSON) and an OPDS 1.2 (Atom) mirror, Authentication for
//! OPDS (HTTP Basic: library card number + PIN; Palace basic-token; OAuth implicit sign-in on its own web
//! page), Palace availability / holds / copies / revoke, and the Readium License Status Document for return
//! and renewal.
//!
//! Every demo book is freely licensed (see `assets/demo-library/ATTRIBUTION.md`), so the `sample` acquisition
//! link serves the whole file to everyone without signing in; the lending rules (loan period, limits, holds queue)
//! still apply to the `borrow` / `acquisition` links exactly as on a real library server.
//!
//! State (loans, holds, renewals) lives in a SQLite file so it survives restarts; a damaged file is moved aside
//! to `<name>.broken` and a fresh one is created.

mod auth;
mod catalog;
mod config;
mod content;
mod error;
mod lcp;
mod lending;
mod licensing;
mod listing;
mod oauth;
mod opds1;
mod opds2;
mod server;
mod state;
mod web;

pub use self::config::{Clock, DemoConfig};
pub use self::error::DemoError;
pub use self::server::{DemoLibrary, serve};

/// Library card number of the demo patron (shown in the authentication document's description).
pub const DEMO_CARD: &str = "20251121";
/// PIN of the demo patron.
pub const DEMO_PIN: &str = "1234";
/// Library card number of a second patron, for hold-queue tests.
pub const SECOND_CARD: &str = "20251122";
/// PIN of the second patron.
pub const SECOND_PIN: &str = "5678";
