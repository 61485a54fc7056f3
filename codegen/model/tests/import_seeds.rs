//! Importing each saved seed page gives its curated spec, except where the curated files record
//! a decision the page cannot show: an erratum of the endpoint, or of a shared definition it
//! uses. The comparison flattens both specs into the facts a page can state (every key of every
//! row, enums as their values, formats as the rules they stand for, nested tables through the
//! field holding them), lists every fact on which they differ, and asserts that list.
//!
//! Left out of the comparison, because they are names or texts the spec's author chooses by
//! meaning, never the page: the names of types, groups and responses (`return_order`,
//! `order_ref`, `receiver`), `rust_name`, `response.poll`, the title and description of an
//! object, descriptions the author marks `description_source: spec`, and the title and
//! description of a shared enum (which merges several pages). `errata` and `import_notes` are
//! the two sides' own records.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use wechatpay_spec::import;
use wechatpay_spec::spec::{
    EncryptedDef, EndpointFile, EnumDef, FieldDef, FormatDef, ObjectDef, Representation, Required,
    SharedFile, TextSource,
};
use wechatpay_spec::yaml;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

/// The draft of a seed page, written and read back as the loader reads a spec file.
fn draft(page: &str) -> EndpointFile {
    let document = format!("tests/data/seeds/{page}");
    let text = fs::read_to_string(root().join(&document)).unwrap();
    let draft = import::import(&text, &document).unwrap();
    let written = import::write_draft(&draft);
    yaml::parse::<EndpointFile>(&written)
        .unwrap_or_else(|e| panic!("{e:?}\n{written}"))
        .0
}

fn curated(spec: &str) -> EndpointFile {
    let text = fs::read_to_string(root().join("spec").join(spec)).unwrap();
    yaml::parse::<EndpointFile>(&text).unwrap().0
}

/// The project's shared enums and formats, from every file of `spec/shared/`.
struct Shared {
    enums: BTreeMap<String, EnumDef>,
    formats: BTreeMap<String, FormatDef>,
}

fn shared() -> Shared {
    let mut shared = Shared {
        enums: BTreeMap::new(),
        formats: BTreeMap::new(),
    };
    for entry in fs::read_dir(root().join("spec/shared")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        let file = yaml::parse::<SharedFile>(&text).unwrap().0;
        shared.enums.extend(file.enums);
        shared.formats.extend(file.formats);
    }
    shared
}

/// One spec's facts, by key path.
struct Facts<'a> {
    spec: &'a EndpointFile,
    shared: &'a Shared,
    facts: BTreeMap<String, String>,
}

impl Facts<'_> {
    fn put(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.facts.insert(key.into(), value.into());
    }

    fn put_some(&mut self, key: impl Into<String>, value: Option<impl Into<String>>) {
        if let Some(value) = value {
            self.put(key, value);
        }
    }

    fn page(mut self) -> BTreeMap<String, String> {
        let spec = self.spec;
        self.put("title", &spec.title);
        self.put_some("summary", spec.summary.clone());
        self.put("method", spec.method.as_str());
        self.put("path", &spec.path);
        self.put("idempotent", spec.idempotent.to_string());
        self.put("signed_response", spec.signed_response.to_string());
        let source = &spec.source;
        self.put_some("source.document", source.document.clone());
        self.put_some("source.url", source.url.clone());
        self.put("source.applicable_to", source.applicable_to.join(", "));
        self.put_some("source.updated", source.updated.clone());
        self.put_some("source.version", source.version.clone());
        for entry in &source.history {
            let key = format!("source.history.{}", entry.version);
            self.put(key, format!("{}\n{}", entry.date, entry.changes));
        }
        self.put("source.notes", source.notes.join("\n---\n"));
        for header in &spec.protocol_headers {
            let value = format!("{} {} {}", header.required, header.ty, header.description);
            self.put(format!("protocol_headers.{}", header.name), value);
        }
        self.fields("request.fields", &spec.request.fields, 0);
        for group in &spec.request.one_of {
            let key = format!("request.one_of.{}", group.members.join("+"));
            self.put(key, group.description.clone().unwrap_or_default());
        }
        self.put(
            "response.status",
            spec.response.status.unwrap_or(200).to_string(),
        );
        self.put_some("response.description", spec.response.description.clone());
        match &spec.response.fields {
            Some(fields) => self.fields("response.fields", fields, 0),
            None => self.put("response.fields", "(no body)"),
        }
        for (i, row) in spec.errors.iter().enumerate() {
            let value = format!(
                "{} {} | {} | {}",
                row.status, row.code, row.description, row.solution
            );
            self.put(format!("errors[{i}]"), value);
        }
        let examples = &spec.examples;
        self.put_some("examples.request_url", examples.request_url.clone());
        self.put_some("examples.request_body", examples.request_body.clone());
        for (i, example) in examples.responses.iter().enumerate() {
            self.put(
                format!("examples.responses[{i}]"),
                format!("{}\n{}", example.status, example.body),
            );
        }
        self.facts
    }

    fn fields(&mut self, at: &str, fields: &[FieldDef], depth: usize) {
        for field in fields {
            self.field(&format!("{at}.{}", field.name), field, depth);
        }
    }

    fn field(&mut self, at: &str, field: &FieldDef, depth: usize) {
        self.put(format!("{at}.title"), &field.title);
        self.put_some(format!("{at}.in"), field.location.map(|l| l.as_str()));
        self.put(format!("{at}.type"), &field.ty);
        let required = match field.required {
            Required::Yes => "true",
            Required::No => "false",
            Required::OneOf => "one_of",
        };
        self.put(format!("{at}.required"), required);
        if field.description_source != Some(TextSource::Spec) {
            self.put(format!("{at}.description"), &field.description);
        }
        self.put_some(format!("{at}.example"), field.example.clone());
        let encrypted = field.encrypted.map(|e| match e {
            EncryptedDef::Yes => "true",
            EncryptedDef::Plaintext => "plaintext",
            EncryptedDef::Ciphertext => "ciphertext",
        });
        self.put_some(format!("{at}.encrypted"), encrypted);
        self.put_some(
            format!("{at}.items"),
            field.items.as_ref().map(|i| format!("{:?}", i.value())),
        );
        self.put_some(
            format!("{at}.number"),
            field.number.map(|n| format!("{n:?}")),
        );
        self.put_some(format!("{at}.pattern"), field.pattern.clone());
        if field.free_form {
            self.put(format!("{at}.free_form"), "true");
        }
        self.rules(at, field);
        if let Some(object) = &field.object {
            self.object(at, object, depth);
        }
    }

    /// What a field's enum, format and charset say, whatever their names.
    fn rules(&mut self, at: &str, field: &FieldDef) {
        let format = field.format.as_ref().map(|name| {
            self.shared
                .formats
                .get(name)
                .unwrap_or_else(|| panic!("no shared format {name}"))
        });
        let charset = field
            .charset
            .clone()
            .or_else(|| format.and_then(|f| f.charset.clone()));
        self.put_some(format!("{at}.charset"), charset);
        if format.is_some_and(|f| f.representation == Representation::Datetime) {
            self.put(format!("{at}.representation"), "datetime");
        }
        let Some(name) = &field.enum_name else { return };
        let (def, local) = match self.spec.enums.get(name) {
            Some(def) => (def, true),
            None => (self.shared.enums.get(name).unwrap(), false),
        };
        let values: Vec<String> = def
            .values
            .iter()
            .map(|v| match v.aliases.as_slice() {
                [] => format!("{}:{}", v.value, v.meaning),
                aliases => format!("{}:{} (also {})", v.value, v.meaning, aliases.join(", ")),
            })
            .collect();
        self.put(format!("{at}.values"), values.join("; "));
        if local {
            self.put(format!("{at}.enum.title"), &def.title);
            self.put_some(format!("{at}.enum.description"), def.description.clone());
        }
    }

    fn object(&mut self, at: &str, name: &str, depth: usize) {
        assert!(depth < 8, "objects nest too deep at {at}");
        let object: &ObjectDef = self.spec.objects.get(name).unwrap();
        self.fields(&format!("{at}.fields"), &object.fields, depth + 1);
    }
}

fn facts(spec: &EndpointFile, shared: &Shared) -> BTreeMap<String, String> {
    Facts {
        spec,
        shared,
        facts: BTreeMap::new(),
    }
    .page()
}

/// Every fact on which the draft and the curated spec differ, with both values. The title and
/// description of an enum are compared where the curated enum is the endpoint's own.
fn differences(draft: &EndpointFile, curated: &EndpointFile) -> BTreeMap<String, String> {
    let shared = shared();
    let (ours, theirs) = (facts(draft, &shared), facts(curated, &shared));
    let keys: BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
    let shown = |value: Option<&String>| value.map_or("(absent)".to_owned(), |v| format!("{v:?}"));
    keys.into_iter()
        .filter(|key| {
            let enum_text = key.ends_with(".enum.title") || key.ends_with(".enum.description");
            !enum_text || theirs.contains_key(*key)
        })
        .filter(|key| ours.get(*key) != theirs.get(*key))
        .map(|key| {
            let both = format!(
                "draft {}, curated {}",
                shown(ours.get(key)),
                shown(theirs.get(key))
            );
            (key.clone(), both)
        })
        .collect()
}

#[track_caller]
fn assert_differences(page: &str, spec: &str, expected: &[&str]) {
    let found = differences(&draft(page), &curated(spec));
    let keys: Vec<&str> = found.keys().map(String::as_str).collect();
    let listed: String = found.iter().map(|(k, v)| format!("\n  {k}: {v}")).collect();
    assert_eq!(keys, expected, "the differences:{listed}");
}

#[test]
fn seed_000_pipe_tables_import_as_curated_but_for_its_errata() {
    assert_differences(
        "000_ab03ab4f631d3eb6.txt",
        "ecommerce/profitsharing/query_return_order.yaml",
        &[
            // erratum request.fields.out_return_no.format: the response table's charset, applied
            // to the request too.
            "request.fields.out_return_no.charset",
            // shared erratum enums.return_order_fail_reason.values.BALANCE_NOT_ENOUGH: a value
            // from the ordinary family.
            "response.fields.fail_reason.values",
            // erratum response.fields.finish_time: a PROCESSING order has not finished.
            "response.fields.finish_time.required",
            // erratum response.fields.result.enum: 001's FAIL read as FAILED.
            "response.fields.result.values",
            // erratum title: the page has none; 001's.
            "title",
        ],
    );
}

#[test]
fn seed_001_blocks_import_as_curated_but_for_its_errata() {
    assert_differences(
        "001_783cc1c18dbaa47a.txt",
        "brand/profitsharing/query_return_order.yaml",
        &[
            // shared erratum enums.return_order_fail_reason.values.BALANCE_NOT_ENOUGH.
            "response.fields.fail_reason.values",
            // erratum response.fields.finish_time.
            "response.fields.finish_time.required",
            // erratum response.fields.result.enum: canonical FAILED, this page's FAIL an alias.
            "response.fields.result.values",
        ],
    );
}

#[test]
fn seed_002_spaced_tables_import_as_curated_but_for_its_errata() {
    assert_differences(
        "002_ddc00bb1490c5c2e.txt",
        "ecommerce/profitsharing/query_order.yaml",
        &[
            // erratum objects.receiver.fields: the page has no 必填 cells; these four are
            // optional for reasons beyond their descriptions (V1.3 receivers without a merchant
            // id, a PENDING receiver has not finished, fields added in V1.3).
            "response.fields.receivers.fields.finish_time.required",
            "response.fields.receivers.fields.receiver_account.required",
            "response.fields.receivers.fields.receiver_mchid.required",
            // erratum enums.receiver_result: RETURNED, named by fail_reason's text.
            "response.fields.receivers.fields.result.values",
            "response.fields.receivers.fields.type.required",
            // erratum enums.profit_sharing_order_status: CLOSED, named by close_reason's text.
            "response.fields.status.values",
        ],
    );
}
