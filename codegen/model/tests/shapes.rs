//! The request and response shapes beyond plain JSON fields: each is accepted as documented in
//! spec/README.md, and each misuse is a located error naming the key and the rule.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;

use common::{VALID, assert_at, endpoint, errors_of};
use wechatpay_spec::model::{EnumBase, Location, OffsetUnit, Type};

/// `VALID` with its response field `b` (an `int`) replaced by `row` (indented as a row).
fn with_response_field(row: &str) -> String {
    let start = VALID.find("    - name: b").unwrap();
    format!("{}{row}", &VALID[..start])
}

/// `VALID` with `extra` request rows after `a`.
fn with_request_fields(extra: &str) -> String {
    VALID.replacen("response:\n", &format!("{extra}response:\n"), 1)
}

fn loaded(text: &str) -> wechatpay_spec::model::Api {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.yaml"), common::SETTINGS).unwrap();
    std::fs::create_dir_all(dir.path().join("ns")).unwrap();
    std::fs::write(dir.path().join("ns/query_things.yaml"), text).unwrap();
    wechatpay_spec::load_api(dir.path()).unwrap_or_else(|errors| panic!("{errors}"))
}

#[test]
fn an_answer_without_a_body() {
    let empty = VALID.replace(
        "response:\n  fields:\n    - name: b\n      title: B\n      type: int\n      required: true\n      description: d\n",
        "response:\n  status: 204\n",
    );
    let api = loaded(&empty);
    assert!(api.endpoints[0].empty_response);
    assert_eq!(api.endpoints[0].success_status, 204);

    let with_fields = VALID.replace("response:\n", "response:\n  status: 204\n");
    assert_at(
        &endpoint(&with_fields),
        "response.fields",
        "a 204 answer has no body",
    );
    let odd = VALID.replace("response:\n", "response:\n  status: 302\n");
    assert_at(
        &endpoint(&odd),
        "response.status",
        "302 is not a success status",
    );
    let named = empty.replace("response:\n", "response:\n  name: thing\n");
    assert_at(&endpoint(&named), "response.name", "has no type to name");
}

#[test]
fn free_form_objects() {
    let api = loaded(&with_response_field(
        "    - name: b\n      title: B\n      type: object\n      free_form: true\n      required: true\n      description: d\n",
    ));
    assert_eq!(api.endpoints[0].response.fields[0].ty, Type::JsonObject);

    let bare = with_response_field(
        "    - name: b\n      title: B\n      type: object\n      required: true\n      description: d\n",
    );
    assert_at(
        &endpoint(&bare),
        "response.fields[0].type",
        "`free_form: true`",
    );
    let on_string = VALID.replace(
        "      type: string[1,8]\n",
        "      type: string[1,8]\n      free_form: true\n",
    );
    assert_at(
        &endpoint(&on_string),
        "request.fields[0].free_form",
        "applies to `object` fields only",
    );
}

#[test]
fn numbers_say_whether_they_are_integers_or_decimals() {
    let decimal = with_response_field(
        "    - name: b\n      title: B\n      type: number\n      number: decimal\n      required: true\n      description: d\n      example: \"1.5\"\n",
    );
    assert_eq!(
        loaded(&decimal).endpoints[0].response.fields[0].ty,
        Type::Decimal
    );
    let unsigned = with_response_field(
        "    - name: b\n      title: B\n      type: uint64\n      required: true\n      description: d\n",
    );
    assert_eq!(
        loaded(&unsigned).endpoints[0].response.fields[0].ty,
        Type::UnsignedInteger
    );

    let undecided = decimal.replace("      number: decimal\n", "");
    assert_at(
        &endpoint(&undecided),
        "response.fields[0].type",
        "`number: integer` or `number: decimal`",
    );
    let misplaced = VALID.replace(
        "      type: int\n",
        "      type: int\n      number: decimal\n",
    );
    assert_at(
        &endpoint(&misplaced),
        "response.fields[0].number",
        "`number` fields only",
    );
    let bad_example = decimal.replace("\"1.5\"", "\"one and a half\"");
    assert_at(
        &endpoint(&bad_example),
        "response.fields[0].example",
        "not a decimal number",
    );
    let negative = unsigned.replace(
        "      description: d\n",
        "      description: d\n      example: \"-1\"\n",
    );
    assert_at(
        &endpoint(&negative),
        "response.fields[0].example",
        "non-negative",
    );
}

#[test]
fn array_items_take_enums_and_rules() {
    let text = format!(
        "{}enums:\n  colour:\n    title: C\n    values:\n      - value: RED\n        meaning: 红\n",
        with_response_field(
            "    - name: b\n      title: B\n      type: array\n      items:\n        type: string[1,8]\n        enum: colour\n      required: true\n      description: d\n    - name: c\n      title: C\n      type: array\n      items:\n        type: string[1,512]\n        pattern: '[^<>]+'\n      required: true\n      description: d\n",
        )
    );
    let api = loaded(&text);
    let fields = &api.endpoints[0].response.fields;
    assert!(matches!(&fields[0].ty, Type::Array(item) if matches!(**item, Type::Enum(_))));
    let rules = fields[1].items.as_ref().unwrap();
    assert_eq!(rules.length.unwrap().max, Some(512));
    assert_eq!(rules.pattern.as_deref(), Some("[^<>]+"));

    let nested = text.replace(
        "        type: string[1,8]\n        enum: colour\n",
        "        type: array\n        items: string\n",
    );
    assert_at(
        &endpoint(&nested),
        "response.fields[0].items",
        "array of arrays",
    );
    let unknown_key = text.replace(
        "        enum: colour\n",
        "        enum: colour\n        colour: red\n",
    );
    assert_at(
        &endpoint(&unknown_key),
        "response.fields[0].items",
        "unknown field `colour`",
    );
}

#[test]
fn integer_enums() {
    let enums = "enums:\n  scene:\n    title: S\n    type: integer\n    values:\n      - value: 3\n        meaning: 食堂\n        rust_name: canteen\n      - value: 124\n        meaning: 团餐\n        rust_name: group_meal\n";
    let text = format!(
        "{}{enums}",
        with_response_field(
            "    - name: b\n      title: B\n      type: integer\n      enum: scene\n      required: true\n      description: d\n      example: \"124\"\n",
        )
    );
    let api = loaded(&text);
    assert!(matches!(
        api.endpoints[0].response.fields[0].ty,
        Type::IntegerEnum(_)
    ));
    let scene = &api.endpoints[0].definitions.enums[0];
    assert_eq!(scene.base, EnumBase::Integer);
    assert_eq!(scene.values[1].rust_name, "GroupMeal");

    let unnamed = text.replace("        rust_name: canteen\n", "");
    assert_at(
        &endpoint(&unnamed),
        "enums.scene.values[0].rust_name",
        "give it a `rust_name`",
    );
    let not_a_number = text.replace("value: 124", "value: 12a");
    assert_at(
        &endpoint(&not_a_number),
        "enums.scene.values[1]",
        "not an integer written plainly",
    );
    let on_string = text.replace(
        "      type: integer\n      enum: scene",
        "      type: string\n      enum: scene",
    );
    assert_at(
        &endpoint(&on_string),
        "response.fields[0].enum",
        "integers for values, but this field is a string",
    );
    let unknown_value = text.replace("example: \"124\"", "example: \"125\"");
    assert_at(
        &endpoint(&unknown_value),
        "response.fields[0].example",
        "not a value of the enum `scene`",
    );
}

#[test]
fn a_delete_may_carry_a_body_and_a_get_may_not() {
    let body_row = "    - name: brand_id\n      title: Brand\n      in: body\n      type: string[1,8]\n      required: true\n      description: d\n";
    let delete = with_request_fields(body_row).replace("method: GET", "method: DELETE");
    loaded(&delete);
    let get = with_request_fields(body_row);
    assert_at(
        &endpoint(&get),
        "request.fields[1].in",
        "a GET request has no body",
    );
}

#[test]
fn times_travel_in_the_query_but_not_in_headers() {
    let shared = "formats:\n  rfc3339:\n    base: string\n    representation: datetime\n    description: d\n";
    let row = |place: &str| {
        with_request_fields(&format!(
            "    - name: since\n      title: Since\n      in: {place}\n      type: string[1,32]\n      format: rfc3339\n      required: false\n      description: d\n"
        ))
    };
    let query = errors_of(&[
        ("shared/formats.yaml", shared),
        ("ns/query_things.yaml", &row("query")),
    ]);
    assert!(query.is_empty(), "{query:#?}");
    let header = errors_of(&[
        ("shared/formats.yaml", shared),
        ("ns/query_things.yaml", &row("header")),
    ]);
    assert_at(
        &header,
        "request.fields[1].type",
        "times, as RFC 3339 text, in a query",
    );
}

#[test]
fn one_value_in_the_path_and_the_body() {
    let text = with_request_fields(
        "    - name: id\n      title: Id\n      in: path\n      type: string[1,8]\n      required: true\n      description: d\n    - name: id\n      title: Id\n      in: body\n      type: string[1,8]\n      required: true\n      description: d\n",
    )
    .replace("method: GET", "method: PATCH")
    .replace("path: /v3/things", "path: /v3/things/{id}");
    let api = loaded(&text);
    let fields = &api.endpoints[0].request.fields;
    assert_eq!(fields.len(), 2);
    assert!(fields[1].is_in(Location::Path) && fields[1].is_in(Location::Body));

    let other_type = text.replacen(
        "      in: body\n      type: string[1,8]",
        "      in: body\n      type: int",
        1,
    );
    assert_at(
        &endpoint(&other_type),
        "request.fields[2].type",
        "need the same type",
    );
    let same_place = text.replacen("      in: body\n", "      in: path\n", 1);
    assert_at(
        &endpoint(&same_place),
        "request.fields[2].name",
        "listed twice",
    );
}

#[test]
fn patterns_and_charsets_on_the_field() {
    let text = VALID.replace(
        "      type: string[1,8]\n",
        "      type: string[1,14]\n      pattern: '\\d{8}|\\d{14}|OnAccept'\n      charset: \"0-9A-Za-z\"\n",
    );
    let api = loaded(&text);
    let field = &api.endpoints[0].request.fields[0];
    assert_eq!(field.text_problem("20250101"), None);
    assert!(
        field
            .text_problem("2025")
            .unwrap()
            .contains("does not match the pattern")
    );
    assert!(
        field
            .text_problem("2025-01-01")
            .unwrap()
            .contains("`-` is not allowed")
    );

    let broken = text.replace("'\\d{8}|\\d{14}|OnAccept'", "'[a-z'");
    assert_at(&endpoint(&broken), "request.fields[0].pattern", "[a-z");
    let on_integer = VALID.replace(
        "      type: int\n",
        "      type: int\n      pattern: '\\d+'\n",
    );
    assert_at(
        &endpoint(&on_integer),
        "response.fields[0].pattern",
        "strings only",
    );
}

#[test]
fn json_text_in_a_string() {
    let objects = "objects:\n  partner:\n    title: P\n    fields:\n      - name: type\n        rust_name: kind\n        title: T\n        type: string\n        required: true\n        description: d\n";
    let text = format!(
        "{}{objects}",
        VALID.replace(
            "      type: string[1,8]\n      required: true\n",
            "      type: string[1,256]\n      json:\n        type: object\n        object: partner\n      required: true\n      example: '{\"type\":\"APPID\"}'\n",
        )
    );
    let api = loaded(&text);
    let json = api.endpoints[0].request.fields[0].json.as_ref().unwrap();
    assert!(matches!(json.inner, Some(Type::Object(_))));

    let not_json = text.replace("'{\"type\":\"APPID\"}'", "'type=APPID'");
    assert_at(
        &endpoint(&not_json),
        "request.fields[0].example",
        "not JSON",
    );
    let on_integer = format!(
        "{}{objects}",
        VALID.replace("      type: int\n", "      type: int\n      json: {}\n")
    );
    assert_at(
        &endpoint(&on_integer),
        "response.fields[0].json",
        "not a plain string",
    );
}

#[test]
fn paged_lists() {
    let text = format!(
        "{}    - name: total_count\n      title: Total\n      type: int\n      required: false\n      description: d\npaging:\n  offset: offset\n  limit: limit\n  items: data\n  total: total_count\n  offset_counts: pages\n",
        with_response_field(
            "    - name: data\n      title: Data\n      type: array\n      items: string\n      required: false\n      description: d\n",
        )
        .replace(
            "response:\n",
            "    - name: offset\n      title: O\n      in: query\n      type: int\n      required: false\n      description: d\n    - name: limit\n      title: L\n      in: query\n      type: int\n      required: false\n      description: d\nresponse:\n",
        )
    );
    let api = loaded(&text);
    let paging = api.endpoints[0].paging.as_ref().unwrap();
    assert_eq!(
        (paging.offset, paging.limit, paging.items, paging.total),
        (1, 2, 0, Some(1))
    );
    assert_eq!(paging.offset_unit, OffsetUnit::Pages);

    let no_offset = text.replace("  offset: offset\n", "  offset: page\n");
    assert_at(
        &endpoint(&no_offset),
        "paging.offset",
        "the request has no field `page`",
    );
    let not_array = text.replace("  items: data\n", "  items: total_count\n");
    assert_at(&endpoint(&not_array), "paging.items", "is not an array");
    let string_offset = text.replacen(
        "      in: query\n      type: int\n",
        "      in: query\n      type: string\n",
        1,
    );
    assert_at(
        &endpoint(&string_offset),
        "paging.offset",
        "integer query parameter",
    );
}

#[test]
fn uploads() {
    let text = VALID
        .replace("method: GET", "method: POST")
        .replace("      in: query\n", "      in: body\n")
        .replace(
            "request:\n",
            "request:\n  upload:\n    max_bytes: 2097152\n    content_types: [image/jpeg, image/png]\n",
        );
    let api = loaded(&text);
    let upload = api.endpoints[0].request.upload.as_ref().unwrap();
    assert_eq!(upload.max_bytes, 2_097_152);

    let get = text
        .replace("method: POST", "method: GET")
        .replace("      in: body\n", "      in: query\n");
    assert_at(&endpoint(&get), "request.upload", "POST or PUT, not GET");
    let nothing = text.replace("max_bytes: 2097152", "max_bytes: 0");
    assert_at(
        &endpoint(&nothing),
        "request.upload.max_bytes",
        "admits no file",
    );
    let odd_type = text.replace("image/png", "PNG image");
    assert_at(
        &endpoint(&odd_type),
        "request.upload.content_types[1]",
        "not a media type",
    );
    let reserved = text.replace("    - name: a\n", "    - name: sha256\n");
    assert_at(
        &endpoint(&reserved),
        "request.fields[0].name",
        "written into `meta` by the client",
    );
}

#[test]
fn download_tickets_and_files() {
    let ticket_fields = "    - name: download_url\n      title: U\n      type: string\n      required: true\n      description: d\n    - name: hash_type\n      title: T\n      type: string\n      required: true\n      description: d\n    - name: hash_value\n      title: V\n      type: string\n      required: true\n      description: d\n  download:\n    url: download_url\n    hash_type: hash_type\n    hash_value: hash_value\n    gzip_when:\n      field: a\n      value: GZIP\n";
    let text = with_response_field(ticket_fields);
    let api = loaded(&text);
    assert!(matches!(
        api.endpoints[0].download,
        Some(wechatpay_spec::model::Download::Ticket(ref t)) if t.gzip_when == Some((0, "GZIP".to_owned()))
    ));
    let unknown = text.replace("    url: download_url\n", "    url: link\n");
    assert_at(
        &endpoint(&unknown),
        "response.download.url",
        "no field `link`",
    );
    let no_gzip_field = text.replace("      field: a\n", "      field: tar\n");
    assert_at(
        &endpoint(&no_gzip_field),
        "response.download.gzip_when.field",
        "no field `tar`",
    );

    let file = VALID.replace(
        "response:\n  fields:\n    - name: b\n      title: B\n      type: int\n      required: true\n      description: d\n",
        "response:\n  file:\n    content_types: [text/plain, application/x-gzip]\n",
    );
    let api = loaded(&file);
    assert!(!api.endpoints[0].empty_response);
    assert!(matches!(
        api.endpoints[0].download,
        Some(wechatpay_spec::model::Download::File { .. })
    ));
    let with_fields = VALID.replace("response:\n", "response:\n  file: {}\n");
    assert_at(
        &endpoint(&with_fields),
        "response.fields",
        "the file itself; it has no JSON fields",
    );
}
