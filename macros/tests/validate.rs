//! What `#[derive(Validate)]` checks, used as generated code uses it.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::borrow::Cow;

use wechatpay_runtime::{LengthUnit, Rule, Validate, Violation};

#[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
#[non_exhaustive]
struct QueryReturnOrderRequest {
    #[validate(required, length(min = 1, max = 32))]
    sub_mchid: String,
    #[validate(nested)]
    order_ref: OrderRef,
    #[validate(required, length(min = 1, max = 64), charset = "0-9A-Za-z_*@-")]
    out_return_no: String,
    #[validate(name = "type", length(max = 32, unit = "bytes"))]
    receiver_type: Option<String>,
    #[validate(nested)]
    receivers: Vec<Receiver>,
    #[validate(nested)]
    extra_receivers: Option<Vec<Receiver>>,
    #[validate(nested)]
    first_receiver: Option<Receiver>,
    #[validate(nested)]
    boxed_receiver: Box<Receiver>,
    amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
enum OrderRef {
    #[validate(name = "order_id", required, length(min = 1, max = 64))]
    OrderId(String),
    #[validate(required, length(min = 1, max = 64))]
    OutOrderNo(String),
}

#[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
struct Receiver {
    #[validate(required, length(max = 4))]
    account: String,
    amount: i64,
    #[validate(length(min = 2, max = 3), charset = "一-龥")]
    description: Option<String>,
}

fn receiver(account: &str) -> Receiver {
    Receiver {
        account: account.to_owned(),
        amount: 1,
        description: None,
    }
}

fn valid_request() -> QueryReturnOrderRequest {
    QueryReturnOrderRequest {
        sub_mchid: "1900000109".to_owned(),
        order_ref: OrderRef::OrderId("3008450740201411110007820472".to_owned()),
        out_return_no: "R20190516_*@-".to_owned(),
        receiver_type: Some("MERCHANT_ID".to_owned()),
        receivers: vec![receiver("a"), receiver("b")],
        extra_receivers: None,
        first_receiver: None,
        boxed_receiver: Box::new(receiver("c")),
        amount: -5,
    }
}

fn fields(request: &impl Validate) -> Vec<String> {
    match request.validate() {
        Ok(()) => Vec::new(),
        Err(error) => error
            .into_violations()
            .into_iter()
            .map(|v| v.field)
            .collect(),
    }
}

#[test]
fn a_valid_request_passes() {
    assert_eq!(valid_request().validate(), Ok(()));
}

#[test]
fn required_string_must_not_be_empty_and_is_not_also_too_short() {
    let mut request = valid_request();
    request.sub_mchid.clear();
    let error = request.validate().unwrap_err();
    assert_eq!(
        error.violations(),
        [Violation {
            field: "sub_mchid".to_owned(),
            rule: Rule::Required,
            value: String::new(),
        }]
    );
    assert_eq!(
        error.to_string(),
        "1 invalid field: sub_mchid: is required but empty"
    );
}

#[test]
fn length_is_counted_in_characters_by_default() {
    let mut request = valid_request();
    request.sub_mchid = "分".repeat(32);
    assert_eq!(request.validate(), Ok(()));
    request.sub_mchid.push('账');
    let error = request.validate().unwrap_err();
    assert_eq!(
        error.violations()[0].rule,
        Rule::Length {
            min: Some(1),
            max: Some(32),
            unit: LengthUnit::Chars,
            actual: 33,
        }
    );
}

#[test]
fn length_can_be_counted_in_bytes_under_a_wire_name() {
    let mut request = valid_request();
    request.receiver_type = Some("分".repeat(11));
    let error = request.validate().unwrap_err();
    let violation = &error.violations()[0];
    assert_eq!(violation.field, "type");
    assert_eq!(
        violation.rule,
        Rule::Length {
            min: None,
            max: Some(32),
            unit: LengthUnit::Bytes,
            actual: 33,
        }
    );
}

#[test]
fn optional_strings_may_be_absent() {
    let mut request = valid_request();
    request.receiver_type = None;
    assert_eq!(request.validate(), Ok(()));
}

#[test]
fn charset_reports_the_offending_character() {
    let mut request = valid_request();
    request.out_return_no = "R#1".to_owned();
    let error = request.validate().unwrap_err();
    assert_eq!(
        error.violations()[0].rule,
        Rule::Charset {
            allowed: "0-9A-Za-z_*@-",
            found: '#',
        }
    );
    assert_eq!(
        error.to_string(),
        r#"1 invalid field: out_return_no: must contain only 0-9A-Za-z_*@- (found '#') in "R#1""#
    );
}

#[test]
fn one_of_members_are_named_without_the_group() {
    let mut request = valid_request();
    request.order_ref = OrderRef::OrderId(String::new());
    assert_eq!(fields(&request), ["order_id"]);
    request.order_ref = OrderRef::OutOrderNo("x".repeat(65));
    assert_eq!(fields(&request), ["out_order_no"]);
}

#[test]
fn a_one_of_enum_validates_on_its_own() {
    assert_eq!(
        fields(&OrderRef::OutOrderNo(String::new())),
        ["out_order_no"]
    );
    assert_eq!(OrderRef::OutOrderNo("1".to_owned()).validate(), Ok(()));
}

#[test]
fn nested_paths_render_indices_and_fields() {
    let mut request = valid_request();
    request.receivers[1].description = Some("分a".to_owned());
    request.receivers.push(receiver(""));
    request.extra_receivers = Some(vec![receiver("ok"), receiver("toolong")]);
    request.first_receiver = Some(receiver(""));
    request.boxed_receiver.account.clear();
    assert_eq!(
        fields(&request),
        [
            "receivers[1].description",
            "receivers[2].account",
            "extra_receivers[1].account",
            "first_receiver.account",
            "boxed_receiver.account",
        ]
    );
}

#[test]
fn display_lists_every_violation() {
    let mut request = valid_request();
    request.sub_mchid.clear();
    request.out_return_no = "R#1".to_owned();
    request.receivers[0].account = "12345".to_owned();
    request.receivers[1].description = Some("a".to_owned());
    assert_eq!(
        request.validate().unwrap_err().to_string(),
        "4 invalid fields: sub_mchid: is required but empty; \
         out_return_no: must contain only 0-9A-Za-z_*@- (found '#') in \"R#1\"; \
         receivers[0].account: must be at most 4 characters long (found 5) in \"12345\"; \
         receivers[1].description: must be 2 to 3 characters long (found 1) in \"a\"; \
         receivers[1].description: must contain only 一-龥 (found 'a') in \"a\""
    );
}

/// Raw identifiers, other string types, lifetimes, unchecked one-of members, one-of members
/// holding objects, and a one-of group inside a list.
#[derive(::wechatpay_runtime::Validate)]
struct Assorted<'a> {
    #[validate(required)]
    r#type: &'a str,
    #[validate(required, length(min = 2))]
    boxed: Box<str>,
    #[validate(charset = "-0-9")]
    cow: Cow<'a, str>,
    #[validate(required)]
    optional: Option<&'a str>,
    #[validate(nested)]
    choices: Vec<Choice>,
}

#[derive(::wechatpay_runtime::Validate)]
enum Choice {
    #[expect(
        dead_code,
        reason = "built to show that a member without rules is skipped"
    )]
    Unchecked(i64),
    #[validate(nested)]
    ByReceiver(Receiver),
    #[validate(length(max = 1))]
    r#Short(String),
}

#[test]
fn assorted_fields() {
    let assorted = Assorted {
        r#type: "",
        boxed: "x".into(),
        cow: Cow::Borrowed("-12+"),
        optional: None,
        choices: vec![
            Choice::Unchecked(0),
            Choice::ByReceiver(receiver("")),
            Choice::Short("ab".to_owned()),
        ],
    };
    assert_eq!(
        fields(&assorted),
        [
            "type",
            "boxed",
            "cow",
            "optional",
            "choices[1].by_receiver.account",
            "choices[2].short"
        ]
    );
}

/// Nothing to check still implements `Validate`, as a request without parameters must.
#[derive(::wechatpay_runtime::Validate)]
struct NoParameters;

#[derive(::wechatpay_runtime::Validate)]
struct NoRules {
    _amount: i64,
}

#[derive(::wechatpay_runtime::Validate)]
enum NoVariants {}

#[derive(::wechatpay_runtime::Validate)]
enum NoVariantRules {
    #[expect(
        dead_code,
        reason = "built to show that a member without rules is skipped"
    )]
    A(String),
}

#[test]
fn types_without_rules_always_pass() {
    assert_eq!(NoParameters.validate(), Ok(()));
    assert_eq!(NoRules { _amount: 1 }.validate(), Ok(()));
    assert_eq!(NoVariantRules::A(String::new()).validate(), Ok(()));
    fn implements_validate<T: Validate>() {}
    implements_validate::<NoVariants>();
}

/// Generic types validate with their parameters' own rules.
#[derive(::wechatpay_runtime::Validate)]
struct Page<T: Validate> {
    #[validate(nested)]
    items: Vec<T>,
}

#[test]
fn generic_containers() {
    let page = Page {
        items: vec![receiver("a"), receiver("")],
    };
    assert_eq!(fields(&page), ["items[1].account"]);
}

/// Patterns, alone and with the other string rules, and rules on every item of a list.
#[derive(Debug, Clone, ::wechatpay_runtime::Validate)]
struct BillRequest {
    #[validate(required, pattern = "[0-9]{4}-[0-9]{2}-[0-9]{2}")]
    bill_date: String,
    #[validate(length(max = 10), charset = "0-9A-Z", pattern = r"[A-Z]+\d*")]
    tar_type: Option<String>,
    #[validate(
        name = "sub_mchid_list",
        each(length(min = 1, max = 4), charset = "0-9")
    )]
    sub_mchids: Vec<String>,
    #[validate(each(pattern = "[A-Z]{2}"))]
    regions: Option<Vec<String>>,
    #[validate(each(pattern = "x+|y"))]
    borrowed: &'static [&'static str],
}

fn bill_request() -> BillRequest {
    BillRequest {
        bill_date: "2024-01-31".to_owned(),
        tar_type: Some("GZIP".to_owned()),
        sub_mchids: vec!["1".to_owned(), "1234".to_owned()],
        regions: None,
        borrowed: &["xx", "y"],
    }
}

#[test]
fn a_pattern_must_match_the_whole_value() {
    assert_eq!(bill_request().validate(), Ok(()));
    let mut request = bill_request();
    request.bill_date = "2024-01-31T00:00".to_owned();
    let error = request.validate().unwrap_err();
    assert_eq!(
        error.violations(),
        [Violation {
            field: "bill_date".to_owned(),
            rule: Rule::Pattern {
                pattern: "[0-9]{4}-[0-9]{2}-[0-9]{2}"
            },
            value: "2024-01-31T00:00".to_owned(),
        }]
    );
    assert_eq!(
        error.to_string(),
        "1 invalid field: bill_date: must match the pattern `[0-9]{4}-[0-9]{2}-[0-9]{2}` in \"2024-01-31T00:00\""
    );
}

#[test]
fn a_required_pattern_field_that_is_empty_is_only_missing() {
    let mut request = bill_request();
    request.bill_date.clear();
    let error = request.validate().unwrap_err();
    assert_eq!(error.violations()[0].rule, Rule::Required);
    assert_eq!(error.violations().len(), 1);
}

#[test]
fn an_optional_pattern_field_may_be_absent_and_is_checked_when_empty() {
    let mut request = bill_request();
    request.tar_type = None;
    assert_eq!(request.validate(), Ok(()));
    request.tar_type = Some(String::new());
    assert_eq!(fields(&request), ["tar_type"]);
}

#[test]
fn a_pattern_combines_with_length_and_charset() {
    let mut request = bill_request();
    request.tar_type = Some("gzip-compressed".to_owned());
    let rules: Vec<Rule> = request
        .validate()
        .unwrap_err()
        .into_violations()
        .into_iter()
        .map(|v| v.rule)
        .collect();
    assert!(matches!(
        rules[..],
        [
            Rule::Length { actual: 15, .. },
            Rule::Charset { found: 'g', .. },
            Rule::Pattern {
                pattern: r"[A-Z]+\d*"
            }
        ]
    ));
}

#[test]
fn each_checks_every_item_at_its_index() {
    let mut request = bill_request();
    request.sub_mchids = vec![
        "1".to_owned(),
        String::new(),
        "12345".to_owned(),
        "1a".to_owned(),
    ];
    request.regions = Some(vec!["CN".to_owned(), "cn".to_owned()]);
    request.borrowed = &["xy", "y"];
    let error = request.validate().unwrap_err();
    assert_eq!(
        fields(&request),
        [
            "sub_mchid_list[1]",
            "sub_mchid_list[2]",
            "sub_mchid_list[3]",
            "regions[1]",
            "borrowed[0]"
        ]
    );
    assert_eq!(
        error.to_string(),
        "5 invalid fields: sub_mchid_list[1]: must be 1 to 4 characters long (found 0) in \"\"; \
         sub_mchid_list[2]: must be 1 to 4 characters long (found 5) in \"12345\"; \
         sub_mchid_list[3]: must contain only 0-9 (found 'a') in \"1a\"; \
         regions[1]: must match the pattern `[A-Z]{2}` in \"cn\"; \
         borrowed[0]: must match the pattern `x+|y` in \"xy\""
    );
}

#[test]
fn each_passes_an_empty_or_absent_list() {
    let mut request = bill_request();
    request.sub_mchids.clear();
    request.regions = Some(Vec::new());
    request.borrowed = &[];
    assert_eq!(request.validate(), Ok(()));
}

/// A pattern and `each` on one-of members.
#[derive(::wechatpay_runtime::Validate)]
enum Lookup {
    #[validate(required, pattern = "[0-9]{28}")]
    TransactionId(String),
    #[validate(each(length(max = 2)))]
    Codes(Vec<String>),
}

#[test]
fn one_of_members_take_patterns_and_each() {
    assert_eq!(
        fields(&Lookup::TransactionId("42".to_owned())),
        ["transaction_id"]
    );
    assert_eq!(
        fields(&Lookup::TransactionId("4".repeat(28))),
        Vec::<String>::new()
    );
    assert_eq!(
        fields(&Lookup::Codes(vec!["ab".to_owned(), "abc".to_owned()])),
        ["codes[1]"]
    );
}
