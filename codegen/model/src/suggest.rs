//! "Did you mean …?": the known name closest to a misspelt one, when one is close enough to be
//! a likely slip.

/// The candidate closest to `name` by edit distance, if it is within a third of the name's
/// length (at least one edit) and is not `name` itself.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|candidate| *candidate != name)
        // Lengths further apart than the limit cannot be close; skip the table for them.
        .filter(|candidate| candidate.chars().count().abs_diff(name.chars().count()) <= limit)
        .map(|candidate| (distance(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// `"; did you mean `x`?"`, or nothing.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(name, candidates).map_or_else(String::new, |known| format!("; did you mean `{known}`?"))
}

/// Edit distance between two strings, by characters, counting insertions, deletions,
/// substitutions and swaps of two neighbouring characters as one edit each (the optimal string
/// alignment distance): `tpye` is one slip away from `type`, not two.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows suffice: a swap looks two rows back.
    let mut before_previous: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut current = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j - 1] + cost)
                .min(previous[j] + 1)
                .min(current[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before_previous[j - 2] + 1);
            }
            current[j] = best;
        }
        before_previous = std::mem::replace(&mut previous, current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            closest("exmaple", ["example", "enum", "items"]),
            Some("example")
        );
        assert_eq!(
            closest(
                "return_order_failure_reason",
                ["return_order_fail_reason", "receiver_type"]
            ),
            Some("return_order_fail_reason")
        );
        assert_eq!(closest("colour", ["rfc3339", "merchant_return_no"]), None);
        assert_eq!(did_you_mean("tpye", ["type"]), "; did you mean `type`?");
        assert_eq!(did_you_mean("zzz", ["type"]), "");
    }
}
