//! The page importer (`wechatpay-codegen import`): saved pages, the seeds and the checked-in
//! pages mutated line by line, or arbitrary text. Correct: no panic; an error only for text
//! that is not UTF-8, too large, or names no method or path, with a line where it has one;
//! otherwise a draft whose notes name lines of the page, whose YAML reads back into exactly
//! the draft, and which the checker refuses while a note remains, naming each note.

use proptest::prelude::*;
use wechatpay_spec::diagnostics::ErrorKind;
use wechatpay_spec::import::{self, Draft, DraftField};
use wechatpay_spec::load::{self, Settings, SpecFile};
use wechatpay_spec::spec::{EndpointFile, FieldDef, ItemsDef};
use wechatpay_spec::yaml;

/// The pages mutated: the three seeds in their three layouts, and the checked-in pages (two
/// levels of `属性`, the layouts mixed).
const PAGES: [&str; 5] = [
    include_str!("../../data/seeds/000_ab03ab4f631d3eb6.txt"),
    include_str!("../../data/seeds/001_783cc1c18dbaa47a.txt"),
    include_str!("../../data/seeds/002_ddc00bb1490c5c2e.txt"),
    include_str!("../../data/pages/nested_blocks.txt"),
    include_str!("../../data/pages/mixed_layouts.txt"),
];

/// Words and marks that mean something to the page grammar, to insert anywhere.
const TOKENS: &[&str] = &[
    "|",
    " | ",
    "\n",
    "\n\n",
    "属性\n",
    "+",
    "示例值:",
    "示例值:\n",
    "枚举值:",
    "枚举值: A:甲 B:乙",
    "\n• X:叉",
    "必填",
    "选填",
    "二选一",
    "条件选填",
    "query ",
    "body",
    "path ",
    "加密",
    "\u{a0}",
    "{",
    "}",
    "[",
    "\"",
    "1{",
    "\n2",
    "\n1",
    "V1.0\n2020.01.01\n",
    "2020.13.45",
    "状态码\n错误码\n描述\n解决方案\n",
    "400\nPARAM_ERROR\n",
    "200 OK\n",
    "请求参数\n",
    "应答参数\n",
    "请求示例\n",
    "应答示例\n",
    "错误码\n",
    "版本说明\n",
    "请求方式:POST\n",
    "请求方式:【DELETE】/v3/x/{id}\n",
    "请求URL:https://a.b/v3/{y}\n",
    "参数名 变量 类型[长度限制] 必填 描述\n",
    "参数名 | 变量 | 类型 | 必填 | 描述 |\n",
    "---|---|\n",
    " name  必填   string(8)\n",
    "array[object]",
    "number",
    "string[9,1]",
    "{name}",
    "rfc3339",
    "只能是数字、大小写字母_-",
    "Wechatpay-Serial",
    "\u{feff}",
    "\u{0}",
    "\r",
    "\t",
    "#",
    ": ",
    "- ",
    "'",
];

/// A page: bytes, which may not be UTF-8.
#[derive(Debug, Clone)]
pub struct PageInput {
    /// The page's bytes.
    pub page: Vec<u8>,
}

/// A change to a page.
#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, &'static str),
    DeleteLines(usize, usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    ReplaceByte(usize, u8),
    Truncate(usize),
}

impl Mutation {
    fn apply(&self, page: &mut Vec<u8>) {
        let at = |offset: usize, len: usize| offset % (len + 1);
        let mut lines: Vec<Vec<u8>> = page.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        let count = lines.len();
        match *self {
            Self::Insert(offset, token) => {
                let at = at(offset, page.len());
                page.splice(at..at, token.bytes());
                return;
            }
            Self::ReplaceByte(offset, byte) => {
                if !page.is_empty() {
                    let at = offset % page.len();
                    page[at] = byte;
                }
                return;
            }
            Self::Truncate(offset) => {
                page.truncate(at(offset, page.len()));
                return;
            }
            Self::DeleteLines(line, many) => {
                let start = line % count;
                lines.drain(start..(start + many).min(count));
            }
            Self::DuplicateLine(line) => {
                let line = line % count;
                lines.insert(line, lines[line].clone());
            }
            Self::SwapLines(a, b) => lines.swap(a % count, b % count),
        }
        *page = lines.join(&b'\n');
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), prop::sample::select(TOKENS)).prop_map(|(o, t)| Mutation::Insert(o, t)),
        2 => (any::<usize>(), 1usize..8).prop_map(|(l, n)| Mutation::DeleteLines(l, n)),
        2 => any::<usize>().prop_map(Mutation::DuplicateLine),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(o, b)| Mutation::ReplaceByte(o, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// Pages mutated one to eight times, text made of the grammar's tokens, or arbitrary bytes.
pub fn strategy() -> impl Strategy<Value = PageInput> {
    let mutated =
        (0..PAGES.len(), prop::collection::vec(mutation(), 1..8)).prop_map(|(page, mutations)| {
            let mut bytes = PAGES[page].as_bytes().to_vec();
            for mutation in &mutations {
                mutation.apply(&mut bytes);
            }
            PageInput { page: bytes }
        });
    let tokens = prop::collection::vec(prop::sample::select(TOKENS), 0..80).prop_map(|tokens| {
        let text = format!(
            "请求方式:GET\n请求URL:https://a.b/v3/x\n{}",
            tokens.concat()
        );
        PageInput {
            page: text.into_bytes(),
        }
    });
    let arbitrary = prop::collection::vec(any::<u8>(), 0..2048).prop_map(|page| PageInput { page });
    prop_oneof![6 => mutated, 2 => tokens, 1 => arbitrary]
}

/// The fuzzer's bytes: the first chooses a page to mutate with the rest, or the rest is the
/// page.
pub fn from_bytes(data: &[u8]) -> PageInput {
    let mut bytes = super::Bytes::new(data);
    let choice = usize::from(bytes.byte());
    if choice >= 192 {
        return PageInput {
            page: bytes.rest().to_vec(),
        };
    }
    let mut page = PAGES[choice % PAGES.len()].as_bytes().to_vec();
    for _ in 0..bytes.below(8) + 1 {
        let (a, b) = (bytes.below(usize::MAX), bytes.below(usize::MAX));
        let mutation = match bytes.below(6) {
            0 => Mutation::Insert(a, TOKENS[bytes.below(TOKENS.len())]),
            1 => Mutation::DeleteLines(a, bytes.below(8) + 1),
            2 => Mutation::DuplicateLine(a),
            3 => Mutation::SwapLines(a, b),
            4 => Mutation::ReplaceByte(a, bytes.byte()),
            _ => Mutation::Truncate(a),
        };
        mutation.apply(&mut page);
    }
    PageInput { page }
}

/// Imports the page; the property broken, if one is.
pub fn check(input: &PageInput) -> Result<(), String> {
    let lines = input.page.split(|&b| b == b'\n').count();
    let draft = match import::import_bytes(&input.page, "page.txt") {
        Ok(draft) => draft,
        Err(error) => {
            let utf8 = std::str::from_utf8(&input.page).is_ok();
            let small = input.page.len() <= import::MAX_PAGE_BYTES;
            return match error.line {
                _ if error.message.is_empty() => Err("an error without a message".into()),
                Some(line) if line == 0 || line > lines => {
                    Err(format!("an error at line {line} of {lines}: {error}"))
                }
                Some(_) if utf8 && small => {
                    Err(format!("an error at a line of a readable page: {error}"))
                }
                None if !error.message.contains("no request") => {
                    Err(format!("an unexpected error: {error}"))
                }
                _ => Ok(()),
            };
        }
    };
    for note in &draft.notes {
        if note.line == 0 || note.line > lines || note.at.is_empty() || note.issue.is_empty() {
            return Err(format!("a note off the page ({lines} lines): {note:?}"));
        }
    }
    let written = import::write_draft(&draft);
    if written.len() > yaml::MAX_FILE_BYTES {
        return Ok(()); // The loader refuses it for its size, which is said elsewhere.
    }
    let spec = yaml::parse::<EndpointFile>(&written)
        .map_err(|e| format!("the draft does not read back: {e:?}\n{written}"))?
        .0;
    read_back(&draft, &spec).map_err(|problem| format!("{problem}\n{written}"))?;
    refused_while_noted(&draft, &written)
}

/// Whether the written draft reads back as the draft: the first part that changed, if one did.
fn read_back(draft: &Draft, spec: &EndpointFile) -> Result<(), String> {
    let debug_same =
        |a: &dyn std::fmt::Debug, b: &dyn std::fmt::Debug| format!("{a:?}") == format!("{b:?}");
    let parts = [
        ("the title", spec.title == draft.title),
        ("the summary", spec.summary == draft.summary),
        ("the method", spec.method == draft.method),
        ("the path", spec.path == draft.path),
        ("the source", debug_same(&spec.source, &draft.source)),
        ("the notes", spec.import_notes == draft.notes),
        (
            "the headers",
            debug_same(&spec.protocol_headers, &draft.protocol_headers),
        ),
        ("the errors", debug_same(&spec.errors, &draft.errors)),
        ("the examples", debug_same(&spec.examples, &draft.examples)),
        ("the status", spec.response.status == draft.response_status),
    ];
    match parts
        .iter()
        .chain(&tables_read_back(draft, spec))
        .find(|(_, same)| !same)
    {
        Some((what, _)) => Err(format!("{what} changed on the way through YAML")),
        None => Ok(()),
    }
}

/// Whether each table, group, object and enum reads back as drafted.
fn tables_read_back(draft: &Draft, spec: &EndpointFile) -> [(&'static str, bool); 5] {
    let read: Vec<_> = spec
        .request
        .one_of
        .iter()
        .map(|g| (g.name.clone(), g.members.clone(), g.description.clone()))
        .collect();
    let drafted: Vec<_> = draft
        .one_of
        .iter()
        .map(|g| (g.name.clone(), g.members.clone(), g.description.clone()))
        .collect();
    let response = match (&spec.response.fields, &draft.response) {
        (Some(read), Some(drafted)) => fields_read_back(read, drafted),
        (None, None) => true,
        _ => false,
    };
    let objects = spec.objects.len() == draft.objects.len()
        && draft.objects.iter().all(|o| {
            spec.objects.get(&o.name).is_some_and(|read| {
                read.title == o.title && fields_read_back(&read.fields, &o.fields)
            })
        });
    let enums = spec.enums.len() == draft.enums.len()
        && draft.enums.iter().all(|e| {
            spec.enums.get(&e.name).is_some_and(|read| {
                read.title == e.title
                    && read.description == e.description
                    && format!("{:?}", read.values) == format!("{:?}", e.values)
            })
        });
    [
        (
            "the request",
            fields_read_back(&spec.request.fields, &draft.request),
        ),
        ("the one-of groups", read == drafted),
        ("the response", response),
        ("the objects", objects),
        ("the enums", enums),
    ]
}

fn fields_read_back(read: &[FieldDef], drafted: &[DraftField]) -> bool {
    read.len() == drafted.len()
        && read.iter().zip(drafted).all(|(r, d)| {
            let items = match &r.items {
                Some(ItemsDef::Type(ty)) => Some(ty.clone()),
                Some(ItemsDef::Value(_)) => Some("(a mapping)".to_owned()),
                None => None,
            };
            r.name == d.name
                && r.title == d.title
                && r.location == d.location
                && r.ty == d.ty
                && r.required == d.required
                && r.description == d.description
                && r.example == d.example
                && r.enum_name == d.enum_name
                && r.format == d.format
                && r.charset == d.charset
                && r.object == d.object
                && items == d.items
                && r.free_form == d.free_form
                && r.number == d.number
                && r.encrypted == d.encrypted
        })
}

/// Whether the checker, on the draft beside the project's own files, names every note as an
/// error at its place (and locates every other error).
fn refused_while_noted(draft: &Draft, written: &str) -> Result<(), String> {
    let root = std::path::Path::new("spec");
    let file = |relative: &str, text: &str| SpecFile {
        path: root.join(relative),
        relative: relative.to_owned(),
        text: Ok(text.to_owned()),
    };
    let mut files: Vec<SpecFile> = wechatpay_spec::base::FILES
        .iter()
        .map(|(r, t)| file(r, t))
        .collect();
    files.push(file("ns/query_things.yaml", written));
    let errors = match load::parse_tree(root, files, Settings::Required) {
        Ok(tree) => match wechatpay_spec::check::check(&tree, None) {
            Ok(_) if draft.notes.is_empty() => return Ok(()),
            Ok(_) => return Err("the checker passed a draft with import notes".into()),
            Err(errors) => errors,
        },
        Err(errors) => return Err(format!("a written draft does not load: {errors}")),
    };
    for i in 0..draft.notes.len() {
        let at = format!("import_notes[{i}]");
        if !errors
            .errors()
            .iter()
            .any(|e| e.key_path == at && e.position.is_some())
        {
            return Err(format!("the checker does not name {at}: {errors}"));
        }
    }
    match errors
        .errors()
        .iter()
        .find(|e| e.kind == ErrorKind::Spec && e.position.is_none() && !e.key_path.is_empty())
    {
        Some(error) => Err(format!("an error without a line: {error}")),
        None => Ok(()),
    }
}
