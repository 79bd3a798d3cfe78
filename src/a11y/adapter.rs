//! Pushes the accessibility tree to the platform's screen-reader interface
//! through AccessKit, and brings screen-reader actions (click, increment,
//! focus…) back as [`ActionRequest`]s.
//!
//! - Linux/BSD: `accesskit_unix` (AT-SPI over D-Bus). It needs no window
//!   handle and stays idle until an assistive technology enables AT-SPI.
//! - Windows and macOS: `accesskit_windows` / `accesskit_macos` subclass the
//!   native window, which must happen on the UI thread before the window is
//!   first shown. The window therefore opens hidden there; the UI hands its
//!   native handle to [`Accessibility::attach`] and only then shows it. The
//!   adapters are not `Send`, so they live in a thread-local of the UI thread.
//!   (These two are built only on their platforms; this project's CI is
//!   Linux, so they are checked by the manual list in TESTING.md.)

use accesskit::{ActionRequest, TreeUpdate};
use futures::channel::mpsc::UnboundedSender;
use std::sync::{Arc, Mutex};

/// Where screen-reader actions are sent.
pub type ActionSender = UnboundedSender<ActionRequest>;

/// A native window handle, for the platforms whose adapters need one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NativeWindow {
    /// A Win32 `HWND`.
    Win32(isize),
    /// A pointer to an AppKit `NSView` (the window's content view).
    AppKit(usize),
}

/// Whether this platform's adapter needs [`Accessibility::attach`] before
/// the window is shown (the window must then open hidden).
pub const NEEDS_NATIVE_WINDOW: bool = cfg!(any(windows, target_os = "macos"));

/// The bridge between our tree and the platform.
pub struct Accessibility {
    latest: Arc<Mutex<Option<TreeUpdate>>>,
    platform: platform::Adapter,
}

impl std::fmt::Debug for Accessibility {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Accessibility").finish_non_exhaustive()
    }
}

struct Activation(Arc<Mutex<Option<TreeUpdate>>>);

impl accesskit::ActivationHandler for Activation {
    fn request_initial_tree(&mut self) -> Option<TreeUpdate> {
        self.0.lock().ok().and_then(|t| t.clone())
    }
}

struct Actions(ActionSender);

impl accesskit::ActionHandler for Actions {
    fn do_action(&mut self, request: ActionRequest) {
        let _ = self.0.unbounded_send(request);
    }
}

struct Deactivation;

impl accesskit::DeactivationHandler for Deactivation {
    fn deactivate_accessibility(&mut self) {}
}

impl Accessibility {
    /// Registers the app with the platform's accessibility service.
    /// Actions requested by assistive technologies go to `actions`.
    pub fn new(actions: ActionSender) -> Self {
        let latest = Arc::new(Mutex::new(None));
        let platform =
            platform::Adapter::new(Activation(Arc::clone(&latest)), Actions(actions), Deactivation);
        Self { latest, platform }
    }

    /// Attaches to the native window (Windows, macOS). Call on the UI thread
    /// before the window is first shown; elsewhere it does nothing.
    pub fn attach(&mut self, window: NativeWindow) {
        self.platform.attach(window);
    }

    /// Replaces the tree (a full tree every time).
    pub fn update(&mut self, update: TreeUpdate) {
        if let Ok(mut latest) = self.latest.lock() {
            *latest = Some(update.clone());
        }
        self.platform.update(update);
    }

    /// Tells the platform whether our window has keyboard focus; focus
    /// events are only raised while it does.
    pub fn set_window_focused(&mut self, focused: bool) {
        self.platform.set_window_focused(focused);
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
mod platform {
    use accesskit::TreeUpdate;

    pub struct Adapter(accesskit_unix::Adapter);

    impl Adapter {
        pub fn new(
            activation: super::Activation,
            actions: super::Actions,
            deactivation: super::Deactivation,
        ) -> Self {
            Self(accesskit_unix::Adapter::new(activation, actions, deactivation))
        }

        pub fn attach(&mut self, _window: super::NativeWindow) {}

        pub fn update(&mut self, update: TreeUpdate) {
            self.0.update_if_active(|| update);
        }

        pub fn set_window_focused(&mut self, focused: bool) {
            self.0.update_window_focus_state(focused);
        }
    }
}

#[cfg(windows)]
mod platform {
    use accesskit::TreeUpdate;
    use std::cell::RefCell;

    thread_local! {
        static ADAPTER: RefCell<Option<accesskit_windows::SubclassingAdapter>> = const { RefCell::new(None) };
    }

    /// Holds the handlers until the window handle arrives.
    pub struct Adapter(Option<(super::Activation, super::Actions)>);

    impl Adapter {
        pub fn new(activation: super::Activation, actions: super::Actions, _: super::Deactivation) -> Self {
            Self(Some((activation, actions)))
        }

        pub fn attach(&mut self, window: super::NativeWindow) {
            let super::NativeWindow::Win32(hwnd) = window else { return };
            let Some((activation, actions)) = self.0.take() else { return };
            let hwnd = accesskit_windows::HWND(hwnd as *mut core::ffi::c_void);
            let adapter = accesskit_windows::SubclassingAdapter::new(hwnd, activation, actions);
            ADAPTER.with(|slot| *slot.borrow_mut() = Some(adapter));
        }

        pub fn update(&mut self, update: TreeUpdate) {
            ADAPTER.with(|slot| {
                if let Some(adapter) = slot.borrow_mut().as_mut()
                    && let Some(events) = adapter.update_if_active(|| update)
                {
                    events.raise();
                }
            });
        }

        /// The subclassed window procedure follows focus itself.
        pub fn set_window_focused(&mut self, _focused: bool) {}
    }
}

#[cfg(target_os = "macos")]
mod platform {
    use accesskit::TreeUpdate;
    use std::cell::RefCell;

    thread_local! {
        static ADAPTER: RefCell<Option<accesskit_macos::SubclassingAdapter>> = const { RefCell::new(None) };
    }

    /// Holds the handlers until the view pointer arrives.
    pub struct Adapter(Option<(super::Activation, super::Actions)>);

    impl Adapter {
        pub fn new(activation: super::Activation, actions: super::Actions, _: super::Deactivation) -> Self {
            Self(Some((activation, actions)))
        }

        #[allow(unsafe_code)]
        pub fn attach(&mut self, window: super::NativeWindow) {
            let super::NativeWindow::AppKit(view) = window else { return };
            let Some((activation, actions)) = self.0.take() else { return };
            // SAFETY: `view` is the live NSView of our own window, read from
            // winit's AppKit handle on the main thread a moment ago; the window
            // outlives the adapter (both end with the app).
            let adapter = unsafe {
                accesskit_macos::SubclassingAdapter::new(view as *mut core::ffi::c_void, activation, actions)
            };
            ADAPTER.with(|slot| *slot.borrow_mut() = Some(adapter));
        }

        pub fn update(&mut self, update: TreeUpdate) {
            ADAPTER.with(|slot| {
                if let Some(adapter) = slot.borrow_mut().as_mut()
                    && let Some(events) = adapter.update_if_active(|| update)
                {
                    events.raise();
                }
            });
        }

        pub fn set_window_focused(&mut self, focused: bool) {
            ADAPTER.with(|slot| {
                if let Some(adapter) = slot.borrow_mut().as_mut()
                    && let Some(events) = adapter.update_view_focus_state(focused)
                {
                    events.raise();
                }
            });
        }
    }
}

#[cfg(not(any(unix, windows)))]
mod platform {
    use accesskit::TreeUpdate;

    /// No accessibility API is known on this platform: the tree is still
    /// kept for activation, nothing is pushed.
    pub struct Adapter;

    impl Adapter {
        pub fn new(_: super::Activation, _: super::Actions, _: super::Deactivation) -> Self {
            Self
        }

        pub fn attach(&mut self, _window: super::NativeWindow) {}

        pub fn update(&mut self, _update: TreeUpdate) {}

        pub fn set_window_focused(&mut self, _focused: bool) {}
    }
}
