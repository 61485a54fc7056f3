//! `wechatpay-codegen`: regenerate the checked-in crate from `spec/`, or check it is current.
//!
//! Exit codes: 0 success; 1 `check` found generated files out of date; 2 bad command line;
//! 3 the spec has errors (each printed with file:line:column); 4 a file could not be read or
//! written.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use wechatpay_codegen::emit::rust::Options;
use wechatpay_codegen::generate::{self, Outcome};
use wechatpay_spec::SpecErrors;

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
    /// The specs are a user's own, which may use the project's shared definitions by name; the
    /// output refers to `wechatpay_apiv3` for them (the crate depends on it).
    #[arg(long)]
    with_project_shared: bool,
}

impl Paths {
    /// Loads the specs and emits the crate's files.
    fn sources(&self) -> Result<(usize, Vec<wechatpay_codegen::emit::GeneratedFile>), SpecErrors> {
        if self.with_project_shared {
            let (api, _) = wechatpay_spec::load_user_api(&self.spec)?;
            let options = Options::embedded(&syn::parse_quote!(crate));
            Ok((
                api.endpoints.len(),
                generate::crate_sources_with(&api, &options),
            ))
        } else {
            let api = wechatpay_spec::load_api(&self.spec)?;
            Ok((api.endpoints.len(), generate::crate_sources(&api)))
        }
    }
}

const STALE: u8 = 1;
const SPEC_ERRORS: u8 = 3;
const IO_ERROR: u8 = 4;

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate(paths) => run_generate(&paths),
        Command::Check(paths) => run_check(&paths),
        Command::Lint { spec } => match wechatpay_spec::load_api(&spec) {
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
    let (endpoints, files) = match paths.sources() {
        Ok(loaded) => loaded,
        Err(errors) => {
            eprintln!("{errors}");
            return ExitCode::from(SPEC_ERRORS);
        }
    };
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
                endpoints
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
    let files = match paths.sources() {
        Ok((_, files)) => files,
        Err(errors) => {
            eprintln!("{errors}");
            return ExitCode::from(SPEC_ERRORS);
        }
    };
    match generate::check(&paths.out, &files) {
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
