//! Why a notification was refused.

use crate::client::CertificateError;
use crate::protocol::aead::AeadError;
use crate::protocol::verify::VerificationError;

use super::Acknowledgement;

/// A notification failed a check, named by the variant; the first check failed is the one
/// reported, in the order of the [module documentation](super).
///
/// Like every error of this crate, its `Display` says what failed at this level and leaves the
/// cause to [`std::error::Error::source`]; [`NotifyError::report`] writes the whole chain on one
/// line. No message holds the APIv3 key or any of the decrypted resource: values quoted come
/// from the envelope (the notification id, the algorithm, the original type), shortened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NotifyError {
    /// The body is larger than the limit; it was not read further, nor checked.
    #[error("the notification body is over {limit} bytes; refused unread")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body could not be read from the connection (a framework's body reader failed).
    #[error("cannot read the notification body")]
    Read(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A signature check failed (a header missing, a `WECHATPAY/SIGNTEST/` probe, a timestamp
    /// outside the 300 s window, a key the client does not have, a signature that does not
    /// match): the notification is treated as a forgery and nothing in it is used.
    #[error("notification rejected as unsigned or forged")]
    Verification(#[source] VerificationError),
    /// The notification names a platform certificate the client does not have, and the
    /// download of the platform certificates that was to find it failed.
    #[error("cannot get the WeChat Pay platform certificates to check the notification with")]
    Certificates(#[source] CertificateError),
    /// The signed body is not the documented envelope: a required field is missing or has
    /// another type.
    #[error("the notification is not the documented envelope at `{path}`: {message}")]
    Envelope {
        /// Where in the JSON the problem is, e.g. `resource.nonce` (`.` for the whole body).
        path: String,
        /// What is wrong there (no value of the body is quoted).
        message: String,
    },
    /// `resource.algorithm` is not `AEAD_AES_256_GCM`, the only algorithm documented.
    #[error("notification {id} is encrypted with {algorithm:?}, not AEAD_AES_256_GCM")]
    UnsupportedAlgorithm {
        /// The notification's id (shortened).
        id: String,
        /// The algorithm named (shortened).
        algorithm: String,
    },
    /// `resource.original_type` is not the one the expected resource type has: the
    /// notification was sent to the URL of another kind of notification.
    #[error("notification {id} carries a {received:?} resource, where {expected:?} is read")]
    OriginalType {
        /// The notification's id (shortened).
        id: String,
        /// [`super::NotificationResource::ORIGINAL_TYPE`] of the type asked for.
        expected: &'static str,
        /// The `original_type` received (shortened).
        received: String,
    },
    /// The client has no APIv3 key to decrypt with: configure
    /// [`crate::ClientBuilder::apiv3_key`].
    #[error(
        "cannot decrypt notification {id}: the client has no APIv3 key (ClientBuilder::apiv3_key)"
    )]
    NoApiV3Key {
        /// The notification's id (shortened).
        id: String,
    },
    /// The resource could not be decrypted: most often the APIv3 key configured is not the one
    /// set in the merchant platform (the notification itself is signed by WeChat Pay).
    #[error("cannot decrypt the resource of notification {id}")]
    Decrypt {
        /// The notification's id (shortened).
        id: String,
        /// Which check of the decryption failed.
        #[source]
        source: AeadError,
    },
    /// The decrypted resource does not fit the expected type.
    #[error("the resource of notification {id} does not fit its type at `{path}`: {message}")]
    Resource {
        /// The notification's id (shortened).
        id: String,
        /// Where in the resource's JSON the problem is, e.g. `amount.total`.
        path: String,
        /// What is wrong there; no value of the resource is quoted, since it may be personal
        /// data.
        message: String,
    },
}

impl NotifyError {
    /// The HTTP status to answer WeChat Pay with: 413 for a body over the limit, 400 for one
    /// that could not be read, 401 for a failed signature check; 500 for every failure after
    /// the signature is verified, since the notification is then WeChat Pay's own and the fault
    /// is this server's (a key, a type, a certificate download), which a later delivery may no
    /// longer meet.
    pub fn status(&self) -> u16 {
        match self {
            Self::TooLarge { .. } => 413,
            Self::Read(_) => 400,
            Self::Verification(_) => 401,
            _ => 500,
        }
    }

    /// The failure answer for this error: [`NotifyError::status`] and
    /// `{"code": "FAIL", "message": …}`, whose message says which kind of check failed and
    /// nothing more (the answer may go to whoever sent a forgery; the details are for the log).
    pub fn acknowledgement(&self) -> Acknowledgement {
        let message = match self {
            Self::TooLarge { .. } => "notification body too large",
            Self::Read(_) => "cannot read the notification body",
            Self::Verification(_) => "signature verification failed",
            _ => "cannot process the notification",
        };
        Acknowledgement::failure(self.status(), message)
    }

    /// The id of the notification, when the envelope was read before the failure.
    pub fn notification_id(&self) -> Option<&str> {
        match self {
            Self::UnsupportedAlgorithm { id, .. }
            | Self::OriginalType { id, .. }
            | Self::NoApiV3Key { id }
            | Self::Decrypt { id, .. }
            | Self::Resource { id, .. } => Some(id),
            _ => None,
        }
    }

    /// The error and each of its causes, joined by `: ` on one line, as a log line wants them.
    pub fn report(&self) -> String {
        crate::report::chain(self)
    }
}
