#[derive(::wechatpay_runtime::Validate)]
union Request {
    code: u32,
}

fn main() {}
