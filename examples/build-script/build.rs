//! Generates the specs of the custom-endpoint example into `OUT_DIR`, for `src/lib.rs` to include.

fn main() {
    let generated = wechatpay_codegen::build::Build::new("../custom-endpoint/spec")
        .root("crate::api")
        .generate();
    if let Err(error) = generated {
        // Each spec error is printed with its file, line and column; other errors with their
        // causes, which each error's message leaves to `source`.
        let mut cause: Option<&dyn std::error::Error> = Some(&error);
        while let Some(error) = cause {
            eprintln!("{error}");
            cause = error.source();
        }
        std::process::exit(1);
    }
}
