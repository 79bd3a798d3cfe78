//! Sound: speech synthesis now; recorded audio and the talking-book player
//! join here. Nothing in this module knows the GUI toolkit.

pub mod speech;
