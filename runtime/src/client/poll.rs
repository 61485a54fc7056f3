//! Polling a resource until it leaves its pending states, as its spec names them.

use std::time::Duration;

/// A response whose spec names pending states (`poll:` in the spec): generated code implements
/// it from the values the spec lists, so no endpoint is special-cased here.
pub trait Pollable {
    /// Whether the resource is still in a state the spec calls pending (e.g. `PROCESSING`).
    /// Values the spec does not know count as final: the caller sees them rather than waiting.
    fn is_pending(&self) -> bool;
}

/// How long and how often to poll.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PollPolicy {
    /// The wait after the first pending answer.
    pub initial_interval: Duration,
    /// The longest wait between two queries.
    pub max_interval: Duration,
    /// Give up once this much time has passed since the first query.
    pub deadline: Duration,
}

impl Default for PollPolicy {
    fn default() -> Self {
        Self {
            initial_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(30),
            deadline: Duration::from_secs(300),
        }
    }
}

impl PollPolicy {
    /// A policy with the given bounds.
    pub fn new(initial_interval: Duration, max_interval: Duration, deadline: Duration) -> Self {
        Self {
            initial_interval,
            max_interval: max_interval.max(initial_interval),
            deadline,
        }
    }

    /// The wait after the `poll`-th pending answer (1-based): doubling, capped.
    pub fn interval(&self, poll: u32) -> Duration {
        self.initial_interval
            .saturating_mul(1 << poll.saturating_sub(1).min(30))
            .min(self.max_interval)
    }
}
