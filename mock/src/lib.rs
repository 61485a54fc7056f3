//! A WeChat Pay APIv3 mock server, driven by the same specs as the generated client.
//!
//! Every endpoint of the loaded spec directories is a route, handled by one generic piece of
//! code: it reads the body up to a limit (413 past it), refuses protocol headers a careful server
//! refuses (400), verifies the request's `Authorization` signature and timestamp against the
//! configured merchant keys (401 SIGN_ERROR otherwise), checks the parameters against the spec (400
//! PARAM_ERROR naming the field, value, issue and location), finds the record the parameters
//! identify in its state (404 RESOURCE_NOT_EXISTS otherwise), and answers with it, signed with
//! its platform key as the service signs. State comes from a fixtures file and moves on by the
//! mock's own clock; faults can be injected per route or per request.
//!
//! It reuses the runtime's protocol code, so the mock and the client share one implementation
//! of the message formats, and any conforming APIv3 client can talk to it.
//!
//! The code reads in that order: `routes.rs` builds one route per endpoint, `handler.rs` runs
//! each request through its steps (faults, authentication, parameters, records, answer),
//! [`records`] holds the state and [`log`] what was received.
#![forbid(unsafe_code)]

mod auth;
mod certificates;
pub mod config;
mod connections;
pub mod faults;
mod files;
mod handler;
pub mod keys;
pub mod log;
pub mod notify;
mod params;
mod products;
pub mod records;
mod respond;
mod routes;
mod sensitive;
pub mod server;

pub use config::{Both, Merchant, MockConfig, ResponseSigning, RouteFault, Strictness, Unknown};
pub use faults::{FAULT_HEADER, Fault};
pub use log::ReceivedRequest;
pub use notify::{Delivery, NotifyError};
pub use records::{Fixtures, Record};
pub use server::{MockError, MockServer};
