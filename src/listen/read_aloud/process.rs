//! Running an engine's command-line program with a time limit.

use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What a finished program left behind.
#[derive(Debug)]
pub struct Finished {
    /// How it exited.
    pub status: ExitStatus,
    /// Everything it wrote to standard output.
    pub stdout: Vec<u8>,
    /// Everything it wrote to standard error (for error messages).
    pub stderr: Vec<u8>,
}

/// Why a program could not be run to the end.
#[derive(Debug)]
pub enum RunError {
    /// It could not be started.
    Spawn(std::io::Error),
    /// It ran longer than allowed and was killed.
    TimedOut,
    /// It was no longer wanted and was killed.
    Cancelled,
    /// Waiting for it failed.
    Wait(std::io::Error),
}

/// Runs `command` with `input` on its standard input, collecting its output; kills it and
/// returns [`RunError::TimedOut`] after `timeout`.
pub fn run(command: Command, input: &[u8], timeout: Duration) -> Result<Finished, RunError> {
    run_unless(command, input, timeout, &|| false)
}

/// Like [`run`], and also kills the program and returns [`RunError::Cancelled`] as soon as
/// `cancelled` says so (it is asked every few milliseconds).
pub fn run_unless(
    mut command: Command,
    input: &[u8],
    timeout: Duration,
    cancelled: &dyn Fn() -> bool,
) -> Result<Finished, RunError> {
    command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().map_err(RunError::Spawn)?;
    let writer = child.stdin.take().map(|mut stdin| {
        let input = input.to_vec();
        std::thread::spawn(move || {
            // A program that exits early closes the pipe; that is not our error to report.
            let _ = stdin.write_all(&input);
        })
    });
    let out = child.stdout.take().map(read_all);
    let err = child.stderr.take().map(read_all);
    let status = wait_until(&mut child, Instant::now() + timeout, cancelled);
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    let stdout = join_output(out);
    let stderr = join_output(err);
    let status = status?;
    Ok(Finished { status, stdout, stderr })
}

/// Waits for `child` until `deadline` or until `cancelled` says so, killing it (and
/// reaping it) if it is still running then.
pub fn wait_until(
    child: &mut Child,
    deadline: Instant,
    cancelled: &dyn Fn() -> bool,
) -> Result<ExitStatus, RunError> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if Instant::now() >= deadline || cancelled() => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(if cancelled() { RunError::Cancelled } else { RunError::TimedOut });
            }
            // Short steps: a sentence rendered is a sentence the patron is waiting to hear.
            Ok(None) => std::thread::sleep(Duration::from_millis(1)),
            Err(e) => return Err(RunError::Wait(e)),
        }
    }
}

fn read_all<R: Read + Send + 'static>(mut pipe: R) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let _ = pipe.read_to_end(&mut buffer);
        buffer
    })
}

fn join_output(handle: Option<JoinHandle<Vec<u8>>>) -> Vec<u8> {
    handle.and_then(|h| h.join().ok()).unwrap_or_default()
}

/// Finds `program` on `PATH` (or checks it when it is a path).
pub fn find_program(program: &str) -> Option<std::path::PathBuf> {
    let candidate = std::path::Path::new(program);
    if candidate.components().count() > 1 {
        return candidate.is_file().then(|| candidate.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_and_timeout() {
        let mut cat = Command::new("cat");
        cat.arg("-");
        let done = run(cat, b"hello", Duration::from_secs(5)).unwrap();
        assert_eq!(done.stdout, b"hello");
        let mut sleep = Command::new("sleep");
        sleep.arg("5");
        let started = Instant::now();
        assert!(matches!(run(sleep, b"", Duration::from_millis(100)), Err(RunError::TimedOut)));
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(matches!(
            run(Command::new("/nonexistent/x"), b"", Duration::from_secs(1)),
            Err(RunError::Spawn(_))
        ));
        let mut sleep = Command::new("sleep");
        sleep.arg("5");
        let started = Instant::now();
        let cancelled = || started.elapsed() > Duration::from_millis(50);
        assert!(matches!(
            run_unless(sleep, b"", Duration::from_secs(5), &cancelled),
            Err(RunError::Cancelled)
        ));
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(find_program("sh").is_some());
        assert!(find_program("surely-not-a-program-tomoshibi").is_none());
    }
}
