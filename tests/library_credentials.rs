//! Secret stores: the in-memory session store, the fallback when no D-Bus session answers, and a
//! real Secret Service (gnome-keyring-daemon in a private `dbus-run-session`, with a throwaway
//! HOME so the user's own keyring is never touched).
//!
//! The tests that need their own environment re-run this test binary as a child process with
//! `TOMOSHIBI_CREDENTIALS_INNER` set, which selects the inner half of the same test.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
use tomoshibi::library::credentials::{Account, SecretError, SecretStore, SessionStore};

const INNER: &str = "TOMOSHIBI_CREDENTIALS_INNER";

fn inner() -> Option<String> {
    std::env::var(INNER).ok()
}

fn account(library: &str, user: &str) -> Account {
    Account { library: library.to_owned(), user: user.to_owned() }
}

#[test]
fn session_store_round_trip_and_delete() {
    if inner().is_some() {
        return;
    }
    let store = SessionStore::new();
    assert!(!store.is_persistent());
    let a = account("lib-a", "2900011");
    let b = account("lib-b", "2900011");
    assert_eq!(store.load(&a), Ok(None));
    store.save(&a, "1234").unwrap();
    assert_eq!(store.load(&a), Ok(Some("1234".to_owned())));
    assert_eq!(store.load(&b), Ok(None), "same card at another library is another account");
    store.save(&a, "5678").unwrap();
    assert_eq!(store.load(&a), Ok(Some("5678".to_owned())));
    store.delete(&a).unwrap();
    assert_eq!(store.load(&a), Ok(None));
    store.delete(&a).unwrap();
    assert!(!format!("{store:?}").contains("5678"));
}

#[test]
fn keyring_errors_are_described_without_secrets() {
    if inner().is_some() {
        return;
    }
    let error = SecretError::Platform("the stored secret is not text".to_owned());
    assert_eq!(error.to_string(), "the keyring failed: the stored secret is not text");
    assert_eq!(SecretError::Locked.to_string(), "the keyring is locked or refused access");
}

/// Tests that need a D-Bus Secret Service (Linux and the BSDs).
#[cfg(all(unix, not(target_os = "macos")))]
mod secret_service {
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, ExitStatus, Stdio};
    use std::time::{Duration, Instant};

    use tomoshibi::library::credentials::{KeyringStore, SecretError, SecretStore, system_store};

    use super::{INNER, account, inner};

    /// A PIN distinctive enough that finding its bytes in a file means it leaked.
    const KEPT_PIN: &str = "pin-4417-tomoshibi-leakcheck";
    const KEYRING_PASSWORD: &str = "test-keyring-password";

    fn on_path(program: &str) -> bool {
        std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
    }

    /// Waits for `child` at most `limit`; on timeout kills its whole process group (the child was
    /// started as the leader of a new group, so this reaches the daemons it started and nothing else).
    fn wait_bounded(mut child: Child, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if Instant::now() > deadline {
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // Also reaps anything the child left running in its group.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stderr(Stdio::null())
            .status();
        if status.is_none() {
            let _ = child.kill();
            let _ = child.wait();
        }
        status
    }

    /// Runs the inner half of `test` in a child process with the given environment.
    fn run_inner(test: &str, mode: &str, envs: &[(&str, &Path)], wrapper: &[&str]) -> (ExitStatus, String) {
        use std::os::unix::process::CommandExt;
        let exe = std::env::current_exe().unwrap();
        let (program, args): (&str, Vec<String>) = match wrapper.split_first() {
            Some((first, rest)) => (first, rest.iter().map(|s| (*s).to_owned()).collect()),
            None => (exe.to_str().unwrap(), vec!["--exact".into(), test.into(), "--nocapture".into()]),
        };
        let mut command = Command::new(program);
        command
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env(INNER, mode)
            .env("TEST_EXE", &exe)
            .env("TEST_NAME", test)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        for (key, value) in envs {
            command.env(key, value);
        }
        let mut child = command.spawn().unwrap();
        let mut out = child.stdout.take().unwrap();
        let mut err = child.stderr.take().unwrap();
        let readers = [
            std::thread::spawn(move || std::io::read_to_string(&mut out).unwrap_or_default()),
            std::thread::spawn(move || std::io::read_to_string(&mut err).unwrap_or_default()),
        ];
        let status = wait_bounded(child, Duration::from_secs(60)).expect("the child test timed out");
        let output = readers.map(|r| r.join().unwrap()).join("\n");
        (status, output)
    }

    fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                files_under(&entry.path(), found);
            } else if kind.is_file() {
                found.push(entry.path());
            }
        }
    }

    #[test]
    fn no_dbus_session_falls_back_to_memory_quickly() {
        const TEST: &str = "secret_service::no_dbus_session_falls_back_to_memory_quickly";
        match inner().as_deref() {
            Some("no-dbus") => {
                let started = Instant::now();
                let opened = KeyringStore::open();
                assert!(opened.is_err(), "a keyring answered without D-Bus");
                let store = system_store();
                let elapsed = started.elapsed();
                assert!(!store.is_persistent());
                assert!(elapsed < Duration::from_millis(1500), "took {elapsed:?}");
                let who = account("lib", "1");
                store.save(&who, "0000").unwrap();
                assert_eq!(store.load(&who), Ok(Some("0000".to_owned())));
                println!("fell back in {elapsed:?}: {:?}", opened.err());
            }
            Some(_) => {}
            None => {
                let dir = tempfile::tempdir().unwrap();
                let nowhere = dir.path().join("no-bus-here");
                let address = format!("unix:path={}", nowhere.display());
                let started = Instant::now();
                let (status, output) = run_inner(
                    TEST,
                    "no-dbus",
                    &[
                        ("DBUS_SESSION_BUS_ADDRESS", Path::new(&address)),
                        ("HOME", dir.path()),
                        ("XDG_RUNTIME_DIR", dir.path()),
                    ],
                    &[],
                );
                assert!(status.success(), "{output}");
                assert!(output.contains("fell back in"), "the inner test did not run: {output}");
                assert!(started.elapsed() < Duration::from_secs(10));
                println!("{output}");
            }
        }
    }

    /// The shell run inside `dbus-run-session`: start gnome-keyring unlocked with a known password,
    /// wait until it owns the Secret Service name, run the inner test, then stop the daemon.
    const SESSION_SCRIPT: &str = r#"
    printf '%s' "$KEYRING_PASSWORD" | gnome-keyring-daemon --foreground --unlock --components=secrets \
        >"$HOME/gnome-keyring.log" 2>&1 &
    daemon=$!
    i=0
    while [ $i -lt 100 ]; do
        if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; then
            break
        fi
        i=$((i + 1))
        sleep 0.1
    done
    "$TEST_EXE" --exact "$TEST_NAME" --nocapture
    status=$?
    kill "$daemon" 2>/dev/null
    wait "$daemon" 2>/dev/null
    exit $status
    "#;

    #[test]
    fn real_secret_service_round_trip() {
        const TEST: &str = "secret_service::real_secret_service_round_trip";
        match inner().as_deref() {
            Some("secret-service") => secret_service_inner(),
            Some(_) => {}
            None => {
                for tool in ["dbus-run-session", "gnome-keyring-daemon", "dbus-send"] {
                    if !on_path(tool) {
                        println!("skipped: `{tool}` is not installed (Debian packages: dbus, gnome-keyring)");
                        return;
                    }
                }
                let dir = tempfile::tempdir().unwrap();
                let home = dir.path();
                let runtime = home.join("runtime");
                std::fs::create_dir(&runtime).unwrap();
                {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
                }
                let data = home.join("data");
                let config = home.join("config");
                let cache = home.join("cache");
                let started = Instant::now();
                let (status, output) = run_inner(
                    TEST,
                    "secret-service",
                    &[
                        ("HOME", home),
                        ("XDG_DATA_HOME", &data),
                        ("XDG_CONFIG_HOME", &config),
                        ("XDG_CACHE_HOME", &cache),
                        ("XDG_RUNTIME_DIR", &runtime),
                        ("KEYRING_PASSWORD", Path::new(KEYRING_PASSWORD)),
                    ],
                    &["dbus-run-session", "--", "sh", "-c", SESSION_SCRIPT],
                );
                assert!(status.success(), "{output}");
                assert!(
                    output.contains("secret service round trip ok"),
                    "the inner test did not run: {output}"
                );
                println!("real Secret Service round trip in {:?}\n{output}", started.elapsed());

                let mut files = Vec::new();
                files_under(home, &mut files);
                let keyring = data.join("keyrings").join("login.keyring");
                assert!(files.contains(&keyring), "no keyring file was written: {files:?}");
                for file in &files {
                    let bytes = std::fs::read(file).unwrap();
                    let leaked = bytes.windows(KEPT_PIN.len()).any(|w| w == KEPT_PIN.as_bytes());
                    assert!(!leaked, "the PIN is readable in {}", file.display());
                }
            }
        }
    }

    fn secret_service_inner() {
        let started = Instant::now();
        let system = system_store();
        assert!(system.is_persistent(), "system_store did not find the Secret Service");
        let keyring = KeyringStore::open().unwrap();

        let kept = account("https://library.example/auth", "29000111");
        let elsewhere = account("https://other.example/auth", "29000111");
        keyring.save(&kept, KEPT_PIN).unwrap();
        assert_eq!(keyring.load(&kept), Ok(Some(KEPT_PIN.to_owned())));
        assert_eq!(system.load(&kept), Ok(Some(KEPT_PIN.to_owned())));
        assert_eq!(keyring.load(&elsewhere), Ok(None));

        let temporary = account("https://library.example/auth", "29000222");
        keyring.save(&temporary, "1111").unwrap();
        keyring.save(&temporary, "2222").unwrap();
        assert_eq!(keyring.load(&temporary), Ok(Some("2222".to_owned())));
        keyring.delete(&temporary).unwrap();
        assert_eq!(keyring.load(&temporary), Ok(None));
        keyring.delete(&temporary).unwrap();
        // `kept` stays, so the outer test can look for its PIN in the files on disk.
        println!("secret service round trip ok in {:?} ({})", started.elapsed(), keyring.vendor());
    }

    #[test]
    fn locked_keyring_refuses_without_hanging() {
        const TEST: &str = "secret_service::locked_keyring_refuses_without_hanging";
        match inner().as_deref() {
            Some("locked") => {
                // No daemon was started: D-Bus activation starts gnome-keyring with no unlocked
                // collection, and there is no prompter to ask the patron.
                let system = system_store();
                let who = account("https://library.example/auth", "29000333");
                let started = Instant::now();
                let saved = system.save(&who, "9999");
                let elapsed = started.elapsed();
                assert!(
                    matches!(saved, Err(SecretError::Locked)) || (saved.is_ok() && !system.is_persistent()),
                    "{saved:?}"
                );
                assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
                println!("locked keyring answered {saved:?} in {elapsed:?}");
            }
            Some(_) => {}
            None => {
                for tool in ["dbus-run-session", "gnome-keyring-daemon"] {
                    if !on_path(tool) {
                        println!("skipped: `{tool}` is not installed (Debian packages: dbus, gnome-keyring)");
                        return;
                    }
                }
                let dir = tempfile::tempdir().unwrap();
                let home = dir.path();
                let runtime = home.join("runtime");
                std::fs::create_dir(&runtime).unwrap();
                {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
                }
                let data = home.join("data");
                let (status, output) = run_inner(
                    TEST,
                    "locked",
                    &[("HOME", home), ("XDG_DATA_HOME", &data), ("XDG_RUNTIME_DIR", &runtime)],
                    &[
                        "dbus-run-session",
                        "--",
                        "sh",
                        "-c",
                        r#"exec "$TEST_EXE" --exact "$TEST_NAME" --nocapture"#,
                    ],
                );
                assert!(status.success(), "{output}");
                assert!(output.contains("locked keyring answered"), "the inner test did not run: {output}");
            }
        }
    }
}
