//! `wechatpay_spec::diff`: each change between two checked models is found and judged as
//! documented. The old versions are hand-made from the project's specs: page 002's history
//! undone entry by entry, the FAIL / FAILED split of 000 and 001, and single edits.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::path::{Path, PathBuf};

use wechatpay_spec::diff::{self, Bump, Change, Kind, Report, Side, SubjectKind};
use wechatpay_spec::load::{self, SpecFile};
use wechatpay_spec::model::Api;
use wechatpay_spec::{base, check};

const QUERY_ORDER: &str = "ecommerce/profitsharing/query_order.yaml";
const QUERY_ORDER_ROUTE: &str = "GET /v3/ecommerce/profitsharing/orders";
const BRAND_RETURN: &str = "brand/profitsharing/query_return_order.yaml";
const ENUMS: &str = "shared/enums.yaml";

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec")
}

/// A spec file of the project, as checked in.
fn seed(relative: &str) -> String {
    std::fs::read_to_string(spec_dir().join(relative)).unwrap()
}

/// `text` with `from` replaced by `to`, which must stand in it exactly once.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must stand once");
    text.replacen(from, to, 1)
}

/// `text` without the lines from the one starting `from` up to the one starting `to`.
fn cut(text: &str, from: &str, to: &str) -> String {
    let start = text.find(from).unwrap();
    let end = start + text[start..].find(to).unwrap();
    format!("{}{}", &text[..start], &text[end..])
}

fn checked(files: Vec<SpecFile>) -> Api {
    let tree = load::parse_tree(&spec_dir(), files, load::Settings::Required)
        .unwrap_or_else(|errors| panic!("{errors}"));
    check::check(&tree, None).unwrap_or_else(|errors| panic!("{errors}"))
}

/// The project's settings and shared files (as built in) with `files` on top, each replacing
/// the built-in file of its path: how the command loads a single file.
fn with_base(files: &[(&str, &str)]) -> Api {
    let mut all: Vec<SpecFile> = base::FILES
        .iter()
        .filter(|(relative, _)| !files.iter().any(|(path, _)| path == relative))
        .map(|(relative, text)| spec_file(relative, text))
        .collect();
    all.extend(
        files
            .iter()
            .map(|(relative, text)| spec_file(relative, text)),
    );
    checked(all)
}

/// The whole spec directory with each `(path, Some(text))` replacing or adding a file and each
/// `(path, None)` removing one.
fn whole(changes: &[(&str, Option<&str>)]) -> Api {
    let mut files = load::read_files(&spec_dir()).unwrap();
    files.retain(|file| !changes.iter().any(|(path, _)| *path == file.relative));
    for (relative, text) in changes {
        if let Some(text) = text {
            files.push(spec_file(relative, text));
        }
    }
    checked(files)
}

fn spec_file(relative: &str, text: &str) -> SpecFile {
    SpecFile {
        path: spec_dir().join(relative),
        relative: relative.to_owned(),
        text: Ok(text.to_owned()),
    }
}

/// The one change of `kind` at `path` (a field path, or the subject's name when no path).
#[track_caller]
fn the<'a>(report: &'a Report, kind: Kind, path: &str) -> &'a Change {
    let found: Vec<&Change> = report
        .changes()
        .iter()
        .filter(|c| c.kind == kind && c.path.as_deref().unwrap_or(&c.subject.name) == path)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{kind:?} at {path}: {:#?}",
        report.changes()
    );
    found[0]
}

/// The kinds and paths of every change, to say exactly what was found.
fn summary(report: &Report) -> Vec<(Kind, String, bool)> {
    report
        .changes()
        .iter()
        .map(|c| {
            let at = c.path.clone().unwrap_or_else(|| c.subject.name.clone());
            (c.kind, at, c.breaking)
        })
        .collect()
}

/// Page 002 as it stood before V1.3: no `type` nor `receiver_account` on a receiver, and no
/// RESOURCE_NOT_EXISTS in its error table.
fn query_order_before_v1_3() -> String {
    let text = cut(
        &seed(QUERY_ORDER),
        "      - name: type\n        rust_name: receiver_type",
        "\nenums:",
    );
    cut(
        &text,
        "  - status: 404\n    code: RESOURCE_NOT_EXISTS",
        "\nexamples:",
    )
}

/// Page 002's enums before V1.5 (受理成功 and 分账失败待调账 were dropped then).
fn query_order_before_v1_5() -> String {
    let text = edit(
        &seed(QUERY_ORDER),
        "      - value: PROCESSING\n        meaning: 处理中\n      - value: FINISHED",
        "      - value: ACCEPTED\n        meaning: 受理成功\n      - value: PROCESSING\n        meaning: 处理中\n      - value: FINISHED",
    );
    edit(
        &text,
        "        meaning: 分账成功\n      - value: CLOSED",
        "        meaning: 分账成功\n      - value: ADJUST\n        meaning: 分账失败待调账\n      - value: CLOSED",
    )
}

#[test]
fn the_same_specs_have_no_changes() {
    let api = whole(&[]);
    let report = diff::compare(&api, &api);
    assert!(report.changes().is_empty(), "{:#?}", report.changes());
    assert_eq!(report.bump(), Bump::None);
    assert!(!report.is_breaking());
}

#[test]
fn v1_3_new_response_fields_are_added_and_not_breaking() {
    let old = whole(&[(QUERY_ORDER, Some(&query_order_before_v1_3()))]);
    let report = diff::compare(&old, &whole(&[]));
    assert_eq!(
        summary(&report),
        [
            (Kind::FieldAdded, "receivers[].type".to_owned(), false),
            (
                Kind::FieldAdded,
                "receivers[].receiver_account".to_owned(),
                false
            ),
            (Kind::ErrorCodeAdded, QUERY_ORDER_ROUTE.to_owned(), false),
        ]
    );
    let added = the(&report, Kind::FieldAdded, "receivers[].type");
    assert_eq!(added.subject.kind, SubjectKind::Endpoint);
    assert_eq!(added.subject.name, QUERY_ORDER_ROUTE);
    assert_eq!(added.side, Some(Side::Response));
    assert_eq!(added.bump, Bump::Minor);
    assert_eq!(
        added.new.as_deref(),
        Some("optional enum ReceiverType (string[1,32])")
    );
    assert!(added.reason.contains("non_exhaustive"), "{}", added.reason);
    let code = the(&report, Kind::ErrorCodeAdded, QUERY_ORDER_ROUTE);
    assert_eq!(code.side, Some(Side::Errors));
    assert_eq!(code.new.as_deref(), Some("404 RESOURCE_NOT_EXISTS"));
    assert!(!report.is_breaking());
    assert_eq!(report.bump(), Bump::Minor);
    assert_eq!(report.bump().before_1_0(), Bump::Patch);
}

#[test]
fn v1_5_removed_enum_values_break_and_added_ones_do_not() {
    let old = whole(&[(QUERY_ORDER, Some(&query_order_before_v1_5()))]);
    let new = whole(&[]);
    let report = diff::compare(&old, &new);
    assert_eq!(
        summary(&report),
        [
            (Kind::EnumValueRemoved, "status".to_owned(), true),
            (
                Kind::EnumValueRemoved,
                "receivers[].result".to_owned(),
                true
            ),
        ]
    );
    let status = the(&report, Kind::EnumValueRemoved, "status");
    assert_eq!(status.old.as_deref(), Some("ACCEPTED (受理成功)"));
    assert!(status.reason.contains("Unknown"), "{}", status.reason);
    assert_eq!(report.bump(), Bump::Major);
    assert_eq!(report.bump().before_1_0(), Bump::Minor);

    // The other way, the same values are new answer values: the enums keep unknown values, so
    // nothing breaks.
    let back = diff::compare(&new, &old);
    assert_eq!(
        summary(&back),
        [
            (Kind::EnumValueAdded, "status".to_owned(), false),
            (Kind::EnumValueAdded, "receivers[].result".to_owned(), false),
        ]
    );
    assert_eq!(back.bump(), Bump::Minor);
}

#[test]
fn v1_2_a_new_fail_reason_value_is_not_breaking() {
    let old = edit(
        &seed(QUERY_ORDER),
        "      - value: RECEIVER_HIGH_RISK\n        meaning: 高风险接收方\n",
        "",
    );
    let report = diff::compare(&whole(&[(QUERY_ORDER, Some(&old))]), &whole(&[]));
    assert_eq!(
        summary(&report),
        [(
            Kind::EnumValueAdded,
            "receivers[].fail_reason".to_owned(),
            false
        )]
    );
    let value = the(&report, Kind::EnumValueAdded, "receivers[].fail_reason");
    assert_eq!(
        value.new.as_deref(),
        Some("RECEIVER_HIGH_RISK (高风险接收方)")
    );
}

#[test]
fn v1_4_and_v1_1_description_changes_are_not_listed() {
    // V1.4 described receivers, fail_reason and close_reason; V1.1 reworded the receivers.
    let mut old = seed(QUERY_ORDER);
    for (from, to) in [
        (
            "分账接收方列表。当查询分账完结的执行结果时,不返回该字段",
            "分账接收方列表",
        ),
        (
            "\n        关单原因描述,当分账单状态status为CLOSED",
            "\n        关单原因,当status为CLOSED",
        ),
        (
            "    description: 分账接收方列表(receivers)中的一项",
            "    description: 分账接受方",
        ),
    ] {
        old = edit(&old, from, to);
    }
    let report = diff::compare(&whole(&[(QUERY_ORDER, Some(&old))]), &whole(&[]));
    assert!(report.changes().is_empty(), "{:#?}", report.changes());
    assert_eq!(report.bump(), Bump::None);
}

#[test]
fn v1_0_the_endpoint_appears_as_added() {
    let old = with_base(&[]);
    let new = with_base(&[(QUERY_ORDER, &seed(QUERY_ORDER))]);
    let report = diff::compare(&old, &new);
    let added = the(&report, Kind::EndpointAdded, QUERY_ORDER_ROUTE);
    assert_eq!(
        added.new.as_deref(),
        Some("ecommerce::profitsharing::query_order")
    );
    assert!(!added.breaking);
    // Its page's codes that no other table lists are new ErrorCode variants.
    assert!(
        report
            .changes()
            .iter()
            .all(|c| c.kind == Kind::EndpointAdded || c.kind == Kind::ErrorCodeAdded),
        "{:#?}",
        report.changes()
    );
    assert!(!report.is_breaking());
}

#[test]
fn a_removed_endpoint_breaks() {
    let report = diff::compare(&whole(&[]), &whole(&[(BRAND_RETURN, None)]));
    let removed = the(
        &report,
        Kind::EndpointRemoved,
        "GET /v3/brand/profitsharing/returnorders",
    );
    assert!(removed.breaking);
    assert_eq!(
        removed.old.as_deref(),
        Some("brand::profitsharing::query_return_order")
    );
    assert_eq!(report.bump(), Bump::Major);
}

/// The shared enum's FAILED value, as `spec/shared/enums.yaml` writes it.
const FAILED_WITH_ALIAS: &str =
    "      - value: FAILED\n        meaning: 已失败\n        aliases:\n          - FAIL\n";

/// Every change the FAIL / FAILED edit makes, with the endpoints it shows under.
fn result_changes(report: &Report) -> Vec<(String, Kind, bool)> {
    report
        .changes()
        .iter()
        .map(|c| (c.subject.name.clone(), c.kind, c.breaking))
        .collect()
}

#[test]
fn fail_read_as_failed_is_not_breaking_when_the_alias_arrives() {
    // 000 alone spells the failure FAILED; adding 001's FAIL as an alias reads more answers.
    let old = edit(
        &seed(ENUMS),
        FAILED_WITH_ALIAS,
        "      - value: FAILED\n        meaning: 已失败\n",
    );
    let report = diff::compare(&whole(&[(ENUMS, Some(&old))]), &whole(&[]));
    assert!(!report.is_breaking(), "{:#?}", report.changes());
    assert_eq!(report.bump(), Bump::Patch);
    let changes = result_changes(&report);
    // Every endpoint whose answer carries the shared enum shows it.
    for route in [
        "GET /v3/brand/profitsharing/returnorders",
        "GET /v3/ecommerce/profitsharing/returnorders",
        "GET /v3/profitsharing/return-orders/{out_return_no}",
    ] {
        assert!(
            changes.contains(&(route.to_owned(), Kind::EnumSpellingChanged, false)),
            "{route}: {changes:#?}"
        );
    }
    let brand = report
        .changes()
        .iter()
        .find(|c| c.subject.name == "GET /v3/brand/profitsharing/returnorders")
        .unwrap();
    assert_eq!(brand.path.as_deref(), Some("result"));
    assert_eq!(brand.old.as_deref(), Some("FAILED"));
    assert_eq!(brand.new.as_deref(), Some("FAILED, also read from FAIL"));
}

#[test]
fn fail_no_longer_read_breaks_the_answers_that_spell_it() {
    let new = edit(
        &seed(ENUMS),
        FAILED_WITH_ALIAS,
        "      - value: FAILED\n        meaning: 已失败\n",
    );
    let report = diff::compare(&whole(&[]), &whole(&[(ENUMS, Some(&new))]));
    assert!(report.is_breaking());
    let change = report
        .changes()
        .iter()
        .find(|c| c.subject.name == "GET /v3/brand/profitsharing/returnorders")
        .unwrap();
    assert_eq!(change.kind, Kind::EnumSpellingChanged);
    assert!(change.breaking);
    assert!(change.reason.contains("Unknown"), "{}", change.reason);
}

#[test]
fn fail_as_the_canonical_spelling_renames_the_variant() {
    // 001's own spelling, FAIL, as the only one: the Rust variant was `Fail`.
    let old = edit(
        &seed(ENUMS),
        FAILED_WITH_ALIAS,
        "      - value: FAIL\n        meaning: 已失败\n",
    );
    let report = diff::compare(&whole(&[(ENUMS, Some(&old))]), &whole(&[]));
    let brand: Vec<&Change> = report
        .changes()
        .iter()
        .filter(|c| c.subject.name == "GET /v3/brand/profitsharing/returnorders")
        .collect();
    assert_eq!(brand.len(), 2, "{brand:#?}");
    assert_eq!(brand[0].kind, Kind::EnumValueRenamed);
    assert_eq!(brand[0].old.as_deref(), Some("FAIL as Fail"));
    assert_eq!(brand[0].new.as_deref(), Some("FAILED as Failed"));
    assert!(brand[0].breaking);
    // FAIL is still read, so the spelling alone breaks nothing; the variant's name does.
    assert_eq!(brand[1].kind, Kind::EnumSpellingChanged);
    assert!(!brand[1].breaking);
    assert_eq!(report.bump(), Bump::Major);
}

/// Page 002 with `row` added to its request, after `out_order_no`.
fn query_order_with_request_row(row: &str) -> String {
    edit(
        &seed(QUERY_ORDER),
        "      example: \"P20150806125346\"\n  one_of: []",
        &format!("      example: \"P20150806125346\"\n{row}  one_of: []"),
    )
}

const NEW_ROW: &str = "    - name: receiver_mchid\n      title: 分账接收商户号\n      in: query\n      type: string[1,32]\n      required: REQUIRED\n      description: d\n";

#[test]
fn a_new_required_request_field_breaks_and_an_optional_one_does_not() {
    let old = with_base(&[(QUERY_ORDER, &seed(QUERY_ORDER))]);
    let required = query_order_with_request_row(&NEW_ROW.replace("REQUIRED", "true"));
    let report = diff::compare(&old, &with_base(&[(QUERY_ORDER, &required)]));
    assert_eq!(
        summary(&report),
        [(Kind::FieldAdded, "receiver_mchid".to_owned(), true)]
    );
    let added = the(&report, Kind::FieldAdded, "receiver_mchid");
    assert_eq!(added.side, Some(Side::Request));
    assert!(added.reason.contains("`new`"), "{}", added.reason);

    let optional = query_order_with_request_row(&NEW_ROW.replace("REQUIRED", "false"));
    let report = diff::compare(&old, &with_base(&[(QUERY_ORDER, &optional)]));
    assert_eq!(
        summary(&report),
        [(Kind::FieldAdded, "receiver_mchid".to_owned(), false)]
    );
    assert_eq!(report.bump(), Bump::Minor);
}

#[test]
fn a_new_choice_in_a_one_of_group_is_not_breaking() {
    let old = seed(BRAND_RETURN);
    let new = edit(
        &old,
        "        - out_order_no\n",
        "        - out_order_no\n        - transaction_id\n",
    );
    let new = edit(
        &new,
        "  one_of:\n",
        "    - name: transaction_id\n      title: t\n      in: query\n      type: string(32)\n      required: one_of\n      description: d\n  one_of:\n",
    );
    let report = diff::compare(
        &with_base(&[(BRAND_RETURN, &old)]),
        &with_base(&[(BRAND_RETURN, &new)]),
    );
    let added = the(&report, Kind::FieldAdded, "transaction_id");
    assert_eq!(
        added.new.as_deref(),
        Some("one of order_ref as OrderRef::TransactionId String (string(32))")
    );
    assert!(!report.is_breaking(), "{:#?}", report.changes());
}

#[test]
fn a_tightened_request_limit_breaks_and_a_loosened_one_does_not() {
    let seeded = seed(QUERY_ORDER);
    let request_row = "      in: query\n      type: string[1,64]";
    let tight = edit(
        &seeded,
        request_row,
        "      in: query\n      type: string[1,32]",
    );
    let (wide, tight_api) = (
        with_base(&[(QUERY_ORDER, &seeded)]),
        with_base(&[(QUERY_ORDER, &tight)]),
    );
    let report = diff::compare(&wide, &tight_api);
    assert_eq!(
        summary(&report),
        [(Kind::LengthChanged, "out_order_no".to_owned(), true)]
    );
    let change = the(&report, Kind::LengthChanged, "out_order_no");
    assert_eq!(change.old.as_deref(), Some("1..=64 chars"));
    assert_eq!(change.new.as_deref(), Some("1..=32 chars"));
    assert_eq!(change.side, Some(Side::Request));

    let back = diff::compare(&tight_api, &wide);
    assert_eq!(
        summary(&back),
        [(Kind::LengthChanged, "out_order_no".to_owned(), false)]
    );
    assert_eq!(back.bump(), Bump::Patch);
}

#[test]
fn an_answer_limit_is_not_checked_so_tightening_it_is_not_breaking() {
    let seeded = seed(QUERY_ORDER);
    let tight = edit(
        &seeded,
        "      title: 微信分账单号\n      type: string[1,64]",
        "      title: 微信分账单号\n      type: string[1,28]",
    );
    let report = diff::compare(
        &with_base(&[(QUERY_ORDER, &seeded)]),
        &with_base(&[(QUERY_ORDER, &tight)]),
    );
    assert_eq!(
        summary(&report),
        [(Kind::LengthChanged, "order_id".to_owned(), false)]
    );
}

#[test]
fn answer_fields_changing_required_ness_break_both_ways() {
    let seeded = seed(QUERY_ORDER);
    let optional = edit(
        &seeded,
        "      title: 微信分账单号\n      type: string[1,64]\n      required: true",
        "      title: 微信分账单号\n      type: string[1,64]\n      required: false",
    );
    let (required_api, optional_api) = (
        with_base(&[(QUERY_ORDER, &seeded)]),
        with_base(&[(QUERY_ORDER, &optional)]),
    );
    let report = diff::compare(&required_api, &optional_api);
    let change = the(&report, Kind::PresenceChanged, "order_id");
    assert!(change.breaking);
    assert!(
        change.reason.contains("becomes an Option"),
        "{}",
        change.reason
    );
    let back = diff::compare(&optional_api, &required_api);
    let change = the(&back, Kind::PresenceChanged, "order_id");
    assert!(change.breaking);
    assert!(
        change.reason.contains("no longer an Option"),
        "{}",
        change.reason
    );
}

#[test]
fn type_location_idempotency_and_encryption() {
    let seeded = seed(QUERY_ORDER);
    let mut changed = edit(&seeded, "idempotent: true", "idempotent: false");
    // A receiver's type: an enum becomes a plain string.
    changed = edit(
        &changed,
        "        example: \"MERCHANT_ID\"\n        enum: receiver_type\n",
        "        example: \"MERCHANT_ID\"\n",
    );
    // sub_mchid travels in a header instead of the query.
    changed = edit(
        &changed,
        "      in: query\n      type: string[1,32]\n      required: true\n      description: 分账出资",
        "      in: header\n      type: string[1,32]\n      required: true\n      description: 分账出资",
    );
    // receiver_account arrives encrypted.
    changed = edit(
        &changed,
        "      title: 分账接收方账号\n        type: string[1,64]",
        "      title: 分账接收方账号\n        type: string[1,64]\n        encrypted: ciphertext",
    );
    let report = diff::compare(
        &with_base(&[(QUERY_ORDER, &seeded)]),
        &with_base(&[(QUERY_ORDER, &changed)]),
    );
    let idempotency = the(&report, Kind::IdempotencyChanged, QUERY_ORDER_ROUTE);
    assert!(idempotency.breaking);
    let ty = the(&report, Kind::TypeChanged, "receivers[].type");
    assert_eq!(
        (ty.old.as_deref(), ty.new.as_deref()),
        (
            Some("enum ecommerce::profitsharing::ReceiverType"),
            Some("String")
        )
    );
    assert!(ty.breaking);
    let location = the(&report, Kind::LocationChanged, "sub_mchid");
    assert_eq!(
        (location.old.as_deref(), location.new.as_deref()),
        (Some("query"), Some("header"))
    );
    assert!(!location.breaking);
    assert_eq!(location.bump, Bump::Patch);
    let encrypted = the(
        &report,
        Kind::EncryptionChanged,
        "receivers[].receiver_account",
    );
    assert!(encrypted.breaking);

    // Gaining idempotency only lets the client retry.
    let back = diff::compare(
        &with_base(&[(
            QUERY_ORDER,
            &edit(&seeded, "idempotent: true", "idempotent: false"),
        )]),
        &with_base(&[(QUERY_ORDER, &seeded)]),
    );
    let gained = the(&back, Kind::IdempotencyChanged, QUERY_ORDER_ROUTE);
    assert!(!gained.breaking);
    assert_eq!(gained.bump, Bump::Patch);
}

#[test]
fn the_report_serializes_in_the_documented_shape() {
    let old = whole(&[(QUERY_ORDER, Some(&query_order_before_v1_5()))]);
    let report = diff::compare(&old, &whole(&[]));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["breaking"], true);
    assert_eq!(json["bump"], "major");
    assert_eq!(json["bump_before_1_0"], "minor");
    let first = &json["changes"][0];
    assert_eq!(first["subject"]["kind"], "endpoint");
    assert_eq!(first["subject"]["name"], QUERY_ORDER_ROUTE);
    assert_eq!(first["side"], "response");
    assert_eq!(first["path"], "status");
    assert_eq!(first["kind"], "enum_value_removed");
    assert_eq!(first["old"], "ACCEPTED (受理成功)");
    assert_eq!(first["new"], serde_json::Value::Null);
    assert_eq!(first["breaking"], true);
    assert_eq!(first["bump"], "major");
    assert!(first["reason"].is_string());
}

#[test]
fn before_1_0_each_release_level_moves_down_one_place() {
    assert_eq!(Bump::Major.before_1_0(), Bump::Minor);
    assert_eq!(Bump::Minor.before_1_0(), Bump::Patch);
    assert_eq!(Bump::Patch.before_1_0(), Bump::Patch);
    assert_eq!(Bump::None.before_1_0(), Bump::None);
}

#[test]
fn the_objects_of_a_request_are_judged_as_sent() {
    const CREATE_ORDER: &str = "ecommerce/profitsharing/create_order.yaml";
    let seeded = seed(CREATE_ORDER);
    // The receivers of a split: an account limit tightened, and a new optional field.
    let mut changed = edit(
        &seeded,
        "        title: 分账接收方账号\n        type: string[1,64]",
        "        title: 分账接收方账号\n        type: string[1,32]",
    );
    changed = edit(
        &changed,
        "        example: \"分给商户1900000109\"\n",
        "        example: \"分给商户1900000109\"\n      - name: name\n        title: 分账个人接收方姓名\n        type: string[1,64]\n        required: false\n        description: d\n",
    );
    let report = diff::compare(
        &with_base(&[(CREATE_ORDER, &seeded)]),
        &with_base(&[(CREATE_ORDER, &changed)]),
    );
    assert_eq!(
        summary(&report),
        [
            (
                Kind::LengthChanged,
                "receivers[].receiver_account".to_owned(),
                true
            ),
            (Kind::FieldAdded, "receivers[].name".to_owned(), false),
        ]
    );
    let added = the(&report, Kind::FieldAdded, "receivers[].name");
    assert_eq!(added.side, Some(Side::Request));
    assert!(added.reason.contains("setter"), "{}", added.reason);
}

#[test]
fn notifications_added_removed_and_their_event_types() {
    const MOVEMENT: &str = "profitsharing/notifications/profit_sharing_movement.yaml";
    const NAME: &str = "profitsharing::profit_sharing_movement";
    let report = diff::compare(&whole(&[]), &whole(&[(MOVEMENT, None)]));
    assert_eq!(
        summary(&report),
        [(Kind::NotificationRemoved, NAME.to_owned(), true)]
    );
    assert_eq!(report.changes()[0].subject.kind, SubjectKind::Notification);
    let back = diff::compare(&whole(&[(MOVEMENT, None)]), &whole(&[]));
    assert_eq!(
        summary(&back),
        [(Kind::NotificationAdded, NAME.to_owned(), false)]
    );

    // The newest spelling of the event types was added last: new values are read, not broken.
    let older = edit(
        &seed(MOVEMENT),
        "  - value: TRANSACTION.SUCCESS\n    meaning: 最新页面对分账与回退动账共用的写法;是入账还是出账看资源本身\n    rust_name: transaction_success\n",
        "",
    );
    let report = diff::compare(&whole(&[(MOVEMENT, Some(&older))]), &whole(&[]));
    assert_eq!(
        summary(&report),
        [(Kind::EnumValueAdded, "event_type".to_owned(), false)]
    );
    assert_eq!(report.changes()[0].side, Some(Side::EventTypes));
}
