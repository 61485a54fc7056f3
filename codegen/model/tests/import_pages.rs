//! The page importer on the checked-in pages (`tests/data/pages/`: a page in the newer layout
//! with two levels of `属性`, a page mixing the three layouts) and on small pages written here:
//! every field where it belongs, every open question a note at its page line, every note an
//! error of `lint` until it is settled, and text that is no page an error saying why.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use wechatpay_spec::import::{self, Draft, DraftField};
use wechatpay_spec::spec::{EncryptedDef, EndpointFile, Location, Required};
use wechatpay_spec::{load_user_api, yaml};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

fn import_file(relative: &str) -> Draft {
    let text = fs::read_to_string(root().join(relative)).unwrap();
    import::import(&text, relative).unwrap()
}

/// The tables of a draft as one line each, nested objects in braces:
/// `plan{plan_name stages{stage_no}}`.
fn shape(draft: &Draft, fields: &[DraftField]) -> String {
    fields
        .iter()
        .map(|field| match &field.object {
            Some(name) => {
                let object = draft.objects.iter().find(|o| o.name == *name).unwrap();
                format!("{}{{{}}}", field.name, shape(draft, &object.fields))
            }
            None => field.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn field<'d>(draft: &'d Draft, path: &str) -> &'d DraftField {
    let (table, name) = path.rsplit_once('.').unwrap();
    let fields = match table {
        "request" => &draft.request,
        "response" => draft.response.as_ref().unwrap(),
        object => {
            &draft
                .objects
                .iter()
                .find(|o| o.name == object)
                .unwrap()
                .fields
        }
    };
    fields.iter().find(|f| f.name == name).unwrap()
}

fn notes_at(draft: &Draft) -> Vec<&str> {
    draft.notes.iter().map(|n| n.at.as_str()).collect()
}

/// The draft written, as the loader reads it back.
fn reread(draft: &Draft) -> EndpointFile {
    yaml::parse::<EndpointFile>(&import::write_draft(draft))
        .unwrap()
        .0
}

#[test]
fn a_page_in_the_newer_layout_with_two_levels_of_properties_imports_every_field() {
    let draft = import_file("tests/data/pages/nested_blocks.txt");
    assert_eq!(
        shape(&draft, &draft.request),
        "plan_no sub_mchid plan{plan_name stages{stage_no amount payee_name} remark} notify_url"
    );
    let response = draft.response.as_deref().unwrap();
    assert_eq!(
        shape(&draft, response),
        "plan_no state totals{total_amount stage_count} create_time"
    );
    let locations: Vec<Option<Location>> = draft.request.iter().map(|f| f.location).collect();
    use Location::{Body, Path};
    assert_eq!(locations, [Some(Path), Some(Body), Some(Body), Some(Body)]);
    assert_eq!(
        field(&draft, "request.plan_no").charset.as_deref(),
        Some("0-9A-Za-z_@-")
    );
    assert_eq!(field(&draft, "plan.stages").ty, "array");
    assert_eq!(field(&draft, "stages_item.stage_no").ty, "integer");
    let payee = field(&draft, "stages_item.payee_name");
    assert_eq!(
        (payee.required, payee.encrypted),
        (Required::No, Some(EncryptedDef::Ciphertext))
    );
    assert_eq!(payee.title, "收款人姓名");
    assert_eq!(field(&draft, "plan.remark").required, Required::No);
    assert_eq!(
        field(&draft, "response.create_time").format.as_deref(),
        Some("rfc3339")
    );
    let state = &draft.enums[0];
    let values: Vec<&str> = state.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(
        (state.name.as_str(), values),
        ("state", vec!["ACCEPTED", "REJECTED"])
    );
    let headers: Vec<&str> = draft
        .protocol_headers
        .iter()
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(
        headers,
        [
            "Authorization",
            "Accept",
            "Content-Type",
            "Wechatpay-Serial"
        ]
    );
    let codes: Vec<&str> = draft.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["PARAM_ERROR", "SYSTEM_ERROR", "NO_AUTH"]);
    assert!(
        draft
            .examples
            .request_body
            .as_deref()
            .unwrap()
            .contains("\"remark\" : \"按月结算\"")
    );
    assert_eq!(draft.examples.responses.len(), 1);
    assert_eq!(
        (draft.title.as_str(), draft.source.updated.as_deref()),
        ("登记分阶段结算计划", Some("2026-03-14"))
    );
    // Where the nested fields end is inferred from the examples, and said.
    assert_eq!(
        notes_at(&draft),
        [
            "objects.stages_item.fields.payee_name.encrypted",
            "objects.stages_item",
            "objects.plan",
            "objects.totals"
        ]
    );
    // The written draft reads back with every object and field.
    let spec = reread(&draft);
    let stages = &spec.objects["stages_item"].fields;
    let names: Vec<&str> = stages.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["stage_no", "amount", "payee_name"]);
    assert_eq!(spec.objects.len(), 3);
}

#[test]
fn a_page_mixing_the_three_layouts_imports_each_part() {
    let draft = import_file("tests/data/pages/mixed_layouts.txt");
    // A pipe table for the request, blocks with 属性 for the response.
    assert_eq!(shape(&draft, &draft.request), "receipt_no sub_mchid limit");
    assert_eq!(
        field(&draft, "request.receipt_no").location,
        Some(Location::Path)
    );
    assert_eq!(field(&draft, "request.limit").required, Required::No);
    let response = draft.response.as_deref().unwrap();
    assert_eq!(shape(&draft, response), "receipt_no lines{item kind}");
    // An error table apart by spaces, and a version history.
    assert_eq!(draft.errors[0].code, "RECEIPT_NOT_FOUND");
    let versions: Vec<&str> = draft
        .source
        .history
        .iter()
        .map(|h| h.version.as_str())
        .collect();
    assert_eq!(
        (versions, draft.source.version.as_deref()),
        (vec!["V1.1", "V1.0"], Some("V1.1"))
    );
    assert_eq!(draft.source.applicable_to, ["普通服务商", "电商平台"]);
    assert!(
        draft
            .examples
            .request_url
            .as_deref()
            .unwrap()
            .contains("/RC001?")
    );
    // The example that is no int, and the example body's value the list does not give.
    assert_eq!(
        notes_at(&draft),
        [
            "request.fields.limit.example",
            "objects.lines_item.fields.kind.enum"
        ]
    );
    assert_eq!(draft.notes[0].line, 19);
}

#[test]
fn the_notes_of_each_seed_mark_the_decisions_its_curated_errata_record() {
    let seeds: [(&str, &[&str]); 3] = [
        (
            "000_ab03ab4f631d3eb6.txt",
            &[
                "title",
                "request.fields.out_order_no.required",
                "response.fields.order_id.required",
                "response.fields.out_order_no.required",
            ],
        ),
        (
            "001_783cc1c18dbaa47a.txt",
            &[
                "request.fields.order_id.required",
                "request.fields.out_order_no.required",
            ],
        ),
        (
            "002_ddc00bb1490c5c2e.txt",
            &[
                "request.fields",
                "source.notes",
                "response.fields",
                "objects.receivers_item.fields",
                "objects.receivers_item.fields.amount.example",
                "objects.receivers_item",
                "objects.receivers_item",
            ],
        ),
    ];
    for (seed, expected) in seeds {
        let draft = import_file(&format!("tests/data/seeds/{seed}"));
        assert_eq!(notes_at(&draft), expected, "{seed}: {:#?}", draft.notes);
    }
}

/// Lints `draft` as a user's spec on top of the project's shared definitions.
fn lint(draft: &Draft) -> Vec<wechatpay_spec::SpecError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ns/query_things.yaml");
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, import::write_draft(draft)).unwrap();
    match load_user_api(dir.path()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.errors().to_vec(),
    }
}

#[test]
fn lint_refuses_a_draft_while_a_note_remains_and_names_each() {
    for seed in [
        "000_ab03ab4f631d3eb6.txt",
        "001_783cc1c18dbaa47a.txt",
        "002_ddc00bb1490c5c2e.txt",
    ] {
        let draft = import_file(&format!("tests/data/seeds/{seed}"));
        let errors = lint(&draft);
        for (i, note) in draft.notes.iter().enumerate() {
            let error = errors
                .iter()
                .find(|e| e.key_path == format!("import_notes[{i}]"))
                .unwrap_or_else(|| panic!("{seed}: no error for note {i}: {errors:#?}"));
            assert!(error.position.is_some(), "{error}");
            let named = format!("page line {}, at `{}`", note.line, note.at);
            assert!(error.message.contains(&named), "{error}");
        }
    }
}

#[test]
fn with_its_notes_settled_a_seed_draft_lints_clean() {
    for seed in ["000_ab03ab4f631d3eb6.txt", "001_783cc1c18dbaa47a.txt"] {
        let mut draft = import_file(&format!("tests/data/seeds/{seed}"));
        draft.notes.clear();
        assert_eq!(lint(&draft), [], "{seed}");
    }
}

#[test]
fn an_import_note_is_an_error_at_its_line() {
    let spec = format!(
        "{}import_notes:\n  - line: 12\n    at: request.fields.a\n    issue: the cell is missing\n",
        common::VALID
    );
    let errors = common::endpoint(&spec);
    common::assert_one(
        &errors,
        24,
        "import_notes[0]",
        "page line 12, at `request.fields.a`): the cell is missing",
    );
}

/// A page in the pipe layout with one of each question the importer must not settle alone.
const QUESTIONS: &str = "\
查询样例
请求URL:https://api.mch.weixin.qq.com/v3/sample/things
请求方式:POST
请求参数
参数名 | 变量 | 类型[长度限制] | 必填 | 描述 |
---|---|---|---|---|
单号 | out_no | string[1,8] | 是 | body 商户单号 示例值:TOO-LONG-FOR-8 |
姓名 | name | string[1,1024] | 否 | body 收款人姓名,需加密后传入 示例值:张三 |
类型 | kind | string[1,8] | 是 | body 类型,枚举值: A:甲 B:乙 示例值:C |
金额 | amount | number | 条件必填 | body 分账金额 示例值:1.5 |
1坏行 | 2bad | ??? | 是 | 说不清 |
应答参数
参数名 | 变量 | 类型[长度限制] | 必填 | 描述 |
---|---|---|---|---|
结果 | result | string[1,8] | | 处理结果 |
";

#[test]
fn each_question_the_page_leaves_open_is_a_note_at_its_line() {
    let draft = import::import(QUESTIONS, "questions.txt").unwrap();
    let notes: Vec<(usize, &str)> = draft
        .notes
        .iter()
        .map(|n| (n.line, n.at.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            // An example that does not fit its type.
            (7, "request.fields.out_no.example"),
            // A phrase saying the field is encrypted.
            (8, "request.fields.name.encrypted"),
            // A value list the example disagrees with.
            (9, "request.fields.kind.example"),
            // A 必填 cell of conditions, and a `number` read as an integer.
            (10, "request.fields.amount.required"),
            (10, "request.fields.amount.number"),
            // A row that does not read.
            (11, "request.fields"),
            // An empty 必填 cell.
            (15, "response.fields.result.required"),
        ],
        "{:#?}",
        draft.notes
    );
    assert_eq!(
        field(&draft, "request.name").encrypted,
        Some(EncryptedDef::Ciphertext)
    );
    assert_eq!(field(&draft, "response.result").required, Required::Yes);
    assert!(
        draft.notes[5].issue.contains("1坏行 | 2bad"),
        "{}",
        draft.notes[5].issue
    );
}

#[test]
fn a_required_wechatpay_serial_without_an_encrypted_field_is_a_note() {
    let page = "请求方式:【POST】/v3/sample/things\n请求参数\nHeader  HTTP头参数\n\
                \u{a0}Wechatpay-Serial  必填 string\n\n【微信支付公钥ID】 填写公钥ID\n\
                body  包体参数\n\u{a0}out_no  必填  string(8)\n\n【单号】 商户单号\n";
    let draft = import::import(page, "serial.txt").unwrap();
    // The page as a whole has no title and no response table: notes at line 1.
    assert_eq!(notes_at(&draft), ["response", "title", "protocol_headers"]);
    assert_eq!(draft.notes[2].line, 4);
    assert!(draft.response.is_none());
}

#[test]
fn text_that_is_no_page_is_an_error_saying_what_is_missing() {
    let error = import::import("", "empty.txt").unwrap_err();
    assert!(error.message.contains("no request method"), "{error}");
    let error = import::import("请求方式:GET\n", "x.txt").unwrap_err();
    assert!(error.message.contains("no request path"), "{error}");
    let error = import::import_bytes(b"a\nb\n\xff\xfe", "x.txt").unwrap_err();
    assert_eq!(error.line, Some(3), "{error}");
    assert!(
        error.to_string().starts_with("line 3: not UTF-8"),
        "{error}"
    );
    let long = "请求方式:GET\n".repeat(import::MAX_PAGE_BYTES / 10);
    let error = import::import(&long, "long.txt").unwrap_err();
    assert!(error.line.is_some_and(|line| line > 1000), "{error}");
}
