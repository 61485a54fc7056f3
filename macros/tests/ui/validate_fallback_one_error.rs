// A misused attribute is reported once, at the attribute: `validate()` and `nested` uses of the
// type still type-check.
use wechatpay_runtime::Validate;

#[derive(::wechatpay_runtime::Validate)]
struct Receiver {
    #[validate(length(minimum = 1))]
    account: String,
}

#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(nested)]
    receiver: Receiver,
}

fn main() {
    let request = Request {
        receiver: Receiver {
            account: String::new(),
        },
    };
    let _ = request.validate();
    let _ = request.receiver.validate();
}
