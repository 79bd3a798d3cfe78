//! Whether a graphical desktop can be reached before the window is made: a `DISPLAY` or
//! `WAYLAND_DISPLAY` left over from another session (an old ssh login, a stopped X server)
//! would otherwise end in the toolkit's panic instead of a clear, translated message.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// What was found of the desktop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Desktop {
    /// A display server answers (or the platform always has one).
    Reachable,
    /// Neither `DISPLAY` nor `WAYLAND_DISPLAY` is set.
    NotSet,
    /// They are set, but no server answers at the named display.
    Unreachable(String),
}

/// Looks for the desktop named by the environment. On Linux and the BSDs: a Wayland
/// compositor's socket, or an X server's (local socket file or abstract name, or TCP port
/// 6000 + N for `host:N`); elsewhere there always is one.
pub fn find() -> Desktop {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return Desktop::Reachable;
    }
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let wayland = var("WAYLAND_DISPLAY");
    let x11 = var("DISPLAY");
    let runtime = var("XDG_RUNTIME_DIR").map(PathBuf::from);
    if wayland.as_deref().is_some_and(|name| wayland_reachable(name, runtime.as_deref()))
        || x11.as_deref().is_some_and(x11_reachable)
    {
        return Desktop::Reachable;
    }
    match (x11, wayland) {
        (None, None) => Desktop::NotSet,
        (Some(display), _) | (None, Some(display)) => Desktop::Unreachable(display),
    }
}

/// Whether the Wayland compositor `name` (a socket name in `runtime`, or a path) answers.
fn wayland_reachable(name: &str, runtime: Option<&Path>) -> bool {
    let path = if Path::new(name).is_absolute() {
        PathBuf::from(name)
    } else {
        match runtime {
            Some(dir) => dir.join(name),
            None => return false,
        }
    };
    connects(&path)
}

/// Whether the X server `display` (`:0`, `:1.0`, `unix:0`, `localhost:10.0`) answers.
fn x11_reachable(display: &str) -> bool {
    let Some((host, rest)) = display.rsplit_once(':') else { return false };
    let Some(number) = rest.split('.').next().and_then(|n| n.parse::<u16>().ok()) else { return false };
    if host.is_empty() || host == "unix" {
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        return connects(&socket) || connects_abstract(&socket);
    }
    tcp_answers(host, 6000u16.saturating_add(number))
}

fn connects(path: &Path) -> bool {
    #[cfg(unix)]
    {
        std::os::unix::net::UnixStream::connect(path).is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Linux X servers also listen on an abstract socket with the same name.
fn connects_abstract(path: &Path) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use std::os::linux::net::SocketAddrExt;
        use std::os::unix::net::{SocketAddr, UnixStream};
        SocketAddr::from_abstract_name(path.as_os_str().as_encoded_bytes())
            .and_then(|address| UnixStream::connect_addr(&address))
            .is_ok()
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = path;
        false
    }
}

fn tcp_answers(host: &str, port: u16) -> bool {
    use std::net::{TcpStream, ToSocketAddrs};
    let Ok(addresses) = (host, port).to_socket_addrs() else { return false };
    addresses.into_iter().any(|a| TcpStream::connect_timeout(&a, Duration::from_millis(500)).is_ok())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn displays_that_name_nothing_are_not_reachable() {
        for display in ["", "0", ":", ":x", "nohost:", ":65000"] {
            assert!(!x11_reachable(display), "{display:?}");
        }
        let empty = tempfile::tempdir().unwrap();
        assert!(!wayland_reachable("wayland-9", Some(empty.path())));
        assert!(!wayland_reachable("wayland-9", None));
    }

    #[test]
    fn a_listening_socket_is_reachable() {
        let dir = tempfile::tempdir().unwrap();
        let _listener = std::os::unix::net::UnixListener::bind(dir.path().join("wayland-7")).unwrap();
        assert!(wayland_reachable("wayland-7", Some(dir.path())));
        assert!(wayland_reachable(&dir.path().join("wayland-7").display().to_string(), None));
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = tcp.local_addr().unwrap().port();
        assert!(tcp_answers("127.0.0.1", port));
    }
}
