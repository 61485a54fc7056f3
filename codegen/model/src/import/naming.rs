//! Names the draft gives the types it makes (objects and enums). Spec names are snake_case
//! identifiers, unique in the file; the draft derives them from the field's wire name, and the
//! spec's author may rename them by meaning (as `receiver` for the items of `receivers`).

use std::collections::{BTreeSet, HashMap};

use crate::names;

/// The names taken in one draft.
#[derive(Debug, Default)]
pub(crate) struct Names {
    taken: BTreeSet<String>,
    /// The next number to try after each stem, so that many rows of one name number on
    /// without counting from 2 each time.
    next: HashMap<String, usize>,
}

impl Names {
    /// A free name made of `base`, else of `owner` and `base`, else numbered.
    pub(crate) fn claim(&mut self, base: &str, owner: Option<&str>) -> String {
        let base = usable(base);
        let owned = owner.map(|o| format!("{o}_{base}"));
        let stem = [
            owned.clone(),
            Some(base.clone()),
            Some(format!("{base}_value")),
        ]
        .into_iter()
        .flatten()
        .find(|name| names::is_identifier(name))
        .unwrap_or_else(|| "field_value".to_owned());
        let candidates = [Some(base), owned, Some(stem.clone())]
            .into_iter()
            .flatten();
        for candidate in candidates {
            if names::is_identifier(&candidate) && self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
        let next = self.next.entry(stem.clone()).or_insert(2);
        loop {
            let candidate = format!("{stem}_{next}");
            *next += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// `base` in snake_case, made an identifier (a keyword or a name starting with a digit gets a
/// word added).
fn usable(base: &str) -> String {
    let snake = names::snake(base);
    if snake.is_empty() {
        "field".to_owned()
    } else if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("field_{snake}")
    } else {
        snake
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_then_owned_then_numbered() {
        let mut names = Names::default();
        assert_eq!(names.claim("result", Some("receivers_item")), "result");
        assert_eq!(
            names.claim("result", Some("receivers_item")),
            "receivers_item_result"
        );
        assert_eq!(
            names.claim("result", Some("receivers_item")),
            "receivers_item_result_2"
        );
        assert_eq!(names.claim("type", None), "type_value");
        assert_eq!(names.claim("type", Some("receiver")), "receiver_type");
        assert_eq!(names.claim("Wechatpay-Serial", None), "wechatpay_serial");
    }
}
