//! `wechatpay-codegen import-openapi FILE --out DIR [--force]`: spec drafts from an OpenAPI
//! 3.0 / 3.1 or Swagger 2.0 document (YAML or JSON). The reading lives in
//! `wechatpay_spec::openapi_import`; this file reads the document, writes the drafts under
//! `--out`, and lists per operation what the drafts leave out and which notes they carry.
//!
//! Exit codes: 0 drafts were written (what each operation left out, and the notes to settle,
//! are listed on stderr); 3 the document gives no drafts (the error names the line and column,
//! or the JSON pointer); 4 the document could not be read or a draft not written.

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::input::read_bounded;

use wechatpay_spec::openapi_import::{self, Imported, MAX_DOCUMENT_BYTES};

const NO_DRAFTS: u8 = 3;
const IO_ERROR: u8 = 4;

/// The `import-openapi` subcommand's arguments.
#[derive(clap::Args)]
pub(crate) struct ImportOpenApiArgs {
    /// The OpenAPI (3.0, 3.1) or Swagger (2.0) document, YAML or JSON.
    document: PathBuf,
    /// The directory the drafts are written under, laid out like a spec directory.
    #[arg(long)]
    out: PathBuf,
    /// Replace drafts that exist already under `--out`.
    #[arg(long)]
    force: bool,
}

/// Runs `import-openapi`.
pub(crate) fn run(args: &ImportOpenApiArgs) -> ExitCode {
    let bytes = match read_bounded(&args.document, MAX_DOCUMENT_BYTES, "not a regular file") {
        Ok(bytes) => bytes,
        Err(message) => {
            eprintln!("error: {}: {message}", args.document.display());
            return ExitCode::from(IO_ERROR);
        }
    };
    let name = args.document.display().to_string();
    let imported = match openapi_import::import_document(&bytes, &name) {
        Ok(imported) => imported,
        Err(error) => {
            let place = error
                .position
                .map(|(line, column)| format!(":{line}:{column}"))
                .unwrap_or_default();
            let pointer = error
                .pointer
                .as_ref()
                .map(|p| format!(" #{p}"))
                .unwrap_or_default();
            eprintln!("error: {name}{place}{pointer}: {}", error.message);
            return ExitCode::from(NO_DRAFTS);
        }
    };
    if let Err(message) = write_drafts(args, &imported) {
        eprintln!("error: {message}");
        return ExitCode::from(IO_ERROR);
    }
    report(&imported, args);
    ExitCode::SUCCESS
}

/// Writes every draft under `--out`; none is written when one would replace a file and
/// `--force` is not given.
fn write_drafts(args: &ImportOpenApiArgs, imported: &Imported) -> Result<(), String> {
    if !args.force {
        let existing: Vec<String> = imported
            .files
            .iter()
            .map(|file| args.out.join(&file.path))
            .filter(|path| path.exists())
            .map(|path| path.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(format!(
                "{} exist already; pass --force to replace them, or choose another --out",
                existing.join(", ")
            ));
        }
    }
    for file in &imported.files {
        let path = args.out.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        fs::write(&path, &file.text)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Says what was written, what each operation left out, and the notes to settle.
fn report(imported: &Imported, args: &ImportOpenApiArgs) {
    let name = args.document.display();
    eprintln!(
        "wrote {} draft(s) under {}",
        imported.files.len(),
        args.out.display()
    );
    for report in &imported.reports {
        eprintln!(
            "{} (#{}): left out of the draft:",
            report.operation, report.pointer
        );
        for problem in &report.problems {
            eprintln!("  {name} #{}: {}", problem.pointer, problem.message);
        }
    }
    match imported.note_count() {
        0 => eprintln!("no import notes: the drafts are ready for lint"),
        count => {
            eprintln!(
                "{count} import note{} to settle (lint refuses a draft until each is deleted):",
                if count == 1 { "" } else { "s" }
            );
            for file in imported.files.iter().filter(|file| file.notes > 0) {
                eprintln!(
                    "  {}: {} note(s)",
                    args.out.join(&file.path).display(),
                    file.notes
                );
            }
        }
    }
}
