//! The macro on user specs: what compiles (and runs), and what is refused with which message.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass_*.rs");
    cases.compile_fail("tests/ui/missing_spec_dir.rs");
    cases.compile_fail("tests/ui/spec_error.rs");
    cases.compile_fail("tests/ui/charset_lint_error.rs");
    cases.compile_fail("tests/ui/bad_arguments.rs");
    cases.compile_fail("tests/ui/missing_required_field.rs");
    cases.compile_fail("tests/ui/one_of_both_members.rs");
}
