//! A speech-dispatcher daemon of our own, started with the private configuration on a
//! private socket, and ended (by its process id) when dropped.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::process::find_program;
use super::speechd_config::{SpeechdConfig, write_private_config};
use super::ssip::SpeechdError;

/// A running speech-dispatcher started by us. Its modules run in its process group; both
/// end when this is dropped.
#[derive(Debug)]
pub struct PrivateDaemon {
    child: Child,
    socket: PathBuf,
    started_in: Duration,
    _dir: Option<tempfile::TempDir>,
}

impl PrivateDaemon {
    /// Writes `config` into a new temporary folder and starts the daemon there, waiting up
    /// to `timeout` for its socket.
    ///
    /// # Errors
    /// [`SpeechdError::Missing`] when speech-dispatcher is not installed; others when it
    /// does not start in time.
    pub fn start(config: &SpeechdConfig, timeout: Duration) -> Result<Self, SpeechdError> {
        let dir =
            tempfile::Builder::new().prefix("tomoshibi-speechd-").tempdir().map_err(SpeechdError::io)?;
        let mut daemon = Self::start_in(dir.path(), config, timeout)?;
        daemon._dir = Some(dir);
        Ok(daemon)
    }

    /// Like [`Self::start`] in the folder `dir` (kept afterwards; its `log` folder has the
    /// daemon's logs).
    ///
    /// # Errors
    /// As [`Self::start`].
    pub fn start_in(dir: &Path, config: &SpeechdConfig, timeout: Duration) -> Result<Self, SpeechdError> {
        let program = find_program("speech-dispatcher")
            .ok_or_else(|| SpeechdError::Missing { program: "speech-dispatcher".into() })?;
        let conf_dir = write_private_config(dir, config).map_err(|e| SpeechdError::Config(e.to_string()))?;
        let runtime = dir.join("run");
        std::fs::create_dir_all(&runtime).map_err(SpeechdError::io)?;
        let socket = runtime.join("speechd.sock");
        let _ = std::fs::remove_file(&socket);
        let started = Instant::now();
        let mut command = Command::new(program);
        command
            .arg("--run-single")
            .arg("--communication-method")
            .arg("unix_socket")
            .arg("--socket-path")
            .arg(&socket)
            .arg("--config-dir")
            .arg(&conf_dir)
            .arg("--timeout")
            .arg(config.idle_timeout_s.to_string())
            .arg("--log-dir")
            .arg(conf_dir.join("log"))
            .arg("--pid-file")
            .arg(runtime.join("speechd.pid"))
            .env("XDG_CONFIG_HOME", dir)
            .env("XDG_RUNTIME_DIR", &runtime)
            .env_remove("SPEECHD_ADDRESS")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        command.envs(config.env.iter().map(|(k, v)| (k, v)));
        let child = command.spawn().map_err(SpeechdError::io)?;
        let mut daemon = Self { child, socket, started_in: Duration::ZERO, _dir: None };
        let deadline = started + timeout;
        loop {
            if std::os::unix::net::UnixStream::connect(&daemon.socket).is_ok() {
                daemon.started_in = started.elapsed();
                return Ok(daemon);
            }
            if let Ok(Some(status)) = daemon.child.try_wait() {
                return Err(SpeechdError::Exited { status: status.to_string() });
            }
            if Instant::now() >= deadline {
                return Err(SpeechdError::Timeout { waiting_for: "the daemon's socket".into(), timeout });
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The daemon's socket, for [`SsipClient::connect`](super::ssip::SsipClient::connect).
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// The daemon's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// How long the daemon took to open its socket.
    pub fn started_in(&self) -> Duration {
        self.started_in
    }

    /// Ends the daemon and its modules: SIGTERM to the daemon, then SIGKILL to its process
    /// group after a second (the daemon may ignore SIGTERM while stuck on audio).
    pub fn stop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        // The daemon ends (and reaps) its modules on SIGTERM; the group is the fallback.
        let pid = self.child.id().to_string();
        let group = format!("-{pid}");
        let _ = Command::new("kill").args(["-TERM", &pid]).stderr(Stdio::null()).status();
        let deadline = Instant::now() + Duration::from_secs(1);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        // Still running, so the group id is still ours.
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for PrivateDaemon {
    fn drop(&mut self) {
        self.stop();
    }
}

impl SpeechdError {
    /// Wraps an I/O error.
    pub fn io(e: std::io::Error) -> Self {
        Self::Io(Arc::new(e))
    }
}
