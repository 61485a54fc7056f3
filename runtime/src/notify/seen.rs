//! Which notifications were handled already: WeChat Pay delivers one again when an answer is a
//! failure or late, and sometimes when it was not.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::client::Client;

/// How long WeChat Pay goes on delivering a notification that is not acknowledged: 15 s, 15 s,
/// 30 s, 3 min, 10 min, 20 min, 30 min, 30 min, 30 min, 60 min, 3 h, 3 h, 3 h, 6 h and 6 h
/// apart, 24 h 4 min in all (支付通知).
pub const RETRY_SPAN: Duration = Duration::from_secs(24 * 3600 + 4 * 60);

/// How long [`InMemorySeenNotifications`] remembers an id: 25 hours, the [`RETRY_SPAN`] with
/// nearly an hour to spare for the 5 s each delivery may wait for its answer, queueing on
/// WeChat Pay's side, and clocks that differ.
pub const SEEN_RETENTION: Duration = Duration::from_secs(25 * 3600);

/// How many ids [`InMemorySeenNotifications::default`] keeps at most: 100,000, a day of
/// notifications at more than one a second, in under 20 MB.
pub const DEFAULT_SEEN_CAPACITY: usize = 100_000;

/// What a [`SeenNotifications`] store knows of a notification id when it is claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeenState {
    /// Not seen (or forgotten): it is now recorded as being handled by the caller.
    New,
    /// Claimed by another delivery whose handling has not ended.
    InProgress,
    /// Handled: a duplicate, to acknowledge without handling again.
    Handled,
}

/// Where the ids of notifications being handled and handled are kept, so that a duplicate is
/// acknowledged without being handled twice.
///
/// [`InMemorySeenNotifications`] is the default; a store shared by several servers (a database
/// table, Redis `SET id NX EX`) implements this over it. Only notifications whose signature was
/// verified reach a store, so an unsigned request cannot fill one. A store shared across
/// processes should also let a claim in progress expire after some minutes, since a process
/// that dies never releases its claims.
pub trait SeenNotifications: Send + Sync {
    /// Claims `id` at `now_unix` (the client's clock, unix seconds): [`SeenState::New`] when
    /// it is not known, after recording it as in progress; otherwise what is known of it.
    /// Atomic: of two concurrent claims of one id, one only is `New`.
    fn claim(&self, id: &str, now_unix: i64) -> SeenState;

    /// The claimed `id` was handled at `now_unix`: later claims are [`SeenState::Handled`].
    fn handled(&self, id: &str, now_unix: i64);

    /// The claimed `id` was not handled (the handler failed or was cancelled): forget the
    /// claim, so that WeChat Pay's next delivery is handled.
    fn release(&self, id: &str);
}

/// What [`super::NotificationReceiver::claim`] decides for a delivery.
#[derive(Debug)]
#[must_use = "a first delivery must be handled, then its claim marked handled"]
pub enum Delivery {
    /// The first delivery, now claimed: handle it, then call [`Claim::handled`]. A claim
    /// dropped before that is released, so that the next delivery is handled.
    First(Claim),
    /// Another delivery of it is being handled: answer a failure
    /// ([`super::Acknowledgement::failure`]), so that WeChat Pay delivers it again later.
    InProgress,
    /// Handled already: answer [`super::Acknowledgement::success`] without handling it again.
    Duplicate,
}

/// A notification claimed for handling; released when dropped unless marked handled.
#[must_use = "dropping the claim releases it; call `handled` once the notification is handled"]
pub struct Claim {
    seen: Arc<dyn SeenNotifications>,
    client: Client,
    id: String,
    settled: bool,
}

impl Delivery {
    /// Claims `id` in `seen` on `client`'s clock: what this delivery of it is.
    pub(super) fn claim(seen: Arc<dyn SeenNotifications>, client: Client, id: &str) -> Self {
        match seen.claim(id, client.now_unix()) {
            SeenState::New => Self::First(Claim {
                seen,
                client,
                id: id.to_owned(),
                settled: false,
            }),
            SeenState::InProgress => Self::InProgress,
            SeenState::Handled => Self::Duplicate,
        }
    }
}

impl Claim {
    /// The notification id claimed.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The notification was handled: later deliveries of it are duplicates.
    pub fn handled(mut self) {
        self.seen.handled(&self.id, self.client.now_unix());
        self.settled = true;
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if !self.settled {
            self.seen.release(&self.id);
        }
    }
}

impl fmt::Debug for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claim")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Remembers notification ids in memory for [`SEEN_RETENTION`], at most a fixed number of them.
///
/// Ids older than the retention are forgotten as new ones arrive. When the store is full with
/// ids still within it, the oldest claimed is forgotten first (handled or not): a late
/// redelivery of it would be handled again, which the handler's own idempotence must absorb,
/// rather than memory growing without bound. Lost on restart, and not shared between
/// processes.
pub struct InMemorySeenNotifications {
    capacity: usize,
    ledger: Mutex<Ledger>,
}

#[derive(Default)]
struct Ledger {
    /// Each id is allocated once, shared by its entry and its record in `order`.
    entries: HashMap<Arc<str>, Entry>,
    /// Claims in the order made: `(sequence, claimed at, id)`. A record whose sequence is not
    /// its id's entry's any more (released, claimed again) is stale and skipped.
    order: VecDeque<(u64, i64, Arc<str>)>,
    next: u64,
}

struct Entry {
    sequence: u64,
    handled: bool,
}

impl Default for InMemorySeenNotifications {
    fn default() -> Self {
        Self::with_capacity(DEFAULT_SEEN_CAPACITY)
    }
}

impl InMemorySeenNotifications {
    /// A store keeping at most [`DEFAULT_SEEN_CAPACITY`] ids.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store keeping at most `capacity` ids (at least one).
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            ledger: Mutex::new(Ledger::default()),
        }
    }

    /// How many ids are remembered now, handled or in progress (expired ones may linger until
    /// the next claim).
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether no id is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Ledger> {
        // The ledger is consistent after every statement; a panic elsewhere does not spoil it.
        self.ledger.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Ledger {
    /// Forgets the ids claimed more than the retention before `now`.
    fn expire(&mut self, now: i64) {
        let retention = i64::try_from(SEEN_RETENTION.as_secs()).unwrap_or(i64::MAX);
        while let Some((_, at, _)) = self.order.front() {
            if at.saturating_add(retention) > now {
                break;
            }
            self.pop_oldest();
        }
    }

    /// Forgets the oldest record; its id too, unless the record is stale.
    fn pop_oldest(&mut self) -> bool {
        let Some((sequence, _, id)) = self.order.pop_front() else {
            return false;
        };
        if self
            .entries
            .get(&id)
            .is_some_and(|e| e.sequence == sequence)
        {
            self.entries.remove(&id);
        }
        true
    }

    fn insert(&mut self, id: &str, now: i64, handled: bool, capacity: usize) {
        while self.entries.len() >= capacity && self.pop_oldest() {}
        let sequence = self.next;
        self.next += 1;
        let id: Arc<str> = Arc::from(id);
        self.entries
            .insert(Arc::clone(&id), Entry { sequence, handled });
        self.order.push_back((sequence, now, id));
        // Released ids leave stale records behind; drop them before they outnumber the rest.
        if self.order.len() > capacity.saturating_mul(2) {
            let entries = &self.entries;
            self.order.retain(|(sequence, _, id)| {
                entries.get(id).is_some_and(|e| e.sequence == *sequence)
            });
        }
    }
}

impl SeenNotifications for InMemorySeenNotifications {
    fn claim(&self, id: &str, now_unix: i64) -> SeenState {
        let mut ledger = self.lock();
        ledger.expire(now_unix);
        match ledger.entries.get(id) {
            Some(entry) if entry.handled => SeenState::Handled,
            Some(_) => SeenState::InProgress,
            None => {
                ledger.insert(id, now_unix, false, self.capacity);
                SeenState::New
            }
        }
    }

    fn handled(&self, id: &str, now_unix: i64) {
        let mut ledger = self.lock();
        match ledger.entries.get_mut(id) {
            Some(entry) => entry.handled = true,
            // Evicted while it was handled: remembered from now.
            None => ledger.insert(id, now_unix, true, self.capacity),
        }
    }

    fn release(&self, id: &str) {
        self.lock().entries.remove(id);
    }
}

impl fmt::Debug for InMemorySeenNotifications {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InMemorySeenNotifications")
            .field("capacity", &self.capacity)
            .field("len", &self.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_763_683_200;

    fn retention() -> i64 {
        i64::try_from(SEEN_RETENTION.as_secs()).unwrap()
    }

    #[test]
    fn retention_covers_the_retry_span() {
        assert!(SEEN_RETENTION > RETRY_SPAN);
        assert_eq!(RETRY_SPAN.as_secs(), 86_640);
    }

    #[test]
    fn claim_handle_and_duplicate() {
        let seen = InMemorySeenNotifications::new();
        assert_eq!(seen.claim("a", NOW), SeenState::New);
        assert_eq!(seen.claim("a", NOW), SeenState::InProgress);
        seen.handled("a", NOW);
        assert_eq!(seen.claim("a", NOW + 10), SeenState::Handled);
        assert_eq!(seen.claim("b", NOW), SeenState::New);
        seen.release("b");
        assert_eq!(seen.claim("b", NOW), SeenState::New);
    }

    #[test]
    fn ids_expire_after_the_retention() {
        let seen = InMemorySeenNotifications::new();
        assert_eq!(seen.claim("a", NOW), SeenState::New);
        seen.handled("a", NOW);
        let span = i64::try_from(RETRY_SPAN.as_secs()).unwrap();
        assert_eq!(seen.claim("a", NOW + span), SeenState::Handled);
        assert_eq!(seen.claim("a", NOW + retention() - 1), SeenState::Handled);
        assert_eq!(seen.claim("a", NOW + retention()), SeenState::New);
    }

    #[test]
    fn the_oldest_is_evicted_at_capacity() {
        let seen = InMemorySeenNotifications::with_capacity(3);
        for (i, id) in ["a", "b", "c", "d"].iter().enumerate() {
            assert_eq!(
                seen.claim(id, NOW + i64::try_from(i).unwrap()),
                SeenState::New
            );
            seen.handled(id, NOW);
        }
        assert_eq!(seen.len(), 3);
        assert_eq!(seen.claim("a", NOW + 5), SeenState::New);
        assert_eq!(seen.claim("d", NOW + 5), SeenState::Handled);
    }

    #[test]
    fn released_ids_do_not_grow_the_order() {
        let seen = InMemorySeenNotifications::with_capacity(4);
        for _ in 0..1_000 {
            assert_eq!(seen.claim("x", NOW), SeenState::New);
            seen.release("x");
        }
        assert!(seen.lock().order.len() <= 8);
        assert!(seen.is_empty());
    }

    #[test]
    fn a_handled_evicted_id_is_remembered_again() {
        let seen = InMemorySeenNotifications::with_capacity(1);
        assert_eq!(seen.claim("a", NOW), SeenState::New);
        assert_eq!(seen.claim("b", NOW), SeenState::New);
        seen.handled("a", NOW);
        assert_eq!(seen.claim("a", NOW), SeenState::Handled);
    }
}
