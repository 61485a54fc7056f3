//! One line for an error and its causes: what `report()` on this crate's errors returns and
//! what its logs write.

/// `error` and each of its causes, joined by `: ` on one line.
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut line = error.to_string();
    let mut cause = error.source();
    while let Some(next) = cause {
        line.push_str(": ");
        line.push_str(&next.to_string());
        cause = next.source();
    }
    line
}
