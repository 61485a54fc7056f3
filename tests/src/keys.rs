//! The test-only keys of `runtime/tests/data/protocol/` (see its README): no real credential.

use std::path::PathBuf;

/// The merchant id the tests use.
pub const MCHID: &str = "1900000109";
/// The merchant certificate serial the tests use.
pub const MERCHANT_SERIAL: &str = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
/// The id the tests give the WeChat Pay public key.
pub const PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000000";
/// The serial of `platform_test_cert.pem`.
pub const PLATFORM_SERIAL: &str = "7E57000000000000000000000000000000000001";

/// The contents of a key file.
pub fn pem(name: &str) -> Vec<u8> {
    let path = path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Where the test key or certificate file `name` is.
pub fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../runtime/tests/data/protocol")
        .join(name)
}
