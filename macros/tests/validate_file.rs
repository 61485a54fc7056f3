//! What `#[validate(file(...))]` checks, used as generated code uses it for an upload.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use wechatpay_runtime::{Rule, UploadFile, Validate, Violation};

const MB2: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
struct UploadImageRequest {
    #[validate(file(max_bytes = 2097152, content_types = "image/jpeg,image/bmp,image/png"))]
    file: UploadFile,
    #[validate(name = "thumbnail", file(content_types = "image/png"))]
    thumb: Option<UploadFile>,
    #[validate(file)]
    attachment: Option<Box<UploadFile>>,
    #[validate(required, length(max = 8))]
    sub_mchid: String,
}

#[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
enum Evidence {
    #[validate(file(max_bytes = 3))]
    Image(UploadFile),
    #[validate(required)]
    Text(String),
}

fn png(len: usize) -> UploadFile {
    UploadFile::new("logo.png", "image/png", vec![0x89; len])
}

fn request(file: UploadFile) -> UploadImageRequest {
    UploadImageRequest {
        file,
        thumb: None,
        attachment: None,
        sub_mchid: "1900".to_owned(),
    }
}

fn violations(value: &impl Validate) -> Vec<Violation> {
    value
        .validate()
        .map(|()| Vec::new())
        .unwrap_or_else(|error| error.into_violations())
}

#[test]
fn a_file_at_the_limit_of_a_listed_type_passes() {
    assert!(request(png(MB2)).validate().is_ok());
    let jpeg = UploadFile::new("a.JPG", "image/JPEG", vec![1]);
    assert!(request(jpeg).validate().is_ok());
}

#[test]
fn one_byte_over_the_limit_is_reported_with_the_limit_and_the_size() {
    let out = violations(&request(png(MB2 + 1)));
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].field, "file");
    assert_eq!(
        out[0].rule,
        Rule::FileTooLarge {
            max_bytes: 2_097_152,
            actual: 2_097_153
        }
    );
    assert_eq!(out[0].value, "logo.png");
    assert_eq!(
        out[0].to_string(),
        r#"file: must be at most 2097152 bytes (found 2097153) in file "logo.png""#
    );
}

#[test]
fn a_type_not_listed_is_reported_with_the_list() {
    let gif = UploadFile::new("logo.gif", "image/gif", b"GIF89a".to_vec());
    let error = request(gif).validate().unwrap_err();
    assert_eq!(
        error.to_string(),
        r#"1 invalid field: file: must have one of the content types image/jpeg,image/bmp,image/png (found "image/gif") in file "logo.gif""#
    );
}

#[test]
fn an_empty_file_and_name_are_reported_beside_the_other_fields() {
    let mut upload = request(UploadFile::new("", "image/png", Vec::new()));
    upload.sub_mchid = String::new();
    let out = violations(&upload);
    let shown: Vec<(&str, &Rule)> = out.iter().map(|v| (v.field.as_str(), &v.rule)).collect();
    assert_eq!(
        shown,
        [
            ("file.filename", &Rule::Required),
            ("file", &Rule::EmptyFile),
            ("sub_mchid", &Rule::Required),
        ]
    );
}

#[test]
fn optional_files_are_checked_when_present_under_their_wire_name() {
    let mut upload = request(png(1));
    assert!(upload.validate().is_ok());
    upload.thumb = Some(UploadFile::new("t.jpg", "image/jpeg", vec![1]));
    upload.attachment = Some(Box::new(UploadFile::new("a.txt", "text plain", vec![1])));
    let out = violations(&upload);
    let shown: Vec<String> = out.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            r#"thumbnail: must have one of the content types image/png (found "image/jpeg") in file "t.jpg""#,
            r#"attachment: must have a content type of the form type/subtype (found "text plain") in file "a.txt""#,
        ]
    );
}

#[test]
fn a_one_of_member_holding_a_file_is_checked_at_its_member_name() {
    let out = violations(&Evidence::Image(png(4)));
    assert_eq!(out[0].field, "image");
    assert!(matches!(
        out[0].rule,
        Rule::FileTooLarge { max_bytes: 3, .. }
    ));
    assert!(Evidence::Image(png(3)).validate().is_ok());
    assert!(Evidence::Text("x".to_owned()).validate().is_ok());
}
