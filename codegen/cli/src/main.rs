//! `wechatpay-codegen`: regenerate the checked-in crate from `spec/`, or check it is current.
//!
//! Exit codes: 0 success; 1 `check` found generated files out of date; 2 bad command line;
//! 3 the spec has errors (each printed with file:line:column); 4 a file could not be read or
//! written.

mod diff;
mod import;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use wechatpay_codegen::emit::GeneratedFile;
use wechatpay_codegen::emit::rust::{Header, Options};
use wechatpay_codegen::generate::{self, Invocation, Outcome};
use wechatpay_spec::SpecErrors;

#[derive(Parser)]
#[command(
    version,
    about = "Generate the WeChat Pay APIv3 crate from the documentation specs"
)]
struct Cli {
    /// How this command is run, as the header of each generated file names it (this repository's
    /// alias passes `cargo codegen`).
    #[arg(long, global = true, default_value = "wechatpay-codegen")]
    program: String,
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
        #[arg(long, default_value = generate::DEFAULT_SPEC)]
        spec: PathBuf,
        /// The specs are a user's own, on top of the project's shared definitions (no
        /// `settings.yaml` needed).
        #[arg(long)]
        with_project_shared: bool,
    },
    /// Compare two versions of the specs: what changed, and whether it breaks users.
    Diff(diff::DiffArgs),
    /// Draft a spec file from a WeChat Pay page saved as text.
    Import(import::ImportArgs),
}

#[derive(clap::Args)]
struct Paths {
    /// The spec directory.
    #[arg(long, default_value = generate::DEFAULT_SPEC)]
    spec: PathBuf,
    /// The generated crate's source directory.
    #[arg(long, default_value = generate::DEFAULT_OUT)]
    out: PathBuf,
    /// The specs are a user's own, which may use the project's shared definitions by name; the
    /// output refers to `wechatpay_apiv3` for them (the crate depends on it).
    #[arg(long)]
    with_project_shared: bool,
}

impl Paths {
    /// The run as typed, for the header of each file and for messages.
    fn invocation<'a>(&self, program: &'a str, spec: &'a str, out: &'a str) -> Invocation<'a> {
        Invocation {
            program,
            spec,
            out,
            with_project_shared: self.with_project_shared,
        }
    }

    /// Loads the specs and emits the crate's files, each behind `header`.
    fn sources(&self, header: &Header) -> Result<(usize, Vec<GeneratedFile>), SpecErrors> {
        if self.with_project_shared {
            let (api, _) = wechatpay_spec::load_user_api(&self.spec)?;
            let options = Options::embedded(&syn::parse_quote!(crate));
            let files = generate::crate_sources_with(&api, &options, header);
            Ok((api.endpoints.len(), files))
        } else {
            let api = wechatpay_spec::load_api(&self.spec)?;
            Ok((api.endpoints.len(), generate::crate_sources(&api, header)))
        }
    }
}

const STALE: u8 = 1;
const SPEC_ERRORS: u8 = 3;
const IO_ERROR: u8 = 4;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let spec = match &cli.command {
        Command::Generate(paths) | Command::Check(paths) => &paths.spec,
        Command::Lint { spec, .. } => spec,
        Command::Diff(args) => return diff::run(args),
        Command::Import(args) => return import::run(args),
    };
    if !spec.is_dir() {
        let here = std::env::current_dir().map_or_else(|_| ".".into(), |d| d.display().to_string());
        eprintln!(
            "error: no spec directory at {} (looked from {here}); run from the directory that holds \
             it, or pass --spec DIR",
            spec.display()
        );
        return ExitCode::from(IO_ERROR);
    }
    match cli.command {
        Command::Generate(paths) => run_generate(&paths, &cli.program),
        Command::Check(paths) => run_check(&paths, &cli.program),
        Command::Diff(args) => diff::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Lint {
            spec,
            with_project_shared,
        } => {
            let loaded = if with_project_shared {
                wechatpay_spec::load_user_api(&spec).map(|(api, _)| api)
            } else {
                wechatpay_spec::load_api(&spec)
            };
            match loaded {
                Ok(api) => {
                    match api.notifications.len() {
                        0 => println!("{} endpoints, no errors", api.endpoints.len()),
                        n => println!(
                            "{} endpoints, {n} notification{}, no errors",
                            api.endpoints.len(),
                            if n == 1 { "" } else { "s" }
                        ),
                    }
                    ExitCode::SUCCESS
                }
                Err(errors) => spec_errors(&errors),
            }
        }
    }
}

/// Prints the errors; exit 4 when a file could not be read at all, 3 otherwise.
fn spec_errors(errors: &SpecErrors) -> ExitCode {
    eprintln!("{errors}");
    ExitCode::from(if errors.has_unreadable() {
        IO_ERROR
    } else {
        SPEC_ERRORS
    })
}

fn run_generate(paths: &Paths, program: &str) -> ExitCode {
    let (spec, out) = (
        paths.spec.display().to_string(),
        paths.out.display().to_string(),
    );
    let header = paths.invocation(program, &spec, &out).header();
    let (endpoints, files) = match paths.sources(&header) {
        Ok(loaded) => loaded,
        Err(errors) => return spec_errors(&errors),
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

fn run_check(paths: &Paths, program: &str) -> ExitCode {
    let (spec, out) = (
        paths.spec.display().to_string(),
        paths.out.display().to_string(),
    );
    let invocation = paths.invocation(program, &spec, &out);
    let files = match paths.sources(&invocation.header()) {
        Ok((_, files)) => files,
        Err(errors) => return spec_errors(&errors),
    };
    if !paths.out.is_dir() {
        eprintln!(
            "error: no generated sources at {}: run `{}` to write them, or pass --out DIR",
            paths.out.display(),
            invocation.command()
        );
        return ExitCode::from(IO_ERROR);
    }
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
            eprintln!("{}", generate::describe(&stale, &invocation.command()));
            ExitCode::from(STALE)
        }
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", paths.out.display());
            ExitCode::from(IO_ERROR)
        }
    }
}
