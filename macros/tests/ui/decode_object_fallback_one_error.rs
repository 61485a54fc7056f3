// An invalid struct is reported once, at the derive: reading it still type-checks.
#[derive(Debug, ::wechatpay_runtime::DecodeObject)]
struct Order {
    #[serde(alias = "id")]
    order_id: String,
}

fn main() {
    let _: Result<Order, _> = serde_json::from_str("{}");
}
