//! The command line: `tomoshibi [--measure]`, plus `--help` and `--version`.
//! Headless sub-commands join here as they arrive.

/// What the user asked for on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invocation {
    /// Open the window.
    Gui {
        /// Print start-up figures after the first frame and exit.
        measure: bool,
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
}

/// Parses arguments (without the program name).
///
/// # Errors
/// [`CliError::Unknown`] for anything not understood.
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Invocation, CliError> {
    let mut measure = false;
    for arg in args {
        match arg.as_str() {
            "--measure" => measure = true,
            "-h" | "--help" => return Ok(Invocation::Help),
            "-V" | "--version" => return Ok(Invocation::Version),
            _ => return Err(CliError::Unknown(arg)),
        }
    }
    Ok(Invocation::Gui { measure })
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
        assert_eq!(p(&[]), Ok(Invocation::Gui { measure: false }));
        assert_eq!(p(&["--measure"]), Ok(Invocation::Gui { measure: true }));
        assert_eq!(p(&["--help"]), Ok(Invocation::Help));
        assert_eq!(p(&["--bogus"]), Err(CliError::Unknown("--bogus".into())));
    }
}
