//! The Markdown reference: an index by family, one page per endpoint and per notification, and
//! every page's Rust snippet gathered into one file that a test compiles.
//!
//! `pages` and `fields` decide what each page says from the model (texts, Rust types, limits,
//! what is required); the templates under `codegen/templates/` only lay the view out, so no
//! decision is taken twice. `snippet` writes the Rust that calls an endpoint.

mod fields;
mod pages;
mod render;
mod snippet;
mod view;

use std::collections::BTreeMap;

use wechatpay_spec::model::Api;

use self::view::{FamilyView, IndexView, PageLink};
use super::GeneratedFile;
use super::rust::Header;
use super::rust::features::family_feature;

/// The directory the reference is written to unless told otherwise, beside `generated/`.
pub const DEFAULT_DIR: &str = "docs/reference";

/// The file holding every snippet, below the reference's directory.
pub const SNIPPETS_FILE: &str = "snippets.rs";

/// The first line of a generated Markdown file: the Rust header's words, as an HTML comment.
pub fn markdown_header(header: &Header) -> String {
    format!("<!-- {} -->", header.as_str().trim_start_matches("// "))
}

/// Every file of the reference, sorted by path: `README.md` (the index), the pages, and
/// `snippets.rs`. An error is a template that does not render, a bug of this crate.
pub fn reference_files(api: &Api, header: &Header) -> Result<Vec<GeneratedFile>, minijinja::Error> {
    let environment = render::environment()?;
    let markdown = markdown_header(header);
    let mut files = Vec::new();
    let mut families = Families::new();
    for (index, endpoint) in api.endpoints.iter().enumerate() {
        let path = pages::endpoint_path(endpoint);
        let page = pages::endpoint_page(api, index, &markdown);
        family_pages(&mut families, &endpoint.namespace).push(PageLink {
            title: page.title.clone(),
            route: format!("`{}`", endpoint.route()),
            link: path.clone(),
            updated: endpoint.source.updated.clone().unwrap_or_default(),
        });
        let contents = render::render(&environment, "page.md.j2", &page)?;
        files.push(GeneratedFile { path, contents });
    }
    for (index, notification) in api.notifications.iter().enumerate() {
        let path = pages::notification_path(notification);
        let page = pages::notification_page(api, index, &markdown);
        family_pages(&mut families, &notification.namespace).push(PageLink {
            title: page.title.clone(),
            route: "notification".to_owned(),
            link: path.clone(),
            updated: notification.source.updated.clone().unwrap_or_default(),
        });
        let contents = render::render(&environment, "page.md.j2", &page)?;
        files.push(GeneratedFile { path, contents });
    }
    let index = IndexView {
        header: markdown,
        families: families
            .into_iter()
            .map(|(name, (feature, pages))| FamilyView {
                name,
                feature,
                pages,
            })
            .collect(),
    };
    let contents = render::render(&environment, "index.md.j2", &index)?;
    files.push(GeneratedFile {
        path: "README.md".to_owned(),
        contents,
    });
    files.push(GeneratedFile {
        path: SNIPPETS_FILE.to_owned(),
        contents: snippets_file(api, header),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The index's families by module path, each with its cargo feature and its pages.
type Families = BTreeMap<String, (String, Vec<PageLink>)>;

/// The pages of the family `namespace`, which is added on first use.
fn family_pages<'a>(families: &'a mut Families, namespace: &[String]) -> &'a mut Vec<PageLink> {
    &mut families
        .entry(namespace.join("::"))
        .or_insert_with(|| (family_feature(namespace), Vec::new()))
        .1
}

/// Every page's snippet, each in a module named after its page, for a test to include.
fn snippets_file(api: &Api, header: &Header) -> String {
    let mut text = format!(
        "{}\n// Every Rust snippet of the Markdown reference, as its pages show it: \
         `tests/tests/reference_snippets.rs` compiles them all.\n",
        header.as_str()
    );
    for endpoint in &api.endpoints {
        if let Some(snippet) = snippet::snippet(api, endpoint) {
            let module = format!("{}_{}", endpoint.namespace.join("_"), endpoint.operation);
            push_module(&mut text, &module, &snippet);
        }
    }
    for notification in &api.notifications {
        let module = format!(
            "{}_notifications_{}",
            notification.namespace.join("_"),
            notification.name
        );
        push_module(
            &mut text,
            &module,
            &snippet::notification_snippet(notification),
        );
    }
    text
}

/// `snippet` as a module of `text`, indented, its unused functions allowed.
fn push_module(text: &mut String, module: &str, snippet: &str) {
    text.push_str(&format!("\n#[allow(dead_code)]\nmod {module} {{\n"));
    for line in snippet.lines() {
        if line.is_empty() {
            text.push('\n');
        } else {
            text.push_str(&format!("    {line}\n"));
        }
    }
    text.push_str("}\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project_api() -> Api {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        match wechatpay_spec::load_api(&spec) {
            Ok(api) => api,
            Err(errors) => panic!("{errors}"),
        }
    }

    #[test]
    fn the_marker_is_the_one_the_stale_check_looks_for() {
        let header = Header::command("spec/", "cargo codegen generate");
        assert!(markdown_header(&header).starts_with(crate::generate::MARKDOWN_MARKER_PREFIX));
    }

    #[test]
    fn every_endpoint_and_notification_has_a_page_the_index_links() {
        let api = project_api();
        let header = Header::command("spec/", "cargo codegen generate");
        let files = match reference_files(&api, &header) {
            Ok(files) => files,
            Err(error) => panic!("{error:#}"),
        };
        let index = files.iter().find(|file| file.path == "README.md");
        let index = index.map(|file| file.contents.as_str()).unwrap_or_default();
        let pages = api.endpoints.iter().map(pages::endpoint_path);
        let notes = api.notifications.iter().map(pages::notification_path);
        for path in pages.chain(notes) {
            assert!(files.iter().any(|file| file.path == path), "no page {path}");
            assert!(
                index.contains(&format!("]({path})")),
                "the index omits {path}"
            );
        }
        // Everything a template prints comes from the view: nothing is left unrendered.
        for file in &files {
            assert!(!file.contents.contains("{{"), "{} kept a tag", file.path);
        }
    }
}
