//! What the patron can do with a publication now, inferred from its acquisition links the way
//! Palace / Library Simplified clients read them.

use time::OffsetDateTime;
use url::Url;

use super::model::{Acquisition, AvailabilityState, Copies, Holds};
use super::rel::AcquisitionKind;

/// Whether and how the patron can read a publication. The UI shows one translated label per
/// variant ("Borrow", "Place hold", "On hold: 3rd of 5", "Ready until …", "Due …").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    /// Free to read, no loan needed.
    OpenAccess {
        /// Removes it from the shelf, if the library offers that.
        revoke: Option<Url>,
    },
    /// A copy is free: borrowing starts a loan.
    Loanable {
        /// Copies owned / free.
        copies: Option<Copies>,
        /// Current hold queue.
        holds: Option<Holds>,
    },
    /// No copy is free: borrowing places a hold.
    Holdable {
        /// Copies owned / free.
        copies: Option<Copies>,
        /// Current hold queue.
        holds: Option<Holds>,
    },
    /// The patron is in the hold queue.
    Held {
        /// When the hold was placed.
        since: Option<OffsetDateTime>,
        /// When the hold is expected to end or expires.
        until: Option<OffsetDateTime>,
        /// Queue position and size.
        holds: Option<Holds>,
        /// Copies owned / free.
        copies: Option<Copies>,
        /// Cancels the hold.
        revoke: Option<Url>,
    },
    /// The hold came in: borrow it before `until`.
    Ready {
        /// Since when it is ready.
        since: Option<OffsetDateTime>,
        /// The deadline to borrow it.
        until: Option<OffsetDateTime>,
        /// Declines the hold.
        revoke: Option<Url>,
    },
    /// The patron can read it now: a current loan (with its dates, when known), or a direct
    /// acquisition link without lending information.
    Loaned {
        /// Loan start.
        since: Option<OffsetDateTime>,
        /// Loan end: lock and delete local content after it.
        until: Option<OffsetDateTime>,
        /// Returns the loan early.
        revoke: Option<Url>,
    },
    /// Nothing the client can do (no links, or only buy/sample/subscribe links).
    Unavailable,
}

impl Availability {
    /// Infers availability from an entry's acquisitions. The most advanced state wins:
    /// loaned > ready > held > open access > loanable > holdable.
    pub fn infer(acquisitions: &[Acquisition], revoke: Option<&Url>) -> Self {
        Self::infer_with(acquisitions, revoke.cloned())
    }

    /// [`infer`](Self::infer), taking the revoke link instead of copying it for each
    /// acquisition.
    pub(crate) fn infer_with(acquisitions: &[Acquisition], revoke: Option<Url>) -> Self {
        // The revoke link does not change the ranking: choose first, then give it to the winner.
        let mut best =
            acquisitions.iter().filter_map(from_link).max_by_key(Self::rank).unwrap_or(Self::Unavailable);
        if let Self::OpenAccess { revoke: slot }
        | Self::Held { revoke: slot, .. }
        | Self::Ready { revoke: slot, .. }
        | Self::Loaned { revoke: slot, .. } = &mut best
        {
            *slot = revoke;
        }
        best
    }

    fn rank(&self) -> u8 {
        match self {
            Self::Unavailable => 0,
            Self::Holdable { .. } => 1,
            Self::Loanable { .. } => 2,
            Self::OpenAccess { .. } => 3,
            Self::Held { .. } => 4,
            Self::Ready { .. } => 5,
            Self::Loaned { .. } => 6,
        }
    }

    /// Start of the loan, hold or ready period.
    pub fn since(&self) -> Option<OffsetDateTime> {
        match self {
            Self::Held { since, .. } | Self::Ready { since, .. } | Self::Loaned { since, .. } => *since,
            _ => None,
        }
    }

    /// End of the loan, hold or ready period.
    pub fn until(&self) -> Option<OffsetDateTime> {
        match self {
            Self::Held { until, .. } | Self::Ready { until, .. } | Self::Loaned { until, .. } => *until,
            _ => None,
        }
    }

    /// The link that returns the loan or cancels the hold.
    pub fn revoke(&self) -> Option<&Url> {
        match self {
            Self::OpenAccess { revoke }
            | Self::Held { revoke, .. }
            | Self::Ready { revoke, .. }
            | Self::Loaned { revoke, .. } => revoke.as_ref(),
            _ => None,
        }
    }

    /// Hold queue information, when the library sent it.
    pub fn holds(&self) -> Option<Holds> {
        match self {
            Self::Loanable { holds, .. } | Self::Holdable { holds, .. } | Self::Held { holds, .. } => *holds,
            _ => None,
        }
    }

    /// Copies information, when the library sent it.
    pub fn copies(&self) -> Option<Copies> {
        match self {
            Self::Loanable { copies, .. } | Self::Holdable { copies, .. } | Self::Held { copies, .. } => {
                *copies
            }
            _ => None,
        }
    }
}

/// What one acquisition link says, without the revoke link.
fn from_link(acquisition: &Acquisition) -> Option<Availability> {
    let revoke = None;
    let copies = acquisition.copies;
    let holds = acquisition.holds;
    let borrow = match acquisition.kind {
        AcquisitionKind::OpenAccess => return Some(Availability::OpenAccess { revoke }),
        AcquisitionKind::Borrow => true,
        AcquisitionKind::Generic => false,
        AcquisitionKind::Buy | AcquisitionKind::Sample | AcquisitionKind::Subscribe => return None,
    };
    let Some(status) = acquisition.status else {
        return Some(if !borrow {
            Availability::Loaned { since: None, until: None, revoke }
        } else if copies.and_then(|c| c.available) == Some(0) {
            Availability::Holdable { copies, holds }
        } else {
            Availability::Loanable { copies, holds }
        });
    };
    let (since, until) = (status.since, status.until);
    Some(match status.state {
        AvailabilityState::Available if borrow => Availability::Loanable { copies, holds },
        AvailabilityState::Available => Availability::Loaned { since, until, revoke },
        AvailabilityState::Ready => Availability::Ready { since, until, revoke },
        AvailabilityState::Reserved => Availability::Held { since, until, holds, copies, revoke },
        AvailabilityState::Unavailable => Availability::Holdable { copies, holds },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::model::LinkAvailability;
    use crate::library::uri_template::Href;

    fn link(
        kind: AcquisitionKind,
        state: Option<AvailabilityState>,
        available: Option<u64>,
    ) -> Option<Acquisition> {
        let url = Url::parse("https://library.example/borrow").ok()?;
        Some(Acquisition {
            kind,
            authenticate: None,
            href: Href::Url(url),
            media_type: None,
            indirect: Vec::new(),
            status: state.map(|state| LinkAvailability { state, since: None, until: None }),
            holds: None,
            copies: available.map(|available| Copies { total: Some(1), available: Some(available) }),
            title: None,
        })
    }

    /// One acquisition link: relation, reported state, copies available.
    type Case = (AcquisitionKind, Option<AvailabilityState>, Option<u64>);

    #[test]
    fn infers_like_palace() {
        use AcquisitionKind::{Borrow, Buy, Generic, OpenAccess};
        use AvailabilityState::{Available, Ready, Reserved, Unavailable};
        let cases: [(&[Case], u8); 12] = [
            (&[], 0),
            (&[(Buy, None, None)], 0),
            (&[(Borrow, None, Some(0))], 1),
            (&[(Borrow, Some(Unavailable), None)], 1),
            (&[(Borrow, None, Some(1))], 2),
            (&[(Borrow, None, None)], 2),
            (&[(Borrow, Some(Available), Some(1))], 2),
            (&[(OpenAccess, None, None), (Borrow, None, None)], 3),
            (&[(Borrow, Some(Reserved), Some(0))], 4),
            (&[(Borrow, Some(Ready), Some(0))], 5),
            (&[(Generic, Some(Available), Some(1))], 6),
            (&[(Generic, None, None), (OpenAccess, None, None)], 6),
        ];
        for (links, rank) in cases {
            let acquisitions: Vec<Acquisition> =
                links.iter().filter_map(|(kind, state, available)| link(*kind, *state, *available)).collect();
            assert_eq!(Availability::infer(&acquisitions, None).rank(), rank, "{links:?}");
        }
    }
}
