//! Where a value sits in a request.

use std::fmt;

/// Where a value sits in the request, as a chain of borrowed links from the root.
///
/// It displays as the wire path: `sub_mchid`, `receivers[1].amount`; the root displays as the
/// empty string.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum FieldPath<'a> {
    /// The value being validated.
    Root,
    /// A field of the object at `parent`.
    Field {
        /// The object holding the field.
        parent: &'a FieldPath<'a>,
        /// The field's wire name.
        name: &'static str,
    },
    /// An item of the array at `parent`.
    Index {
        /// The array holding the item.
        parent: &'a FieldPath<'a>,
        /// The item's position, from 0.
        index: usize,
    },
}

impl FieldPath<'_> {
    /// The path of the field `name` of the object at this path.
    pub fn field(&self, name: &'static str) -> FieldPath<'_> {
        FieldPath::Field { parent: self, name }
    }

    /// The path of item `index` of the array at this path.
    pub fn index(&self, index: usize) -> FieldPath<'_> {
        FieldPath::Index {
            parent: self,
            index,
        }
    }
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Root => Ok(()),
            FieldPath::Field { parent, name } => {
                if !matches!(parent, FieldPath::Root) {
                    write!(f, "{parent}.")?;
                }
                f.write_str(name)
            }
            FieldPath::Index { parent, index } => write!(f, "{parent}[{index}]"),
        }
    }
}
