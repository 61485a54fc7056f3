//! The path template of an endpoint (`/v3/profitsharing/orders/{out_order_no}`), parsed once.
//!
//! The checker matches its parameters against the request fields, the generator fills them in,
//! the mock server routes by them: all three read the segments parsed here, never the raw text.

use std::fmt;

/// A path template: the text as the page writes it, and its segments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathTemplate {
    text: String,
    segments: Vec<Segment>,
}

/// One `/`-separated segment of a path template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// Text sent as written (`profitsharing`, `out-trade-no`).
    Literal(String),
    /// A whole segment filled from the request field of this wire name (`{out_order_no}`).
    Param(String),
}

impl PathTemplate {
    /// Parses a template. A template starts with `/`; each segment is either literal text
    /// without `{`, `}`, `?` or `#`, or a whole segment `{name}` whose name is a field's wire name
    /// (letters, digits and `_`), used once.
    pub fn parse(text: &str) -> Result<Self, String> {
        let Some(rest) = text.strip_prefix('/') else {
            return Err(
                "the path starts with `/` (e.g. /v3/ecommerce/profitsharing/orders)".to_owned(),
            );
        };
        let mut segments = Vec::new();
        for segment in rest.split('/') {
            let parsed = parse_segment(segment)?;
            if let Segment::Param(name) = &parsed
                && segments.contains(&parsed)
            {
                return Err(format!(
                    "`{{{name}}}` stands twice in the path; name each parameter once"
                ));
            }
            segments.push(parsed);
        }
        Ok(Self {
            text: text.to_owned(),
            segments,
        })
    }

    /// Stands in for a template that did not parse, so that the checker can go on and report
    /// every other problem of the file; it has no segments and never reaches a model.
    pub(crate) fn unusable(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            segments: Vec::new(),
        }
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The segments, in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The parameter names, in the order they stand.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Param(name) => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// The path with each parameter segment written by `param` (given the parameter's name) and
    /// each literal as it is: how a router pattern or a format string is made.
    pub fn render(&self, mut param: impl FnMut(&str) -> String) -> String {
        let mut path = String::with_capacity(self.text.len());
        for segment in &self.segments {
            path.push('/');
            match segment {
                Segment::Literal(text) => path.push_str(text),
                Segment::Param(name) => path.push_str(&param(name)),
            }
        }
        path
    }

    /// Whether `{name}` is one of the parameters.
    pub fn has_param(&self, name: &str) -> bool {
        self.params().any(|param| param == name)
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn parse_segment(segment: &str) -> Result<Segment, String> {
    if segment.is_empty() {
        return Err("the path has an empty segment (`//`, or a `/` at the end)".to_owned());
    }
    if let Some(name) = segment
        .strip_prefix('{')
        .and_then(|inner| inner.strip_suffix('}'))
    {
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        return if valid {
            Ok(Segment::Param(name.to_owned()))
        } else {
            Err(format!(
                "`{segment}` is not a parameter: write `{{name}}` with the field's wire name (letters, digits and `_`)"
            ))
        };
    }
    match segment.chars().find(|c| matches!(c, '{' | '}' | '?' | '#')) {
        Some('?') => Err(
            "the path holds no query: list query parameters as request fields with `in: query`"
                .to_owned(),
        ),
        Some(c) => Err(format!(
            "`{c}` in the segment `{segment}`: a parameter takes a whole segment, `/{{name}}/`"
        )),
        None => Ok(Segment::Literal(segment.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_and_parameter_segments() {
        let template = PathTemplate::parse("/v3/profitsharing/orders/{out_order_no}").unwrap();
        assert_eq!(
            template.segments(),
            [
                Segment::Literal("v3".into()),
                Segment::Literal("profitsharing".into()),
                Segment::Literal("orders".into()),
                Segment::Param("out_order_no".into()),
            ]
        );
        assert_eq!(template.params().collect::<Vec<_>>(), ["out_order_no"]);
        assert!(template.has_param("out_order_no"));
        assert_eq!(
            template.to_string(),
            "/v3/profitsharing/orders/{out_order_no}"
        );
    }

    #[test]
    fn rejects_what_cannot_be_routed_or_filled() {
        let error = |text: &str| PathTemplate::parse(text).unwrap_err();
        assert!(error("v3/x").contains("starts with `/`"));
        assert!(error("/v3//x").contains("empty segment"));
        assert!(error("/v3/x/").contains("empty segment"));
        assert!(error("/v3/{}").contains("is not a parameter"));
        assert!(error("/v3/{a-b}").contains("is not a parameter"));
        assert!(error("/v3/x{id}").contains("whole segment"));
        assert!(error("/v3/{id}x").contains("whole segment"));
        assert!(error("/v3/{a}/{a}").contains("twice"));
        assert!(error("/v3/x?a=1").contains("no query"));
    }
}
