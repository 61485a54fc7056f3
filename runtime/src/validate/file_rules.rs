//! The rules of a file to upload (`#[validate(file(...))]`): what every upload needs, and the
//! documented limits of an endpoint (its greatest size, its content types).

use super::{FieldPath, Rule, ValidationError, Violation};
use crate::upload::{FILE_PART, UploadFile, is_media_type, media_type_essence};

/// A field the file rule (`#[validate(file(...))]`) can check.
///
/// Implemented for [`UploadFile`] and for `Option`, `Box` and references of one; an absent
/// optional file breaks no rule.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a file to upload, so `file(...)` cannot check it",
    label = "not an `UploadFile` field",
    note = "`file(...)` applies to `wechatpay_runtime::UploadFile` and `Option<UploadFile>`; use the string rules on a string and `#[validate(nested)]` on a type that implements `Validate`"
)]
pub trait FileValue {
    /// The file, or `None` when the field is absent.
    fn file_value(&self) -> Option<&UploadFile>;
}

impl FileValue for UploadFile {
    fn file_value(&self) -> Option<&UploadFile> {
        Some(self)
    }
}

impl<T: FileValue + ?Sized> FileValue for &T {
    fn file_value(&self) -> Option<&UploadFile> {
        (**self).file_value()
    }
}

impl<T: FileValue + ?Sized> FileValue for Box<T> {
    fn file_value(&self) -> Option<&UploadFile> {
        (**self).file_value()
    }
}

impl<T: FileValue> FileValue for Option<T> {
    fn file_value(&self) -> Option<&UploadFile> {
        self.as_ref().and_then(FileValue::file_value)
    }
}

/// The rules of one file field, built at compile time by the derive.
///
/// Every file is checked for what any upload needs: a name (an empty one is reported at
/// `field.filename`, as [`Rule::Required`]), at least one byte ([`Rule::EmptyFile`]) and a
/// content type of the form `type/subtype` ([`Rule::ContentType`] with no list). The limits an
/// endpoint documents are added: [`FileRules::max_bytes`], [`FileRules::content_types`].
///
/// ```
/// use wechatpay_runtime::UploadFile;
/// use wechatpay_runtime::validate::{FieldPath, FileRules};
///
/// const IMAGE: FileRules = FileRules::new()
///     .max_bytes(2 * 1024 * 1024)
///     .content_types(
///         "image/jpeg,image/bmp,image/png",
///         &["image/jpeg", "image/bmp", "image/png"],
///     );
///
/// let mut out = Vec::new();
/// let gif = UploadFile::new("logo.gif", "image/gif", b"GIF89a".to_vec());
/// IMAGE.check(&gif, &FieldPath::Root.field("file"), &mut out);
/// assert_eq!(
///     out[0].to_string(),
///     r#"file: must have one of the content types image/jpeg,image/bmp,image/png (found "image/gif") in file "logo.gif""#
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileRules {
    max_bytes: Option<u64>,
    content_types: Option<ContentTypes>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ContentTypes {
    allowed: &'static str,
    list: &'static [&'static str],
}

impl FileRules {
    /// Only what every upload needs: a name, a byte, a well-formed content type.
    pub const fn new() -> Self {
        FileRules {
            max_bytes: None,
            content_types: None,
        }
    }

    /// The file may have at most `max` bytes.
    pub const fn max_bytes(mut self, max: u64) -> Self {
        self.max_bytes = Some(max);
        self
    }

    /// The file's media type (without its parameters, compared case-insensitively) must be one
    /// of `list`; `allowed` is the list as documented, quoted in the message. The derive splits
    /// `allowed` into `list` at compile time, so the two always agree there.
    pub const fn content_types(
        mut self,
        allowed: &'static str,
        list: &'static [&'static str],
    ) -> Self {
        self.content_types = Some(ContentTypes { allowed, list });
        self
    }

    /// Checks `value` at `path`, appending one violation per broken rule to `out`.
    pub fn check<F: FileValue + ?Sized>(
        &self,
        value: &F,
        path: &FieldPath<'_>,
        out: &mut Vec<Violation>,
    ) {
        if let Some(file) = value.file_value() {
            self.check_file(file, path, out);
        }
    }

    fn check_file(&self, file: &UploadFile, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        let filename = file.filename();
        if filename.is_empty() {
            out.push(Violation::new(&path.field("filename"), Rule::Required, ""));
        }
        // `len` is at most `isize::MAX`, which every `u64` holds.
        let actual = u64::try_from(file.len()).unwrap_or(u64::MAX);
        if actual == 0 {
            out.push(Violation::new(path, Rule::EmptyFile, filename));
        }
        if let Some(max_bytes) = self.max_bytes
            && actual > max_bytes
        {
            let rule = Rule::FileTooLarge { max_bytes, actual };
            out.push(Violation::new(path, rule, filename));
        }
        let content_type = file.content_type();
        let allowed = match self.content_types {
            // A malformed type is reported with the list when there is one: what to send
            // instead is then plain.
            Some(ContentTypes { allowed, list }) => {
                let essence = media_type_essence(content_type);
                let listed = list.iter().any(|one| one.eq_ignore_ascii_case(essence));
                (!listed || !is_media_type(content_type)).then_some(Some(allowed))
            }
            None => (!is_media_type(content_type)).then_some(None),
        };
        if let Some(allowed) = allowed {
            let rule = Rule::ContentType {
                allowed,
                found: content_type.to_owned(),
            };
            out.push(Violation::new(path, rule, filename));
        }
    }
}

impl Default for FileRules {
    fn default() -> Self {
        Self::new()
    }
}

/// What the client checks of an upload's file whatever the request's own rules say, since the
/// wire needs it: [`FileRules::new`], reported at `file`, the name of the part. A request whose
/// derive checks the field already reported these at the field's own name.
pub(crate) fn check_upload_part(file: &UploadFile) -> Result<(), ValidationError> {
    let mut violations = Vec::new();
    FileRules::new().check(file, &FieldPath::Root.field(FILE_PART), &mut violations);
    if violations.is_empty() {
        Ok(())
    } else {
        Err(ValidationError { violations })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IMAGE: FileRules = FileRules::new().max_bytes(4).content_types(
        "image/jpeg,image/bmp,image/png",
        &["image/jpeg", "image/bmp", "image/png"],
    );

    fn check<F: FileValue + ?Sized>(rules: FileRules, value: &F) -> Vec<Violation> {
        let mut out = Vec::new();
        rules.check(value, &FieldPath::Root.field("file"), &mut out);
        out
    }

    fn png(bytes: &[u8]) -> UploadFile {
        UploadFile::new("a.png", "image/png", bytes.to_vec())
    }

    #[test]
    fn a_file_within_the_rules_passes() {
        assert!(check(IMAGE, &png(b"1234")).is_empty());
        assert!(check(IMAGE, &Some(png(b"1"))).is_empty());
        assert!(check(IMAGE, &Box::new(png(b"1"))).is_empty());
        assert!(check(FileRules::new(), &png(&[0; 100])).is_empty());
    }

    #[test]
    fn an_absent_optional_file_breaks_no_rule() {
        assert!(check(IMAGE, &None::<UploadFile>).is_empty());
    }

    #[test]
    fn one_byte_over_the_limit_is_too_large() {
        let out = check(IMAGE, &png(b"12345"));
        assert_eq!(
            out[0].rule,
            Rule::FileTooLarge {
                max_bytes: 4,
                actual: 5
            }
        );
        assert_eq!(
            out[0].to_string(),
            r#"file: must be at most 4 bytes (found 5) in file "a.png""#
        );
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn an_empty_file_and_an_empty_name_are_violations_of_every_file_rule() {
        let out = check(
            FileRules::new(),
            &UploadFile::new("", "image/png", Vec::new()),
        );
        let shown: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "file.filename: is required but empty",
                r#"file: must not be an empty file in file """#,
            ]
        );
        assert_eq!(out[1].rule, Rule::EmptyFile);
    }

    #[test]
    fn content_types_are_compared_by_essence_without_case() {
        for accepted in ["image/PNG", "Image/Jpeg", "image/bmp; q=1", " image/png "] {
            let file = UploadFile::new("a.png", accepted, b"1".to_vec());
            assert!(check(IMAGE, &file).is_empty(), "{accepted}");
        }
        let out = check(IMAGE, &UploadFile::new("a.gif", "image/gif", b"1".to_vec()));
        assert_eq!(
            out[0].rule,
            Rule::ContentType {
                allowed: Some("image/jpeg,image/bmp,image/png"),
                found: "image/gif".to_owned()
            }
        );
    }

    #[test]
    fn a_malformed_content_type_is_refused_with_or_without_a_list() {
        for bad in [
            "",
            "image",
            "image/",
            "/png",
            "image/png\r\nX: 1",
            "图片/png",
            "a b/c",
        ] {
            let file = UploadFile::new("a.png", bad, b"1".to_vec());
            let out = check(FileRules::new(), &file);
            assert_eq!(
                out.iter().map(|v| &v.rule).collect::<Vec<_>>(),
                [&Rule::ContentType {
                    allowed: None,
                    found: bad.to_owned()
                }],
                "{bad:?}"
            );
            assert_eq!(check(IMAGE, &file).len(), 1, "{bad:?}");
        }
        // A listed essence with a header break in its parameters is still refused.
        let file = UploadFile::new("a.png", "image/png;\r\nX: 1", b"1".to_vec());
        assert_eq!(check(IMAGE, &file).len(), 1);
    }

    #[test]
    fn a_malformed_content_type_reads_as_what_to_send() {
        let file = UploadFile::new("a.png", "png", b"1".to_vec());
        assert_eq!(
            check(FileRules::new(), &file)[0].to_string(),
            r#"file: must have a content type of the form type/subtype (found "png") in file "a.png""#
        );
    }

    #[test]
    fn every_broken_rule_is_reported_at_once() {
        let file = UploadFile::new("", "text/html", b"12345".to_vec());
        let error = ValidationError {
            violations: check(IMAGE, &file),
        };
        assert_eq!(
            error.to_string(),
            "2 invalid fields: file.filename: is required but empty; \
             file: must be at most 4 bytes (found 5) in file \"\"; \
             file: must have one of the content types image/jpeg,image/bmp,image/png (found \"text/html\") in file \"\""
        );
    }
}
