//! Keys for a mock without configured ones: a fresh merchant key pair (the client signs with the
//! private half, the mock verifies with the public half) and a fresh WeChat Pay key pair (the
//! mock signs answers, the client verifies). Development keys only, made at start-up.

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
    #[error("a generated key does not load: {0}")]
    Load(#[from] wechatpay_runtime::protocol::keys::KeyError),
    /// A key file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
}

/// Where [`DevKeys::write`] put the client's files.
#[derive(Debug, Clone)]
pub struct DevKeyFiles {
    /// The merchant private key.
    pub merchant_private_key: PathBuf,
    /// The WeChat Pay public key.
    pub wechatpay_public_key: PathBuf,
}

impl DevKeys {
    /// Generates two RSA-2048 key pairs.
    pub fn generate() -> Result<Self, DevKeyError> {
        let (merchant_private_pem, merchant_public_der) = generate_pair()?;
        let (wechatpay_private_pem, wechatpay_public_der) = generate_pair()?;
        Ok(Self {
            merchant_public: PublicKey::from_spki_der(&merchant_public_der)?,
            wechatpay_private: PrivateKey::from_pkcs8_pem(&wechatpay_private_pem)?,
            wechatpay_public_pem: pem("PUBLIC KEY", &wechatpay_public_der),
            merchant_private_pem,
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

    /// Writes the two files a client needs into `dir`.
    pub fn write(&self, dir: &Path) -> Result<DevKeyFiles, DevKeyError> {
        let files = DevKeyFiles {
            merchant_private_key: dir.join("apiclient_key.pem"),
            wechatpay_public_key: dir.join("pub_key.pem"),
        };
        let write = |path: &Path, text: &str| {
            fs::create_dir_all(dir)
                .and_then(|()| fs::write(path, text))
                .map_err(|source| DevKeyError::Write {
                    path: path.to_path_buf(),
                    source,
                })
        };
        write(&files.merchant_private_key, &self.merchant_private_pem)?;
        write(&files.wechatpay_public_key, &self.wechatpay_public_pem)?;
        Ok(files)
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
