//! The names of the `x-*` extensions the OpenAPI export writes and the OpenAPI importer reads:
//! one owner, so that the two directions cannot drift apart by a misspelt string.
//!
//! Each constant says what the extension carries; `spec/README.md` says what the spec key it
//! comes from means.

/// The whole document: the spec-wide length unit and its reason (`settings.yaml`).
pub const LENGTH_UNIT: &str = "x-wechatpay-length-unit";
/// The whole document: the public error codes of the shared files.
pub const COMMON_ERRORS: &str = "x-wechatpay-common-errors";
/// OpenAPI 3.0: where the notifications go, since 3.0 has no `webhooks`.
pub const WEBHOOKS_3_0: &str = "x-webhooks";

/// An operation or notification: the spec file it was written from, relative to the spec root.
pub const SPEC_FILE: &str = "x-wechatpay-spec-file";
/// An operation: whether a retry with the same parameters is safe.
pub const IDEMPOTENT: &str = "x-wechatpay-idempotent";
/// An operation: whether 2xx answers are signed.
pub const SIGNED_RESPONSE: &str = "x-wechatpay-signed-response";
/// A schema, enum or operation: its Rust name.
pub const RUST_NAME: &str = "x-wechatpay-rust-name";
/// A component schema: the spec name of the object or enum it was written from.
pub const SPEC_NAME: &str = "x-wechatpay-spec-name";
/// An operation: its one-of groups; a parameter: the group it belongs to.
pub const ONE_OF: &str = "x-wechatpay-one-of";
/// An operation: its paging fields.
pub const PAGING: &str = "x-wechatpay-paging";
/// An operation: the field whose values say the resource is still in progress.
pub const POLL: &str = "x-wechatpay-poll";
/// An operation: the fields of a download ticket.
pub const DOWNLOAD: &str = "x-wechatpay-download";
/// An operation: the headers the page lists that the runtime sets itself.
pub const PROTOCOL_HEADERS: &str = "x-wechatpay-protocol-headers";
/// An operation: the page's examples as printed.
pub const EXAMPLES: &str = "x-wechatpay-examples";
/// An operation or notification: the page's provenance.
pub const SOURCE: &str = "x-wechatpay-source";
/// An operation, notification or the whole document: contradictions and decisions.
pub const ERRATA: &str = "x-wechatpay-errata";
/// An operation: the request fields' wire names in table order, which parameters and body
/// properties, listed apart, do not keep.
pub const REQUEST_ORDER: &str = "x-wechatpay-request-order";
/// A success answer without a JSON body (none, or a file): the response's name and words,
/// which no component schema carries then.
pub const RESPONSE: &str = "x-wechatpay-response";
/// A success answer without a body.
pub const EMPTY: &str = "x-wechatpay-empty";
/// An error answer: the codes listed for its status (`row` is the place in the page's table).
pub const ERROR_CODES: &str = "x-wechatpay-error-codes";
/// A multipart media type: the upload's limits.
pub const UPLOAD: &str = "x-wechatpay-upload";

/// A field schema: its type column as written.
pub const TYPE: &str = "x-wechatpay-type";
/// A field schema that is a reference: its title, which a `$ref` has no room for.
pub const TITLE: &str = "x-wechatpay-title";
/// A field schema: its example as written.
pub const EXAMPLE: &str = "x-wechatpay-example";
/// A field or item schema: its pattern as the spec writes it (unanchored).
pub const PATTERN: &str = "x-wechatpay-pattern";
/// A field or item schema: its charset class.
pub const CHARSET: &str = "x-wechatpay-charset";
/// A field or item schema: a length counted in bytes.
pub const LENGTH: &str = "x-wechatpay-length";
/// A request field schema: where it travels.
pub const LOCATION: &str = "x-wechatpay-location";
/// A request field schema: the other places the same value is sent.
pub const ALSO_IN: &str = "x-wechatpay-also-in";
/// A field schema: sent or answered encrypted, with the page's rules.
pub const ENCRYPTED: &str = "x-wechatpay-encrypted";
/// A field schema: a string holding JSON text (with or without a known inner type).
pub const JSON: &str = "x-wechatpay-json";
/// OpenAPI 3.0: a JSON-text string's inner schema, since 3.0 has no `contentSchema`.
pub const CONTENT_SCHEMA: &str = "x-wechatpay-content-schema";
/// A schema: `spec` when its words are the spec author's.
pub const DESCRIPTION_SOURCE: &str = "x-wechatpay-description-source";

/// An enum schema: other spellings of its values.
pub const ALIASES: &str = "x-wechatpay-aliases";
/// An enum schema: values outside the list may appear.
pub const OPEN_ENUM: &str = "x-wechatpay-open-enum";
/// An enum schema: its variants' names (a convention several generators read).
pub const ENUM_VARNAMES: &str = "x-enum-varnames";
/// An enum schema: its values' meanings (a convention several generators read).
pub const ENUM_DESCRIPTIONS: &str = "x-enum-descriptions";

/// The prefix of the components the export names after the spec file that defines them,
/// `<namespace>.<stem>` (`ecommerce.profitsharing.query_order`): an endpoint's operation or a
/// notification's name is the stem, and a notification's `notifications` directory is not part
/// of its namespace. The import finds a file's own definitions by it.
pub fn file_prefix<S: AsRef<str>>(namespace: &[S], stem: &str) -> String {
    let mut prefix = String::new();
    for segment in namespace {
        prefix.push_str(segment.as_ref());
        prefix.push('.');
    }
    prefix.push_str(stem);
    prefix
}

/// A webhook: the schema of the decrypted resource.
pub const DECRYPTED_RESOURCE: &str = "x-wechatpay-decrypted-resource";
/// A webhook: the resource's `original_type`.
pub const ORIGINAL_TYPE: &str = "x-wechatpay-original-type";
/// A webhook: the response whose records it reports.
pub const ABOUT: &str = "x-wechatpay-about";
/// The notification envelope: how its resource is encrypted.
pub const ENCRYPTION: &str = "x-wechatpay-encryption";
/// The security scheme: the signature's details.
pub const SIGNATURE: &str = "x-wechatpay-signature";
