//! The command line: `tomoshibi [--measure]`, `tomoshibi open PATH`,
//! `tomoshibi inspect PATH [--json]`, plus `--help` and `--version`.

pub mod export;
pub mod inspect;
pub mod library;

/// What the user asked for on the command line.
#[derive(Debug, Clone, PartialEq)]
pub enum Invocation {
    /// Open the window.
    Gui {
        /// Print start-up figures after the first frame and exit.
        measure: bool,
        /// A book to open (`tomoshibi open PATH`, what a file association calls).
        open: Option<std::path::PathBuf>,
    },
    /// Describe a book without opening the window.
    Inspect {
        /// The book: an `.epub`, a `.zip` or a folder.
        path: std::path::PathBuf,
        /// Print JSON instead of text.
        json: bool,
    },
    /// Write a talking book's audio to a WAV file (`tomoshibi export-audio …`).
    ExportAudio(export::ExportArgs),
    /// Use a library without the window (`tomoshibi library …`).
    Library(library::LibraryArgs),
    /// Run the built-in demo library as a server (`tomoshibi demo-library`).
    DemoLibrary {
        /// The port on 127.0.0.1 (0: any free one).
        port: u16,
        /// Its state database (`None`: in the data folder).
        state: Option<std::path::PathBuf>,
    },
    /// Print usage.
    Help,
    /// Print the version.
    Version,
}

/// Why the command line was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CliError {
    /// An argument we do not know.
    #[error("unknown argument: {0}")]
    Unknown(String),
    /// `inspect` and `open` need the path of a book.
    #[error("the path of a book is missing")]
    MissingPath,
    /// A PIN was given as an argument (other users of the computer could read it).
    #[error("a PIN must not be given on the command line; set TOMOSHIBI_PIN or type it when asked")]
    PinOnCommandLine,
}

/// Parses arguments (without the program name).
///
/// # Errors
/// [`CliError::Unknown`] for anything not understood.
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Invocation, CliError> {
    let mut args = args.into_iter().peekable();
    if args.peek().is_some_and(|a| a == "open") {
        args.next();
        let mut path = None;
        let mut measure = false;
        for arg in args {
            match arg.as_str() {
                "--measure" => measure = true,
                _ if path.is_none() && !arg.starts_with("--") => path = Some(std::path::PathBuf::from(arg)),
                _ => return Err(CliError::Unknown(arg)),
            }
        }
        return path.map(|p| Invocation::Gui { measure, open: Some(p) }).ok_or(CliError::MissingPath);
    }
    if args.peek().is_some_and(|a| a == "export-audio") {
        args.next();
        return export::parse(args.collect()).map(Invocation::ExportAudio);
    }
    if args.peek().is_some_and(|a| a == "library") {
        args.next();
        return library::parse(args.collect()).map(Invocation::Library);
    }
    if args.peek().is_some_and(|a| a == "demo-library") {
        args.next();
        let (mut port, mut state) = (0, None);
        while let Some(arg) = args.next() {
            match (arg.as_str(), args.next()) {
                ("--port", Some(value)) => port = value.parse().map_err(|_| CliError::Unknown(value))?,
                ("--state", Some(value)) => state = Some(std::path::PathBuf::from(value)),
                _ => return Err(CliError::Unknown(arg)),
            }
        }
        return Ok(Invocation::DemoLibrary { port, state });
    }
    if args.peek().is_some_and(|a| a == "inspect") {
        args.next();
        let mut path = None;
        let mut json = false;
        for arg in args {
            match arg.as_str() {
                "--json" => json = true,
                _ if path.is_none() && !arg.starts_with("--") => path = Some(std::path::PathBuf::from(arg)),
                _ => return Err(CliError::Unknown(arg)),
            }
        }
        return path.map(|path| Invocation::Inspect { path, json }).ok_or(CliError::MissingPath);
    }
    let mut measure = false;
    for arg in args {
        match arg.as_str() {
            "--measure" => measure = true,
            "-h" | "--help" => return Ok(Invocation::Help),
            "-V" | "--version" => return Ok(Invocation::Version),
            _ => return Err(CliError::Unknown(arg)),
        }
    }
    Ok(Invocation::Gui { measure, open: None })
}

/// The usage text, translated.
pub fn usage() -> String {
    crate::fl!("cli-usage")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Invocation, CliError> {
        parse(args.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn arguments() {
        assert_eq!(p(&[]), Ok(Invocation::Gui { measure: false, open: None }));
        assert_eq!(p(&["--measure"]), Ok(Invocation::Gui { measure: true, open: None }));
        assert_eq!(
            p(&["open", "b.epub"]),
            Ok(Invocation::Gui { measure: false, open: Some("b.epub".into()) })
        );
        assert_eq!(p(&["open"]), Err(CliError::MissingPath));
        assert_eq!(
            p(&["open", "b.epub", "--measure"]),
            Ok(Invocation::Gui { measure: true, open: Some("b.epub".into()) })
        );
        assert_eq!(p(&["--help"]), Ok(Invocation::Help));
        assert_eq!(p(&["--bogus"]), Err(CliError::Unknown("--bogus".into())));
        assert_eq!(p(&["inspect", "b.epub"]), Ok(Invocation::Inspect { path: "b.epub".into(), json: false }));
        assert_eq!(
            p(&["inspect", "--json", "dir"]),
            Ok(Invocation::Inspect { path: "dir".into(), json: true })
        );
        assert_eq!(p(&["inspect"]), Err(CliError::MissingPath));
        assert_eq!(
            p(&["demo-library", "--port", "8080"]),
            Ok(Invocation::DemoLibrary { port: 8080, state: None })
        );
        assert!(p(&["demo-library", "--port", "x"]).is_err());
        assert!(matches!(p(&["library", "feed", "http://x/"]), Ok(Invocation::Library(_))));
        assert_eq!(p(&["inspect", "a", "b"]), Err(CliError::Unknown("b".into())));
    }
}
