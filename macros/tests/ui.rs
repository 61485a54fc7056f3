//! Compile-time behaviour of the derives: every misuse is a spanned error whose message says
//! what to write instead (compared against the checked-in `.stderr` files), and the documented
//! usage compiles in a crate that depends on nothing but `wechatpay_runtime`.
//!
//! After changing a message, regenerate the expectations with `TRYBUILD=overwrite` and read
//! every changed `.stderr`.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/*.rs");
}
