#[derive(::wechatpay_runtime::WireEnum)]
union Status {
    code: u32,
}

fn main() {}
