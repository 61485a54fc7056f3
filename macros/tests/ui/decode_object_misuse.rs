// Every misuse of DecodeObject in one struct is reported, each at its token.
#[derive(::wechatpay_runtime::DecodeObject)]
struct Order {
    #[serde(flatten)]
    extra: Vec<u8>,
    #[serde(rename = "id")]
    first: String,
    #[serde(rename = "id")]
    second: String,
}

#[derive(::wechatpay_runtime::DecodeObject)]
enum NotAStruct {
    One,
}

#[derive(::wechatpay_runtime::DecodeObject)]
struct Tuple(String);

#[derive(::wechatpay_runtime::DecodeObject)]
#[serde(crate = "::wechatpay_runtime::serde", rename_all = "camelCase")]
struct Renamed {
    first_name: String,
}

fn main() {}
