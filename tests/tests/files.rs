//! Files end to end, the golden sample's generated client against the mock: uploads signed over
//! their `meta` part, bills fetched through a ticket and checked by their hash, plain and gzip,
//! into a path or a writer, and every way a download can go wrong.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use serde_json::Value;
use wechatpay_golden_sample::bill::{QueryProfitSharingBillRequest, TarType};
use wechatpay_golden_sample::merchant::{UploadImageRequest, UploadReceiptRequest};
use wechatpay_golden_sample::shared::ErrorCode;
use wechatpay_golden_sample::{Apis as _, merchant};
use wechatpay_mock::Fault;
use wechatpay_runtime::{DownloadError, DownloadRequest, Error, UploadFile};
use wechatpay_tests::{Harness, SigningKey, raw_request};

/// A small PNG: the signature bytes and a few more.
fn png() -> UploadFile {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[0u8; 64]);
    UploadFile::new("logo.png", "image/png", bytes)
}

#[tokio::test]
async fn an_upload_is_signed_over_its_meta_and_checked_by_the_mock() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let api = h.client.merchant();
    let uploaded = api
        .upload_image(&UploadImageRequest::new(png()))
        .await
        .unwrap();
    assert!(!uploaded.media_id.is_empty());
    let received = h.mock.received();
    let last = received.last().unwrap();
    let content_type = last
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.clone())
        .unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );

    // Meta fields of the endpoint's own travel beside filename and sha256, and are checked.
    let receipt = UploadReceiptRequest::new(png(), "4200000000202501010000000001");
    let stored = h.client.merchant().upload_receipt(&receipt).await.unwrap();
    assert!(!stored.receipt_id.is_empty());

    // A file the page does not allow is refused before anything is sent.
    let before = h.mock.received_count();
    let gif = UploadFile::new("logo.gif", "image/gif", b"GIF89a".to_vec());
    let error = api
        .upload_image(&UploadImageRequest::new(gif))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Validation(_)), "{error:?}");
    let big = UploadFile::new("big.png", "image/png", vec![0u8; 2 * 1024 * 1024 + 1]);
    let error = api
        .upload_image(&UploadImageRequest::new(big))
        .await
        .unwrap_err();
    let Error::Validation(violations) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(violations.violations()[0].field, "file", "{violations}");
    assert_eq!(h.mock.received_count(), before);
}

#[tokio::test]
async fn the_mock_refuses_a_file_that_does_not_match_its_meta() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let meta = r#"{"filename":"logo.png","sha256":"0000000000000000000000000000000000000000000000000000000000000000"}"#;
    let body = format!(
        "--B\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{meta}\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--B--\r\n"
    );
    // Signed over the meta part, as the protocol says; sent with its multipart framing.
    let (status, _, answer) = upload_raw(
        &h,
        "/v3/merchant/media/upload",
        meta.as_bytes(),
        body.as_bytes(),
    )
    .await;
    assert_eq!(status, 400);
    let answer: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(answer["detail"]["field"], "meta.sha256", "{answer}");

    // Signed over the whole multipart body instead: the signature does not hold.
    let (status, _, _) = upload_raw(
        &h,
        "/v3/merchant/media/upload",
        body.as_bytes(),
        body.as_bytes(),
    )
    .await;
    assert_eq!(status, 401);
    // Not multipart at all: refused as such.
    let (status, _, _) = raw_request(
        &h,
        "POST",
        "/v3/merchant/media/upload",
        meta.as_bytes(),
        None,
    )
    .await;
    assert_eq!(status, 400);
}

/// Sends `body` (multipart, boundary `B`) signed over `signed`.
async fn upload_raw(
    h: &Harness,
    target: &str,
    signed: &[u8],
    body: &[u8],
) -> wechatpay_tests::RawAnswer {
    use wechatpay_runtime::protocol::clock::Clock as _;
    let key = wechatpay_runtime::protocol::keys::PrivateKey::from_pkcs8_pem(
        wechatpay_tests::keys::pem("merchant_test_key.pem"),
    )
    .unwrap();
    let signer = wechatpay_runtime::protocol::authorization::MerchantSigner::new(
        wechatpay_tests::keys::MCHID,
        wechatpay_tests::keys::MERCHANT_SERIAL,
        key,
    )
    .unwrap();
    let authorization = signer
        .authorize("POST", target, signed, h.clock.now_unix())
        .unwrap();
    let answer = reqwest::Client::new()
        .post(format!("{}{target}", h.mock.url()))
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("Content-Type", "multipart/form-data; boundary=B")
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    let headers = answer.headers().clone();
    (status, headers, answer.bytes().await.unwrap().to_vec())
}

fn bill_request(gzip: bool) -> QueryProfitSharingBillRequest {
    let request = QueryProfitSharingBillRequest::new("2025-01-01");
    if gzip {
        request.tar_type(TarType::Gzip)
    } else {
        request
    }
}

#[tokio::test]
async fn a_bill_is_fetched_through_its_ticket_and_checked_by_its_hash() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let dir = tempfile::tempdir().unwrap();
    let api = h.client.bill();
    for gzip in [false, true] {
        let path = dir.path().join(format!("bill-{gzip}.csv"));
        let downloaded = api
            .query_profit_sharing_bill_to_path(&bill_request(gzip), &path)
            .await
            .unwrap();
        let bill = std::fs::read_to_string(&path).unwrap();
        assert!(
            bill.starts_with("# bill asked for with bill_date=2025-01-01"),
            "{bill}"
        );
        assert_eq!(downloaded.content_bytes, bill.len() as u64);
        if gzip {
            assert!(downloaded.received_bytes != downloaded.content_bytes);
        }
        // Into a writer: the same bill.
        let mut written = Vec::new();
        api.query_profit_sharing_bill_to_writer(&bill_request(gzip), &mut written)
            .await
            .unwrap();
        assert_eq!(written, bill.as_bytes());
    }
    // The file the ticket names was fetched signed, as any GET, and answered unsigned.
    let targets: Vec<String> = h.mock.received().iter().map(|r| r.target.clone()).collect();
    assert!(
        targets
            .iter()
            .any(|t| t.starts_with("/v3/billdownload/file?token=")),
        "{targets:#?}"
    );
}

fn download_error(error: Error<ErrorCode>) -> DownloadError {
    match error {
        Error::Download { error, .. } => error,
        other => panic!("not a download error: {other:?}"),
    }
}

#[tokio::test]
async fn a_download_that_goes_wrong_leaves_nothing_behind() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bill.csv");
    std::fs::write(&path, "yesterday's bill").unwrap();
    let api = h.client.bill();

    h.mock
        .inject(
            "GET /v3/sample/profitsharing/bills",
            Fault::WrongHash,
            Some(1),
        )
        .unwrap();
    let error = api
        .query_profit_sharing_bill_to_path(&bill_request(true), &path)
        .await
        .unwrap_err();
    assert!(matches!(
        download_error(error),
        DownloadError::HashMismatch { .. }
    ));

    h.mock
        .inject("GET /v3/billdownload/file", Fault::TruncatedFile, None)
        .unwrap();
    let error = api
        .query_profit_sharing_bill_to_path(&bill_request(false), &path)
        .await
        .unwrap_err();
    assert!(
        matches!(download_error(error), DownloadError::Incomplete { .. }),
        "a file cut short"
    );

    // The file that was there is untouched, and no partial file is left beside it.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "yesterday's bill");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[tokio::test]
async fn a_slow_file_still_arrives() {
    let h = Harness::start(SigningKey::PublicKey).await;
    h.mock
        .inject(
            "GET /v3/billdownload/file",
            Fault::SlowFile(std::time::Duration::from_millis(20)),
            Some(1),
        )
        .unwrap();
    let mut written = Vec::new();
    h.client
        .bill()
        .query_profit_sharing_bill_to_writer(&bill_request(false), &mut written)
        .await
        .unwrap();
    assert!(!written.is_empty());
}

#[tokio::test]
async fn a_ticket_naming_another_host_or_hash_is_refused_before_sending() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let before = h.mock.received_count();
    let elsewhere = DownloadRequest::from_ticket(
        "https://files.example.com/v3/billdownload/file?token=x",
        "SHA1",
        "79bb0f45fc4c42234a918000b2668d689e2bde04",
    );
    let error = h
        .client
        .download_to_writer::<ErrorCode, _>(&elsewhere, Vec::new())
        .await
        .unwrap_err();
    assert!(matches!(
        download_error(error),
        DownloadError::ForeignUrl { .. }
    ));
    let md5 = DownloadRequest::from_ticket(
        format!("{}/v3/billdownload/file?token=x", h.mock.url()),
        "MD5",
        "79bb0f45fc4c42234a918000b2668d68",
    );
    let error = h
        .client
        .download_to_writer::<ErrorCode, _>(&md5, Vec::new())
        .await
        .unwrap_err();
    assert!(matches!(
        download_error(error),
        DownloadError::UnknownHashType { .. }
    ));
    assert_eq!(h.mock.received_count(), before);
    let _ = (
        wechatpay_apiv3::bill::DownloadBillFileRequest::new("x"),
        merchant::UploadImageRequest::new(png()),
    );
}
