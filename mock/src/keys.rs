//! Keys for a mock without configured ones: a merchant key pair (the client signs with the
//! private half, the mock verifies with the public half) and a WeChat Pay key pair (the mock
//! signs answers, the client verifies). Development keys only.
//!
//! [`DevKeys::in_dir`] makes a set once and reuses it on later starts. It writes private keys
//! readable by their owner only (0600), and never overwrites a file it did not write: a
//! directory holding an `apiclient_key.pem` of someone else's is refused, not replaced.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der, PublicKeyX509Der};
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use wechatpay_runtime::protocol::keys::{PrivateKey, PublicKey};

/// The merchant id a generated set of keys is for.
pub const DEV_MCHID: &str = "1900000109";
/// The merchant certificate serial of a generated set of keys.
pub const DEV_MERCHANT_SERIAL: &str = "4D4F434B4D45524348414E5453455249414C3031";
/// The WeChat Pay public key id of a generated set of keys.
pub const DEV_PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0000000000000000000000000001";

/// A key set made at start-up.
pub struct DevKeys {
    /// The merchant's private key, PKCS#8 PEM, for the client (`apiclient_key.pem`).
    pub merchant_private_pem: String,
    /// The merchant's public key, which the mock verifies requests with.
    pub merchant_public: PublicKey,
    /// The WeChat Pay private key the mock signs answers with.
    pub wechatpay_private: PrivateKey,
    /// The WeChat Pay private key, PKCS#8 PEM, as the mock keeps it for its next start.
    wechatpay_private_pem: String,
    /// The WeChat Pay public key, SPKI PEM, for the client (`pub_key.pem`).
    pub wechatpay_public_pem: String,
}

impl std::fmt::Debug for DevKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DevKeys").finish_non_exhaustive()
    }
}

/// Why keys could not be made or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DevKeyError {
    /// The crypto library failed to generate or encode a key.
    #[error("cannot generate a development key")]
    Generate,
    /// A generated key did not load back (a bug in the encoding).
    #[error("a generated key does not load")]
    Load(#[from] wechatpay_runtime::protocol::keys::KeyError),
    /// A key file exists that this mock did not write.
    #[error(
        "{0} exists and is not one of this mock's development keys; it is left alone: give another --keys-dir"
    )]
    NotOurs(PathBuf),
    /// A development key set lacks a file, or one does not load.
    #[error(
        "the development keys in {dir} are incomplete or damaged ({reason}); remove the directory to make a new set"
    )]
    Damaged {
        /// The directory.
        dir: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A key file could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
}

/// Where a development key set lives: the client's two files, and the mock's own.
#[derive(Debug, Clone)]
pub struct DevKeyFiles {
    /// The merchant private key, for the client (`apiclient_key.pem`).
    pub merchant_private_key: PathBuf,
    /// The WeChat Pay public key, for the client (`pub_key.pem`).
    pub wechatpay_public_key: PathBuf,
    /// The WeChat Pay private key the mock signs with (`wechatpay_private_key.pem`).
    pub wechatpay_private_key: PathBuf,
    /// The file saying the others are this mock's development keys.
    pub marker: PathBuf,
}

impl DevKeyFiles {
    /// The files of a set in `dir`.
    pub fn in_dir(dir: &Path) -> Self {
        Self {
            merchant_private_key: dir.join("apiclient_key.pem"),
            wechatpay_public_key: dir.join("pub_key.pem"),
            wechatpay_private_key: dir.join("wechatpay_private_key.pem"),
            marker: dir.join(MARKER_FILE),
        }
    }

    fn keys(&self) -> [&Path; 3] {
        [
            &self.merchant_private_key,
            &self.wechatpay_public_key,
            &self.wechatpay_private_key,
        ]
    }
}

/// The file that marks a directory's keys as this mock's development keys.
pub const MARKER_FILE: &str = "WECHATPAY_MOCK_DEV_KEYS";

const MARKER_TEXT: &str = "Development keys written by wechatpay-mock. Never use them with the \
                           real service. Delete this directory to make a new set.\n";

impl DevKeys {
    /// Generates two RSA-2048 key pairs.
    pub fn generate() -> Result<Self, DevKeyError> {
        let (merchant_private_pem, merchant_public_der) = generate_pair()?;
        let (wechatpay_private_pem, wechatpay_public_der) = generate_pair()?;
        Ok(Self {
            merchant_public: PublicKey::from_spki_der(&merchant_public_der)?,
            wechatpay_private: PrivateKey::from_pkcs8_pem(&wechatpay_private_pem)?,
            wechatpay_private_pem,
            wechatpay_public_pem: pem("PUBLIC KEY", &wechatpay_public_der),
            merchant_private_pem,
        })
    }

    /// The set in `dir` if this mock wrote one there; otherwise a new set, written there. A
    /// key file it did not write is an error, never overwritten.
    pub fn in_dir(dir: &Path) -> Result<(Self, DevKeyFiles), DevKeyError> {
        let files = DevKeyFiles::in_dir(dir);
        if files.marker.is_file() {
            return Ok((Self::load(&files)?, files));
        }
        if let Some(existing) = files.keys().into_iter().find(|path| path.exists()) {
            return Err(DevKeyError::NotOurs(existing.to_path_buf()));
        }
        let keys = Self::generate()?;
        keys.write(dir)?;
        Ok((keys, files))
    }

    /// The set a mock wrote to `files` before.
    fn load(files: &DevKeyFiles) -> Result<Self, DevKeyError> {
        let damaged = |reason: String| DevKeyError::Damaged {
            dir: files
                .marker
                .parent()
                .map_or_else(PathBuf::new, Path::to_path_buf),
            reason,
        };
        let read = |path: &Path| {
            fs::read_to_string(path).map_err(|e| damaged(format!("{}: {e}", path.display())))
        };
        let merchant_private_pem = read(&files.merchant_private_key)?;
        let wechatpay_private_pem = read(&files.wechatpay_private_key)?;
        let wechatpay_public_pem = read(&files.wechatpay_public_key)?;
        let merchant = PrivateKey::from_pkcs8_pem(&merchant_private_pem)
            .map_err(|e| damaged(format!("{}: {e}", files.merchant_private_key.display())))?;
        let wechatpay_private = PrivateKey::from_pkcs8_pem(&wechatpay_private_pem)
            .map_err(|e| damaged(format!("{}: {e}", files.wechatpay_private_key.display())))?;
        Ok(Self {
            merchant_public: merchant.public_key().clone(),
            merchant_private_pem,
            wechatpay_private,
            wechatpay_private_pem,
            wechatpay_public_pem,
        })
    }

    /// The merchant these keys are for ([`DEV_MCHID`], [`DEV_MERCHANT_SERIAL`]).
    pub fn merchant(&self) -> crate::Merchant {
        crate::Merchant {
            mchid: DEV_MCHID.to_owned(),
            serial_no: DEV_MERCHANT_SERIAL.to_owned(),
            public_key: self.merchant_public.clone(),
        }
    }

    /// Answers signed in public-key mode under [`DEV_PUBLIC_KEY_ID`].
    pub fn signing(&self) -> crate::ResponseSigning {
        crate::ResponseSigning::PublicKey {
            id: DEV_PUBLIC_KEY_ID.to_owned(),
            key: self.wechatpay_private.clone(),
        }
    }

    /// A client builder holding the other halves: the merchant key and the WeChat Pay public
    /// key. Add the base URLs.
    pub fn client_builder(&self) -> wechatpay_runtime::ClientBuilder {
        wechatpay_runtime::Client::builder()
            .merchant(DEV_MCHID, DEV_MERCHANT_SERIAL, &self.merchant_private_pem)
            .wechatpay_public_key(DEV_PUBLIC_KEY_ID, &self.wechatpay_public_pem)
    }

    /// Writes the set into `dir`, creating it: new files only (an existing one is an error,
    /// never overwritten), readable by their owner only, the marker last.
    pub fn write(&self, dir: &Path) -> Result<DevKeyFiles, DevKeyError> {
        let files = DevKeyFiles::in_dir(dir);
        fs::create_dir_all(dir).map_err(|source| DevKeyError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        write_new(&files.merchant_private_key, &self.merchant_private_pem)?;
        write_new(&files.wechatpay_private_key, &self.wechatpay_private_pem)?;
        write_new(&files.wechatpay_public_key, &self.wechatpay_public_pem)?;
        write_new(&files.marker, MARKER_TEXT)?;
        Ok(files)
    }
}

/// Writes a file that must not exist yet, readable and writable by its owner only.
fn write_new(path: &Path, text: &str) -> Result<(), DevKeyError> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options
        .open(path)
        .and_then(|mut file| io::Write::write_all(&mut file, text.as_bytes()));
    match written {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            Err(DevKeyError::NotOurs(path.to_path_buf()))
        }
        Err(source) => Err(DevKeyError::Write {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// A key pair as (PKCS#8 PEM of the private key, SPKI DER of the public key).
fn generate_pair() -> Result<(String, Vec<u8>), DevKeyError> {
    let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| DevKeyError::Generate)?;
    let private: aws_lc_rs::encoding::Pkcs8V1Der<'_> =
        AsDer::<Pkcs8V1Der>::as_der(&pair).map_err(|_| DevKeyError::Generate)?;
    let public: aws_lc_rs::encoding::PublicKeyX509Der<'_> =
        AsDer::<PublicKeyX509Der>::as_der(pair.public_key()).map_err(|_| DevKeyError::Generate)?;
    Ok((
        pem("PRIVATE KEY", private.as_ref()),
        public.as_ref().to_vec(),
    ))
}

/// PEM: the label lines around base64 in lines of 64.
fn pem(label: &str, der: &[u8]) -> String {
    let encoded = STANDARD.encode(der);
    let mut text = format!("-----BEGIN {label}-----\n");
    for line in encoded.as_bytes().chunks(64) {
        text.push_str(&String::from_utf8_lossy(line));
        text.push('\n');
    }
    text.push_str(&format!("-----END {label}-----\n"));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_is_written_owner_only_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path().join("keys");
        let (first, files) = DevKeys::in_dir(&dir).unwrap();
        #[cfg(unix)]
        for path in files.keys() {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", path.display());
        }
        let (again, _) = DevKeys::in_dir(&dir).unwrap();
        assert_eq!(again.merchant_private_pem, first.merchant_private_pem);
        assert_eq!(again.wechatpay_public_pem, first.wechatpay_public_pem);
        // The reused set signs what the first set's public key verifies.
        let signature = again.wechatpay_private.sign_sha256(b"m").unwrap();
        let public = PublicKey::from_spki_pem(&first.wechatpay_public_pem).unwrap();
        assert!(public.verify_sha256(b"m", &signature));
    }

    #[test]
    fn a_key_it_did_not_write_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = dir.path().join("apiclient_key.pem");
        fs::write(&theirs, "a real key").unwrap();
        let error = DevKeys::in_dir(dir.path()).unwrap_err();
        assert!(
            matches!(error, DevKeyError::NotOurs(ref path) if *path == theirs),
            "{error}"
        );
        assert_eq!(fs::read_to_string(&theirs).unwrap(), "a real key");
    }

    #[test]
    fn a_damaged_set_says_so() {
        let dir = tempfile::tempdir().unwrap();
        DevKeys::in_dir(dir.path()).unwrap();
        fs::remove_file(dir.path().join("wechatpay_private_key.pem")).unwrap();
        let error = DevKeys::in_dir(dir.path()).unwrap_err();
        assert!(
            error.to_string().contains("incomplete or damaged"),
            "{error}"
        );
    }
}
