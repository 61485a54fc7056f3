//! `wechatpay-codegen openapi [--spec DIR] [--out FILE] [--openapi-version 3.1|3.0]`: the specs
//! as one OpenAPI document (JSON). The document is built by `wechatpay_codegen::emit::openapi`;
//! this file loads the specs and writes the text.
//!
//! With `--check`, the file `--out` names is compared with the document instead of written: the
//! checked-in `docs/openapi.json` is kept current this way (CI runs
//! `cargo codegen openapi --check --out docs/openapi.json`).
//!
//! Exit codes: 0 the document was written (or is current); 1 `--check` found it out of date;
//! 3 the specs have errors; 4 a file could not be read or written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wechatpay_codegen::emit::openapi::{self, Version};
use wechatpay_codegen::generate;

const STALE: u8 = 1;
const SPEC_ERRORS: u8 = 3;
const IO_ERROR: u8 = 4;

/// The `openapi` subcommand's arguments.
#[derive(clap::Args)]
pub(crate) struct OpenApiArgs {
    /// The spec directory.
    #[arg(long, default_value = generate::DEFAULT_SPEC)]
    spec: PathBuf,
    /// Write the document to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// 3.1 (the default), or 3.0 for tools that read only OpenAPI 3.0 (webhooks then travel in
    /// `x-webhooks`).
    #[arg(long, default_value = "3.1", value_parser = parse_version)]
    openapi_version: Version,
    /// The specs are a user's own, on top of the project's shared definitions.
    #[arg(long)]
    with_project_shared: bool,
    /// Fail when the file `--out` names differs from the document, instead of writing it.
    #[arg(long, requires = "out")]
    check: bool,
}

fn parse_version(text: &str) -> Result<Version, String> {
    text.parse()
}

/// Runs `openapi`.
pub(crate) fn run(args: &OpenApiArgs) -> ExitCode {
    let loaded = if args.with_project_shared {
        wechatpay_spec::load_user_api(&args.spec).map(|(api, _)| api)
    } else {
        wechatpay_spec::load_api(&args.spec)
    };
    let api = match loaded {
        Ok(api) => api,
        Err(errors) => {
            eprintln!("{errors}");
            let code = if errors.has_unreadable() {
                IO_ERROR
            } else {
                SPEC_ERRORS
            };
            return ExitCode::from(code);
        }
    };
    let text = openapi::to_json(&api, args.openapi_version);
    let Some(out) = &args.out else {
        print!("{text}");
        return ExitCode::SUCCESS;
    };
    if args.check {
        return check(args, out, &text);
    }
    match std::fs::write(out, text) {
        Ok(()) => {
            eprintln!(
                "wrote {} (OpenAPI {}, {} endpoints, {} notifications)",
                out.display(),
                args.openapi_version.number(),
                api.endpoints.len(),
                api.notifications.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", out.display());
            ExitCode::from(IO_ERROR)
        }
    }
}

/// Compares the file at `out` with `text`, naming the command that brings it up to date.
fn check(args: &OpenApiArgs, out: &Path, text: &str) -> ExitCode {
    match std::fs::read_to_string(out) {
        Ok(current) if current == text => {
            println!(
                "{} is up to date with {}",
                out.display(),
                args.spec.display()
            );
            ExitCode::SUCCESS
        }
        Ok(_) => {
            let version = match args.openapi_version {
                Version::V3_1 => String::new(),
                other => format!(" --openapi-version {other}"),
            };
            eprintln!(
                "error: {} is out of date with {}: run `cargo codegen openapi --spec {}{version} --out {}`",
                out.display(),
                args.spec.display(),
                args.spec.display(),
                out.display()
            );
            ExitCode::from(STALE)
        }
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", out.display());
            ExitCode::from(IO_ERROR)
        }
    }
}
