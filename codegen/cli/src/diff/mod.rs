//! `wechatpay-codegen diff OLD NEW`: what changed between two versions of the specs, and
//! whether users of the generated crate are broken by it.
//!
//! Both sides are loaded and checked; the comparison and the rule of what breaks belong to
//! `wechatpay_spec::diff`, and this command only finds the sides and prints the report.
//!
//! Exit codes: 0 nothing breaking (or `--fail-on` not given); 1 breaking changes under
//! `--fail-on breaking`; 2 bad command line; 3 a side has spec errors; 4 a file, git or a
//! revision could not be read.

mod git;
mod source;
mod text;

use std::fmt;
use std::io::Write as _;
use std::process::ExitCode;

use serde::Serialize;
use wechatpay_spec::SpecErrors;
use wechatpay_spec::diff::{self, Report};

use self::source::Input;

/// The arguments of `diff`.
#[derive(clap::Args)]
pub struct DiffArgs {
    /// The old specs: a spec directory, one spec file, or either in a git revision as REV:PATH
    /// (`HEAD~1:spec`, `v0.1.0:spec/ecommerce/profitsharing/query_order.yaml`). An existing
    /// path on disk wins over REV:PATH.
    old: String,
    /// The new specs, written the same way.
    new: String,
    /// How to print the report: `text` for people, `json` for tools.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with 1 when the report has a breaking change.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// The specs are a user's own, on top of the project's shared definitions (no
    /// `settings.yaml` needed).
    #[arg(long)]
    with_project_shared: bool,
}

/// Output formats.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Grouped by endpoint, coloured on a terminal.
    Text,
    /// One JSON object (see the README's `diff` section).
    Json,
}

/// What makes the command fail.
#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    /// Any breaking change.
    Breaking,
}

/// Why a side could not be compared.
pub enum Failure {
    /// The command line is wrong (exit 2).
    Usage(String),
    /// A file, git or a revision could not be read (exit 4).
    Io(String),
    /// The specs have errors (exit 3), or a file of them could not be read (exit 4).
    Spec(SpecErrors),
}

impl Failure {
    fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Io(_) => 4,
            Failure::Spec(errors) if errors.has_unreadable() => 4,
            Failure::Spec(_) => 3,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message) | Failure::Io(message) => write!(f, "error: {message}"),
            Failure::Spec(errors) => write!(f, "{errors}"),
        }
    }
}

/// The JSON output: the report, with what was compared and the shape's version.
#[derive(Serialize)]
struct JsonOutput<'a> {
    /// Bumped only if a field changes meaning or goes; fields may be added within a version.
    format_version: u32,
    old: &'a str,
    new: &'a str,
    #[serde(flatten)]
    report: &'a Report,
}

/// Runs `diff`.
pub fn run(args: &DiffArgs) -> ExitCode {
    let report = match compare(args) {
        Ok(report) => report,
        Err(failure) => {
            eprintln!("{failure}");
            return ExitCode::from(failure.exit_code());
        }
    };
    let mut out = anstream::stdout();
    let written = match args.format {
        Format::Text => text::write(&mut out, &report, (&args.old, &args.new)),
        Format::Json => {
            let json = JsonOutput {
                format_version: 1,
                old: &args.old,
                new: &args.new,
                report: &report,
            };
            serde_json::to_writer_pretty(&mut out, &json)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
    };
    match written.and_then(|()| out.flush()) {
        // A reader that stopped early (`| head`) has what it wanted; the verdict stands.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(error) => {
            eprintln!("error: cannot write the report: {error}");
            return ExitCode::from(4);
        }
        Ok(()) => {}
    }
    match args.fail_on {
        Some(FailOn::Breaking) if report.is_breaking() => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// Locates and loads both sides, then compares them.
fn compare(args: &DiffArgs) -> Result<Report, Failure> {
    let old = Input::locate(&args.old)?;
    let new = Input::locate(&args.new)?;
    // A loose file takes the place of the file it is compared with (see `source`).
    let shared_place = old
        .place()
        .or(new.place())
        .map(str::to_owned)
        .or_else(|| new.fallback_place())
        .or_else(|| old.fallback_place())
        .unwrap_or_default();
    let place = |input: &Input| {
        input
            .place()
            .map_or_else(|| shared_place.clone(), str::to_owned)
    };
    let old_api = old.load(&place(&old), args.with_project_shared)?;
    let new_api = new.load(&place(&new), args.with_project_shared)?;
    Ok(diff::compare(&old_api, &new_api))
}
