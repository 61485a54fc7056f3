//! The ordinary profit-sharing lifecycle (`/v3/profitsharing`) against the mock, started
//! in-process with development keys:
//!
//! ```text
//! cargo run -p wechatpay-example-profit-sharing
//! ```
//!
//! [`lifecycle::lifecycle`] is what a merchant's code does (the README shows it): add a receiver
//! (its name encrypted), request the split, poll it until finished, return part of it, poll the
//! return, unfreeze the rest, query what is left, download the day's bill with its hash checked.
//! The receiver's 分账动账 notification arrives meanwhile at an axum route of this program.
//! [`platform::platform`] is the same for an e-commerce platform (电商收付通): its commission
//! split from a sub-merchant's sale, part of it returned, the order finished.

mod lifecycle;
mod platform;

use std::time::Duration;

use wechatpay_apiv3::profitsharing::ProfitSharingMovement;
use wechatpay_mock::keys::DevKeys;
use wechatpay_mock::{MockConfig, MockServer};
use wechatpay_runtime::PollPolicy;
use wechatpay_runtime::notify::{Notification, NotificationReceiver};
use wechatpay_runtime::protocol::ApiV3Key;
use wechatpay_runtime::time::{OffsetDateTime, UtcOffset};

/// The APIv3 key the mock and the client share (32 characters).
const APIV3_KEY: &str = "profit-sharing-example-apiv3-key";

/// The mock's fixtures hold this transaction with 1,000 fen to share (ordinary family).
const TRANSACTION: &str = "4208450740201411110007820490";

/// And this one, of an e-commerce platform's sub-merchant.
const PLATFORM_TRANSACTION: &str = "4208450740201411110007820491";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let keys = DevKeys::generate()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let notify_url = format!("http://{}/notify", listener.local_addr()?);
    let config = MockConfig::new(keys.merchant(), keys.signing())
        .spec_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec"))
        .apiv3_key(ApiV3Key::new(APIV3_KEY)?)
        .notify_url(notify_url, 0.01)
        // Splits and returns finish a second after they are asked for (a minute by default).
        .settle_after(Duration::from_secs(1));
    let mock = MockServer::start(config).await?;
    let client = keys
        .client_builder()
        .base_url(mock.url())
        .apiv3_key(APIV3_KEY)
        .build()?;

    // The receiver's side: its notifications, handed over as they arrive.
    let (sender, mut movements) = tokio::sync::mpsc::channel(8);
    let route = wechatpay_runtime::notify::axum::post(
        NotificationReceiver::new(client.clone()),
        move |movement: Notification<ProfitSharingMovement>| {
            let sender = sender.clone();
            async move { sender.send(movement).await.map_err(|e| e.to_string()) }
        },
    );
    let app = axum::Router::new().route("/notify", route);
    tokio::spawn(async move { axum::serve(listener, app).await });

    let poll = PollPolicy::new(
        Duration::from_millis(500),
        Duration::from_secs(1),
        Duration::from_secs(30),
    );
    lifecycle::lifecycle(&client, TRANSACTION, &poll).await?;
    platform::platform(&client, PLATFORM_TRANSACTION, &poll).await?;
    let bill = std::fs::read_to_string(bill_path())?;
    println!("bill: {} lines", bill.lines().count());
    std::fs::remove_file(bill_path())?;

    let movement = tokio::time::timeout(Duration::from_secs(10), movements.recv())
        .await?
        .ok_or("the notification route stopped")?;
    let resource = &movement.resource;
    println!(
        "notification {}: {} fen to {} ({:?})",
        movement.id, resource.receiver.amount, resource.receiver.account, movement.event_type
    );
    Ok(())
}

/// Where the bill is written: a scratch file, removed once read.
fn bill_path() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("profit-sharing-bill-{}.csv", std::process::id()))
}

/// Today in Beijing time, `YYYY-MM-DD`: the day the mock's bill covers.
fn today() -> String {
    let beijing = UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC);
    let date = OffsetDateTime::now_utc().to_offset(beijing).date();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}
