//! Support for the integration tests: test keys and a small local HTTP server that speaks the
//! WeChat Pay protocol on its side (it checks each request's signature and signs each answer),
//! scripted answer by answer so that every retry, failover and forgery path can be driven.

pub mod keys;
pub mod server;
