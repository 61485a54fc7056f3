//! `wechatpay-codegen import PAGE.txt [--out FILE]`: a spec draft from a WeChat Pay page saved
//! as text. The page grammar lives in `wechatpay_spec::import`; this file reads the page,
//! writes the draft, and says how many questions it left.
//!
//! Exit codes: 0 a draft was written (its `import_notes`, if any, are listed on stderr);
//! 3 the text gives no draft (the error names the line where there is one); 4 the page could
//! not be read or the draft not written.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::input::read_bounded;

use wechatpay_spec::import::{self, Draft, MAX_PAGE_BYTES};

const NO_DRAFT: u8 = 3;
const IO_ERROR: u8 = 4;

/// The `import` subcommand's arguments.
#[derive(clap::Args)]
pub(crate) struct ImportArgs {
    /// The page, saved as UTF-8 text.
    page: PathBuf,
    /// Write the draft to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace the file `--out` names when it exists.
    #[arg(long)]
    force: bool,
    /// What the draft's `source.document` names (default: PAGE as given).
    #[arg(long)]
    document: Option<String>,
    /// Write this spec file back instead of a draft, with each description that is the spec's
    /// own words replaced by the page's text for the same field (marked as the page's).
    #[arg(long)]
    over: Option<PathBuf>,
}

/// Runs `import`.
pub(crate) fn run(args: &ImportArgs) -> ExitCode {
    let not_regular = "not a regular file; save the page as a text file";
    let bytes = match read_bounded(&args.page, MAX_PAGE_BYTES, not_regular) {
        Ok(bytes) => bytes,
        Err(message) => {
            eprintln!("error: {}: {message}", args.page.display());
            return ExitCode::from(IO_ERROR);
        }
    };
    let document = args
        .document
        .clone()
        .unwrap_or_else(|| args.page.display().to_string());
    let draft = match import::import_bytes(&bytes, &document) {
        Ok(draft) => draft,
        Err(error) => {
            let place = error
                .line
                .map(|line| format!(":{line}"))
                .unwrap_or_default();
            eprintln!("error: {}{place}: {}", args.page.display(), error.message);
            return ExitCode::from(NO_DRAFT);
        }
    };
    if let Some(spec) = &args.over {
        return over(args, spec, &draft);
    }
    let yaml = import::write_draft(&draft);
    if let Err(message) = write_out(args, &yaml) {
        eprintln!("error: {message}");
        return ExitCode::from(IO_ERROR);
    }
    report(&draft, args);
    ExitCode::SUCCESS
}

/// `--over SPEC`: the spec written back with the page's descriptions in place of its own words.
fn over(args: &ImportArgs, spec: &Path, draft: &Draft) -> ExitCode {
    let text = match fs::read_to_string(spec) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: {}: cannot read: {error}", spec.display());
            return ExitCode::from(IO_ERROR);
        }
    };
    let (updated, replaced) = match import::replace_own_descriptions(&text, draft) {
        Ok(done) => done,
        Err(error) => {
            let place = error
                .position
                .map(|p| format!(":{}:{}", p.line, p.column))
                .unwrap_or_default();
            eprintln!("error: {}{place}: {}", spec.display(), error.message);
            return ExitCode::from(NO_DRAFT);
        }
    };
    if let Err(message) = write_out(args, &updated) {
        eprintln!("error: {message}");
        return ExitCode::from(IO_ERROR);
    }
    eprintln!(
        "{} description(s) in the spec's own words replaced by the page's text",
        replaced.len()
    );
    for at in &replaced {
        eprintln!("  {at}");
    }
    ExitCode::SUCCESS
}

/// Writes the draft to `--out`, or to standard output.
fn write_out(args: &ImportArgs, yaml: &str) -> Result<(), String> {
    let Some(out) = &args.out else {
        return std::io::stdout()
            .write_all(yaml.as_bytes())
            .map_err(|e| format!("cannot write the draft: {e}"));
    };
    if out.exists() && !args.force {
        return Err(format!(
            "{} exists; pass --force to replace it, or choose another --out",
            out.display()
        ));
    }
    fs::write(out, yaml).map_err(|e| format!("cannot write {}: {e}", out.display()))
}

/// Says where the draft went and which questions it leaves, each at its page line.
fn report(draft: &Draft, args: &ImportArgs) {
    let page = args.page.display();
    if let Some(out) = &args.out {
        eprintln!("wrote {}", out.display());
    }
    match draft.notes.len() {
        0 => eprintln!("no import notes: the draft is ready for lint"),
        count => {
            eprintln!(
                "{count} import note{} to settle (lint refuses the draft until each is deleted):",
                if count == 1 { "" } else { "s" }
            );
            for note in &draft.notes {
                eprintln!("  {page}:{}: {}: {}", note.line, note.at, note.issue);
            }
        }
    }
}
