//! Parsing the `#[validate(...)]` attributes of one field or one-of variant.

use proc_macro2::Ident;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitInt, LitStr, Token, token};

use crate::errors::Errors;
use crate::lit;
use wechatpay_rules::LengthUnit;

const KEYS: &str = "expected `name = \"…\"`, `required`, `length(min = N, max = N)`, `charset = \"…\"`, `pattern = \"…\"`, `each(...)`, `nested` or `file(...)`";
const ITEM_KEYS: &str =
    "expected `length(min = N, max = N)`, `charset = \"…\"` or `pattern = \"…\"`";
const EACH_USAGE: &str = "expected `each(...)` holding the rules every item of a list of strings must follow: `length(min = N, max = N)`, `charset = \"…\"` or `pattern = \"…\"`";
const FILE_KEYS: &str = "expected `max_bytes = N` or `content_types = \"type/subtype,…\"`";
const FILE_USAGE: &str = "expected `file`, or `file(...)` holding the documented limits of a file to upload: `max_bytes = N` and `content_types = \"type/subtype,…\"`";
const LENGTH_USAGE: &str = "expected `length(min = N, max = N)`; either bound may be left out, and `unit = \"bytes\"` counts UTF-8 bytes instead of characters";

/// What the attributes on one field say.
#[derive(Default)]
pub(crate) struct Rules {
    /// The wire name, when it is not the default.
    pub(crate) name: Option<LitStr>,
    pub(crate) required: bool,
    /// `length`, `charset` and `pattern` on the value itself.
    pub(crate) strings: StringRules,
    /// The `nested` key, when present.
    pub(crate) nested: Option<Ident>,
    /// `each(...)`, when present.
    pub(crate) each: Option<Each>,
    /// `file` or `file(...)`, when present.
    pub(crate) file: Option<File>,
}

/// The rules that check one string, on a field or inside `each(...)`.
#[derive(Default)]
pub(crate) struct StringRules {
    pub(crate) length: Option<Length>,
    pub(crate) charset: Option<Charset>,
    /// `pattern = "…"`, already compiled once to prove it valid.
    pub(crate) pattern: Option<LitStr>,
}

/// `each(...)`: string rules for every item of a list.
pub(crate) struct Each {
    /// The `each` keyword, for messages.
    pub(crate) key: Ident,
    pub(crate) rules: StringRules,
}

/// `file` or `file(...)`: the rules of a file to upload.
pub(crate) struct File {
    /// The `file` keyword, for messages.
    pub(crate) key: Ident,
    /// `max_bytes = N`.
    pub(crate) max_bytes: Option<u64>,
    /// `content_types = "…"`, as written and split into its media types.
    pub(crate) content_types: Option<(LitStr, Vec<String>)>,
}

/// `length(...)`.
pub(crate) struct Length {
    pub(crate) min: Option<usize>,
    pub(crate) max: Option<usize>,
    pub(crate) unit: LengthUnit,
}

/// `charset = "…"`, as written and as parsed.
pub(crate) struct Charset {
    pub(crate) class: LitStr,
    pub(crate) ranges: Vec<(char, char)>,
}

impl Rules {
    /// The rules given by every `#[validate]` among `attrs`, or `None` when there is none.
    pub(crate) fn from_attrs(attrs: &[Attribute]) -> syn::Result<Option<Self>> {
        let mut errors = Errors::default();
        let mut found: Option<(Self, &Attribute)> = None;
        let mut parsed = true;
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("validate")) {
            let (rules, _) = found.get_or_insert_with(|| (Rules::default(), attr));
            if let Err(error) = attr.parse_nested_meta(|meta| rules.parse_key(&meta)) {
                errors.push(error);
                parsed = false;
            }
        }
        // Rules judged together are judged only once all were read, so a typo is not followed
        // by a second error about what the typo left out.
        if parsed && let Some((rules, first)) = &found {
            rules.check(first, &mut errors);
        }
        errors.finish()?;
        Ok(found.map(|(rules, _)| rules))
    }

    /// The rules on the value itself that check a string, by key.
    fn string_rules(&self) -> impl Iterator<Item = &'static str> {
        let required = self.required.then_some("required");
        required.into_iter().chain(self.strings.keys())
    }

    fn parse_key(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let Some(key) = meta.path.get_ident() else {
            return Err(syn::Error::new_spanned(
                &meta.path,
                format!("unknown key in #[validate]; {KEYS}"),
            ));
        };
        match key.to_string().as_str() {
            "name" => {
                unique(self.name.is_some(), key)?;
                let name = lit::string(meta.value()?, "name")?;
                if name.value().is_empty() {
                    return Err(syn::Error::new(name.span(), "a wire name cannot be empty"));
                }
                self.name = Some(name);
            }
            "required" => {
                unique(self.required, key)?;
                flag(meta, key)?;
                self.required = true;
            }
            "nested" => {
                unique(self.nested.is_some(), key)?;
                flag(meta, key)?;
                self.nested = Some(key.clone());
            }
            "each" => {
                unique(self.each.is_some(), key)?;
                self.each = Some(Each::parse(meta, key)?);
            }
            "file" => {
                unique(self.file.is_some(), key)?;
                self.file = Some(File::parse(meta, key)?);
            }
            _ => {
                if !self.strings.parse_key(meta, key, "#[validate]")? {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown key `{key}` in #[validate]; {KEYS}"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The rules that can only be judged together.
    fn check(&self, attr: &Attribute, errors: &mut Errors) {
        if let Some(file) = &self.file {
            let others = self
                .string_rules()
                .chain(self.nested.as_ref().map(|_| "nested"));
            for rule in others.chain(self.each.as_ref().map(|_| "each")) {
                errors.spanned(&file.key, file_conflict(rule));
            }
        } else if let Some(nested) = &self.nested {
            for rule in self.string_rules() {
                errors.spanned(
                    nested,
                    format!(
                        "`nested` cannot be combined with `{rule}`: `{rule}` checks a string, `nested` a type that implements Validate"
                    ),
                );
            }
            if let Some(each) = &self.each {
                errors.spanned(
                    &each.key,
                    "`each(...)` cannot be combined with `nested`: `each` checks the items of a list of strings, `nested` a type that implements Validate (a list of them too)",
                );
            }
        } else if let Some(each) = &self.each {
            for rule in self.string_rules() {
                errors.spanned(&each.key, each_conflict(rule));
            }
        } else if self.string_rules().next().is_none() {
            errors.spanned(
                attr,
                "#[validate] without a rule checks nothing; add `required`, `length(min = N, max = N)`, `charset = \"…\"`, `pattern = \"…\"`, `each(...)`, `nested` or `file(...)`",
            );
        }
    }
}

/// Why the rule `rule` beside `file` is refused, and what to write instead.
fn file_conflict(rule: &str) -> String {
    match rule {
        "required" => "`file` cannot be combined with `required`: `file` already refuses an empty file or file name, and a file that must be sent has the type `UploadFile`, not `Option<UploadFile>`".to_owned(),
        "nested" => "`file` cannot be combined with `nested`: `file` checks an `UploadFile`, `nested` a type that implements Validate".to_owned(),
        "each" => "`file` cannot be combined with `each(...)`: `file` checks one `UploadFile`, `each` the items of a list of strings".to_owned(),
        _ => format!(
            "`file` cannot be combined with `{rule}`: `{rule}` checks a string, `file` an `UploadFile`; its limits go inside: `file(max_bytes = N, content_types = \"…\")`"
        ),
    }
}

/// Why the string rule `rule` beside `each(...)` is refused, and what to write instead.
fn each_conflict(rule: &str) -> String {
    let inside = match rule {
        "required" => {
            return "`each(...)` cannot be combined with `required`: `required` checks one string, and an item of a list is always present; to refuse empty items write `each(length(min = 1))`".to_owned();
        }
        "length" => "each(length(...))",
        "charset" => "each(charset = \"…\")",
        _ => "each(pattern = \"…\")",
    };
    format!(
        "`each(...)` cannot be combined with `{rule}` outside it: there `{rule}` would check the list as one string; to check every item, put it inside: `{inside}`"
    )
}

impl StringRules {
    /// Reads `key` when it is one of the string rules; `false` when it is not.
    fn parse_key(
        &mut self,
        meta: &ParseNestedMeta<'_>,
        key: &Ident,
        place: &str,
    ) -> syn::Result<bool> {
        match key.to_string().as_str() {
            "length" => {
                unique_in(self.length.is_some(), key, place)?;
                self.length = Some(Length::parse(meta, key)?);
            }
            "charset" => {
                unique_in(self.charset.is_some(), key, place)?;
                let class = lit::string(meta.value()?, "charset")?;
                let ranges = wechatpay_rules::Charset::parse(&class.value())
                    .map(|parsed| parsed.ranges().to_vec())
                    .map_err(|error| syn::Error::new(class.span(), error.to_string()))?;
                self.charset = Some(Charset { class, ranges });
            }
            "pattern" => {
                unique_in(self.pattern.is_some(), key, place)?;
                let source = lit::string(meta.value()?, "pattern")?;
                // Compiled here, with the rule the runtime uses, so a bad pattern fails the build
                // at its literal instead of the first request.
                wechatpay_rules::pattern::compile(&source.value())
                    .map_err(|error| syn::Error::new(source.span(), error.to_string()))?;
                self.pattern = Some(source);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The keys given, in the order `length`, `charset`, `pattern`.
    fn keys(&self) -> impl Iterator<Item = &'static str> {
        let keys = [
            self.length.as_ref().map(|_| "length"),
            self.charset.as_ref().map(|_| "charset"),
            self.pattern.as_ref().map(|_| "pattern"),
        ];
        keys.into_iter().flatten()
    }
}

impl Each {
    fn parse(meta: &ParseNestedMeta<'_>, key: &Ident) -> syn::Result<Self> {
        if !meta.input.peek(token::Paren) || is_empty_group(meta)? {
            return Err(syn::Error::new(key.span(), EACH_USAGE));
        }
        let mut rules = StringRules::default();
        meta.parse_nested_meta(|inner| {
            let Some(item_key) = inner.path.get_ident() else {
                let message = format!("unknown key in `each(...)`; {ITEM_KEYS}");
                return Err(syn::Error::new_spanned(&inner.path, message));
            };
            if rules.parse_key(&inner, item_key, "`each(...)`")? {
                return Ok(());
            }
            let message = match item_key.to_string().as_str() {
                "required" => "`required` cannot go inside `each(...)`: an item of a list is always present; to refuse empty items write `length(min = 1)`".to_owned(),
                "nested" => "`nested` cannot go inside `each(...)`: for a list of types that implement Validate write `#[validate(nested)]` on the field, and each item is checked at `field[i]`".to_owned(),
                "name" => "`name` names the field, not its items: put it beside `each(...)`, not inside".to_owned(),
                "each" => format!("`each(...)` cannot be nested; inside it, {ITEM_KEYS}"),
                _ => format!("unknown key `{item_key}` in `each(...)`; {ITEM_KEYS}"),
            };
            Err(syn::Error::new(item_key.span(), message))
        })?;
        Ok(Each {
            key: key.clone(),
            rules,
        })
    }
}

impl File {
    fn parse(meta: &ParseNestedMeta<'_>, key: &Ident) -> syn::Result<Self> {
        let mut file = File {
            key: key.clone(),
            max_bytes: None,
            content_types: None,
        };
        if meta.input.peek(Token![=]) {
            return Err(syn::Error::new(key.span(), FILE_USAGE));
        }
        // `file` alone: only what every upload needs.
        if !meta.input.peek(token::Paren) {
            return Ok(file);
        }
        if is_empty_group(meta)? {
            return Err(syn::Error::new(key.span(), FILE_USAGE));
        }
        meta.parse_nested_meta(|inner| {
            let Some(name) = inner.path.get_ident() else {
                let message = format!("unknown key in `file(...)`; {FILE_KEYS}");
                return Err(syn::Error::new_spanned(&inner.path, message));
            };
            match name.to_string().as_str() {
                "max_bytes" => {
                    unique_in(file.max_bytes.is_some(), name, "`file(...)`")?;
                    file.max_bytes = Some(max_bytes(inner.value()?)?);
                }
                "content_types" => {
                    unique_in(file.content_types.is_some(), name, "`file(...)`")?;
                    let list = lit::string(inner.value()?, "content_types")?;
                    let types = content_types(&list)?;
                    file.content_types = Some((list, types));
                }
                _ => {
                    let message = format!("unknown key `{name}` in `file(...)`; {FILE_KEYS}");
                    return Err(syn::Error::new(name.span(), message));
                }
            }
            Ok(())
        })?;
        Ok(file)
    }
}

/// `max_bytes = N`: a size some file could have.
fn max_bytes(input: syn::parse::ParseStream<'_>) -> syn::Result<u64> {
    let (value, lit) = lit::integer(input, "max_bytes")?;
    match u64::try_from(value) {
        Ok(0) => Err(syn::Error::new(
            lit.span(),
            "`max_bytes = 0` lets no file pass, and an empty file is refused anyway; give the documented limit, e.g. `max_bytes = 2097152` for 2 MB",
        )),
        Ok(max) => Ok(max),
        Err(_) => Err(syn::Error::new(lit.span(), "`max_bytes` is too large")),
    }
}

/// `content_types = "image/jpeg,image/png"`: media types (`type/subtype`, no parameters)
/// separated by commas, each once.
fn content_types(list: &LitStr) -> syn::Result<Vec<String>> {
    let value = list.value();
    let mut types: Vec<String> = Vec::new();
    for item in value.split(',').map(str::trim) {
        let problem = if item.is_empty() {
            Some("`content_types` lists media types separated by commas, e.g. \"image/jpeg,image/png\"; it has an empty item".to_owned())
        } else if !wechatpay_rules::media_type::is_essence(item) {
            Some(format!(
                "`{item}` in `content_types` is not a media type: expected `type/subtype`, e.g. `image/png`, without parameters"
            ))
        } else if types.iter().any(|seen| seen.eq_ignore_ascii_case(item)) {
            Some(format!("`{item}` is listed twice in `content_types`"))
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(syn::Error::new(list.span(), problem));
        }
        types.push(item.to_owned());
    }
    Ok(types)
}

impl Length {
    fn parse(meta: &ParseNestedMeta<'_>, key: &Ident) -> syn::Result<Self> {
        if !meta.input.peek(token::Paren) || is_empty_group(meta)? {
            return Err(syn::Error::new(key.span(), LENGTH_USAGE));
        }
        let mut min: Option<(usize, LitInt)> = None;
        let mut max: Option<(usize, LitInt)> = None;
        let mut unit = None;
        meta.parse_nested_meta(|inner| {
            let Some(bound) = inner.path.get_ident() else {
                let message = "unknown key in `length(...)`; expected `min`, `max` or `unit`";
                return Err(syn::Error::new_spanned(&inner.path, message));
            };
            match bound.to_string().as_str() {
                "min" => {
                    unique(min.is_some(), bound)?;
                    min = Some(lit::integer(inner.value()?, "min")?);
                }
                "max" => {
                    unique(max.is_some(), bound)?;
                    max = Some(lit::integer(inner.value()?, "max")?);
                }
                "unit" => {
                    unique(unit.is_some(), bound)?;
                    unit = Some(parse_unit(&lit::string(inner.value()?, "unit")?)?);
                }
                _ => {
                    return Err(syn::Error::new(
                        bound.span(),
                        format!(
                            "unknown key `{bound}` in `length(...)`; expected `min`, `max` or `unit`"
                        ),
                    ));
                }
            }
            Ok(())
        })?;
        if let (Some((min, _)), Some((max, max_lit))) = (&min, &max)
            && min > max
        {
            return Err(syn::Error::new(
                max_lit.span(),
                format!("`max` ({max}) is less than `min` ({min}), so no value could pass"),
            ));
        }
        if min.is_none() && max.is_none() {
            return Err(syn::Error::new(
                key.span(),
                "`length` needs `min`, `max` or both, e.g. `length(min = 1, max = 32)`",
            ));
        }
        Ok(Length {
            min: min.map(|(value, _)| value),
            max: max.map(|(value, _)| value),
            unit: unit.unwrap_or(LengthUnit::Chars),
        })
    }
}

fn parse_unit(unit: &LitStr) -> syn::Result<LengthUnit> {
    match unit.value().as_str() {
        "chars" => Ok(LengthUnit::Chars),
        "bytes" => Ok(LengthUnit::Bytes),
        other => Err(syn::Error::new(
            unit.span(),
            format!(
                "unknown length unit {other:?}; expected \"chars\" (Unicode characters, the default) or \"bytes\" (UTF-8 bytes)"
            ),
        )),
    }
}

/// Whether the key is followed by `()`.
fn is_empty_group(meta: &ParseNestedMeta<'_>) -> syn::Result<bool> {
    let ahead = meta.input.fork();
    let content;
    syn::parenthesized!(content in ahead);
    Ok(content.is_empty())
}

/// Rejects a flag written with a value, such as `required = true`.
fn flag(meta: &ParseNestedMeta<'_>, key: &Ident) -> syn::Result<()> {
    if meta.input.peek(Token![=]) || meta.input.peek(token::Paren) {
        return Err(syn::Error::new(
            key.span(),
            format!("`{key}` takes no value: write it alone"),
        ));
    }
    Ok(())
}

fn unique(seen: bool, key: &Ident) -> syn::Result<()> {
    unique_in(seen, key, "#[validate]")
}

/// Rejects a key given twice in `place`.
fn unique_in(seen: bool, key: &Ident, place: &str) -> syn::Result<()> {
    if seen {
        return Err(syn::Error::new(
            key.span(),
            format!("duplicate `{key}` in {place}"),
        ));
    }
    Ok(())
}
