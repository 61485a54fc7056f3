//! The OpenAPI importer on a third party's document and on bad input: a hand-written Swagger
//! 2.0 description (no extensions of ours) covering every construct the importer maps gives
//! drafts that check once their notes are settled; broken, hostile or unsupported documents
//! give located, typed errors or per-operation reports, never a panic or a hang.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::path::Path;

use serde_yaml::Value as Yaml;
use wechatpay_spec::load::{self, SpecFile};
use wechatpay_spec::openapi_import::{
    ErrorKind, Imported, MAX_DEPTH, MAX_DOCUMENT_BYTES, ProblemKind, import_document,
};

const FIXTURE: &str = include_str!("data/openapi/third_party_swagger.yaml");

/// Loads and checks drafts held in memory.
fn check(files: &[(String, String)]) -> Result<wechatpay_spec::model::Api, String> {
    let base = Path::new("drafts");
    let files = files
        .iter()
        .map(|(path, text)| SpecFile {
            path: base.join(path),
            relative: path.clone(),
            text: Ok(text.clone()),
        })
        .collect();
    let tree =
        load::parse_tree(base, files, load::Settings::Required).map_err(|e| e.to_string())?;
    wechatpay_spec::check::check(&tree, None).map_err(|e| e.to_string())
}

fn texts(imported: &Imported) -> Vec<(String, String)> {
    imported
        .files
        .iter()
        .map(|f| (f.path.clone(), f.text.clone()))
        .collect()
}

/// Every draft with its notes settled as drafted: the notes deleted, nothing else changed.
fn decided(imported: &Imported) -> Vec<(String, String)> {
    texts(imported)
        .into_iter()
        .map(|(path, text)| {
            let mut value: Yaml = serde_yaml::from_str(&text).unwrap();
            if let Yaml::Mapping(map) = &mut value {
                map.remove("import_notes");
            }
            (path, serde_yaml::to_string(&value).unwrap())
        })
        .collect()
}

fn draft<'a>(imported: &'a Imported, path: &str) -> &'a str {
    &imported.files.iter().find(|f| f.path == path).unwrap().text
}

#[test]
fn a_third_party_swagger_document_gives_drafts_that_check_once_decided() {
    let imported = import_document(FIXTURE.as_bytes(), "third_party_swagger.yaml").unwrap();
    assert_eq!(imported.problems().count(), 0, "{:?}", imported.reports);
    assert!(imported.note_count() > 0);
    let refused = check(&texts(&imported)).unwrap_err();
    assert!(refused.contains("unresolved import note"), "{refused}");
    let api = check(&decided(&imported)).unwrap();
    assert_eq!(api.endpoints.len(), 4);
    let create = draft(&imported, "thirdparty/create_order.yaml");
    for expected in [
        "in: header",                // a header parameter
        "name: Authorization",       // a header the client sets: a protocol header
        "object: amount",            // a $ref to a shared object
        "enum: channel",             // an inline enum, local
        "number: decimal",           // a number, noted
        "at: response.fields\n",     // allOf, merged and noted
        "format: rfc3339",           // a date-time
        "pattern: '[0-9A-Za-z_-]+'", // a pattern, unanchored and noted
        "type: string(64)",          // maxLength
        "object: receivers",         // an array of nested objects
        "items: string(8)",          // an array of strings
    ] {
        assert!(
            create.contains(expected),
            "create_order lacks {expected:?}:\n{create}"
        );
    }
    let query = draft(&imported, "thirdparty/query_order.yaml");
    assert!(
        query.contains("in: path") && query.contains("in: query"),
        "{query}"
    );
    assert!(draft(&imported, "thirdparty/close_order.yaml").contains("status: 204"));
    let upload = draft(&imported, "thirdparty/media/upload_image.yaml");
    assert!(
        upload.contains("upload:") && upload.contains("max_bytes"),
        "{upload}"
    );
    let shared = draft(&imported, "shared/definitions.yaml");
    assert!(
        shared.contains("order_state:") && shared.contains("string[1,64]"),
        "{shared}"
    );
}

/// Paths whose literal segments name the loader's other places (`shared/` first,
/// `notifications/` anywhere) still give endpoint drafts, which load as endpoints.
#[test]
fn a_path_through_shared_or_notifications_still_gives_an_endpoint_draft() {
    let operation = |id: &str| {
        format!(
            r#"{{"get":{{"operationId":"{id}","summary":"s","responses":{{"204":{{"description":"none"}}}}}}}}"#
        )
    };
    let document = format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{
        "/v3/shared/things":{},"/v3/a/notifications/b":{},"/v3/notifications/c":{}}}}}"#,
        operation("list_things"),
        operation("query_b"),
        operation("query_c")
    );
    let imported = import_document(document.as_bytes(), "doc").unwrap();
    let mut paths: Vec<&str> = imported.files.iter().map(|f| f.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "a/notifications_api/query_b.yaml",
            "notifications_api/query_c.yaml",
            "settings.yaml",
            "shared_api/list_things.yaml",
        ]
    );
    let api = check(&decided(&imported)).unwrap();
    assert_eq!((api.endpoints.len(), api.notifications.len()), (3, 0));
}

#[test]
fn the_same_document_in_json_gives_the_same_drafts() {
    let value: serde_json::Value = serde_yaml::from_str(FIXTURE).unwrap();
    let json = serde_json::to_string(&value).unwrap();
    let from_yaml = import_document(FIXTURE.as_bytes(), "doc").unwrap();
    let from_json = import_document(json.as_bytes(), "doc").unwrap();
    // The notes point at lines of the text, which differ; everything else is the same.
    let unlined = |imported: &Imported| -> Vec<(String, String)> {
        texts(imported)
            .into_iter()
            .map(|(path, text)| {
                let kept: Vec<&str> = text
                    .lines()
                    .filter(|l| !l.starts_with("- line: "))
                    .collect();
                (path, kept.join("\n"))
            })
            .collect()
    };
    assert_eq!(unlined(&from_yaml), unlined(&from_json));
}

#[test]
fn malformed_json_is_located() {
    let error =
        import_document(b"{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {,}\n}", "doc").unwrap_err();
    assert_eq!(error.kind, ErrorKind::Syntax);
    assert_eq!(error.position.map(|p| p.0), Some(3), "{error}");
}

#[test]
fn malformed_yaml_is_located() {
    let error =
        import_document(b"openapi: 3.0.3\npaths:\n  /v3/x: [unclosed\n", "doc").unwrap_err();
    assert_eq!(error.kind, ErrorKind::Syntax);
    assert!(error.position.is_some(), "{error}");
}

#[test]
fn a_document_of_another_kind_or_version_is_refused() {
    let error = import_document(b"just: a mapping\n", "doc").unwrap_err();
    assert_eq!(error.kind, ErrorKind::NotOpenApi);
    let error = import_document(b"openapi: 4.0.0\npaths: {}\n", "doc").unwrap_err();
    assert_eq!(
        (error.kind, error.pointer.as_deref()),
        (ErrorKind::NotOpenApi, Some("/openapi"))
    );
    let error = import_document(b"- a\n- list\n", "doc").unwrap_err();
    assert_eq!(error.kind, ErrorKind::NotOpenApi);
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let error = import_document(b"openapi: 3.0.3\ninfo: \xff\n", "doc").unwrap_err();
    assert_eq!(
        (error.kind, error.position),
        (ErrorKind::Encoding, Some((2, 7)))
    );
    // The column counts characters: `分账` is two, not six bytes.
    let mut bytes = "openapi: 3.0.3\ntitle: 分账".as_bytes().to_vec();
    bytes.extend_from_slice(b"\xff\n");
    let error = import_document(&bytes, "doc").unwrap_err();
    assert_eq!(error.position, Some((2, 10)));
}

#[test]
fn a_huge_document_is_refused_before_it_is_parsed() {
    let huge = vec![b' '; MAX_DOCUMENT_BYTES + 1];
    assert_eq!(
        import_document(&huge, "doc").unwrap_err().kind,
        ErrorKind::TooLarge
    );
}

#[test]
fn deep_nesting_is_refused_at_its_place() {
    let depth = MAX_DEPTH + 5;
    let text = format!(
        "{{\"openapi\":\"3.1.0\",\"x\":{}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let error = import_document(text.as_bytes(), "doc").unwrap_err();
    assert_eq!(error.kind, ErrorKind::TooDeep, "{error}");
    assert!(
        error
            .pointer
            .as_deref()
            .is_some_and(|p| p.starts_with("/x/0/0")),
        "{error}"
    );
    // Far deeper than any limit: the parser's own recursion limit answers, located.
    let depth = 100_000;
    let text = format!(
        "{{\"openapi\":\"3.1.0\",\"x\":{}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let error = import_document(text.as_bytes(), "doc").unwrap_err();
    assert!(
        matches!(error.kind, ErrorKind::Syntax | ErrorKind::TooDeep),
        "{error}"
    );
}

/// The same in YAML, refused before the YAML reader builds the document (its time grows with
/// the square of the nesting).
#[test]
fn deep_yaml_nesting_is_refused_before_it_is_read() {
    let depth = MAX_DEPTH + 5;
    let text = format!(
        "openapi: 3.1.0\nx: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let error = import_document(text.as_bytes(), "doc").unwrap_err();
    assert_eq!(error.kind, ErrorKind::TooDeep, "{error}");
    assert_eq!(error.position.map(|(line, _)| line), Some(2), "{error}");
    let depth = 20_000;
    let text = format!(
        "openapi: 3.1.0\nx: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let started = std::time::Instant::now();
    let error = import_document(text.as_bytes(), "doc").unwrap_err();
    assert_eq!(error.kind, ErrorKind::TooDeep, "{error}");
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

#[test]
fn yaml_aliases_cannot_blow_up() {
    let mut text = String::from("openapi: 3.0.3\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let prior = level - 1;
        text.push_str(&format!(
            "a{level}: &a{level} [*a{prior}, *a{prior}, *a{prior}, *a{prior}, *a{prior}, *a{prior}, *a{prior}, *a{prior}, *a{prior}, *a{prior}]\n"
        ));
    }
    // Refused by the YAML reader's alias limit, at once.
    let started = std::time::Instant::now();
    let error = import_document(text.as_bytes(), "doc").unwrap_err();
    assert_eq!(error.kind, ErrorKind::Syntax, "{error}");
    assert!(error.message.contains("repetition limit"), "{error}");
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

/// A 3.0 document with one operation whose request body is `schema`, plus `components`.
fn with_body(schema: &str, components: &str) -> String {
    format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},
        "paths":{{"/v3/things":{{"post":{{"operationId":"create_thing","summary":"s",
        "requestBody":{{"content":{{"application/json":{{"schema":{schema}}}}}}},
        "responses":{{"204":{{"description":"none"}}}}}}}}}},
        "components":{{"schemas":{components}}}}}"#
    )
}

fn problems_of(imported: &Imported) -> Vec<(ProblemKind, String)> {
    imported
        .problems()
        .map(|p| (p.kind, p.pointer.clone()))
        .collect()
}

#[test]
fn a_ref_cycle_is_reported_where_it_starts() {
    let text = with_body(
        r##"{"$ref":"#/components/schemas/A"}"##,
        r##"{"A":{"$ref":"#/components/schemas/B"},"B":{"$ref":"#/components/schemas/A"}}"##,
    );
    let imported = import_document(text.as_bytes(), "doc").unwrap();
    let problems = problems_of(&imported);
    assert!(
        problems
            .iter()
            .any(|(kind, _)| *kind == ProblemKind::RefCycle),
        "{problems:?}"
    );
    let post = imported
        .reports
        .iter()
        .find(|r| r.operation == "POST /v3/things")
        .unwrap();
    assert_eq!(post.problems[0].kind, ProblemKind::RefCycle, "{post:?}");
}

#[test]
fn a_schema_inlined_inside_itself_is_a_cycle_not_a_hang() {
    let text = with_body(
        r##"{"type":"object","properties":{"a":{"$ref":"#/paths/~1v3~1things/post/requestBody/content/application~1json/schema"}}}"##,
        "{}",
    );
    let imported = import_document(text.as_bytes(), "doc").unwrap();
    assert!(
        problems_of(&imported)
            .iter()
            .any(|(kind, _)| *kind == ProblemKind::RefCycle)
    );
}

#[test]
fn an_external_ref_is_reported_and_never_fetched() {
    let text = with_body(
        r#"{"$ref":"https://example.com/schemas.json#/Thing"}"#,
        "{}",
    );
    let imported = import_document(text.as_bytes(), "doc").unwrap();
    let report = &imported.reports[0];
    assert_eq!(report.problems[0].kind, ProblemKind::ExternalRef);
    assert_eq!(
        report.problems[0].pointer,
        "/paths/~1v3~1things/post/requestBody/content/application~1json/schema"
    );
    assert!(report.problems[0].message.contains("never fetched"));
}

#[test]
fn a_dangling_ref_is_reported() {
    let text = with_body(r##"{"$ref":"#/components/schemas/Missing"}"##, "{}");
    let imported = import_document(text.as_bytes(), "doc").unwrap();
    assert_eq!(problems_of(&imported)[0].0, ProblemKind::DanglingRef);
}

#[test]
fn unsupported_constructs_are_reported_per_operation() {
    let text = r#"{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{
      "/v3/a":{"get":{"operationId":"a","summary":"a",
         "parameters":[{"name":"session","in":"cookie","schema":{"type":"string"}}],
         "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{
            "type":"object","properties":{"shape":{"oneOf":[{"type":"string"},{"type":"integer"}]}}}}}}}}},
      "/v3/b":{"post":{"operationId":"b","summary":"b",
         "requestBody":{"content":{"application/xml":{"schema":{"type":"object"}}}},
         "responses":{"201":{"description":"made"},"202":{"description":"also"}}},
        "head":{"responses":{"200":{"description":"ok"}}}}}}"#;
    let imported = import_document(text.as_bytes(), "doc").unwrap();
    let operations: Vec<&str> = imported
        .reports
        .iter()
        .map(|r| r.operation.as_str())
        .collect();
    assert!(
        operations.contains(&"GET /v3/a")
            && operations.contains(&"POST /v3/b")
            && operations.contains(&"HEAD /v3/b"),
        "{operations:?}"
    );
    let get = imported
        .reports
        .iter()
        .find(|r| r.operation == "GET /v3/a")
        .unwrap();
    assert!(
        get.problems
            .iter()
            .any(|p| p.pointer.ends_with("/parameters/0")),
        "{get:?}"
    );
    assert!(
        get.problems
            .iter()
            .any(|p| p.pointer.ends_with("/properties/shape/oneOf")),
        "{get:?}"
    );
    let post = imported
        .reports
        .iter()
        .find(|r| r.operation == "POST /v3/b")
        .unwrap();
    assert!(
        post.problems
            .iter()
            .any(|p| p.pointer.ends_with("application~1xml")),
        "{post:?}"
    );
    assert!(
        post.problems
            .iter()
            .any(|p| p.pointer.ends_with("/responses/202")),
        "{post:?}"
    );
    assert!(
        imported
            .problems()
            .all(|p| p.kind == ProblemKind::Unsupported)
    );
}

#[test]
fn a_webhook_without_our_extensions_is_reported() {
    let text = r#"{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{},
      "webhooks":{"paid":{"post":{"responses":{"200":{"description":"ok"}}}}}}"#;
    let imported = import_document(text.as_bytes(), "doc").unwrap();
    assert_eq!(imported.reports[0].operation, "webhook paid");
    assert_eq!(
        imported.reports[0].problems[0].kind,
        ProblemKind::Unsupported
    );
}

#[test]
fn a_wide_allof_expansion_stays_bounded() {
    // Each level composes the one below ten times: 10^8 schemas if expanded naively.
    let mut components = Vec::new();
    for level in 0..8 {
        let below = format!(r##"{{"$ref":"#/components/schemas/L{}"}}"##, level + 1);
        let members = vec![below; 10].join(",");
        components.push(format!(r#""L{level}":{{"allOf":[{members}]}}"#));
    }
    components.push(r#""L8":{"type":"object","properties":{"x":{"type":"string"}}}"#.to_owned());
    let text = with_body(
        r##"{"$ref":"#/components/schemas/L0"}"##,
        &format!("{{{}}}", components.join(",")),
    );
    let started = std::time::Instant::now();
    let imported = import_document(text.as_bytes(), "doc").unwrap();
    assert!(started.elapsed().as_secs() < 30);
    assert!(
        imported
            .problems()
            .any(|p| p.kind == ProblemKind::TooComplex)
    );
}
