//! What the generated code tells the runtime about one endpoint.

use std::borrow::Cow;

use crate::query::QueryString;
use crate::upload::UploadFile;
use crate::validate::Validate;
use crate::wire_enum::WireEnum;

/// An HTTP method an endpoint may use (one definition, shared with the spec model).
pub use wechatpay_rules::Method;

/// What a successful (2xx) answer of an endpoint carries: [`Operation::RESPONSE_BODY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ResponseBody {
    /// A JSON body, decoded into [`Operation::Response`].
    #[default]
    Json,
    /// No body at all: 204 No Content, 202 Accepted, or 200 with an empty body.
    ///
    /// The answer's signature headers are still verified when the endpoint's answers are signed
    /// (the signed message is then `TIMESTAMP\nNONCE\n\n`). Any body is refused with
    /// [`crate::Error::UnexpectedBody`]: it is not what the endpoint documents, and is not guessed
    /// at. [`Operation::Response`] is built from nothing (a serde unit): [`NoContent`], the type
    /// generated code names, or `()`.
    Empty,
}

/// The body of an answer that has none ([`ResponseBody::Empty`]): the caller receives a
/// `Response<NoContent>`, whose `http_status()` and `request_id()` acknowledge the call.
///
/// Generated code writes `type Response = ::wechatpay_runtime::NoContent;` beside
/// `const RESPONSE_BODY: ::wechatpay_runtime::ResponseBody = ::wechatpay_runtime::ResponseBody::Empty;`.
/// It (de)serializes as a serde unit (`null` in JSON).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub struct NoContent;

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
    /// What a 2xx answer carries: a JSON body (the default), or nothing, for the endpoints that
    /// answer 204 No Content (or 202, or 200 with no body). An endpoint without a body sets
    /// `ResponseBody::Empty` and `type Response = NoContent`; see [`ResponseBody::Empty`].
    const RESPONSE_BODY: ResponseBody = ResponseBody::Json;
    /// The error codes that say the resource does not exist, as the endpoint's error table
    /// lists them under HTTP 404 (see [`crate::client::ApiError::is_not_found`]).
    const NOT_FOUND_CODES: &'static [&'static str] = &[];
    /// Whether the body holds a sensitive field sent encrypted (a [`crate::SecretString`], at
    /// any depth: top level, nested objects, arrays). The client then picks the key to encrypt
    /// with (the WeChat Pay public key when configured, else the newest platform certificate
    /// valid now), writes [`Operation::body`] once per call with that key in force (see
    /// [`crate::sensitive`]), and names the key in `Wechatpay-Serial`; without such a key the
    /// call fails with [`crate::Error::NoEncryptionKey`] before anything is sent.
    ///
    /// Generated code writes `const ENCRYPTS: bool = true;` for such a request. A `SecretString`
    /// written by a request that leaves this `false` makes [`Operation::body`] fail
    /// ([`crate::Error::Encode`]), never send its plaintext.
    const ENCRYPTS: bool = false;

    /// The path with path parameters filled in, each percent-encoded.
    fn path(&self) -> Cow<'static, str> {
        Cow::Borrowed(Self::PATH_TEMPLATE)
    }

    /// Appends the query parameters, in the documented order.
    fn write_query(&self, _query: &mut QueryString) {}

    /// Appends user-supplied headers (never the protocol headers the runtime sets itself).
    fn write_headers(&self, _headers: &mut Vec<(&'static str, String)>) {}

    /// The exact JSON body bytes, for endpoints that send one: the bytes signed.
    ///
    /// For an upload ([`Operation::file`] returns a file) these are the `meta` JSON, which the
    /// client signs and sends, unchanged, as the `meta` part of the multipart body (see
    /// [`crate::upload`]); for the common `meta`, `serde_json::to_vec(&self.file.meta())`.
    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        Ok(None)
    }

    /// The file an upload endpoint sends, making the request `multipart/form-data`: the `meta`
    /// part holds [`Operation::body`], the `file` part this file (see [`crate::upload`]).
    /// `None`, the default, for every other endpoint.
    ///
    /// Generated code writes, for a request whose file is in the field `file` (checked by
    /// `#[validate(file(max_bytes = …, content_types = "…"))]`):
    ///
    /// ```ignore
    /// fn file(&self) -> Option<&::wechatpay_runtime::UploadFile> {
    ///     Some(&self.file)
    /// }
    /// fn body(&self) -> Result<Option<Vec<u8>>, ::wechatpay_runtime::serde_json::Error> {
    ///     ::wechatpay_runtime::serde_json::to_vec(&self.file.meta()).map(Some)
    /// }
    /// ```
    fn file(&self) -> Option<&UploadFile> {
        None
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
            return path.into_owned();
        }
        let mut target = String::with_capacity(path.len() + 1 + query.len());
        target.push_str(&path);
        target.push('?');
        target.push_str(&query);
        target
    }
}

/// Whether a paged endpoint's `offset` counts items or pages: its page says either "分页开始位置"
/// (the index of the first item wanted) or "分页页码" (the index of the page wanted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OffsetUnit {
    /// `offset` is the index of the first item of the page: the next page starts at `offset`
    /// plus the number of items received.
    Items,
    /// `offset` is the index of the page: the next page is `offset + 1`, and each page but the
    /// last holds `limit` items (or, with no limit sent, as many as the first page).
    Pages,
}

/// One page of a paged list: its items, and the size of the whole list when the answer reports
/// it (`total_count`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page, in the order the answer lists them.
    pub items: Vec<T>,
    /// The number of items in the whole list, counted from its first item, when reported.
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// A page of `items`, in a list of `total` items when the answer says so.
    pub fn new(items: Vec<T>, total: Option<u64>) -> Self {
        Self { items, total }
    }
}

/// An endpoint that returns a list in pages selected by `offset` and `limit` query parameters:
/// generated code implements it beside [`Operation`], and [`crate::Client::items`] (or
/// [`crate::Client::pages`]) reads the whole list, one page at a time.
///
/// The offsets of this trait start at 0. An endpoint numbering its pages from 1 converts in
/// [`Paged::offset`] and [`Paged::set_offset`], so that the runtime never guesses a base.
///
/// Generated code writes, for a request whose answer holds `data` and `total_count`:
///
/// ```ignore
/// impl ::wechatpay_runtime::Paged for ListThingsRequest {
///     type Item = Thing;
///     const OFFSET_UNIT: ::wechatpay_runtime::OffsetUnit = ::wechatpay_runtime::OffsetUnit::Items;
///     fn offset(&self) -> u64 { self.offset.unwrap_or(0) }
///     fn set_offset(&mut self, offset: u64) { self.offset = Some(offset); }
///     fn limit(&self) -> Option<u64> { self.limit }
///     fn into_page(response: ThingList) -> ::wechatpay_runtime::Page<Thing> {
///         ::wechatpay_runtime::Page::new(response.data.unwrap_or_default(), response.total_count)
///     }
/// }
/// ```
pub trait Paged: Operation {
    /// One item of the list.
    type Item;
    /// Whether `offset` counts items or pages.
    const OFFSET_UNIT: OffsetUnit;

    /// The offset this request asks for (0 when it sets none).
    fn offset(&self) -> u64;

    /// Asks for another offset: the runtime calls it between pages.
    fn set_offset(&mut self, offset: u64);

    /// The page size asked for, when the request sets one (the service's default otherwise).
    fn limit(&self) -> Option<u64>;

    /// The items of one answer, and the total it reports, if it reports one.
    fn into_page(response: Self::Response) -> Page<Self::Item>;
}
