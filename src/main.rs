//! The `tomoshibi` program: parse arguments, start logging, open the window.

use std::process::ExitCode;
use std::time::Instant;
use tomoshibi::cli::{self, Invocation};
use tomoshibi::store::Paths;
use tomoshibi::ui::display::Desktop;

fn main() -> ExitCode {
    let started = Instant::now();
    let paths = Paths::from_environment();
    let invocation = match cli::parse(std::env::args().skip(1)) {
        Ok(invocation) => invocation,
        Err(e) => {
            tomoshibi::i18n::select(tomoshibi::i18n::Language::from_os());
            eprintln!("{e}\n\n{}", cli::usage());
            return ExitCode::from(2);
        }
    };
    match invocation {
        Invocation::Help => {
            tomoshibi::i18n::select(tomoshibi::i18n::Language::from_os());
            print_out(&cli::usage())
        }
        Invocation::Inspect { path, json } => {
            tomoshibi::i18n::select(tomoshibi::i18n::Language::from_os());
            match cli::inspect::inspect_book(&path) {
                Ok(report) => {
                    let text = if json { report.to_json() } else { cli::inspect::render(&report) };
                    print_out(&text)
                }
                Err(message) => {
                    eprintln!("{message}");
                    ExitCode::FAILURE
                }
            }
        }
        Invocation::ExportAudio(args) => {
            tomoshibi::i18n::select(tomoshibi::i18n::Language::from_os());
            match cli::export::run(&args) {
                Ok(text) => print_out(&text),
                Err(message) => {
                    eprintln!("{message}");
                    ExitCode::FAILURE
                }
            }
        }
        Invocation::Library(args) => {
            tomoshibi::i18n::select(tomoshibi::i18n::Language::from_os());
            match runtime().map(|rt| rt.block_on(cli::library::run(args))) {
                Ok(Ok(text)) => print_out(&text),
                Ok(Err(message)) | Err(message) => {
                    eprintln!("{message}");
                    ExitCode::FAILURE
                }
            }
        }
        Invocation::DemoLibrary { port, state } => {
            tomoshibi::i18n::select(tomoshibi::i18n::Language::from_os());
            let _log = tomoshibi::logging::init(&paths.log_dir);
            let state = state.unwrap_or_else(|| paths.data_dir.join("demo-library.sqlite3"));
            match runtime().map(|rt| rt.block_on(cli::library::serve_demo(port, state))) {
                Ok(Ok(())) => ExitCode::SUCCESS,
                Ok(Err(message)) | Err(message) => {
                    eprintln!("{message}");
                    ExitCode::FAILURE
                }
            }
        }
        Invocation::Version => {
            println!("tomoshibi {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Invocation::Gui { measure, open } => {
            let _log = tomoshibi::logging::init(&paths.log_dir);
            let desktop = tomoshibi::ui::display::find();
            if desktop != Desktop::Reachable {
                tomoshibi::i18n::select(tomoshibi::i18n::Language::from_os());
                let message = match desktop {
                    Desktop::Unreachable(display) => {
                        tomoshibi::fl!("error-display-unreachable", display = display)
                    }
                    _ => tomoshibi::fl!("error-no-display"),
                };
                eprintln!("{message}");
                return ExitCode::FAILURE;
            }
            let options = tomoshibi::ui::app::Options {
                paths,
                measure_from: measure.then_some(started),
                open,
                voice: None,
                audio_output: None,
            };
            match tomoshibi::ui::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// A runtime for the commands that talk to a library.
fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())
}

/// Writes `text` to standard output. A closed pipe (`tomoshibi inspect … |
/// head`) ends quietly instead of panicking.
fn print_out(text: &str) -> ExitCode {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
