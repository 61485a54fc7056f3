use std::borrow::Cow;

use super::*;

const NO_CHARSET: &[(char, char)] = &[
    ('0', '9'),
    ('A', 'Z'),
    ('a', 'z'),
    ('_', '_'),
    ('*', '*'),
    ('@', '@'),
    ('-', '-'),
];

fn check<V: StrValue + ?Sized>(rules: StrRules, value: &V) -> Vec<Violation> {
    let mut out = Vec::new();
    rules.check(value, &FieldPath::Root.field("f"), &mut out);
    out
}

fn rules(out: &[Violation]) -> Vec<&Rule> {
    out.iter().map(|v| &v.rule).collect()
}

#[test]
fn path_renders_as_the_wire_path() {
    let root = FieldPath::Root;
    let receivers = root.field("receivers");
    let second = receivers.index(1);
    let amount = second.field("amount");
    assert_eq!(root.to_string(), "");
    assert_eq!(receivers.to_string(), "receivers");
    assert_eq!(amount.to_string(), "receivers[1].amount");
    assert_eq!(
        root.index(0).field("a").index(2).index(3).to_string(),
        "[0].a[2][3]"
    );
}

#[test]
fn required_rejects_missing_and_empty() {
    let required = StrRules::new().required();
    assert_eq!(rules(&check(required, "")), [&Rule::Required]);
    assert_eq!(rules(&check(required, &None::<String>)), [&Rule::Required]);
    assert_eq!(
        rules(&check(required, &Some(String::new()))),
        [&Rule::Required]
    );
    assert!(check(required, "x").is_empty());
    assert!(check(required, &Some("x".to_owned())).is_empty());
}

#[test]
fn optional_absent_value_passes_every_rule() {
    let rules = StrRules::new()
        .length(Some(1), Some(2), LengthUnit::Chars)
        .charset("0-9", &[('0', '9')]);
    assert!(check(rules, &None::<String>).is_empty());
    assert!(check(rules, &None::<&str>).is_empty());
}

#[test]
fn empty_required_value_is_not_also_too_short() {
    let rules = StrRules::new()
        .required()
        .length(Some(1), Some(32), LengthUnit::Chars);
    let out = check(rules, "");
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].to_string(), "f: is required but empty");
}

#[test]
fn empty_optional_value_is_checked_for_length() {
    let rules = StrRules::new().length(Some(1), None, LengthUnit::Chars);
    let out = check(rules, &Some(String::new()));
    assert_eq!(
        out[0].rule,
        Rule::Length {
            min: Some(1),
            max: None,
            unit: LengthUnit::Chars,
            actual: 0
        }
    );
}

#[test]
fn length_counts_chars_or_bytes() {
    let chars = StrRules::new().length(None, Some(2), LengthUnit::Chars);
    let bytes = StrRules::new().length(None, Some(2), LengthUnit::Bytes);
    assert!(check(chars, "分账").is_empty());
    let out = check(bytes, "分账");
    assert_eq!(
        out[0].rule,
        Rule::Length {
            min: None,
            max: Some(2),
            unit: LengthUnit::Bytes,
            actual: 6
        }
    );
    assert_eq!(
        out[0].to_string(),
        r#"f: must be at most 2 bytes long (found 6) in "分账""#
    );
}

#[test]
fn length_bounds_are_inclusive() {
    let rules = StrRules::new().length(Some(2), Some(3), LengthUnit::Chars);
    assert_eq!(check(rules, "a").len(), 1);
    assert!(check(rules, "ab").is_empty());
    assert!(check(rules, "abc").is_empty());
    let out = check(rules, "abcd");
    assert_eq!(
        out[0].to_string(),
        r#"f: must be 2 to 3 characters long (found 4) in "abcd""#
    );
}

#[test]
fn length_messages_read_naturally() {
    let message = |min, max, unit, actual| {
        Rule::Length {
            min,
            max,
            unit,
            actual,
        }
        .to_string()
    };
    assert_eq!(
        message(Some(1), None, LengthUnit::Chars, 0),
        "must be at least 1 character long (found 0)"
    );
    assert_eq!(
        message(Some(4), Some(4), LengthUnit::Chars, 3),
        "must be exactly 4 characters long (found 3)"
    );
    assert_eq!(
        message(None, Some(1), LengthUnit::Bytes, 3),
        "must be at most 1 byte long (found 3)"
    );
}

#[test]
fn charset_reports_the_first_outsider() {
    let rules = StrRules::new().charset("0-9A-Za-z_*@-", NO_CHARSET);
    assert!(check(rules, "Ab_9*@-z").is_empty());
    let out = check(rules, "R#1 ");
    assert_eq!(
        out[0].rule,
        Rule::Charset {
            allowed: "0-9A-Za-z_*@-",
            found: '#'
        }
    );
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].value, "R#1 ");
    assert_eq!(
        check(rules, "分")[0].to_string(),
        r#"f: must contain only 0-9A-Za-z_*@- (found '分') in "分""#
    );
    assert_eq!(
        check(rules, "a\nb")[0].to_string(),
        r#"f: must contain only 0-9A-Za-z_*@- (found '\n') in "a\nb""#
    );
}

#[test]
fn each_broken_rule_is_reported() {
    let rules = StrRules::new()
        .required()
        .length(None, Some(2), LengthUnit::Chars)
        .charset("0-9", &[('0', '9')]);
    let out = check(rules, "12x");
    assert!(matches!(
        out[..],
        [
            Violation {
                rule: Rule::Length { actual: 3, .. },
                ..
            },
            Violation {
                rule: Rule::Charset { found: 'x', .. },
                ..
            }
        ]
    ));
}

#[test]
fn string_types_are_all_checkable() {
    let rules = StrRules::new().required();
    assert_eq!(check(rules, &String::new()).len(), 1);
    assert_eq!(check(rules, &Box::<str>::from("")).len(), 1);
    assert_eq!(check(rules, &Cow::Borrowed("")).len(), 1);
    assert_eq!(check(rules, &"").len(), 1);
    assert_eq!(check(rules, &Some(Box::<str>::from("x"))).len(), 0);
}

#[test]
fn long_values_are_cut_short_in_display_only() {
    let value = "x".repeat(100);
    let out = check(
        StrRules::new().length(None, Some(10), LengthUnit::Chars),
        value.as_str(),
    );
    assert_eq!(out[0].value, value);
    let shown = out[0].to_string();
    assert!(
        shown.ends_with(&format!(
            "in \"{}\"…",
            "x".repeat(Violation::DISPLAY_VALUE_CHARS)
        )),
        "{shown}"
    );
}

/// A request written out by hand, as the derive would, to test the containers.
struct Receiver {
    account: String,
}

impl Validate for Receiver {
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        StrRules::new()
            .required()
            .check(&self.account, &path.field("account"), out);
    }
}

struct Request {
    sub_mchid: String,
    receivers: Vec<Receiver>,
    first: Option<Box<Receiver>>,
    out_return_no: String,
}

impl Validate for Request {
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        StrRules::new()
            .required()
            .check(&self.sub_mchid, &path.field("sub_mchid"), out);
        self.receivers.validate_field(path, "receivers", out);
        self.first.validate_field(path, "first", out);
        StrRules::new().charset("0-9A-Za-z_*@-", NO_CHARSET).check(
            &self.out_return_no,
            &path.field("out_return_no"),
            out,
        );
    }
}

fn receiver(account: &str) -> Receiver {
    Receiver {
        account: account.to_owned(),
    }
}

#[test]
fn valid_request_passes() {
    let request = Request {
        sub_mchid: "1900000109".to_owned(),
        receivers: vec![receiver("a"), receiver("b")],
        first: None,
        out_return_no: "R1".to_owned(),
    };
    assert_eq!(request.validate(), Ok(()));
}

#[test]
fn every_violation_is_collected_with_its_path() {
    let request = Request {
        sub_mchid: String::new(),
        receivers: vec![receiver("a"), receiver(""), receiver("")],
        first: Some(Box::new(receiver(""))),
        out_return_no: "R#1".to_owned(),
    };
    let error = request.validate().unwrap_err();
    let fields: Vec<&str> = error
        .violations()
        .iter()
        .map(|v| v.field.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "sub_mchid",
            "receivers[1].account",
            "receivers[2].account",
            "first.account",
            "out_return_no"
        ]
    );
    assert_eq!(
        error.to_string(),
        "5 invalid fields: sub_mchid: is required but empty; \
         receivers[1].account: is required but empty; \
         receivers[2].account: is required but empty; \
         first.account: is required but empty; \
         out_return_no: must contain only 0-9A-Za-z_*@- (found '#') in \"R#1\""
    );
    assert_eq!(error.clone().into_violations().len(), 5);
}

#[test]
fn display_counts_fields_not_rules() {
    let rules = StrRules::new()
        .length(None, Some(1), LengthUnit::Chars)
        .charset("0-9", &[('0', '9')]);
    let mut violations = Vec::new();
    rules.check("ab", &FieldPath::Root.field("code"), &mut violations);
    let error = ValidationError { violations };
    assert_eq!(
        error.to_string(),
        "1 invalid field: code: must be at most 1 character long (found 2) in \"ab\"; \
         code: must contain only 0-9 (found 'a') in \"ab\""
    );
}

static DATE: Pattern = Pattern::new("[0-9]{8}");

#[test]
fn pattern_matches_the_whole_value() {
    let date = StrRules::new().pattern(&DATE);
    assert!(check(date, "20240101").is_empty());
    let out = check(date, "202401011");
    assert_eq!(
        rules(&out),
        [&Rule::Pattern {
            pattern: "[0-9]{8}"
        }]
    );
    assert_eq!(
        out[0].to_string(),
        r#"f: must match the pattern `[0-9]{8}` in "202401011""#
    );
    assert_eq!(check(date, "x20240101").len(), 1);
}

#[test]
fn pattern_follows_the_other_rules_on_absent_and_empty_values() {
    let optional = StrRules::new().pattern(&DATE);
    // Absent: no rule broken.
    assert!(check(optional, &None::<String>).is_empty());
    // Empty but present: checked as it is, like `length` and `charset`.
    assert_eq!(check(optional, &Some(String::new())).len(), 1);
    static DIGITS: Pattern = Pattern::new("[0-9]*");
    assert!(check(StrRules::new().pattern(&DIGITS), "").is_empty());
    // Required and empty: reported as missing only.
    let required = StrRules::new().required().pattern(&DATE);
    assert_eq!(rules(&check(required, "")), [&Rule::Required]);
}

#[test]
fn pattern_is_reported_after_length_and_charset() {
    let all = StrRules::new()
        .length(None, Some(8), LengthUnit::Chars)
        .charset("0-9", &[('0', '9')])
        .pattern(&DATE);
    let out = check(all, "2024-01-01");
    assert!(matches!(
        rules(&out)[..],
        [
            Rule::Length { actual: 10, .. },
            Rule::Charset { found: '-', .. },
            Rule::Pattern { .. }
        ]
    ));
}

#[test]
fn pattern_compiles_once_and_compares_by_source() {
    static WORD: Pattern = Pattern::new(r"\w+");
    assert_eq!(WORD.source(), r"\w+");
    assert!(WORD.is_match("a_1"));
    assert!(!WORD.is_match("分"));
    assert_eq!(WORD, Pattern::new(r"\w+"));
    assert_ne!(WORD, DATE);
    assert_eq!(format!("{WORD:?}"), r#"Pattern("\\w+")"#);
}

#[test]
#[should_panic(expected = "the pattern `[0-9` is not a valid regular expression")]
fn a_malformed_hand_written_pattern_panics_naming_it() {
    let broken = Pattern::new("[0-9");
    let _ = broken.is_match("1");
}

fn check_each<L: StrItems + ?Sized>(rules: StrRules, items: &L) -> Vec<Violation> {
    let mut out = Vec::new();
    rules.check_each(items, &FieldPath::Root.field("f"), &mut out);
    out
}

fn fields_of(out: &[Violation]) -> Vec<&str> {
    out.iter().map(|v| v.field.as_str()).collect()
}

#[test]
fn each_item_is_checked_at_its_index() {
    let rules = StrRules::new()
        .length(Some(1), Some(3), LengthUnit::Chars)
        .charset("a-z", &[('a', 'z')]);
    let items = vec![
        "ab".to_owned(),
        "abcd".to_owned(),
        String::new(),
        "A".to_owned(),
    ];
    let out = check_each(rules, &items);
    assert_eq!(fields_of(&out), ["f[1]", "f[2]", "f[3]"]);
    assert_eq!(
        out[0].to_string(),
        r#"f[1]: must be 1 to 3 characters long (found 4) in "abcd""#
    );
    assert_eq!(
        out[2].to_string(),
        r#"f[3]: must contain only a-z (found 'A') in "A""#
    );
    let out = check_each(StrRules::new().pattern(&DATE), &["20240101", "2024"][..]);
    assert_eq!(fields_of(&out), ["f[1]"]);
}

#[test]
fn each_accepts_every_list_of_strings() {
    let rules = StrRules::new().length(None, Some(1), LengthUnit::Chars);
    assert_eq!(check_each(rules, &vec!["ab"]).len(), 1);
    assert_eq!(check_each(rules, &["ab", "c"][..]).len(), 1);
    assert_eq!(check_each(rules, &["ab", "cd"]).len(), 2);
    assert_eq!(
        check_each(rules, &Box::<[String]>::from(["ab".to_owned()])).len(),
        1
    );
    assert_eq!(check_each(rules, &Some(vec![Cow::Borrowed("ab")])).len(), 1);
    assert_eq!(check_each(rules, &vec![Some("ab"), None]).len(), 1);
    assert_eq!(check_each(rules, &&vec!["ab".to_owned()]).len(), 1);
    // An absent list and an absent item have nothing to check.
    assert!(check_each(rules, &None::<Vec<String>>).is_empty());
    assert!(check_each(rules, &vec![None::<String>]).is_empty());
    assert!(check_each(rules, &Vec::<String>::new()).is_empty());
}
