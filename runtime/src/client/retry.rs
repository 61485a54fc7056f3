//! The retry policy: which failures are retried, how long to wait, and where to send the next
//! attempt. This is the one place the policy is decided; the client only asks it.
//!
//! - Only endpoints whose spec marks them idempotent are retried (all the query endpoints).
//! - Retried: HTTP 429 (FREQUENCY_LIMITED), 500 (SYSTEM_ERROR), 502, 503 and 504, and transport
//!   failures (connection refused or reset, timeouts, a body cut short).
//! - Never retried: other 4xx answers (the request itself is wrong), and a 2xx whose signature
//!   does not verify (a forgery is not a transient fault).
//! - Waiting: exponential backoff from `initial_backoff`, doubling per attempt up to
//!   `max_backoff`, with jitter (each wait is between half and all of the computed delay), so
//!   that many clients do not retry in step. A `Retry-After` header, in seconds or as an HTTP
//!   date, replaces the computed wait; every wait is capped at `max_backoff`.
//! - Failover: after a connection failure the next attempt goes to the backup domain
//!   (api2.mch.weixin.qq.com), and the call stays there.
//! - Every attempt is signed afresh (new timestamp and nonce) over the same request.

use std::time::Duration;

use aws_lc_rs::rand::{SecureRandom, SystemRandom};

/// How failed calls are retried.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// The wait before the second attempt, before jitter.
    pub initial_backoff: Duration,
    /// The longest wait between two attempts, `Retry-After` included.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// A policy with `max_attempts` attempts and the default waits.
    pub fn attempts(max_attempts: u32) -> Self {
        Self {
            max_attempts: max_attempts.max(1),
            ..Self::default()
        }
    }

    /// Sets the backoff bounds.
    #[must_use]
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The wait after failed attempt number `attempt` (1-based), honouring `retry_after`.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_backoff);
        }
        let exponent = attempt.saturating_sub(1).min(30);
        let full = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        // Jitter in [full/2, full].
        let half = full / 2;
        half + half.mul_f64(unit_random())
    }
}

/// Whether an HTTP status is worth another attempt.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// The error codes whose documented solution is to try again later with the same parameters:
/// a system fault, and both spellings of the rate limit. An answer with one of them is worth
/// another attempt whatever its status (still on idempotent endpoints only).
pub const RETRYABLE_CODES: &[&str] = &["SYSTEM_ERROR", "FREQUENCY_LIMITED", "RATELIMIT_EXCEEDED"];

/// Whether an error code says to try again later.
pub fn is_retryable_code(code: &str) -> bool {
    RETRYABLE_CODES.contains(&code)
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No connection could be made: retry, on the backup domain.
    Connect,
    /// The connection broke or timed out: retry on the same domain.
    Transport,
    /// An HTTP answer with this status.
    Status(u16),
    /// An error answer whose code is one of [`RETRYABLE_CODES`], whatever its status.
    RetryableCode,
}

impl Failure {
    /// Whether the failure is transient.
    pub fn is_retryable(self) -> bool {
        match self {
            Self::Connect | Self::Transport => true,
            Self::Status(status) => is_retryable_status(status),
            Self::RetryableCode => true,
        }
    }

    /// Whether the next attempt should go to the backup domain.
    pub fn fails_over(self) -> bool {
        self == Self::Connect
    }
}

/// Parses `Retry-After`: delay seconds, or an HTTP date (RFC 9110 IMF-fixdate) relative to `now`.
pub fn parse_retry_after(value: &str, now_unix: i64) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let date = time::PrimitiveDateTime::parse(value, &format).ok()?;
    let seconds = date.assume_utc().unix_timestamp() - now_unix;
    Some(Duration::from_secs(u64::try_from(seconds).unwrap_or(0)))
}

/// A uniformly distributed number in [0, 1).
fn unit_random() -> f64 {
    let mut bytes = [0u8; 8];
    // The system generator does not fail on supported platforms; without it, no jitter.
    if SystemRandom::new().fill(&mut bytes).is_err() {
        return 0.0;
    }
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(350));
        for _ in 0..50 {
            let first = policy.delay(1, None);
            assert!((Duration::from_millis(50)..=Duration::from_millis(100)).contains(&first));
            let second = policy.delay(2, None);
            assert!((Duration::from_millis(100)..=Duration::from_millis(200)).contains(&second));
            let capped = policy.delay(9, None);
            assert!((Duration::from_millis(175)..=Duration::from_millis(350)).contains(&capped));
        }
    }

    #[test]
    fn retry_after_replaces_the_backoff_within_the_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(600))),
            policy.max_backoff
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(parse_retry_after("3", 0), Some(Duration::from_secs(3)));
        // 2015-10-21T07:28:00Z is 1445412480.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_470),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_490),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", 0), None);
    }

    #[test]
    fn classification() {
        for status in [429, 500, 502, 503, 504] {
            assert!(Failure::Status(status).is_retryable());
        }
        for status in [400, 401, 403, 404, 501] {
            assert!(!Failure::Status(status).is_retryable());
        }
        assert!(Failure::RetryableCode.is_retryable());
        assert!(is_retryable_code("RATELIMIT_EXCEEDED"));
        assert!(!is_retryable_code("PARAM_ERROR"));
        assert!(Failure::Connect.fails_over());
        assert!(!Failure::Transport.fails_over());
    }
}
