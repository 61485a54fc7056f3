//! Dates as pages write them (`2020.11.06`, `2020.2.27`, `2020年9月14日`), and the 版本说明:
//! a version line, a date line, then the changes, entry after entry, newest first.

use super::lines::{Line, words};
use crate::spec::HistoryEntry;

/// A date written `YYYY.M.D` (or with `-`, `/` or 年月日), as `YYYY-MM-DD`; `None` for
/// anything else, an impossible month or day included.
pub(crate) fn date(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('日');
    let parts: Vec<&str> = text.split(['.', '-', '/', '年', '月']).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if year.len() != 4 || !all_digits(year) || !all_digits(month) || !all_digits(day) {
        return None;
    }
    let (month, day): (u8, u8) = (month.parse().ok()?, day.parse().ok()?);
    let date =
        time::Date::from_calendar_date(year.parse().ok()?, time::Month::try_from(month).ok()?, day)
            .ok()?;
    Some(format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    ))
}

/// A version line (`V1.5`), with the date when it stands on the same line.
fn version(text: &str) -> Option<(String, Option<String>)> {
    let parts = words(text);
    let (first, rest) = parts.split_first()?;
    let number = first.strip_prefix(['V', 'v'])?;
    let valid = !number.is_empty()
        && number
            .split('.')
            .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    match rest {
        [] if valid => Some(((*first).to_owned(), None)),
        [when] if valid => date(when).map(|d| ((*first).to_owned(), Some(d))),
        _ => None,
    }
}

/// Whether `lines[start]` opens a history: a version line, its date on it or on the next line
/// that is not blank.
pub(crate) fn starts(lines: &[Line], start: usize) -> bool {
    entry_head(lines, start).is_some()
}

/// An entry's version, date, and the index of its first line of changes.
fn entry_head(lines: &[Line], start: usize) -> Option<(String, String, usize)> {
    let (version, date_on_line) = version(lines.get(start)?.text)?;
    if let Some(date) = date_on_line {
        return Some((version, date, start + 1));
    }
    let (index, line) = lines
        .iter()
        .enumerate()
        .skip(start + 1)
        .find(|(_, l)| !l.is_blank())?;
    Some((version, date(line.text)?, index + 1))
}

/// Reads the entries from `lines[start]`; an entry's changes run to a blank line or the next
/// version line. Returns the index of the first line after the history.
pub(crate) fn read(lines: &[Line], start: usize) -> (usize, Vec<HistoryEntry>) {
    let mut entries = Vec::new();
    let mut at = start;
    while let Some((number, when, first)) = entry_head(lines, at) {
        let mut changes = Vec::new();
        at = first;
        while let Some(line) = lines.get(at) {
            if line.is_blank() || entry_head(lines, at).is_some() {
                break;
            }
            changes.push(line.trimmed());
            at += 1;
        }
        entries.push(HistoryEntry {
            version: number,
            date: when,
            changes: changes.join("\n"),
        });
        // Entries may stand apart by blank lines.
        if let Some((next, line)) = lines
            .iter()
            .enumerate()
            .skip(at)
            .find(|(_, l)| !l.is_blank())
            && version(line.text).is_some()
        {
            at = next;
        }
    }
    (at, entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::split;

    #[test]
    fn dates_in_every_spelling() {
        assert_eq!(date("2020.2.27").as_deref(), Some("2020-02-27"));
        assert_eq!(date("2025.08.21").as_deref(), Some("2025-08-21"));
        assert_eq!(date("2020年9月14日").as_deref(), Some("2020-09-14"));
        assert_eq!(date("2020.13.01"), None);
        assert_eq!(date("V1.5"), None);
    }

    #[test]
    fn entries_newest_first_with_their_changes() {
        let page = "V1.5\n2020.11.06\n1. 调整:\nA:一\nV1.4 2020.09.14\n1.新增说明\n\nV1.0\n2019.09.11\n1. 上线\n\n技术咨询";
        let lines = split(page);
        assert!(starts(&lines, 0));
        let (end, entries) = read(&lines, 0);
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].changes, "1. 调整:\nA:一");
        assert_eq!(entries[1].date, "2020-09-14");
        assert_eq!(lines[end].text, "");
    }
}
