use wechatpay_apiv3::ecommerce::profitsharing::ProfitSharingMovement as Movement;
use wechatpay_runtime::notify::{Notification, NotificationReceiver, axum::post};

use crate::{Ledger, NOTIFY_PATH};

/// `POST` [`NOTIFY_PATH`]: each movement, verified and decrypted, is recorded once.
pub fn app(receiver: NotificationReceiver, ledger: Ledger) -> axum::Router {
    let record = move |movement: Notification<Movement>| {
        let ledger = ledger.clone();
        // Record and return: WeChat Pay waits 5 s for the answer (204, or FAIL and a retry).
        async move { ledger.record(&movement) }
    };
    axum::Router::new().route(NOTIFY_PATH, post(receiver, record))
}
