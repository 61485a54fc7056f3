//! Where "now" comes from.
//!
//! Request timestamps and the response time window both read the clock, so tests that swap in a
//! [`ManualClock`] can move time (past a window edge, past a certificate's expiry) without
//! sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A source of the current time in unix seconds.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Seconds since 1970-01-01T00:00:00Z; negative before it.
    fn now_unix(&self) -> i64;
}

/// The operating system's wall clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_unix(&self) -> i64 {
        // A wall clock set before 1970 is broken, but it is still a time, not a reason to panic.
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
        }
    }
}

/// A clock that stands still until told to move.
///
/// Clones share one time: a test keeps a handle and moves the clock that the code under test
/// holds.
#[derive(Debug, Clone, Default)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    /// A clock reading `now_unix`.
    pub fn new(now_unix: i64) -> Self {
        Self(Arc::new(AtomicI64::new(now_unix)))
    }

    /// Sets the time, for this handle and every clone.
    pub fn set(&self, now_unix: i64) {
        self.0.store(now_unix, Ordering::SeqCst);
    }

    /// Moves the time by `seconds` (backwards when negative), saturating at the ends of `i64`.
    pub fn advance(&self, seconds: i64) {
        // fetch_add would wrap silently; a clock that jumps from the far future to the far past
        // would make a very confusing test failure.
        let mut current = self.0.load(Ordering::SeqCst);
        loop {
            let next = current.saturating_add(seconds);
            match self
                .0
                .compare_exchange_weak(current, next, Ordering::SeqCst, Ordering::SeqCst)
            {
                Ok(_) => return,
                Err(actual) => current = actual,
            }
        }
    }
}

impl Clock for ManualClock {
    fn now_unix(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Lets an `Arc<dyn Clock>` stand wherever a clock is expected.
impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now_unix(&self) -> i64 {
        (**self).now_unix()
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now_unix(&self) -> i64 {
        (**self).now_unix()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_clock_is_after_2020() {
        assert!(SystemClock.now_unix() > 1_577_836_800);
    }

    #[test]
    fn manual_clock_clones_share_one_time() {
        let clock = ManualClock::new(1_700_000_000);
        let shared: Arc<dyn Clock> = Arc::new(clock.clone());
        clock.advance(301);
        assert_eq!(shared.now_unix(), 1_700_000_301);
        clock.advance(-1);
        assert_eq!(shared.now_unix(), 1_700_000_300);
        clock.set(5);
        assert_eq!(shared.now_unix(), 5);
    }

    #[test]
    fn manual_clock_saturates() {
        let clock = ManualClock::new(i64::MAX - 1);
        clock.advance(10);
        assert_eq!(clock.now_unix(), i64::MAX);
        clock.set(i64::MIN + 1);
        clock.advance(-10);
        assert_eq!(clock.now_unix(), i64::MIN);
    }
}
