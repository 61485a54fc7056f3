//! A platform receiving WeChat Pay's 分账动账通知 (profit-sharing movements) with axum.
//!
//! [`app`] is the whole route: `wechatpay_runtime::notify::axum::post` verifies each
//! notification's signature, decrypts its resource into the generated
//! [`ProfitSharingMovement`], and calls the handler once per notification id, however many times WeChat Pay delivers it;
//! the handler books the movement in a [`Ledger`].

mod route;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use wechatpay_apiv3::ecommerce::profitsharing::{
    ProfitSharingMovement, ProfitSharingMovementEventType,
};
use wechatpay_runtime::notify::Notification;

pub use route::app;

/// Where WeChat Pay POSTs the notifications: the path of the URL configured for them.
pub const NOTIFY_PATH: &str = "/wechatpay/notify";

/// The receivers' balances as the movements change them, in fen. Cheap to clone; clones share
/// the balances.
#[derive(Debug, Clone, Default)]
pub struct Ledger(Arc<Mutex<Books>>);

#[derive(Debug, Default)]
struct Books {
    balances: HashMap<String, i64>,
    /// Movements booked, by WeChat Pay's order id: one each, whatever the deliveries.
    booked: HashMap<String, u32>,
}

/// A movement the ledger cannot book; WeChat Pay is answered `FAIL` and delivers it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerError {
    /// A movement of zero or less: the documentation has amounts in whole fen, above zero.
    Amount {
        /// WeChat Pay's id of the profit-sharing or return order.
        order_id: String,
        /// The amount received.
        amount: i64,
    },
}

impl std::fmt::Display for LedgerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Amount { order_id, amount } => {
                write!(
                    f,
                    "order {order_id} moves {amount} fen, not a positive amount"
                )
            }
        }
    }
}

impl std::error::Error for LedgerError {}

impl Ledger {
    /// Books a movement: a profit-sharing credit adds to the receiver's balance, a return takes
    /// from it. An event type this version does not know is acknowledged and left for a person
    /// to look at, rather than refused for a day of redeliveries.
    pub fn record(
        &self,
        movement: &Notification<ProfitSharingMovement>,
    ) -> Result<(), LedgerError> {
        let resource = &movement.resource;
        let amount = resource.receiver.amount;
        if amount <= 0 {
            return Err(LedgerError::Amount {
                order_id: resource.order_id.clone(),
                amount,
            });
        }
        let signed = match &movement.event_type {
            ProfitSharingMovementEventType::Success => amount,
            ProfitSharingMovementEventType::Return => -amount,
            other => {
                eprintln!(
                    "notification {}: event type {other} not booked",
                    movement.id
                );
                return Ok(());
            }
        };
        let mut books = self.lock();
        *books
            .balances
            .entry(resource.receiver.account.clone())
            .or_default() += signed;
        *books.booked.entry(resource.order_id.clone()).or_default() += 1;
        Ok(())
    }

    /// The balance of `account`, in fen.
    pub fn balance(&self, account: &str) -> i64 {
        self.lock().balances.get(account).copied().unwrap_or(0)
    }

    /// How many times the movement of WeChat Pay's order `order_id` was booked: 1 once
    /// received, whatever the deliveries.
    pub fn times_booked(&self, order_id: &str) -> u32 {
        self.lock().booked.get(order_id).copied().unwrap_or(0)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Books> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
