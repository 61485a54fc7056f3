//! Charsets at the edges of the grammar: what lints also compiles, and validates as documented.
wechatpay_spec_macros::include_spec!("../specs/charsets");

use ns::QueryCodesRequest;
use wechatpay_runtime::Validate;

fn main() {
    assert!(QueryCodesRequest::new("-12-", "AB-", "分账").validate().is_ok());
    let error = QueryCodesRequest::new("1_2", "ab", "x").validate().unwrap_err();
    let shown = error.to_string();
    assert!(shown.contains("serial: must contain only -0-9"), "{shown}");
    assert!(shown.contains("label: must contain only A-Z-"), "{shown}");
    assert!(shown.contains("name: must contain only 一-龥"), "{shown}");
}
