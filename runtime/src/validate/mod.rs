//! Checking a request against the documented rules before it is sent.
//!
//! The rules come from the documentation tables (必填, `string[1,32]`, allowed characters, a
//! pattern such as `[0-9]{8}`, a file's greatest size and content types) and reach a type
//! through [`#[derive(Validate)]`](macro@crate::Validate); a list of strings has its rules
//! checked on every item ([`StrRules::check_each`]), a file to upload by [`FileRules`]. Validation reports every violation at once, each naming
//! the field by its wire path (`receivers[1].amount`, `sub_mchids[2]`), so one failed call tells
//! the whole story.
//!
//! The success path does not allocate: paths are borrowed chains that are rendered only when a
//! violation is recorded. A [`Pattern`] allocates only while warming up: it is compiled on its
//! first check, and regex-lite makes a matching cache when no free one is pooled (one per
//! concurrent check), then reuses it.

mod file_rules;
mod path;
mod pattern;
mod str_rules;
#[cfg(test)]
mod tests;
mod violation;

pub(crate) use self::file_rules::check_upload_part;
pub use self::file_rules::{FileRules, FileValue};
pub use self::path::FieldPath;
pub use self::pattern::Pattern;
pub use self::str_rules::{StrItems, StrRules, StrValue};
pub use self::violation::{LengthUnit, Rule, ValidationError, Violation};

/// A value that can be checked against the documented rules.
///
/// Derive it with `#[derive(Validate)]`. A hand-written implementation supplies
/// [`Validate::validate_at`], pushing a [`Violation`] for each broken rule (see [`StrRules`]).
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement `Validate`",
    label = "cannot be validated",
    note = "derive it with `#[derive(wechatpay_runtime::Validate)]`; a `#[validate(nested)]` field and an `Operation` request both need it"
)]
pub trait Validate {
    /// Checks the value sitting at `path`, appending every violation to `out`.
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>);

    /// Checks the value held in the field `name` of the object at `parent`.
    ///
    /// The default validates at `parent.field(name)`. The derive overrides it for one-of
    /// enums: their members are sent beside the other fields of the object, and the name of the
    /// Rust field holding the choice is not on the wire, so it must not appear in the path.
    fn validate_field(&self, parent: &FieldPath<'_>, name: &'static str, out: &mut Vec<Violation>) {
        self.validate_at(&parent.field(name), out);
    }

    /// Checks the whole value, reporting every violation.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut violations = Vec::new();
        self.validate_at(&FieldPath::Root, &mut violations);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations })
        }
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }

    fn validate_field(&self, parent: &FieldPath<'_>, name: &'static str, out: &mut Vec<Violation>) {
        (**self).validate_field(parent, name, out);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }

    fn validate_field(&self, parent: &FieldPath<'_>, name: &'static str, out: &mut Vec<Violation>) {
        (**self).validate_field(parent, name, out);
    }
}

/// An absent value breaks no rule of its type; whether it may be absent is the container's rule.
impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_at(path, out);
        }
    }

    fn validate_field(&self, parent: &FieldPath<'_>, name: &'static str, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_field(parent, name, out);
        }
    }
}

/// Each item is checked at `path[i]`.
impl<T: Validate> Validate for [T] {
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        for (index, item) in self.iter().enumerate() {
            item.validate_at(&path.index(index), out);
        }
    }
}

/// Each item is checked at `path[i]`.
impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        self.as_slice().validate_at(path, out);
    }
}
