//! Integer wire enums, patterns and `each(...)`, in a crate that depends on `wechatpay_runtime`
//! alone, with every warning denied: no `serde` import, no trait import for `as_i64`/`is_known`,
//! no lint from the emitted `static`s.
#![deny(warnings, missing_docs)]

/// 场景
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::wechatpay_runtime::WireEnum)]
#[non_exhaustive]
pub enum Scene {
    /// `3`: 线下
    #[wire(3)]
    Offline,
    /// `124`: App
    #[wire(124, alias = -124)]
    App,
    /// A value this version does not know, kept as received.
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownInt),
}

/// 下载账单
#[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
#[non_exhaustive]
pub struct BillRequest {
    /// 账单日期
    #[validate(required, length(max = 10), pattern = "[0-9]{4}-[0-9]{2}-[0-9]{2}")]
    pub bill_date: String,
    /// 二级商户号列表
    #[validate(each(length(min = 1, max = 32), charset = "0-9", pattern = "19[0-9]+"))]
    pub sub_mchids: Vec<String>,
    /// 标签
    #[validate(each(pattern = r"\w+"))]
    pub tags: Option<Vec<String>>,
}

/// A generic request: the emitted `static`s must not depend on the type's parameters.
#[derive(::wechatpay_runtime::Validate)]
pub struct Wrapper<T: ::wechatpay_runtime::Validate> {
    /// 内容
    #[validate(nested)]
    pub inner: T,
    /// 编号
    #[validate(pattern = "[A-Z]+")]
    pub code: String,
}

fn main() {
    let scene: Scene = ::wechatpay_runtime::serde_json::from_str("-124").unwrap();
    assert_eq!(scene.as_i64(), 124);
    assert!(scene.is_known());
    assert_eq!(scene.to_string(), "124");

    let request = BillRequest {
        bill_date: "2024/01/31".to_owned(),
        sub_mchids: vec!["1900000109".to_owned(), "2900000109".to_owned()],
        tags: None,
    };
    let error = ::wechatpay_runtime::Validate::validate(&request).unwrap_err();
    assert_eq!(error.violations().len(), 2);

    let wrapper = Wrapper { inner: request, code: "ab".to_owned() };
    let error = ::wechatpay_runtime::Validate::validate(&wrapper).unwrap_err();
    assert_eq!(error.violations().len(), 3);
}
