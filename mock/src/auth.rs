//! Authentication: the request's `Authorization` signature and timestamp, checked against the
//! configured merchants and the mock's clock, as the service checks them.

use wechatpay_runtime::protocol::authorization::{self, verify_request};

use crate::config::Merchant;

/// Why a request is not authenticated, as the 401 message says it.
pub(crate) fn check(
    merchants: &[Merchant],
    method: &str,
    target: &str,
    body: &[u8],
    header: Option<&str>,
    now: i64,
) -> Result<(), String> {
    let header = header.ok_or("no Authorization header")?;
    let parsed = authorization::parse(header).map_err(|e| e.to_string())?;
    let merchant = merchants
        .iter()
        .find(|m| m.mchid == parsed.mchid())
        .ok_or_else(|| format!("unknown mchid {}", parsed.mchid()))?;
    if merchant.serial_no != parsed.serial_no() {
        return Err(format!(
            "serial_no {} is not the merchant's certificate",
            parsed.serial_no()
        ));
    }
    parsed.check_timestamp(now).map_err(|e| e.to_string())?;
    verify_request(&parsed, method, target, body, &merchant.public_key).map_err(|e| e.to_string())
}
