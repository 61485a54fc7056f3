//! What the generated code tells the runtime about one endpoint.

use std::borrow::Cow;

use crate::query::QueryString;
use crate::validate::Validate;
use crate::wire_enum::WireEnum;

/// An HTTP method an endpoint may use (one definition, shared with the spec model).
pub use wechatpay_rules::Method;

/// One endpoint's request: how it is validated and laid out on the wire.
///
/// Implemented by the generated request types; the runtime drives every endpoint through it.
/// The provided methods are the only place a request target is assembled, so the client sends
/// (and signs) exactly what [`Operation::request_target`] returns.
pub trait Operation: Validate {
    /// The type a 2xx response body deserializes into.
    type Response: serde::de::DeserializeOwned;
    /// The error codes the endpoint may answer with (the generated crate's `ErrorCode`).
    type ErrorCode: WireEnum;
    /// The HTTP method.
    const METHOD: Method;
    /// The path as documented, with `{name}` placeholders for path parameters.
    const PATH_TEMPLATE: &'static str;
    /// Whether repeating the call with the same parameters is safe, so it may be retried.
    const IDEMPOTENT: bool;
    /// Whether every 2xx response carries a WeChat Pay signature that must be verified.
    const SIGNED_RESPONSE: bool;
    /// The error codes that say the resource does not exist, as the endpoint's error table
    /// lists them under HTTP 404 (see [`crate::client::ApiError::is_not_found`]).
    const NOT_FOUND_CODES: &'static [&'static str] = &[];

    /// The path with path parameters filled in, each percent-encoded.
    fn path(&self) -> Cow<'static, str> {
        Cow::Borrowed(Self::PATH_TEMPLATE)
    }

    /// Appends the query parameters, in the documented order.
    fn write_query(&self, _query: &mut QueryString) {}

    /// Appends user-supplied headers (never the protocol headers the runtime sets itself).
    fn write_headers(&self, _headers: &mut Vec<(&'static str, String)>) {}

    /// The exact JSON body bytes, for endpoints that send one.
    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        Ok(None)
    }

    /// The query string without the leading `?`; empty when there are no parameters.
    fn query_string(&self) -> String {
        let mut query = QueryString::new();
        self.write_query(&mut query);
        query.finish()
    }

    /// The path plus, only when there is a query, `?` and the query string: the URL part that is
    /// both sent and signed.
    fn request_target(&self) -> String {
        let path = self.path();
        let query = self.query_string();
        if query.is_empty() {
            path.into_owned()
        } else {
            format!("{path}?{query}")
        }
    }
}
