//! Serves the notifications route of `wechatpay_example_notifications::app` with the merchant's
//! keys, read from the environment:
//!
//!     WECHATPAY_MCHID=1900000109 \
//!     WECHATPAY_MERCHANT_SERIAL=5157F09EFDC096DE15EBE81A47057A7232F1B8E1 \
//!     WECHATPAY_MERCHANT_KEY=apiclient_key.pem \
//!     WECHATPAY_PUBLIC_KEY_ID=PUB_KEY_ID_0114232134912410000000000000 \
//!     WECHATPAY_PUBLIC_KEY=pub_key.pem \
//!     WECHATPAY_APIV3_KEY=... \
//!     cargo run -p wechatpay-example-notifications -- 127.0.0.1:8080
//!
//! WeChat Pay reaches a notification URL over HTTPS only: put the server behind a proxy that
//! ends TLS and forwards the body untouched (the signature covers its bytes). The crate's test
//! runs the same route against the mock, which sends notifications as WeChat Pay does.

use wechatpay_example_notifications::{Ledger, NOTIFY_PATH, app};
use wechatpay_runtime::Client;
use wechatpay_runtime::notify::NotificationReceiver;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = |name: &str| std::env::var(name).map_err(|_| format!("set {name}"));
    let client = Client::builder()
        .merchant_key_file(
            env("WECHATPAY_MCHID")?,
            env("WECHATPAY_MERCHANT_SERIAL")?,
            env("WECHATPAY_MERCHANT_KEY")?,
        )
        .wechatpay_public_key_file(
            env("WECHATPAY_PUBLIC_KEY_ID")?,
            env("WECHATPAY_PUBLIC_KEY")?,
        )
        .apiv3_key(env("WECHATPAY_APIV3_KEY")?)
        .build()?;
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!(
        "receiving notifications at http://{}{NOTIFY_PATH}",
        listener.local_addr()?
    );
    axum::serve(
        listener,
        app(NotificationReceiver::new(client), Ledger::default()),
    )
    .await?;
    Ok(())
}
