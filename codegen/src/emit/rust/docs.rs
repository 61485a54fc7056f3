//! Rustdoc text from the tables: titles, descriptions, examples, written so that rustdoc renders
//! them as the page did.

use proc_macro2::TokenStream;
use quote::quote;

use wechatpay_spec::model::{
    Field, ItemRules, Length, LengthUnit, LimitOn, Location, Presence, TextSource, Type,
};

/// Lines of a doc comment, turned into `#[doc]` attributes at the end.
#[derive(Default)]
pub struct Doc {
    lines: Vec<String>,
}

impl Doc {
    /// Adds one paragraph of table text, escaped for Markdown; blank paragraphs are skipped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        let text = text.trim();
        if !text.is_empty() {
            self.break_paragraph();
            self.lines
                .extend(text.lines().map(|line| escape(line.trim_end())));
        }
        self
    }

    /// Adds a description from the tables. One whose source differs from the module's `usual`
    /// one says whose words it is; the module docs say what is usual, so a spec written from
    /// scratch is not marked item by item.
    pub fn description(&mut self, text: &str, source: TextSource, usual: TextSource) -> &mut Self {
        self.text(text);
        if source != usual && !text.trim().is_empty() {
            self.markdown(match source {
                TextSource::Spec => "*(This description is the spec's, not the page's.)*",
                TextSource::Page => "*(This description is the page's text.)*",
            });
        }
        self
    }

    /// Adds one paragraph of Markdown written by the generator (not escaped).
    pub fn markdown(&mut self, markdown: impl Into<String>) -> &mut Self {
        self.break_paragraph();
        self.lines.push(markdown.into());
        self
    }

    /// Adds a list item to the current paragraph.
    pub fn item(&mut self, markdown: impl Into<String>) -> &mut Self {
        self.lines.push(format!("- {}", markdown.into()));
        self
    }

    /// Adds one raw line to the current paragraph (a Markdown table row, for instance).
    pub fn line(&mut self, markdown: impl Into<String>) -> &mut Self {
        self.lines.push(markdown.into());
        self
    }

    /// Starts a new paragraph.
    pub fn break_paragraph(&mut self) -> &mut Self {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self
    }

    /// The `#[doc = "..."]` attributes, documenting the item that follows.
    pub fn tokens(&self) -> TokenStream {
        let lines = self
            .padded_lines()
            .into_iter()
            .map(|line| doc_literal(&line));
        quote!(#(#[doc = #lines])*)
    }

    /// The `#![doc = "..."]` attributes, documenting the enclosing module.
    pub fn inner_tokens(&self) -> TokenStream {
        let lines = self
            .padded_lines()
            .into_iter()
            .map(|line| doc_literal(&line));
        quote!(#(#![doc = #lines])*)
    }

    /// Lines as rustdoc expects them after `///`: a leading space unless blank.
    fn padded_lines(&self) -> Vec<String> {
        let end = self
            .lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1);
        self.lines[..end]
            .iter()
            .map(|line| {
                if line.is_empty() {
                    String::new()
                } else {
                    format!(" {line}")
                }
            })
            .collect()
    }
}

/// Escapes the characters Markdown or rustdoc would read as markup in table text: emphasis,
/// code, links and HTML. (`_` inside words, as in `NO_AUTH`, is not emphasis and stays as is.)
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        if matches!(c, '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|') || (i == 0 && c == '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Inline code, safe whatever the value holds.
pub fn code(value: &str) -> String {
    if value.contains('`') {
        format!("`` {value} ``")
    } else {
        format!("`{value}`")
    }
}

/// The documentation of one field: title, description, then the facts of its row.
pub fn field_doc(field: &Field, usual: TextSource) -> Doc {
    let mut doc = Doc::default();
    doc.text(&field.title)
        .description(&field.description, field.description_source, usual);
    doc.break_paragraph();
    let mut wire = format!("Wire name {}", code(&field.wire_name));
    let places: Vec<&str> = field
        .location
        .iter()
        .chain(&field.also_in)
        .map(|location| match location {
            Location::Path => "in the path",
            Location::Query => "in the query string",
            Location::Header => "a request header",
            Location::Body => "in the JSON body",
        })
        .collect();
    if !places.is_empty() {
        wire.push_str(", ");
        wire.push_str(&places.join(" and "));
    }
    doc.item(wire);
    // An enum's values are listed; how its length would be counted says nothing more.
    let length = if matches!(field.ty, Type::Enum(_)) {
        None
    } else {
        field.length
    };
    doc.item(format!(
        "Type {}{}",
        code(&field.doc_type),
        length_note(length)
    ));
    if let Some(charset) = &field.charset {
        doc.item(format!("Characters allowed: {}", code(charset.class())));
    }
    if let Some(limit_on) = field.encrypted {
        doc.item(match limit_on {
            LimitOn::Plaintext => {
                "Encrypted (敏感信息), the length limit being the plaintext's: a request holds the \
                 plaintext (`SecretString`), which the client encrypts; an answer holds the \
                 ciphertext (`Encrypted`), which `decrypt(&client)` opens"
            }
            LimitOn::Nothing | LimitOn::Ciphertext => {
                "Encrypted (敏感信息): a request holds the plaintext (`SecretString`, at most 214 \
                 bytes), which the client encrypts; an answer holds the ciphertext (`Encrypted`), \
                 which `decrypt(&client)` opens"
            }
        });
    }
    if let Some(pattern) = &field.pattern {
        doc.item(format!("The whole value matches {}", code(pattern)));
    }
    if let Some(items) = &field.items {
        doc.item(format!("Each item: {}", item_rules_note(items)));
    }
    if let Some(json) = &field.json {
        doc.item(if json.inner.is_some() {
            format!(
                "Holds JSON text; [`Self::{}`] reads it as its type",
                json_reader_name(field)
            )
        } else {
            "Holds JSON text (the page does not say of what)".to_owned()
        });
    }
    match field.presence {
        Presence::Required => {}
        Presence::Optional => {
            doc.item("Optional");
        }
        Presence::OneOf(_) => {
            doc.item("One of two (二选一)");
        }
    }
    if let Some(example) = &field.example {
        doc.item(format!("示例值: {}", code(example)));
    }
    doc
}

/// The name of the method reading a JSON-text field as its type.
pub fn json_reader_name(field: &Field) -> String {
    format!("parse_{}", field.rust_name.trim_start_matches("r#"))
}

/// `length 1 to 512 characters; characters 0-9; matches \d+`.
fn item_rules_note(items: &ItemRules) -> String {
    let mut parts = Vec::new();
    if let Some(length) = items.length {
        let unit = match length.unit {
            LengthUnit::Chars => "characters",
            LengthUnit::Bytes => "UTF-8 bytes",
        };
        parts.push(match (length.min, length.max) {
            (Some(min), Some(max)) => format!("length {min} to {max} {unit}"),
            (None, Some(max)) => format!("at most {max} {unit}"),
            (Some(min), None) => format!("at least {min} {unit}"),
            (None, None) => String::new(),
        });
    }
    if let Some(charset) = &items.charset {
        parts.push(format!("characters {}", code(charset.class())));
    }
    if let Some(pattern) = &items.pattern {
        parts.push(format!("matches {}", code(pattern)));
    }
    parts.join("; ")
}

fn length_note(length: Option<Length>) -> &'static str {
    match length.map(|l| l.unit) {
        Some(LengthUnit::Chars) => ", length counted in characters",
        Some(LengthUnit::Bytes) => ", length counted in UTF-8 bytes",
        None => "",
    }
}

/// A string literal holding `text`, escaped only where a Rust string needs it (`\\`, `"`,
/// control characters). `Literal::string` escapes as `char::escape_debug` does, which looks up
/// every non-ASCII character in Unicode's printable and grapheme tables: for the Chinese text
/// of the docs that lookup was a large part of the generator's time, and the value read back is
/// the same either way.
fn doc_literal(text: &str) -> proc_macro2::Literal {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
        .parse()
        .unwrap_or_else(|_| proc_macro2::Literal::string(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(text: &str, source: TextSource, usual: TextSource) -> String {
        let mut doc = Doc::default();
        doc.description(text, source, usual);
        doc.lines.join("\n")
    }

    #[test]
    fn a_description_says_whose_words_it_is_only_when_that_is_unusual() {
        use TextSource::{Page, Spec};
        assert_eq!(described("分账接收方", Page, Page), "分账接收方");
        assert_eq!(described("分账接收方", Spec, Spec), "分账接收方");
        assert_eq!(
            described("分账接收方", Spec, Page),
            "分账接收方\n\n*(This description is the spec's, not the page's.)*"
        );
        assert_eq!(
            described("分账接收方", Page, Spec),
            "分账接收方\n\n*(This description is the page's text.)*"
        );
        // Nothing to attribute.
        assert_eq!(described("  ", Spec, Page), "");
    }

    #[test]
    fn a_doc_literal_reads_back_as_its_text() {
        for text in [
            " 分账接收方列表(receivers)中的一项",
            " quotes \" and a backslash \\ and \\n as text",
            " a tab\tand a line\nbreak, a carriage return\r, a bell \u{7} and \u{85}",
            "",
        ] {
            let literal = super::doc_literal(text);
            let read: syn::LitStr = syn::parse2(quote::quote!(#literal)).unwrap();
            assert_eq!(read.value(), text);
        }
    }
}
