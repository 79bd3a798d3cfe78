//! A small client for SSIP, speech-dispatcher's text protocol, over a Unix socket.
//!
//! Why not the `speech-dispatcher` crate (which can do SSML index marks too): it can only
//! reach a daemon on a chosen socket through `unsafe` (`open2`) or a process-wide
//! environment variable; its callbacks live in one global table keyed by client id, which
//! collides when two daemons hand out the same id; and it panics inside an `extern "C"`
//! callback on an unknown event. SSIP itself is a few lines of text per request, so speaking
//! it directly keeps the code safe, gives every wait a timeout, and needs no C bindings.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Why talking to speech-dispatcher failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SpeechdError {
    /// A program is not installed.
    #[error("{program} is not installed")]
    Missing {
        /// The program.
        program: String,
    },
    /// The private configuration could not be written.
    #[error("{0}")]
    Config(String),
    /// The daemon exited on its own.
    #[error("speech-dispatcher exited: {status}")]
    Exited {
        /// Its exit status.
        status: String,
    },
    /// Something did not happen in time.
    #[error("timed out after {timeout:?} waiting for {waiting_for}")]
    Timeout {
        /// What was awaited.
        waiting_for: String,
        /// The limit.
        timeout: Duration,
    },
    /// The daemon refused a request.
    #[error("speech-dispatcher refused {command:?}: {reply}")]
    Refused {
        /// The request.
        command: String,
        /// The daemon's answer.
        reply: String,
    },
    /// The connection was closed.
    #[error("the connection to speech-dispatcher was closed")]
    Disconnected,
    /// A socket or file error.
    #[error("speech-dispatcher I/O: {0}")]
    Io(Arc<std::io::Error>),
}

/// An event speech-dispatcher reports about a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SsipEvent {
    /// Speaking of message `id` began.
    Begin(u64),
    /// Message `id` was spoken to the end.
    End(u64),
    /// Message `id` was cancelled.
    Cancel(u64),
    /// Message `id` was paused.
    Pause(u64),
    /// Message `id` was resumed.
    Resume(u64),
    /// Speech reached `<mark name="…"/>` in message `id`.
    IndexMark(u64, String),
}

/// A final reply: its code and all its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The three-digit code of the last line.
    pub code: u16,
    /// The text after the code on each line.
    pub lines: Vec<String>,
}

/// A connection to speech-dispatcher. Events arrive on a reader thread and are handed to the
/// callback given to [`SsipClient::connect`], with the moment they arrived.
#[derive(Debug)]
pub struct SsipClient {
    stream: UnixStream,
    replies: Receiver<Reply>,
    timeout: Duration,
}

impl SsipClient {
    /// Connects to the daemon's `socket`, names the client, and turns on all event
    /// notifications and SSML. Every later request waits at most `timeout` for its reply.
    ///
    /// # Errors
    /// [`SpeechdError`] when the socket cannot be reached or the daemon refuses.
    pub fn connect<F>(
        socket: &Path,
        client_name: &str,
        timeout: Duration,
        on_event: F,
    ) -> Result<Self, SpeechdError>
    where
        F: Fn(SsipEvent, Instant) + Send + 'static,
    {
        let stream = UnixStream::connect(socket).map_err(SpeechdError::io)?;
        let reader = stream.try_clone().map_err(SpeechdError::io)?;
        let (replies_tx, replies) = mpsc::channel();
        std::thread::Builder::new()
            .name("tomoshibi-ssip".into())
            .spawn(move || read_loop(BufReader::new(reader), &replies_tx, &on_event))
            .map_err(SpeechdError::io)?;
        let mut client = Self { stream, replies, timeout };
        let name = client_name.replace(['\r', '\n', ' '], "_");
        client.command(&format!("SET SELF CLIENT_NAME {name}"))?;
        client.command("SET SELF NOTIFICATION ALL on")?;
        client.command("SET SELF SSML_MODE on")?;
        Ok(client)
    }

    /// Sends one request line and waits for its final reply; a 4xx/5xx reply is
    /// [`SpeechdError::Refused`].
    ///
    /// # Errors
    /// [`SpeechdError`] on refusal, timeout or a closed connection.
    pub fn command(&mut self, line: &str) -> Result<Reply, SpeechdError> {
        self.stream.write_all(format!("{line}\r\n").as_bytes()).map_err(SpeechdError::io)?;
        self.reply(line)
    }

    /// Speaks `ssml` (a `<speak>` document) and returns the message id.
    ///
    /// # Errors
    /// [`SpeechdError`] when the daemon refuses or does not answer.
    pub fn speak(&mut self, ssml: &str) -> Result<u64, SpeechdError> {
        self.command("SPEAK")?;
        let mut body = String::with_capacity(ssml.len() + 8);
        for line in ssml.lines() {
            // A line holding only "." ends the data; SSIP escapes leading dots by doubling.
            if line.starts_with('.') {
                body.push('.');
            }
            body.push_str(line);
            body.push_str("\r\n");
        }
        body.push_str(".\r\n");
        self.stream.write_all(body.as_bytes()).map_err(SpeechdError::io)?;
        let reply = self.reply("SPEAK data")?;
        reply
            .lines
            .first()
            .and_then(|id| id.trim().parse().ok())
            .ok_or(SpeechdError::Refused { command: "SPEAK".into(), reply: reply.lines.join(" / ") })
    }

    /// `SET SELF key value` (`RATE 20`, `LANGUAGE ja`, `OUTPUT_MODULE open-jtalk`).
    ///
    /// # Errors
    /// As [`Self::command`].
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SpeechdError> {
        self.command(&format!("SET SELF {key} {value}")).map(|_| ())
    }

    /// The daemon's output modules.
    ///
    /// # Errors
    /// As [`Self::command`].
    pub fn output_modules(&mut self) -> Result<Vec<String>, SpeechdError> {
        let reply = self.command("LIST OUTPUT_MODULES")?;
        Ok(reply.lines.into_iter().filter(|l| !l.contains("OK ")).collect())
    }

    /// The voices of the current output module (`SET SELF OUTPUT_MODULE` first), for
    /// `SET SELF SYNTHESIS_VOICE`: (name, language, variant) per voice.
    ///
    /// # Errors
    /// As [`Self::command`].
    pub fn synthesis_voices(&mut self) -> Result<Vec<(String, String, String)>, SpeechdError> {
        let reply = self.command("LIST SYNTHESIS_VOICES")?;
        Ok(reply
            .lines
            .iter()
            .filter(|l| !l.starts_with("OK "))
            .filter_map(|l| {
                let mut parts = l.split('\t');
                let name = parts.next()?.trim().to_owned();
                let language = parts.next().unwrap_or_default().trim().to_owned();
                let variant = parts.next().unwrap_or_default().trim().to_owned();
                (!name.is_empty()).then_some((name, language, variant))
            })
            .collect())
    }

    fn reply(&mut self, command: &str) -> Result<Reply, SpeechdError> {
        let reply = match self.replies.recv_timeout(self.timeout) {
            Ok(reply) => reply,
            Err(RecvTimeoutError::Timeout) => {
                return Err(SpeechdError::Timeout {
                    waiting_for: format!("the reply to {command}"),
                    timeout: self.timeout,
                });
            }
            Err(RecvTimeoutError::Disconnected) => return Err(SpeechdError::Disconnected),
        };
        if reply.code >= 400 {
            return Err(SpeechdError::Refused {
                command: command.to_owned(),
                reply: reply.lines.join(" / "),
            });
        }
        Ok(reply)
    }
}

impl Drop for SsipClient {
    fn drop(&mut self) {
        let _ = self.stream.write_all(b"QUIT\r\n");
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

fn read_loop<R: BufRead>(
    mut reader: R,
    replies: &mpsc::Sender<Reply>,
    on_event: &dyn Fn(SsipEvent, Instant),
) {
    let mut lines = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let text = line.trim_end_matches(['\r', '\n']);
        let Some(code) = text.get(..3).and_then(|c| c.parse::<u16>().ok()) else { continue };
        let rest = text.get(4..).unwrap_or_default().to_owned();
        let last = text.as_bytes().get(3) != Some(&b'-');
        lines.push(rest);
        if !last {
            continue;
        }
        let done = std::mem::take(&mut lines);
        if (700..800).contains(&code) {
            if let Some(event) = parse_event(code, &done) {
                on_event(event, Instant::now());
            }
        } else if replies.send(Reply { code, lines: done }).is_err() {
            return;
        }
    }
}

/// `700-<msg>`, `700-<client>`, `700-<mark>`, `700 INDEX MARK`; the others without a mark.
fn parse_event(code: u16, lines: &[String]) -> Option<SsipEvent> {
    let id: u64 = lines.first()?.trim().parse().ok()?;
    Some(match code {
        700 => SsipEvent::IndexMark(id, lines.get(2)?.clone()),
        701 => SsipEvent::Begin(id),
        702 => SsipEvent::End(id),
        703 => SsipEvent::Cancel(id),
        704 => SsipEvent::Pause(id),
        705 => SsipEvent::Resume(id),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn replies_and_events_are_told_apart() {
        let wire = "225-17\r\n225 OK MESSAGE QUEUED\r\n701-17\r\n701-3\r\n701 BEGIN\r\n\
                    700-17\r\n700-3\r\n700-w2\r\n700 INDEX MARK\r\n702-17\r\n702-3\r\n702 END\r\n";
        let (tx, rx) = mpsc::channel();
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&events);
        read_loop(wire.as_bytes(), &tx, &move |e, _| sink.lock().unwrap().push(e));
        assert_eq!(
            rx.recv().unwrap(),
            Reply { code: 225, lines: vec!["17".into(), "OK MESSAGE QUEUED".into()] }
        );
        assert_eq!(
            *events.lock().unwrap(),
            [SsipEvent::Begin(17), SsipEvent::IndexMark(17, "w2".into()), SsipEvent::End(17)]
        );
    }
}
