// An invalid enum is reported once, at the derive: every use of what the derive promises
// (as_str, is_known, Display, FromStr, serde, the WireEnum trait) still type-checks.
use wechatpay_runtime::WireEnum;

#[derive(Debug, ::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire("SUCCESS")]
    Success,
}

fn takes_wire_enum<E: WireEnum>(value: &E) -> &str {
    value.as_str()
}

fn main() {
    let status: Status = "SUCCESS".parse().unwrap();
    println!("{status} {} {}", status.as_str(), status.is_known());
    let _ = takes_wire_enum(&status);
    let _ = Status::KNOWN;
    let _ = serde_json::to_string(&status);
    let _: Result<Status, _> = serde_json::from_str("\"SUCCESS\"");
}
