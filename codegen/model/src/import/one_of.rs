//! 二选一 groups: the request fields drafted `one_of`, grouped by the sentence that states the
//! choice (it names the other members by their titles or wire names). Two such fields on a
//! page form one group even when their sentences name nobody; a field with no partner is
//! drafted optional, noted.

use super::draft::{DraftField, DraftOneOf};
use super::text;
use crate::spec::{ImportNote, Required};

/// The most 二选一 fields grouped by their sentences (pairing is quadratic); a page with more
/// has them all made optional, noted.
const MAX_MEMBERS: usize = 64;

/// The groups of `fields`; members left alone are made optional.
pub(crate) fn groups(fields: &mut [DraftField], notes: &mut Vec<ImportNote>) -> Vec<DraftOneOf> {
    let members: Vec<usize> = (0..fields.len())
        .filter(|&i| fields[i].required == Required::OneOf)
        .collect();
    if members.len() > MAX_MEMBERS {
        for &i in &members {
            fields[i].required = Required::No;
        }
        notes.push(ImportNote {
            line: fields[members[0]].line,
            at: "request.one_of".into(),
            issue: format!(
                "{} fields say 二选一, more than {MAX_MEMBERS} the importer groups: all drafted optional",
                members.len()
            ),
        });
        return Vec::new();
    }
    let sentences: Vec<Option<String>> = members
        .iter()
        .map(|&i| text::one_of_sentence(&fields[i].description))
        .collect();
    // group[k]: the group of members[k], merged pair by pair.
    let mut group: Vec<usize> = (0..members.len()).collect();
    for a in 0..members.len() {
        for b in 0..members.len() {
            if a != b && names(sentences[a].as_deref(), &fields[members[b]]) {
                let (from, to) = (group[b], group[a]);
                group
                    .iter_mut()
                    .filter(|g| **g == from)
                    .for_each(|g| *g = to);
            }
        }
    }
    if members.len() == 2 {
        group[1] = group[0];
    }
    let mut result = Vec::new();
    let mut done = Vec::new();
    for k in 0..members.len() {
        if done.contains(&group[k]) {
            continue;
        }
        done.push(group[k]);
        let in_group: Vec<usize> = (0..members.len())
            .filter(|&j| group[j] == group[k])
            .collect();
        if in_group.len() < 2 {
            let field = &mut fields[members[k]];
            field.required = Required::No;
            notes.push(ImportNote {
                line: field.line,
                at: format!("request.fields.{}.required", field.name),
                issue:
                    "二选一, but no other field of the request shares the choice: drafted optional"
                        .into(),
            });
            continue;
        }
        let names: Vec<String> = in_group
            .iter()
            .map(|&j| fields[members[j]].name.clone())
            .collect();
        result.push(DraftOneOf {
            name: crate::names::snake(&names.join("_or_")),
            members: names,
            description: in_group.iter().find_map(|&j| sentences[j].clone()),
        });
    }
    result
}

/// Whether a 二选一 sentence names `field` (by its title, or its wire name).
fn names(sentence: Option<&str>, field: &DraftField) -> bool {
    sentence.is_some_and(|s| {
        (!field.title.is_empty() && s.contains(&field.title)) || s.contains(&field.name)
    })
}
