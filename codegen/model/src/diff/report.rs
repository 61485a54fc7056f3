//! What a comparison returns: the changes, each with its verdict, and the release they call for.

use serde::Serialize;

/// The release a change calls for, by semantic versioning's rule for a crate at 1.0 or later.
///
/// The generated crate is before 1.0, where Cargo reads the first non-zero number as the major
/// one: [`Bump::before_1_0`] shifts each level down one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing the generated crate exposes or does changes.
    None,
    /// Behaviour changes within the same API (a check relaxed, a value spelt differently).
    Patch,
    /// New API, nothing removed (a new endpoint, a new answer field).
    Minor,
    /// A breaking change: code that compiled and worked against the old crate may not.
    Major,
}

impl Bump {
    /// The level for a crate still before 1.0: a breaking change moves `0.x` to `0.(x+1)` (a
    /// minor bump), and anything else moves only the patch number.
    pub fn before_1_0(self) -> Bump {
        match self {
            Bump::Major => Bump::Minor,
            Bump::Minor | Bump::Patch => Bump::Patch,
            Bump::None => Bump::None,
        }
    }

    /// The level's name, as the JSON output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// What a change is about: an endpoint, a notification, or a definition of the shared module.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Subject {
    /// Which kind of thing.
    pub kind: SubjectKind,
    /// Its name: `GET /v3/ecommerce/profitsharing/orders`, `ecommerce::profitsharing::
    /// profit_sharing_movement`, `shared::ErrorCode`.
    pub name: String,
}

/// The kinds of [`Subject`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// An endpoint, named `METHOD /path`.
    Endpoint,
    /// A notification, named by its module path.
    Notification,
    /// A type of the shared module (`shared::ErrorCode`, a shared enum or object).
    Shared,
}

/// Which part of a subject a change is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The request: what callers build and the client sends.
    Request,
    /// The response: what the client reads from an answer.
    Response,
    /// A notification's decrypted resource.
    Resource,
    /// A notification's `event_type` values.
    EventTypes,
    /// The endpoint's error-code table.
    Errors,
}

impl Side {
    /// The side's name, as the JSON output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "response",
            Side::Resource => "resource",
            Side::EventTypes => "event_types",
            Side::Errors => "errors",
        }
    }
}

/// What changed, one name per kind of difference (the JSON output's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An endpoint appears.
    EndpointAdded,
    /// An endpoint is gone.
    EndpointRemoved,
    /// The same route is reached through another namespace or operation name.
    EndpointMoved,
    /// A notification appears.
    NotificationAdded,
    /// A notification is gone.
    NotificationRemoved,
    /// A notification's `original_type` differs.
    OriginalTypeChanged,
    /// A response, resource or event-type enum has another Rust name.
    TypeRenamed,
    /// What a successful call answers (a JSON body, no body, a file) differs.
    AnswerChanged,
    /// A generated helper method (`_items`, `_until_final`, `_to_path`) appears.
    HelperAdded,
    /// A generated helper method is gone.
    HelperRemoved,
    /// Whether the endpoint may be retried differs.
    IdempotencyChanged,
    /// Whether the request is a file upload, or its limits, differ.
    UploadChanged,
    /// A field appears.
    FieldAdded,
    /// A field is gone.
    FieldRemoved,
    /// A field keeps its wire name under another Rust name.
    FieldRenamed,
    /// Required, optional, or member of a one-of group: which it is differs.
    PresenceChanged,
    /// Where a request field travels (path, query, header, body) differs.
    LocationChanged,
    /// A field's value type differs.
    TypeChanged,
    /// A length limit differs.
    LengthChanged,
    /// The characters allowed differ.
    CharsetChanged,
    /// The pattern a value must match differs.
    PatternChanged,
    /// Whether a field travels encrypted, or which text its limit counts, differs.
    EncryptionChanged,
    /// Whether a string holds JSON text, or the type of that JSON, differs.
    JsonTextChanged,
    /// An enum gains a value.
    EnumValueAdded,
    /// An enum loses a value.
    EnumValueRemoved,
    /// An enum value keeps a spelling under another Rust variant name.
    EnumValueRenamed,
    /// The spellings of an enum value (canonical or aliases) differ.
    EnumSpellingChanged,
    /// An error code appears (in an endpoint's table, or in `shared::ErrorCode`).
    ErrorCodeAdded,
    /// An error code is gone (from an endpoint's table, or from `shared::ErrorCode`).
    ErrorCodeRemoved,
    /// A shared enum or object appears.
    SharedTypeAdded,
    /// A shared enum or object is gone.
    SharedTypeRemoved,
}

impl Kind {
    /// A few words for people: `field added`, `enum value removed`.
    pub fn label(self) -> &'static str {
        match self {
            Kind::EndpointAdded => "endpoint added",
            Kind::EndpointRemoved => "endpoint removed",
            Kind::EndpointMoved => "endpoint moved",
            Kind::NotificationAdded => "notification added",
            Kind::NotificationRemoved => "notification removed",
            Kind::OriginalTypeChanged => "original_type changed",
            Kind::TypeRenamed => "type renamed",
            Kind::AnswerChanged => "answer changed",
            Kind::HelperAdded => "helper added",
            Kind::HelperRemoved => "helper removed",
            Kind::IdempotencyChanged => "idempotency changed",
            Kind::UploadChanged => "upload changed",
            Kind::FieldAdded => "field added",
            Kind::FieldRemoved => "field removed",
            Kind::FieldRenamed => "field renamed",
            Kind::PresenceChanged => "required-ness changed",
            Kind::LocationChanged => "location changed",
            Kind::TypeChanged => "type changed",
            Kind::LengthChanged => "length limit changed",
            Kind::CharsetChanged => "charset changed",
            Kind::PatternChanged => "pattern changed",
            Kind::EncryptionChanged => "encryption changed",
            Kind::JsonTextChanged => "JSON text changed",
            Kind::EnumValueAdded => "enum value added",
            Kind::EnumValueRemoved => "enum value removed",
            Kind::EnumValueRenamed => "enum variant renamed",
            Kind::EnumSpellingChanged => "enum spelling changed",
            Kind::ErrorCodeAdded => "error code added",
            Kind::ErrorCodeRemoved => "error code removed",
            Kind::SharedTypeAdded => "shared type added",
            Kind::SharedTypeRemoved => "shared type removed",
        }
    }
}

/// One difference between the old and the new model, with its verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What it is about.
    pub subject: Subject,
    /// Which part of the subject, when it is in one.
    pub side: Option<Side>,
    /// The field's path from the side's top (`receivers[].amount`), for a field or a value.
    pub path: Option<String>,
    /// What changed.
    pub kind: Kind,
    /// The old state, in words (`optional`, `string[1,32]`), when there was one.
    pub old: Option<String>,
    /// The new state, in words, when there is one.
    pub new: Option<String>,
    /// Whether users of the generated crate may have to change their code or find it wrong.
    pub breaking: bool,
    /// The release this change alone calls for.
    pub bump: Bump,
    /// Why it is, or is not, breaking.
    pub reason: String,
}

/// Every change between two models, in a fixed order (endpoints by route, then notifications,
/// then the shared module), and the release they call for together.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    breaking: bool,
    bump: Bump,
    bump_before_1_0: Bump,
    changes: Vec<Change>,
}

impl Report {
    /// The report of `changes`.
    pub fn new(changes: Vec<Change>) -> Self {
        let bump = changes
            .iter()
            .map(|change| change.bump)
            .max()
            .unwrap_or(Bump::None);
        Self {
            breaking: bump == Bump::Major,
            bump,
            bump_before_1_0: bump.before_1_0(),
            changes,
        }
    }

    /// Every change, in order.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.breaking
    }

    /// How many changes are breaking.
    pub fn breaking_count(&self) -> usize {
        self.changes.iter().filter(|change| change.breaking).count()
    }

    /// The release all the changes together call for (the largest of theirs).
    pub fn bump(&self) -> Bump {
        self.bump
    }
}
