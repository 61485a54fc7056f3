//! A saved page imported over a spec whose descriptions are the spec's own words: the page's
//! text replaces them, marked as the page's; descriptions copied from a page, and everything
//! else in the file, stay as written.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::fs;
use std::path::Path;

use wechatpay_spec::import::{import, replace_own_descriptions};
use wechatpay_spec::spec::{EndpointFile, TextSource};

fn repo(relative: &str) -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(relative),
    )
    .unwrap()
}

#[test]
fn the_pages_text_replaces_the_specs_own_words() {
    let curated = repo("spec/ecommerce/profitsharing/query_order.yaml");
    // The spec as written before the page was saved: two descriptions in the author's words,
    // one marked field by field, one (a block scalar) under the file's default.
    let own = curated
        .replacen(
            "      description: 分账出资的电商平台二级商户,填写微信支付分配的商户号。\n",
            "      description: 出资的二级商户\n      description_source: spec\n",
            1,
        )
        .replacen("  descriptions: page\n", "", 1);
    assert_ne!(own, curated, "the fixture changes the spec");
    let page = repo("tests/data/seeds/002_ddc00bb1490c5c2e.txt");
    let draft = import(&page, "tests/data/seeds/002_ddc00bb1490c5c2e.txt").unwrap();

    let (updated, replaced) = replace_own_descriptions(&own, &draft).unwrap();
    assert_eq!(replaced, ["request.fields[0]"]);
    assert!(updated.contains("      description: \"分账出资的电商平台二级商户,填写微信支付分配的商户号。\"\n      description_source: page\n"), "{updated}");
    assert!(!updated.contains("出资的二级商户\n"));
    // Nothing else moved: the rest of the file is line for line what it was.
    let others = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| {
                !l.contains("sub_mchid")
                    && !l.contains("二级商户")
                    && !l.contains("description_source: page")
                    && !l.contains("description_source: spec")
            })
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(others(&updated), others(&own));
    let (file, _) = wechatpay_spec::yaml::parse::<EndpointFile>(&updated).unwrap();
    assert_eq!(
        file.request.fields[0].description_source,
        Some(TextSource::Page)
    );
}

#[test]
fn a_file_whose_descriptions_are_all_its_own_marks_each_replaced_one() {
    let text = "\
title: t
method: GET
path: /v3/ecommerce/profitsharing/orders
idempotent: true
signed_response: true
source:
  document: d
  descriptions: spec
request:
  fields:
    - name: sub_mchid
      title: 二级商户号
      in: query
      type: string[1,32]
      required: true
      description: |-
        谁出的钱
        (作者的话)
    - name: transaction_id
      title: 微信订单号
      in: query
      type: string[1,32]
      required: true
      description: 那笔支付
response:
  fields: []
";
    let page = repo("tests/data/seeds/002_ddc00bb1490c5c2e.txt");
    let draft = import(&page, "002.txt").unwrap();
    let (updated, replaced) = replace_own_descriptions(text, &draft).unwrap();
    assert_eq!(replaced, ["request.fields[0]", "request.fields[1]"]);
    assert!(!updated.contains("作者的话"), "{updated}");
    let (file, _) = wechatpay_spec::yaml::parse::<EndpointFile>(&updated)
        .unwrap_or_else(|e| panic!("{e:?}\n{updated}"));
    for field in &file.request.fields {
        assert_eq!(
            field.description_source,
            Some(TextSource::Page),
            "{updated}"
        );
        assert!(field.description.contains("微信"), "{}", field.description);
    }
    // Copied from a page already: left alone.
    let (again, replaced) = replace_own_descriptions(&updated, &draft).unwrap();
    assert!(replaced.is_empty());
    assert_eq!(again, updated);
}
