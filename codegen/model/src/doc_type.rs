//! The type column of a parameter table, as written: `string[1,32]`, `string(64)`, `int`, ...

/// What a type column says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocType {
    /// The base type.
    pub kind: Kind,
    /// Minimum length (`string[1,32]`), when given.
    pub min: Option<u64>,
    /// Maximum length (`string[1,32]`, `string(64)`), when given.
    pub max: Option<u64>,
}

/// Base types a table can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `string`
    String,
    /// `int`, `integer`, `int64`
    Integer,
    /// `uint64`
    UnsignedInteger,
    /// `number`: an integer or a decimal, as the spec decides (`number: integer | decimal`)
    Number,
    /// `bool`, `boolean`
    Bool,
    /// `object`
    Object,
    /// `array`
    Array,
}

const EXPECTED: &str = "expected `string[MIN,MAX]`, `string(MAX)`, `string`, `int`, `integer`, \
                        `int64`, `uint64`, `number`, `bool`, `object` or `array`";

/// Parses a type column; the error says what was expected.
pub fn parse(written: &str) -> Result<DocType, String> {
    let text = written.trim();
    let split = text.find(['[', '(']).unwrap_or(text.len());
    let (base, limits) = text.split_at(split);
    let kind = match base.trim() {
        "string" => Kind::String,
        "int" | "integer" | "int64" => Kind::Integer,
        "uint64" => Kind::UnsignedInteger,
        "number" => Kind::Number,
        "bool" | "boolean" => Kind::Bool,
        "object" => Kind::Object,
        "array" => Kind::Array,
        other => return Err(format!("unknown type `{other}`: {EXPECTED}")),
    };
    let (min, max) = parse_limits(limits)?;
    if kind != Kind::String && (min.is_some() || max.is_some()) {
        return Err(format!(
            "only strings take length limits, not `{}`",
            base.trim()
        ));
    }
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        return Err(format!(
            "impossible length range: the minimum {min} is above the maximum {max}"
        ));
    }
    if max == Some(0) {
        return Err("impossible length range: a maximum of 0 admits only the empty string".into());
    }
    Ok(DocType { kind, min, max })
}

fn parse_limits(limits: &str) -> Result<(Option<u64>, Option<u64>), String> {
    let number = |s: &str| {
        s.trim()
            .parse::<u64>()
            .map_err(|_| format!("`{}` is not a length: {EXPECTED}", s.trim()))
    };
    if limits.is_empty() {
        Ok((None, None))
    } else if let Some(inner) = limits.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        let (min, max) = inner
            .split_once(',')
            .ok_or_else(|| format!("`{limits}` needs two limits, `[MIN,MAX]`"))?;
        Ok((Some(number(min)?), Some(number(max)?)))
    } else if let Some(inner) = limits.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        Ok((None, Some(number(inner)?)))
    } else {
        Err(format!("cannot read the limits `{limits}`: {EXPECTED}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_notation() {
        let t = parse("string[1,32]").unwrap();
        assert_eq!((t.kind, t.min, t.max), (Kind::String, Some(1), Some(32)));
        let t = parse("string(64)").unwrap();
        assert_eq!((t.kind, t.min, t.max), (Kind::String, None, Some(64)));
        assert_eq!(parse("integer").unwrap().kind, Kind::Integer);
        assert_eq!(parse("int").unwrap().kind, Kind::Integer);
        assert_eq!(parse("array").unwrap().kind, Kind::Array);
        assert_eq!(parse("uint64").unwrap().kind, Kind::UnsignedInteger);
        assert_eq!(parse("number").unwrap().kind, Kind::Number);
        assert_eq!(parse(" string [ 1 , 8 ] ").unwrap().max, Some(8));
    }

    #[test]
    fn rejects_impossible_or_unknown() {
        assert!(parse("string[32,1]").unwrap_err().contains("impossible"));
        assert!(parse("string(0)").unwrap_err().contains("impossible"));
        assert!(parse("int[1,2]").unwrap_err().contains("only strings"));
        assert!(parse("float").unwrap_err().contains("unknown type"));
        assert!(parse("string[1]").unwrap_err().contains("two limits"));
        assert!(parse("string[a,2]").unwrap_err().contains("not a length"));
        assert!(parse("string[1,2").unwrap_err().contains("cannot read"));
    }
}
