//! Pushes the accessibility tree to the platform's screen-reader interface
//! through AccessKit, and brings screen-reader actions (click, increment,
//! focus…) back as [`ActionRequest`]s.
//!
//! Linux/BSD use `accesskit_unix` (AT-SPI over D-Bus; it needs no window
//! handle and stays idle until an assistive technology enables AT-SPI).

use accesskit::{ActionRequest, TreeUpdate};
use futures::channel::mpsc::UnboundedSender;
use std::sync::{Arc, Mutex};

/// Where screen-reader actions are sent.
pub type ActionSender = UnboundedSender<ActionRequest>;

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
            activation: impl 'static + accesskit::ActivationHandler + Send,
            actions: impl 'static + accesskit::ActionHandler + Send,
            deactivation: impl 'static + accesskit::DeactivationHandler + Send,
        ) -> Self {
            Self(accesskit_unix::Adapter::new(activation, actions, deactivation))
        }

        pub fn update(&mut self, update: TreeUpdate) {
            self.0.update_if_active(|| update);
        }

        pub fn set_window_focused(&mut self, focused: bool) {
            self.0.update_window_focus_state(focused);
        }
    }
}

/// Windows and macOS adapters subclass the native window, which must happen
/// on the UI thread before the window is first shown; until that wiring
/// lands the tree is kept (and served on activation) but not pushed.
#[cfg(not(all(unix, not(target_os = "macos"))))]
mod platform {
    use accesskit::TreeUpdate;

    pub struct Adapter;

    impl Adapter {
        pub fn new(
            _activation: impl 'static + accesskit::ActivationHandler + Send,
            _actions: impl 'static + accesskit::ActionHandler + Send,
            _deactivation: impl 'static + accesskit::DeactivationHandler + Send,
        ) -> Self {
            Self
        }

        pub fn update(&mut self, _update: TreeUpdate) {}

        pub fn set_window_focused(&mut self, _focused: bool) {}
    }
}
