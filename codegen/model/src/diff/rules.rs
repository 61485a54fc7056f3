//! The rule of what breaks users of the generated crate, one function per kind of change.
//!
//! The rest of the module finds the changes; only this file says what each one costs. A rule
//! may depend on how the value is used: callers build what is sent (a request's fields and the
//! objects in it, through `new` and setters), and the client reads what is answered (response
//! and notification structs, never checked against limits).

use super::report::Bump;

/// How a changed value is used; an object reached from both a request and an answer is both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uses {
    /// Callers build it and the client sends it.
    pub sent: bool,
    /// The client reads it from answers.
    pub read: bool,
}

impl Uses {
    /// A request's own fields.
    pub const SENT: Uses = Uses {
        sent: true,
        read: false,
    };
    /// A response's or a notification's own fields.
    pub const READ: Uses = Uses {
        sent: false,
        read: true,
    };

    /// Both uses together.
    pub fn and(self, other: Uses) -> Uses {
        Uses {
            sent: self.sent || other.sent,
            read: self.read || other.read,
        }
    }
}

/// A rule's answer: the release a change calls for and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// [`Bump::Major`] for a breaking change.
    pub bump: Bump,
    /// Why, in a sentence.
    pub reason: String,
}

fn verdict(bump: Bump, reason: impl Into<String>) -> Verdict {
    Verdict {
        bump,
        reason: reason.into(),
    }
}

/// The rule for each use the value has; the costliest answer wins.
fn by_use(uses: Uses, sent: impl FnOnce() -> Verdict, read: impl FnOnce() -> Verdict) -> Verdict {
    match (uses.sent, uses.read) {
        (true, true) => {
            let (sent, read) = (sent(), read());
            if read.bump > sent.bump { read } else { sent }
        }
        (true, false) => sent(),
        _ => read(),
    }
}

/// Which way a rule moved: whether values accepted before may now be refused, and the reverse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Some values accepted before are refused now, and none the other way.
    Tightened,
    /// Every value accepted before still is, and more are.
    Loosened,
    /// Some of each, or no way to tell (two different patterns).
    Changed,
}

/// How a new field stands in its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// Required.
    Required,
    /// Optional.
    Optional,
    /// A new member of a one-of group that existed before.
    NewChoice,
    /// A member of a group that is new too.
    NewGroup,
}

/// A new endpoint.
pub fn endpoint_added() -> Verdict {
    verdict(Bump::Minor, "a new call; nothing existing changes")
}

/// A removed endpoint.
pub fn endpoint_removed() -> Verdict {
    verdict(
        Bump::Major,
        "its method, request and response types are gone",
    )
}

/// The same route under another namespace or operation name.
pub fn endpoint_moved() -> Verdict {
    verdict(
        Bump::Major,
        "the client method and the request type move to another name or module",
    )
}

/// A new notification.
pub fn notification_added() -> Verdict {
    verdict(
        Bump::Minor,
        "a new notification type; nothing existing changes",
    )
}

/// A removed notification.
pub fn notification_removed() -> Verdict {
    verdict(Bump::Major, "its resource and event-type types are gone")
}

/// Another `original_type`.
pub fn original_type_changed() -> Verdict {
    verdict(
        Bump::Major,
        "deliveries are read by their original_type: those with the old one are no longer read \
         as this resource",
    )
}

/// A response, resource or event-type enum under another Rust name.
pub fn type_renamed() -> Verdict {
    verdict(Bump::Major, "code naming the old type no longer compiles")
}

/// Another kind of answer (a JSON body, no body, a file).
pub fn answer_changed() -> Verdict {
    verdict(Bump::Major, "the call returns another type")
}

/// A new generated helper method.
pub fn helper_added() -> Verdict {
    verdict(
        Bump::Minor,
        "a new method beside the call; nothing existing changes",
    )
}

/// A removed generated helper method.
pub fn helper_removed() -> Verdict {
    verdict(Bump::Major, "code calling the method no longer compiles")
}

/// Idempotency gained or lost.
pub fn idempotency_changed(now_idempotent: bool) -> Verdict {
    if now_idempotent {
        verdict(
            Bump::Patch,
            "the client now retries the call after transient failures, which the page says is \
             safe; callers' code is unchanged",
        )
    } else {
        verdict(
            Bump::Major,
            "the client stops retrying the call, and repeating it is no longer safe: callers \
             that retry it themselves, or relied on the client's retries, must change",
        )
    }
}

/// The request becomes or stops being a file upload.
pub fn upload_toggled() -> Verdict {
    verdict(
        Bump::Major,
        "the request type gains or loses its file, and `new` changes",
    )
}

/// An upload's size limit or media types moved.
pub fn upload_limit(direction: Direction) -> Verdict {
    match direction {
        Direction::Loosened => verdict(
            Bump::Patch,
            "files accepted before still are; more are accepted",
        ),
        _ => verdict(
            Bump::Major,
            "files accepted before may now be refused before sending",
        ),
    }
}

/// A new field.
pub fn field_added(uses: Uses, added: Added) -> Verdict {
    let sent = || match added {
        Added::Required => verdict(
            Bump::Major,
            "a new required request field: `new` takes one more argument",
        ),
        Added::NewGroup => verdict(
            Bump::Major,
            "a member of a new one-of group: `new` takes one more argument",
        ),
        Added::Optional => verdict(
            Bump::Minor,
            "a new optional request field: a new setter, `new` is unchanged",
        ),
        Added::NewChoice => verdict(
            Bump::Minor,
            "a new choice in an existing one-of group (a non_exhaustive enum); existing choices \
             still compile",
        ),
    };
    let read = || {
        verdict(
            Bump::Minor,
            "a new answer field: answer structs are non_exhaustive, so nothing that compiled \
             breaks",
        )
    };
    by_use(uses, sent, read)
}

/// A removed field.
pub fn field_removed(uses: Uses) -> Verdict {
    let sent = || {
        verdict(
            Bump::Major,
            "callers setting the request field no longer compile",
        )
    };
    let read = || {
        verdict(
            Bump::Major,
            "code reading the answer field no longer compiles",
        )
    };
    by_use(uses, sent, read)
}

/// A field under another Rust name.
pub fn field_renamed() -> Verdict {
    verdict(
        Bump::Major,
        "code naming the field (or its setter, or its variant) no longer compiles",
    )
}

/// Required, optional or one-of: another of them.
pub fn presence_changed(uses: Uses, now_optional: bool) -> Verdict {
    let sent = || {
        verdict(
            Bump::Major,
            "the request's `new` takes other arguments (required fields and one-of groups are \
             its parameters, optional fields have setters)",
        )
    };
    let read = || {
        if now_optional {
            verdict(
                Bump::Major,
                "the answer field's type becomes an Option: code reading it no longer compiles",
            )
        } else {
            verdict(
                Bump::Major,
                "the answer field's type is no longer an Option: reading still works, but code \
                 written for the Option no longer compiles",
            )
        }
    };
    by_use(uses, sent, read)
}

/// Another location (path, query, header, body).
pub fn location_changed() -> Verdict {
    verdict(
        Bump::Patch,
        "the crate sends the value where the page now says; the Rust API is unchanged",
    )
}

/// Another value type.
pub fn type_changed() -> Verdict {
    verdict(Bump::Major, "the Rust type of the field changes")
}

/// A length, charset or pattern rule moved.
pub fn rule_changed(uses: Uses, direction: Direction) -> Verdict {
    let sent = || match direction {
        Direction::Loosened => verdict(
            Bump::Patch,
            "the request check is looser: every value accepted before still is",
        ),
        _ => verdict(
            Bump::Major,
            "the request check is stricter: values accepted before may now be refused before \
             sending",
        ),
    };
    let read = || {
        verdict(
            Bump::Patch,
            "answers are not checked against rules; only the documentation changes",
        )
    };
    by_use(uses, sent, read)
}

/// A field starts or stops travelling encrypted.
pub fn encryption_toggled(uses: Uses) -> Verdict {
    let sent = || {
        verdict(
            Bump::Major,
            "an encrypted request field holds a SecretString (and the client needs the platform \
             key), a plain one a String: the field's type changes",
        )
    };
    let read = || {
        verdict(
            Bump::Major,
            "an encrypted answer field holds Encrypted (opened with decrypt), a plain one its \
             value: the field's type changes",
        )
    };
    by_use(uses, sent, read)
}

/// An encrypted field's limit counts the other text (plaintext or ciphertext).
pub fn encryption_limit(uses: Uses, direction: Direction) -> Verdict {
    rule_changed(uses, direction)
}

/// A string starts holding JSON text, stops, or holds JSON of another type.
pub fn json_text_changed(gained: bool) -> Verdict {
    if gained {
        verdict(
            Bump::Minor,
            "new parse_/with_ methods read and write the JSON; the field itself is unchanged",
        )
    } else {
        verdict(
            Bump::Major,
            "the parse_/with_ methods are gone or work on another type",
        )
    }
}

/// A new enum value.
pub fn enum_value_added(uses: Uses) -> Verdict {
    let sent = || {
        verdict(
            Bump::Minor,
            "a new variant callers may send; the enum is non_exhaustive",
        )
    };
    let read = || {
        verdict(
            Bump::Minor,
            "a new variant; the enum is non_exhaustive and kept unknown values before, so the \
             value was read (as Unknown) and still is",
        )
    };
    by_use(uses, sent, read)
}

/// A removed enum value.
pub fn enum_value_removed(uses: Uses) -> Verdict {
    let sent = || {
        verdict(
            Bump::Major,
            "callers sending the value no longer compile (its variant is gone)",
        )
    };
    let read = || {
        verdict(
            Bump::Major,
            "code matching the variant no longer compiles, and answers carrying the value now \
             read as Unknown",
        )
    };
    by_use(uses, sent, read)
}

/// An enum value under another Rust variant name.
pub fn enum_value_renamed() -> Verdict {
    verdict(
        Bump::Major,
        "code naming the old variant no longer compiles",
    )
}

/// An enum value's spellings differ; `lost_read` says whether a spelling once read is no longer.
pub fn enum_spelling_changed(uses: Uses, lost_read: bool) -> Verdict {
    let sent = || {
        verdict(
            Bump::Patch,
            "the crate writes the value as the page now spells it; the variant is unchanged",
        )
    };
    let read = || {
        if lost_read {
            verdict(
                Bump::Major,
                "answers using a spelling no longer listed now read as Unknown instead of the \
                 variant",
            )
        } else {
            verdict(
                Bump::Patch,
                "every spelling read before still reads as the same variant",
            )
        }
    };
    by_use(uses, sent, read)
}

/// An error code listed, or no longer listed, in one endpoint's table.
pub fn endpoint_error_code(added: bool) -> Verdict {
    let reason = if added {
        "documented for this endpoint now (its is_not_found may change); every code is read \
         into ErrorCode whatever the tables list"
    } else {
        "no longer documented for this endpoint; the code is still read if it arrives"
    };
    verdict(Bump::Patch, reason)
}

/// A variant of `shared::ErrorCode` appears or is gone.
pub fn error_code_variant(added: bool) -> Verdict {
    if added {
        verdict(
            Bump::Minor,
            "a new ErrorCode variant; the enum is non_exhaustive",
        )
    } else {
        verdict(
            Bump::Major,
            "no table lists the code any more: its ErrorCode variant is gone",
        )
    }
}

/// A shared enum or object appears or is gone.
pub fn shared_type(added: bool) -> Verdict {
    if added {
        verdict(Bump::Minor, "a new type in the shared module")
    } else {
        verdict(
            Bump::Major,
            "code naming the shared type no longer compiles",
        )
    }
}
