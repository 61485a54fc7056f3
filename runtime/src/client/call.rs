//! The value a generated client method returns: one named future type for every endpoint.
//!
//! A method written as `async fn` gives each endpoint its own future type, which the compiler
//! must type-check, borrow-check and prove `Send` for in the generated crate; across a thousand
//! endpoints that was a quarter of the crate's check time. A [`Call`] is built by a plain
//! function instead, and the one generic future behind it is checked once, here.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{Client, Error, PollPolicy, Pollable, Response};
use crate::operation::Operation;

/// What a call of `O` ends with.
pub type CallResult<O> =
    Result<Response<<O as Operation>::Response>, Error<<O as Operation>::ErrorCode>>;

/// One call of an endpoint, started by a generated client method; `.await` it for the answer.
///
/// It is a [`Future`] that is `Send` and `Unpin`, so it can be awaited, joined or selected like
/// any other; nothing is sent until it is first polled. Dropping it cancels the call.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'r, O: Operation> {
    future: Pin<Box<dyn Future<Output = CallResult<O>> + Send + 'r>>,
}

impl<'r, O> Call<'r, O>
where
    O: Operation + Sync,
    O::Response: Send,
    O::ErrorCode: Send,
{
    /// [`Client::execute`] of `request`.
    pub fn new(client: &'r Client, request: &'r O) -> Self {
        Self {
            future: Box::pin(client.execute(request)),
        }
    }

    /// [`Client::poll_until_final`] of `request`: queries until the answer is no longer
    /// pending, as `policy` allows.
    pub fn until_final(client: &'r Client, request: &'r O, policy: &'r PollPolicy) -> Self
    where
        O::Response: Pollable,
    {
        Self {
            future: Box::pin(client.poll_until_final(request, policy)),
        }
    }
}

impl<O: Operation> Future for Call<'_, O> {
    type Output = CallResult<O>;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        self.future.as_mut().poll(context)
    }
}

impl<O: Operation> fmt::Debug for Call<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("endpoint", &O::PATH_TEMPLATE)
            .finish_non_exhaustive()
    }
}
