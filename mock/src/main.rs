//! `wechatpay-mock serve`: the mock as a standalone server.
//!
//! Without keys it uses a development set (made in `--keys-dir` on the first start, reused
//! after), and prints everything a client must be configured with. Exit codes: 0 after Ctrl-C; 1 when it cannot
//! start (bad specs, keys, fixtures or address); 2 on a bad command line.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use wechatpay_mock::keys::{DEV_MCHID, DEV_MERCHANT_SERIAL, DEV_PUBLIC_KEY_ID, DevKeys};
use wechatpay_mock::{Fault, Fixtures, Merchant, MockConfig, MockServer, ResponseSigning};
use wechatpay_runtime::protocol::ApiV3Key;
use wechatpay_runtime::protocol::clock::SystemClock;
use wechatpay_runtime::protocol::keys::{Certificate, PrivateKey, PublicKey};

#[derive(Parser)]
#[command(version, about = "A WeChat Pay APIv3 mock server driven by the specs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve until interrupted.
    Serve(Serve),
}

#[derive(clap::Args)]
struct Serve {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// A complete spec directory (the project's); may repeat.
    #[arg(long = "spec", default_value = "spec")]
    specs: Vec<PathBuf>,
    /// A user's spec directory, which may use the project's shared definitions; may repeat.
    #[arg(long = "user-spec")]
    user_specs: Vec<PathBuf>,
    /// A fixtures file (YAML or JSON); the seed examples when not given.
    #[arg(long)]
    fixtures: Option<PathBuf>,
    /// Where development keys are kept: made and written on the first start (files readable by
    /// their owner only), reused after; a key file the mock did not write is never overwritten.
    #[arg(long, default_value = "wechatpay-mock-keys")]
    keys_dir: PathBuf,
    /// The merchant's public key (SPKI PEM); with it no keys are generated.
    #[arg(long, requires_all = ["wechatpay_private_key"])]
    merchant_public_key: Option<PathBuf>,
    /// The merchant id the requests must carry.
    #[arg(long, default_value = DEV_MCHID)]
    mchid: String,
    /// The merchant certificate serial the requests must carry.
    #[arg(long, default_value = DEV_MERCHANT_SERIAL)]
    merchant_serial: String,
    /// The private key answers are signed with (PKCS#8 PEM), with --merchant-public-key.
    #[arg(long)]
    wechatpay_private_key: Option<PathBuf>,
    /// The WeChat Pay public key id the answers name.
    #[arg(long, default_value = DEV_PUBLIC_KEY_ID)]
    wechatpay_public_key_id: String,
    /// Sign answers in platform-certificate mode with this certificate (and --wechatpay-private-key).
    #[arg(long, requires = "wechatpay_private_key")]
    platform_certificate: Option<PathBuf>,
    /// A route fault, `METHOD /path=FAULT` or `METHOD /path=FAULT*N`; may repeat.
    #[arg(long = "fault")]
    faults: Vec<String>,
    /// How many recent requests to keep in memory for inspection (0: none).
    #[arg(long, default_value_t = wechatpay_mock::config::DEFAULT_REQUEST_LOG_LIMIT)]
    request_log: usize,
    /// Where notifications are POSTed (when a record settles, or on `POST /mock/notifications`);
    /// they are encrypted with the APIv3 key in the environment variable WECHATPAY_APIV3_KEY.
    #[arg(long)]
    notify_url: Option<String>,
    /// WeChat Pay's redelivery schedule (15 s, 15 s, 30 s, ...) times this factor.
    #[arg(long, default_value_t = 1.0)]
    notify_time_scale: f64,
}

/// The environment variable the APIv3 key is read from: a secret stays out of the command line,
/// which other users of the machine can see.
const APIV3_KEY_VARIABLE: &str = "WECHATPAY_APIV3_KEY";

fn main() -> ExitCode {
    let Command::Serve(serve) = Cli::parse().command;
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(serve)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(serve: Serve) -> Result<(), String> {
    let (merchant, signing, mut printed) = keys(&serve)?;
    printed.insert(0, ("mchid", merchant.mchid.clone()));
    printed.insert(1, ("merchant_serial", merchant.serial_no.clone()));
    match &signing {
        ResponseSigning::PublicKey { id, .. } => {
            printed.push(("wechatpay_public_key_id", id.clone()));
        }
        ResponseSigning::PlatformCertificate { certificate, .. } => {
            printed.push((
                "platform_certificate_serial",
                certificate.serial_hex().to_owned(),
            ));
        }
    }
    let config = config(&serve, merchant, signing)?;
    let server = MockServer::bind(config, SocketAddr::new(serve.host, serve.port))
        .await
        .map_err(|e| chain(&e))?;
    announce(&server, printed);
    tokio::select! {
        () = server.wait() => Ok(()),
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}

/// An error and its causes on one line: each error's message says its own part only.
fn chain(error: &dyn std::error::Error) -> String {
    let mut line = error.to_string();
    let mut cause = error.source();
    while let Some(error) = cause {
        line.push_str(": ");
        line.push_str(&error.to_string());
        cause = error.source();
    }
    line
}

/// What the client must be told, as `(name, value)` lines.
type Printed = Vec<(&'static str, String)>;

/// The merchant whose requests are accepted and how answers are signed: from the files given,
/// or a development set generated and written for the client.
fn keys(serve: &Serve) -> Result<(Merchant, ResponseSigning, Printed), String> {
    let (Some(public), Some(private)) = (&serve.merchant_public_key, &serve.wechatpay_private_key)
    else {
        let (keys, files) = DevKeys::in_dir(&serve.keys_dir).map_err(|e| chain(&e))?;
        let absolute = |path: &PathBuf| std::path::absolute(path).unwrap_or_else(|_| path.clone());
        let printed = vec![
            (
                "merchant_private_key",
                absolute(&files.merchant_private_key).display().to_string(),
            ),
            (
                "wechatpay_public_key",
                absolute(&files.wechatpay_public_key).display().to_string(),
            ),
        ];
        return Ok((keys.merchant(), keys.signing(), printed));
    };
    let public_key = PublicKey::from_pem_file(public)
        .map_err(|e| format!("{}: {}", public.display(), chain(&e)))?;
    let key = PrivateKey::from_pem_file(private)
        .map_err(|e| format!("{}: {}", private.display(), chain(&e)))?;
    let signing = match &serve.platform_certificate {
        Some(path) => ResponseSigning::PlatformCertificate {
            certificate: Certificate::from_pem_file(path)
                .map_err(|e| format!("{}: {}", path.display(), chain(&e)))?,
            key,
        },
        None => ResponseSigning::PublicKey {
            id: serve.wechatpay_public_key_id.clone(),
            key,
        },
    };
    let merchant = Merchant {
        mchid: serve.mchid.clone(),
        serial_no: serve.merchant_serial.clone(),
        public_key,
    };
    Ok((merchant, signing, Vec::new()))
}

/// The mock's configuration from the command line.
fn config(
    serve: &Serve,
    merchant: Merchant,
    signing: ResponseSigning,
) -> Result<MockConfig, String> {
    let fixtures = match &serve.fixtures {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("{}: {}", path.display(), chain(&e)))?;
            Fixtures::from_yaml(&text).map_err(|e| format!("{}: {}", path.display(), chain(&e)))?
        }
        None => Fixtures::defaults(),
    };
    let mut config = MockConfig::new(merchant, signing)
        .fixtures(fixtures)
        .clock(Arc::new(SystemClock))
        .request_log_limit(serve.request_log);
    for spec in &serve.specs {
        config = config.spec_dir(spec);
    }
    for spec in &serve.user_specs {
        config = config.user_spec_dir(spec);
    }
    for rule in &serve.faults {
        let (route, fault, times) = route_fault(rule)?;
        config = config.fault(route, fault, times);
    }
    if let Ok(key) = std::env::var(APIV3_KEY_VARIABLE) {
        let key = ApiV3Key::new(key).map_err(|e| format!("{APIV3_KEY_VARIABLE}: {}", chain(&e)))?;
        config = config.apiv3_key(key);
    }
    if let Some(url) = &serve.notify_url {
        if std::env::var_os(APIV3_KEY_VARIABLE).is_none() {
            return Err(format!(
                "--notify-url: notifications are encrypted with the APIv3 key; set {APIV3_KEY_VARIABLE}"
            ));
        }
        if !(serve.notify_time_scale.is_finite() && serve.notify_time_scale >= 0.0) {
            return Err("--notify-time-scale: expected a factor of zero or more".to_owned());
        }
        config = config.notify_url(url.clone(), serve.notify_time_scale);
    }
    Ok(config)
}

/// `METHOD /path=FAULT` or `METHOD /path=FAULT*N`.
fn route_fault(rule: &str) -> Result<(&str, Fault, Option<u32>), String> {
    let (route, fault) = rule
        .rsplit_once('=')
        .ok_or_else(|| format!("--fault {rule:?}: expected `METHOD /path=FAULT[*N]`"))?;
    let (fault, times) = match fault.rsplit_once('*') {
        Some((fault, times)) => {
            let times = times
                .parse::<u32>()
                .map_err(|e| format!("--fault {rule:?}: {e}"))?;
            (fault, Some(times))
        }
        None => (fault, None),
    };
    let fault: Fault = fault
        .parse()
        .map_err(|e| format!("--fault {rule:?}: {e}"))?;
    Ok((route.trim(), fault, times))
}

/// Prints where the mock listens and what a client needs. Standard output may be a pipe that a
/// script stops reading once it has what it needs: a closed pipe must not stop the server, so
/// write errors are ignored.
fn announce(server: &MockServer, printed: Printed) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "wechatpay-mock listening on {}", server.url());
    let _ = writeln!(out, "base_url: {}", server.url());
    for (name, value) in printed {
        let _ = writeln!(out, "{name}: {value}");
    }
    for route in server.routes() {
        let _ = writeln!(out, "route: {route}");
    }
    let _ = out.flush();
}
