//! `wechatpay-codegen`: regenerate the checked-in crate from `spec/`, or check it is current.
//!
//! Exit codes: 0 success; 1 `check` found generated files out of date; 2 bad command line;
//! 3 the spec has errors (each printed with file:line:column); 4 a file could not be read or
//! written.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use wechatpay_codegen::generate::{self, Outcome};

#[derive(Parser)]
#[command(
    version,
    about = "Generate the WeChat Pay APIv3 crate from the documentation specs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the crate's sources, writing only files that change.
    Generate(Paths),
    /// Fail with a diff when the checked-in sources differ from what the specs produce.
    Check(Paths),
    /// Load and check the specs only.
    Lint {
        /// The spec directory.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
    },
}

#[derive(clap::Args)]
struct Paths {
    /// The spec directory.
    #[arg(long, default_value = "spec")]
    spec: PathBuf,
    /// The generated crate's source directory.
    #[arg(long, default_value = "generated/src")]
    out: PathBuf,
}

const STALE: u8 = 1;
const SPEC_ERRORS: u8 = 3;
const IO_ERROR: u8 = 4;

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate(paths) => run_generate(&paths),
        Command::Check(paths) => run_check(&paths),
        Command::Lint { spec } => match wechatpay_codegen::load_api(&spec) {
            Ok(api) => {
                println!("{} endpoints, no errors", api.endpoints.len());
                ExitCode::SUCCESS
            }
            Err(errors) => {
                eprintln!("{errors}");
                ExitCode::from(SPEC_ERRORS)
            }
        },
    }
}

fn run_generate(paths: &Paths) -> ExitCode {
    let api = match wechatpay_codegen::load_api(&paths.spec) {
        Ok(api) => api,
        Err(errors) => {
            eprintln!("{errors}");
            return ExitCode::from(SPEC_ERRORS);
        }
    };
    let files = generate::crate_sources(&api);
    match generate::write(&paths.out, &files) {
        Ok(outcomes) => {
            let mut written = 0;
            for (path, outcome) in &outcomes {
                let word = match outcome {
                    Outcome::Written => {
                        written += 1;
                        "written"
                    }
                    Outcome::Unchanged => "unchanged",
                    Outcome::Removed => {
                        written += 1;
                        "removed"
                    }
                };
                println!("{word:>9}  {}", path.display());
            }
            println!(
                "{} files, {written} changed, from {} endpoints",
                outcomes.len(),
                api.endpoints.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", paths.out.display());
            ExitCode::from(IO_ERROR)
        }
    }
}

fn run_check(paths: &Paths) -> ExitCode {
    let api = match wechatpay_codegen::load_api(&paths.spec) {
        Ok(api) => api,
        Err(errors) => {
            eprintln!("{errors}");
            return ExitCode::from(SPEC_ERRORS);
        }
    };
    match generate::check(&paths.out, &generate::crate_sources(&api)) {
        Ok(stale) if stale.is_empty() => {
            println!(
                "{} is up to date with {}",
                paths.out.display(),
                paths.spec.display()
            );
            ExitCode::SUCCESS
        }
        Ok(stale) => {
            eprintln!("{}", generate::describe(&stale));
            ExitCode::from(STALE)
        }
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", paths.out.display());
            ExitCode::from(IO_ERROR)
        }
    }
}
