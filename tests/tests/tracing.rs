//! Each call is a `wechatpay.call` span naming the endpoint, the attempt, the status and the
//! Request-ID; nothing a call records carries a signature or key material.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, SubscriberExt as _};
use tracing_subscriber::{Layer, Registry};
use wechatpay_apiv3::ecommerce::profitsharing::{OrderRef, QueryReturnOrderRequest};
use wechatpay_mock::Fault;
use wechatpay_tests::{Harness, SigningKey};

/// Every span field and event written as `name=value`, in order.
#[derive(Clone, Default)]
struct Recorded(Arc<Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

impl<S: tracing::Subscriber> Layer<S> for Recorded {
    fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        let mut line = format!("span {}:", attrs.metadata().name());
        attrs.record(&mut Fields(&mut line));
        self.0.lock().unwrap().push(line);
    }
    fn on_record(&self, _: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut line = "record:".to_owned();
        values.record(&mut Fields(&mut line));
        self.0.lock().unwrap().push(line);
    }
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut line = format!("event {}:", event.metadata().level());
        event.record(&mut Fields(&mut line));
        self.0.lock().unwrap().push(line);
    }
}

#[tokio::test]
async fn a_call_is_a_span_with_endpoint_attempt_status_and_request_id() {
    let h = Harness::start(SigningKey::PublicKey).await;
    h.mock
        .inject(
            "GET /v3/ecommerce/profitsharing/returnorders",
            Fault::SystemError,
            Some(1),
        )
        .unwrap();
    h.mock
        .inject(
            "GET /v3/ecommerce/profitsharing/returnorders",
            Fault::WrongSignature,
            Some(1),
        )
        .unwrap();
    let recorded = Recorded::default();
    let _guard = tracing::subscriber::set_default(Registry::default().with(recorded.clone()));

    let request = QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        OrderRef::out_order_no("P20150806125346"),
    );
    let error = h.client.execute(&request).await.unwrap_err();
    let request_id = error.request_id().unwrap().to_owned();
    let lines = recorded.0.lock().unwrap().clone();
    let text = lines.join("\n");

    assert!(
        lines[0].starts_with(
            "span wechatpay.call: method=GET endpoint=/v3/ecommerce/profitsharing/returnorders"
        ),
        "{text}"
    );
    for needle in [
        "attempt=1",
        "status=500",
        "attempt=2",
        "status=200",
        &format!("request_id={request_id}"),
    ] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }
    assert!(text.contains("retrying"), "{text}");
    assert!(text.contains("response signature rejected"), "{text}");

    // Nothing recorded carries the request's signature or the merchant key.
    let authorization = h.mock.received()[1]
        .header("Authorization")
        .unwrap()
        .to_owned();
    wechatpay_tests::assert_no_secret(&text, &authorization);
    assert!(!text.contains("Authorization"), "{text}");
}
