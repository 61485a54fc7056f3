//! `wechatpay-codegen`: regenerate the checked-in crate from `spec/`, or check it is current.
//!
//! Exit codes: 0 success; 1 `check` found generated files out of date; 2 bad command line;
//! 3 the spec has errors (each printed with file:line:column); 4 a file could not be read or
//! written.

mod diff;
mod import;
mod import_openapi;
mod input;
mod openapi;
mod reference;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use wechatpay_codegen::emit::rust::Options;
use wechatpay_codegen::generate::{self, Invocation, Outcome, Owns, Target};
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
    /// Write the specs as an OpenAPI 3.1 (or 3.0.3) document.
    Openapi(openapi::OpenApiArgs),
    /// Draft spec files from an OpenAPI 3.0 / 3.1 or Swagger 2.0 document (YAML or JSON).
    ImportOpenapi(import_openapi::ImportOpenApiArgs),
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
    /// The Markdown reference's directory; by default `docs/reference` when `--out` is left at
    /// `generated/src` with the project's specs, and no reference for any other crate.
    #[arg(long)]
    docs: Option<PathBuf>,
}

impl Paths {
    /// The run as typed, for the header of each file and for messages.
    fn invocation<'a>(
        &self,
        program: &'a str,
        (spec, out, docs): (&'a str, &'a str, Option<&'a str>),
    ) -> Invocation<'a> {
        Invocation {
            program,
            spec,
            out,
            with_project_shared: self.with_project_shared,
            docs,
        }
    }

    /// The spec, output and (when given) reference directories, as typed.
    fn typed(&self) -> (String, String, Option<String>) {
        (
            self.spec.display().to_string(),
            self.out.display().to_string(),
            self.docs.as_ref().map(|dir| dir.display().to_string()),
        )
    }

    /// Everything this run writes or checks: the crate's sources, with the generated lines of
    /// its manifest and the parts of a split crate when its sources are gated on family features
    /// (a user's crate on top of the project's shared definitions has none), then the Markdown
    /// reference when the run has one. Also the number of endpoints they come from.
    fn targets(&self, invocation: &Invocation) -> Result<(Vec<Target>, usize), ExitCode> {
        let loaded = if self.with_project_shared {
            wechatpay_spec::load_user_api(&self.spec).map(|(api, _)| api)
        } else {
            wechatpay_spec::load_api(&self.spec)
        };
        let api = loaded.map_err(|errors| spec_errors(&errors))?;
        let header = invocation.header();
        let mut targets = if self.with_project_shared {
            let options = Options::embedded(&syn::parse_quote!(crate));
            vec![Target {
                dir: self.out.clone(),
                files: generate::crate_sources_with(&api, &options, &header),
                owns: Owns::All,
            }]
        } else {
            generate::crate_targets(&api, &self.out, invocation).map_err(|problem| {
                eprintln!("error: {problem}");
                ExitCode::from(IO_ERROR)
            })?
        };
        if let Some(dir) = self.docs_dir() {
            let files = reference::files(&api, &header).map_err(|message| {
                eprintln!("{message}");
                ExitCode::FAILURE
            })?;
            targets.push(Target {
                dir,
                files,
                owns: Owns::All,
            });
        }
        Ok((targets, api.endpoints.len()))
    }

    /// The Markdown reference's directory, if this run has one ([`reference::directory`]).
    fn docs_dir(&self) -> Option<PathBuf> {
        reference::directory(self.docs.as_deref(), &self.out, self.with_project_shared)
    }
}

const STALE: u8 = 1;
const SPEC_ERRORS: u8 = 3;
const IO_ERROR: u8 = 4;

/// Generation allocates on every core at once; see the workspace manifest for why this one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let spec = match &cli.command {
        Command::Generate(paths) | Command::Check(paths) => &paths.spec,
        Command::Lint { spec, .. } => spec,
        Command::Diff(args) => return diff::run(args),
        Command::Import(args) => return import::run(args),
        Command::Openapi(args) => return openapi::run(args),
        Command::ImportOpenapi(args) => return import_openapi::run(args),
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
        Command::Openapi(args) => openapi::run(&args),
        Command::ImportOpenapi(args) => import_openapi::run(&args),
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
    let (spec, out, docs) = paths.typed();
    let invocation = paths.invocation(program, (&spec, &out, docs.as_deref()));
    let (targets, endpoints) = match paths.targets(&invocation) {
        Ok(targets) => targets,
        Err(code) => return code,
    };
    let mut outcomes = Vec::new();
    for target in &targets {
        match target.write() {
            Ok(written) => outcomes.extend(written),
            Err(error) => {
                eprintln!("error: cannot write {}: {error}", target.dir.display());
                return ExitCode::from(IO_ERROR);
            }
        }
    }
    let mut written = 0;
    for (path, outcome) in &outcomes {
        let word = match outcome {
            Outcome::Written => "written",
            Outcome::Unchanged => "unchanged",
            Outcome::Removed => "removed",
        };
        written += usize::from(*outcome != Outcome::Unchanged);
        println!("{word:>9}  {}", path.display());
    }
    println!(
        "{} files, {written} changed, from {endpoints} endpoints",
        outcomes.len()
    );
    ExitCode::SUCCESS
}

fn run_check(paths: &Paths, program: &str) -> ExitCode {
    let (spec, out, docs) = paths.typed();
    let invocation = paths.invocation(program, (&spec, &out, docs.as_deref()));
    if !paths.out.is_dir() {
        eprintln!(
            "error: no generated sources at {}: run `{}` to write them, or pass --out DIR",
            paths.out.display(),
            invocation.command()
        );
        return ExitCode::from(IO_ERROR);
    }
    let (targets, _) = match paths.targets(&invocation) {
        Ok(targets) => targets,
        Err(code) => return code,
    };
    let mut stale = Vec::new();
    for target in &targets {
        match target.check() {
            Ok(found) => stale.extend(found),
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", target.dir.display());
                return ExitCode::from(IO_ERROR);
            }
        }
    }
    if stale.is_empty() {
        // The parts' directory of a crate that is whole holds nothing worth naming.
        let dirs: Vec<String> = (targets.iter())
            .filter(|target| !(target.owns == Owns::Parts && target.files.is_empty()))
            .map(|target| match target.owns {
                Owns::All | Owns::Parts => target.dir.display().to_string(),
                Owns::Listed => generate::manifest_path(&paths.out).display().to_string(),
            })
            .collect();
        let verb = if dirs.len() == 1 { "is" } else { "are" };
        let listed = wechatpay_codegen::text::and_list(&dirs);
        println!("{listed} {verb} up to date with {}", paths.spec.display());
        ExitCode::SUCCESS
    } else {
        eprintln!("{}", generate::describe(&stale, &invocation.command()));
        ExitCode::from(STALE)
    }
}
