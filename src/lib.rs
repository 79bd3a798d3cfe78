//! Tomoshibi (灯): an accessible desktop reading client for public
//! e-libraries — for readers who use a screen reader or none, for large
//! print and high contrast, and in the reader's own language.
//!
//! Modules point one way: [`ui`] (the only one that knows iced) uses
//! everything else; nothing else uses [`ui`].

pub mod a11y;
pub mod appearance;
pub mod book;
pub mod cli;
pub mod commands;
pub mod demo_library;
pub mod i18n;
pub mod library;
pub mod listen;
pub mod logging;
pub mod reading;
pub mod store;
pub mod ui;
