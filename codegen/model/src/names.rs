//! Rust names for spec names: one place decides how wire names become identifiers.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2024, which cannot name a field without `r#`.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether `name` is a plain identifier: ASCII letters, digits and `_`, not starting with a digit,
/// not a keyword, not `_` alone.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !is_keyword(name)
}

/// The snake_case Rust name of a wire or spec name.
pub fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// The UpperCamelCase Rust name of a spec name or enum value.
pub fn camel(name: &str) -> String {
    name.to_upper_camel_case()
}

/// The Rust field name derived from a wire name: snake_case, with a trailing `_` for keywords
/// (`type` → `type_`) so that generated code always compiles; a spec can give a better one.
pub fn field_name(wire: &str) -> String {
    let name = snake(wire);
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_names() {
        assert_eq!(field_name("sub_mchid"), "sub_mchid");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("Wechatpay-Serial"), "wechatpay_serial");
        assert_eq!(camel("ACCOUNT_ABNORMAL"), "AccountAbnormal");
        assert_eq!(camel("return_order_result"), "ReturnOrderResult");
        assert!(is_identifier("receiver_type"));
        assert!(!is_identifier("type"));
        assert!(!is_identifier("1abc"));
        assert!(!is_identifier(""));
    }
}
