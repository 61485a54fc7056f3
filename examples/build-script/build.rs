//! Generates the specs of the custom-endpoint example into `OUT_DIR`, for `src/lib.rs` to include.

fn main() {
    let generated = wechatpay_codegen::build::Build::new("../custom-endpoint/spec")
        .root("crate::api")
        .generate();
    if let Err(error) = generated {
        // Each spec error is printed with its file, line and column.
        eprintln!("{error}");
        std::process::exit(1);
    }
}
