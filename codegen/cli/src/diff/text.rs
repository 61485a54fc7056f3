//! The report for people: grouped by subject, one headline and one reason per change, and the
//! verdict last. Styles are written as ANSI codes; `anstream` drops them when the output is not
//! a terminal or `NO_COLOR` is set.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use wechatpay_spec::diff::{Bump, Change, Report};

const SUBJECT: Style = Style::new().bold();
const BREAKING: Style = AnsiColor::Red.on_default().bold();
const MINOR: Style = AnsiColor::Green.on_default();
const PATCH: Style = AnsiColor::Cyan.on_default();
const REASON: Style = Style::new().dimmed();

/// Writes `report` comparing `old` with `new` to `out`.
pub fn write(out: &mut dyn Write, report: &Report, (old, new): (&str, &str)) -> io::Result<()> {
    let changes = report.changes();
    if changes.is_empty() {
        writeln!(
            out,
            "No changes from {old} to {new} that the generated crate shows (descriptions and \
             examples are not compared)."
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "{old} → {new}: {} change{}, {} breaking",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        report.breaking_count()
    )?;
    let mut subject = None;
    for change in changes {
        if subject != Some(&change.subject) {
            writeln!(out, "\n{SUBJECT}{}{SUBJECT:#}", change.subject.name)?;
            subject = Some(&change.subject);
        }
        write_change(out, change)?;
    }
    writeln!(out, "\n{}", verdict(report))
}

fn write_change(out: &mut dyn Write, change: &Change) -> io::Result<()> {
    let (word, style) = match change.bump {
        Bump::Major => ("breaking", BREAKING),
        Bump::Minor => ("minor", MINOR),
        Bump::Patch | Bump::None => ("patch", PATCH),
    };
    let place: Vec<&str> = change
        .side
        .map(|side| side.as_str())
        .into_iter()
        .chain(change.path.as_deref())
        .collect();
    let place = if place.is_empty() {
        String::new()
    } else {
        format!("{}: ", place.join(" "))
    };
    let detail = match (&change.old, &change.new) {
        (Some(old), Some(new)) => format!("{old} → {new}"),
        (Some(only), None) | (None, Some(only)) => only.clone(),
        (None, None) => String::new(),
    };
    writeln!(
        out,
        "  {style}{word:<8}{style:#}  {place}{}: {detail}",
        change.kind.label()
    )?;
    writeln!(out, "            {REASON}{}{REASON:#}", change.reason)
}

/// The release the report calls for, in words.
fn verdict(report: &Report) -> String {
    let now = report.bump();
    let before = now.before_1_0();
    match now {
        Bump::Major => format!(
            "Breaking: the generated crate needs a major release ({} before 1.0: 0.x.y → \
             0.(x+1).0).",
            before.as_str()
        ),
        Bump::Minor => format!(
            "Not breaking: new API, a minor release ({} before 1.0: 0.x.y → 0.x.(y+1)).",
            before.as_str()
        ),
        Bump::Patch => "Not breaking: a patch release (before 1.0 too).".to_owned(),
        Bump::None => "Not breaking: no release needed.".to_owned(),
    }
}
