//! Collecting every misuse in one input, so a single build reports them all.

use std::fmt::Display;

use quote::ToTokens;
use syn::Error;

/// The errors found so far in one derive input.
#[derive(Default)]
pub(crate) struct Errors(Option<Error>);

impl Errors {
    /// Records `error`, keeping the earlier ones.
    pub(crate) fn push(&mut self, error: Error) {
        match &mut self.0 {
            Some(first) => first.combine(error),
            None => self.0 = Some(error),
        }
    }

    /// Records `message`, pointing at `tokens`.
    pub(crate) fn spanned(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.push(Error::new_spanned(tokens, message));
    }

    /// Records the error of `result`, if any, and hands back its value.
    pub(crate) fn take<T>(&mut self, result: syn::Result<T>) -> Option<T> {
        result.map_err(|error| self.push(error)).ok()
    }

    /// `Ok` when nothing was recorded, otherwise every error at once.
    pub(crate) fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}
