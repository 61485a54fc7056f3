//! Uploads: the file a multipart/form-data request carries, its documented limits, and the
//! `meta` JSON it is signed over.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use wechatpay_spec::model::{Endpoint, Upload};

use super::docs::Doc;

/// The request struct's `file` field, checked against the page's limits by `validate()`.
pub fn file_field(upload: &Upload) -> TokenStream {
    let mut doc = Doc::default();
    doc.markdown("The file to upload, sent as the `file` part of the multipart body.");
    doc.item(format!("At most {} bytes", upload.max_bytes));
    doc.item(format!("Of type {}", upload.content_types.join(", ")));
    doc.item("Its name and SHA-256 go into the `meta` part, which the request is signed over");
    let doc = doc.tokens();
    let max_bytes = Literal::u64_unsuffixed(upload.max_bytes);
    let types = upload.content_types.join(",");
    quote! {
        #doc
        #[validate(file(max_bytes = #max_bytes, content_types = #types))]
        pub file: ::wechatpay_runtime::UploadFile,
    }
}

/// `Operation::file`, for an upload.
pub fn file_fn(endpoint: &Endpoint) -> TokenStream {
    if endpoint.request.upload.is_none() {
        return quote!();
    }
    quote! {
        fn file(&self) -> Option<&::wechatpay_runtime::UploadFile> {
            Some(&self.file)
        }
    }
}

/// The `meta` fields every upload carries (`filename`, `sha256`), as a flattened member of the
/// body struct, and its value; nothing for an endpoint that uploads no file.
pub fn meta_member(endpoint: &Endpoint) -> Option<(TokenStream, TokenStream)> {
    endpoint.request.upload.as_ref()?;
    Some((
        quote!(#[serde(flatten)] file: ::wechatpay_runtime::upload::UploadMeta<'a>,),
        quote!(file: self.file.meta()),
    ))
}
