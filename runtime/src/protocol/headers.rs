//! The names of the HTTP headers the protocol reads and writes, spelled as WeChat Pay documents
//! them (header names are case-insensitive on the wire), and which request headers the client
//! sets itself. One definition, shared with the spec checker, which refuses spec fields that
//! would repeat one of them.

pub use wechatpay_rules::headers::*;
