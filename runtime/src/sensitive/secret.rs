//! The plaintext of a sensitive field: [`SecretString`].

use std::fmt;

use x509_cert::der::zeroize::Zeroizing;

use super::scope;

/// The plaintext of a sensitive request field (a name, an ID number, a bank account): held in
/// memory that is wiped when dropped, never shown by `Debug`, and written to JSON only as its
/// RSA-OAEP ciphertext by the client (see [the module](crate::sensitive)).
///
/// - `Debug` shows `SecretString(<redacted>, N bytes)`; there is no `Display`.
/// - [`SecretString::expose`] is the one way to read the text.
/// - The string rules (`#[validate(required, length(…), …)]`) check the plaintext; a violation
///   records `<redacted>` in place of the value. Whatever its other rules, a checked
///   `SecretString` longer than [`crate::sensitive::MAX_PLAINTEXT_BYTES`] (214 bytes, what
///   RSA-2048 OAEP encrypts) breaks `length(max = 214, unit = "bytes")`.
/// - `Serialize` writes the base64 ciphertext under the encryptor installed by
///   [`crate::sensitive::with_encryptor`] (the client does, around [`crate::Operation::body`]);
///   outside it, serializing fails with [`crate::sensitive::OUTSIDE_THE_CLIENT`].
/// - `Deserialize` reads plaintext (a request kept in a configuration file, say); it never
///   decrypts. An answer field that arrives encrypted is a [`crate::Encrypted`].
/// - Equality compares the bytes in time that depends only on their lengths.
///
/// Its buffer is wiped when the value is dropped; copies made by the caller before it was
/// converted (the `String` it came from is moved in, not copied) are the caller's to mind.
#[derive(Clone, Default)]
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    /// Keeps `plaintext` as a secret.
    pub fn new(plaintext: impl Into<String>) -> Self {
        Self(Zeroizing::new(plaintext.into()))
    }

    /// The plaintext. Every read of it goes through here, so a search finds them all.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The plaintext's length in UTF-8 bytes (what the 214-byte limit counts).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the plaintext is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for SecretString {
    fn from(plaintext: String) -> Self {
        Self::new(plaintext)
    }
}

impl From<&str> for SecretString {
    fn from(plaintext: &str) -> Self {
        Self::new(plaintext)
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretString(<redacted>, {} bytes)", self.0.len())
    }
}

impl PartialEq for SecretString {
    fn eq(&self, other: &Self) -> bool {
        let (left, right) = (self.0.as_bytes(), other.0.as_bytes());
        // Every byte is looked at whatever differs, so the time taken tells only the lengths.
        left.len() == right.len()
            && left
                .iter()
                .zip(right)
                .fold(0_u8, |differ, (a, b)| differ | (a ^ b))
                == 0
    }
}

impl Eq for SecretString {}

impl serde::Serialize for SecretString {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let ciphertext =
            scope::encrypt(self.0.as_bytes()).map_err(<S::Error as serde::ser::Error>::custom)?;
        serializer.serialize_str(&ciphertext)
    }
}

impl<'de> serde::Deserialize<'de> for SecretString {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_length_only() {
        let secret = SecretString::from("张三");
        assert_eq!(format!("{secret:?}"), "SecretString(<redacted>, 6 bytes)");
        assert_eq!(
            format!("{:?}", Some(secret.clone())),
            "Some(SecretString(<redacted>, 6 bytes))"
        );
        assert_eq!(secret.expose(), "张三");
        assert_eq!(secret.len(), 6);
        assert!(!secret.is_empty());
        assert!(SecretString::default().is_empty());
    }

    #[test]
    fn equality_is_of_the_plaintext() {
        let a = SecretString::from("张三");
        assert_eq!(a, SecretString::from("张三".to_owned()));
        assert_ne!(a, SecretString::from("张四"));
        assert_ne!(a, SecretString::from("张"));
        assert_eq!(a.clone(), a);
    }

    #[test]
    fn the_string_rules_check_the_plaintext_and_never_show_it() {
        use crate::validate::{FieldPath, Pattern, StrRules};
        static DIGITS: Pattern = Pattern::new("[0-9]+");
        let mut out = Vec::new();
        let path = FieldPath::Root.field("id_number");
        let secret = SecretString::from("12a");
        StrRules::new()
            .charset("0-9", &[('0', '9')])
            .pattern(&DIGITS)
            .check(&Some(&secret), &path, &mut out);
        let shown: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "id_number: must contain only 0-9 (found '\u{fffd}') in \"<redacted>\"",
                "id_number: must match the pattern `[0-9]+` in \"<redacted>\"",
            ]
        );
        // Each item of a list, and the 214 bytes whatever the rules.
        out.clear();
        let items = vec![SecretString::from("1"), SecretString::from("x".repeat(215))];
        StrRules::new().check_each(&items, &FieldPath::Root.field("names"), &mut out);
        let [violation] = out.as_slice() else {
            panic!("{out:?}");
        };
        assert_eq!(
            violation.to_string(),
            "names[1]: must be at most 214 bytes long (found 215) in \"<redacted>\""
        );
        // Plain strings are shown as before.
        out.clear();
        StrRules::new()
            .charset("0-9", &[('0', '9')])
            .check("12a", &path, &mut out);
        assert_eq!(
            out[0].to_string(),
            "id_number: must contain only 0-9 (found 'a') in \"12a\""
        );
    }

    #[test]
    fn deserializing_reads_plaintext() {
        let secret: SecretString = serde_json::from_str(r#""张三""#).unwrap();
        assert_eq!(secret.expose(), "张三");
    }

    #[test]
    fn serializing_outside_the_client_fails_without_the_plaintext() {
        let error = serde_json::to_string(&SecretString::from("张三")).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(super::super::OUTSIDE_THE_CLIENT),
            "{message}"
        );
        assert!(!message.contains("张三"), "{message}");
    }
}
