#[derive(::wechatpay_runtime::Validate)]
enum OrderRef {
    #[validate(required)]
    OrderId(String),
    Neither,
    Both(String, String),
    Named { out_order_no: String },
}

fn main() {}
