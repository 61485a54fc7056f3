//! Reading a paged list (`offset` and `limit` query parameters) to its end, one page at a time.
//!
//! The endpoint says how it pages through [`Paged`]; this module decides when the list ends and
//! refuses answers that do not make one list:
//!
//! - The next offset is the offset plus the items received ([`OffsetUnit::Items`]) or plus one
//!   ([`OffsetUnit::Pages`]).
//! - With a total (`total_count`), the list ends once the items up to the current one reach it.
//!   A total smaller than one reported before, and an empty page before the total is reached,
//!   are errors: paging by offset over a list that shrank skips items without a trace, and
//!   returning what was read as if it were the whole list would be a silent truncation. A total
//!   that grows is followed (items were added while reading).
//! - With no total, the list ends at an empty page or at a page shorter than the limit asked for.
//!   (The generated request validates `limit` against its documented maximum, so the service
//!   returns `limit` items on every page but the last.)
//! - At most [`crate::ClientBuilder::max_pages`] pages are read ([`DEFAULT_MAX_PAGES`]): a service
//!   that ignores the offset must not keep a stream busy forever.
//!
//! Every page goes through [`Client::execute`]: it is validated, signed, verified and retried as
//! any call is.

use futures_util::stream::{self, Stream, TryStreamExt as _};

use super::{Client, Error, Response};
use crate::operation::{OffsetUnit, Page, Paged};

/// The default of [`crate::ClientBuilder::max_pages`]: far more pages than any APIv3 list a
/// merchant reads page by page (the largest lists are downloaded as bill files instead).
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

/// Why the pages of a list do not make one list ([`Error::Paging`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PagingError {
    /// A page reported a smaller total than an earlier page: the list changed under the offsets,
    /// and items may have been skipped.
    #[error("the total shrank from {from} to {to} at offset {offset}")]
    TotalShrank {
        /// The total reported before.
        from: u64,
        /// The total this page reported.
        to: u64,
        /// The offset this page was asked for with.
        offset: u64,
    },
    /// A page came back empty before the reported total was reached.
    #[error("an empty page at offset {offset}, after {position} of {total} items")]
    EmptyPage {
        /// The offset this page was asked for with.
        offset: u64,
        /// The items of the list before this page (those before the first offset included).
        position: u64,
        /// The total last reported.
        total: u64,
    },
    /// The list did not end within the page limit.
    #[error("more than {max_pages} pages")]
    TooManyPages {
        /// The limit ([`crate::ClientBuilder::max_pages`]).
        max_pages: u64,
    },
}

/// The bookkeeping of one list: where it is, what it reported, whether it has ended. No I/O, so
/// that every rule is tested without a server.
#[derive(Debug)]
struct Pager {
    unit: OffsetUnit,
    /// The offset of the first page asked for.
    start: u64,
    limit: Option<u64>,
    /// For [`OffsetUnit::Pages`]: the items of a full page (the limit, or else the length of the
    /// first page), to count the items before the first page.
    page_size: Option<u64>,
    /// Items received so far.
    received: u64,
    /// The largest total reported so far.
    total: Option<u64>,
    /// Pages received so far.
    pages: u64,
    max_pages: u64,
}

impl Pager {
    fn new(unit: OffsetUnit, start: u64, limit: Option<u64>, max_pages: u64) -> Self {
        Self {
            unit,
            start,
            limit,
            page_size: None,
            received: 0,
            total: None,
            pages: 0,
            max_pages,
        }
    }

    /// Whether another page may be asked for.
    fn check_cap(&self) -> Result<(), PagingError> {
        if self.pages >= self.max_pages {
            return Err(PagingError::TooManyPages {
                max_pages: self.max_pages,
            });
        }
        Ok(())
    }

    /// The items of the list before the next item, when they can be counted.
    fn position(&self) -> Option<u64> {
        let before = match self.unit {
            OffsetUnit::Items => self.start,
            OffsetUnit::Pages => self.start.saturating_mul(self.page_size?),
        };
        Some(before.saturating_add(self.received))
    }

    /// Takes in the page asked for at `offset`, of `len` items, reporting `total`: the offset of
    /// the next page, or `None` when this page ends the list.
    fn advance(
        &mut self,
        offset: u64,
        len: u64,
        total: Option<u64>,
    ) -> Result<Option<u64>, PagingError> {
        self.pages += 1;
        if let Some(total) = total {
            if let Some(seen) = self.total
                && total < seen
            {
                return Err(PagingError::TotalShrank {
                    from: seen,
                    to: total,
                    offset,
                });
            }
            self.total = Some(total);
        }
        if self.unit == OffsetUnit::Pages && self.page_size.is_none() {
            self.page_size = self.limit.or((len > 0).then_some(len));
        }
        self.received = self.received.saturating_add(len);
        let position = self.position();
        if len == 0 {
            if let (Some(total), Some(position)) = (self.total, position)
                && position < total
            {
                return Err(PagingError::EmptyPage {
                    offset,
                    position,
                    total,
                });
            }
            return Ok(None);
        }
        let ended = match (self.total, position) {
            (Some(total), Some(position)) => position >= total,
            _ => self.limit.is_some_and(|limit| len < limit),
        };
        if ended {
            return Ok(None);
        }
        Ok(Some(match self.unit {
            OffsetUnit::Items => offset.saturating_add(len),
            OffsetUnit::Pages => offset.saturating_add(1),
        }))
    }
}

/// What the stream of pages carries from one page to the next.
struct Pages<O> {
    client: Client,
    request: O,
    pager: Pager,
    ended: bool,
}

impl Client {
    /// The pages of a paged list, from the offset `request` asks for to the end of the list,
    /// each with the `Request-ID` and status of its answer.
    ///
    /// Nothing is sent until the stream is polled; each page is asked for when the one before has
    /// been taken. Each goes through [`Client::execute`] (validation, signing, verification,
    /// retries). The stream ends after the last page, or after its first error: a failed call,
    /// or an [`Error::Paging`] when the answers do not make one list (the module
    /// documentation of [`crate::client::paging`] gives the rules). A page that shows such an
    /// error is not yielded.
    pub fn pages<O>(
        &self,
        request: O,
    ) -> impl Stream<Item = Result<Response<Page<O::Item>>, Error<O::ErrorCode>>> + Send + use<O>
    where
        O: Paged + Send + Sync,
        O::Item: Send,
        O::Response: Send,
        O::ErrorCode: Send,
    {
        let pager = Pager::new(
            O::OFFSET_UNIT,
            request.offset(),
            request.limit(),
            self.inner.max_pages,
        );
        let state = Pages {
            client: self.clone(),
            request,
            pager,
            ended: false,
        };
        stream::try_unfold(state, next_page)
    }

    /// Every item of a paged list, from the offset `request` asks for to the end of the list,
    /// one by one: [`Client::pages`], flattened.
    ///
    /// Nothing is sent until the stream is polled, and a page is asked for only once the items
    /// of the one before have been taken. The stream ends after the last item, or after its
    /// first error (which follows the items of the pages before it).
    ///
    /// ```no_run
    /// # async fn demo<O>(client: wechatpay_runtime::Client, request: O)
    /// # -> Result<(), wechatpay_runtime::Error<O::ErrorCode>>
    /// # where O: wechatpay_runtime::Paged + Send + Sync, O::Item: Send + std::fmt::Debug,
    /// #       O::Response: Send, O::ErrorCode: Send {
    /// use futures_util::TryStreamExt as _;
    ///
    /// let mut items = std::pin::pin!(client.items(request));
    /// while let Some(item) = items.try_next().await? {
    ///     println!("{item:?}");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn items<O>(
        &self,
        request: O,
    ) -> impl Stream<Item = Result<O::Item, Error<O::ErrorCode>>> + Send + use<O>
    where
        O: Paged + Send + Sync,
        O::Item: Send,
        O::Response: Send,
        O::ErrorCode: Send,
    {
        self.pages(request)
            .map_ok(|page| stream::iter(page.into_inner().items.into_iter().map(Ok)))
            .try_flatten()
    }
}

/// Asks for the next page, and decides where the one after starts.
async fn next_page<O>(
    mut state: Pages<O>,
) -> Result<Option<(Response<Page<O::Item>>, Pages<O>)>, Error<O::ErrorCode>>
where
    O: Paged,
{
    if state.ended {
        return Ok(None);
    }
    state.pager.check_cap().map_err(|error| Error::Paging {
        error,
        request_id: None,
    })?;
    let offset = state.request.offset();
    let response = state.client.execute(&state.request).await?;
    let status = response.http_status();
    let attempts = response.attempts();
    let request_id = response.request_id().map(str::to_owned);
    let page = O::into_page(response.into_inner());
    let len = u64::try_from(page.items.len()).unwrap_or(u64::MAX);
    tracing::debug!(offset, len, total = ?page.total, "page received");
    match state.pager.advance(offset, len, page.total) {
        Err(error) => {
            tracing::warn!(%error, "paging stopped");
            return Err(Error::Paging { error, request_id });
        }
        Ok(None) => state.ended = true,
        Ok(Some(next)) => state.request.set_offset(next),
    }
    Ok(Some((
        Response::new(page, status, request_id, attempts),
        state,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds pages of the given lengths and totals; the offsets asked for, then the outcome.
    fn run(
        pager: &mut Pager,
        pages: &[(u64, Option<u64>)],
    ) -> (Vec<u64>, Result<Option<u64>, PagingError>) {
        let mut offset = pager.start;
        let mut asked = Vec::new();
        for &(len, total) in pages {
            if let Err(error) = pager.check_cap() {
                return (asked, Err(error));
            }
            asked.push(offset);
            match pager.advance(offset, len, total) {
                Ok(Some(next)) => offset = next,
                other => return (asked, other),
            }
        }
        (asked, Ok(Some(offset)))
    }

    #[test]
    fn items_offsets_advance_by_the_items_received_up_to_the_total() {
        let mut pager = Pager::new(OffsetUnit::Items, 0, Some(10), 100);
        let (asked, end) = run(&mut pager, &[(10, Some(25)), (10, Some(25)), (5, Some(25))]);
        assert_eq!(asked, [0, 10, 20]);
        assert_eq!(end, Ok(None));
    }

    #[test]
    fn a_start_offset_counts_toward_the_total() {
        let mut pager = Pager::new(OffsetUnit::Items, 20, Some(10), 100);
        let (asked, end) = run(&mut pager, &[(5, Some(25))]);
        assert_eq!((asked, end), (vec![20], Ok(None)));
        // Pages: page 2 of 10 items starts at item 20.
        let mut pager = Pager::new(OffsetUnit::Pages, 2, Some(10), 100);
        let (asked, end) = run(&mut pager, &[(5, Some(25))]);
        assert_eq!((asked, end), (vec![2], Ok(None)));
    }

    #[test]
    fn pages_offsets_advance_by_one() {
        let mut pager = Pager::new(OffsetUnit::Pages, 0, Some(10), 100);
        let (asked, end) = run(
            &mut pager,
            &[(10, Some(30)), (10, Some(30)), (10, Some(30))],
        );
        assert_eq!((asked, end), (vec![0, 1, 2], Ok(None)));
        // Without a limit, the first page's length is the page size.
        let mut pager = Pager::new(OffsetUnit::Pages, 1, None, 100);
        let (asked, end) = run(&mut pager, &[(7, Some(21)), (7, Some(21))]);
        assert_eq!((asked, end), (vec![1, 2], Ok(None)));
    }

    #[test]
    fn without_a_total_a_short_or_empty_page_ends_the_list() {
        let mut pager = Pager::new(OffsetUnit::Items, 0, Some(10), 100);
        let (asked, end) = run(&mut pager, &[(10, None), (3, None)]);
        assert_eq!((asked, end), (vec![0, 10], Ok(None)));
        let mut pager = Pager::new(OffsetUnit::Items, 0, None, 100);
        let (asked, end) = run(&mut pager, &[(10, None), (3, None), (0, None)]);
        assert_eq!((asked, end), (vec![0, 10, 13], Ok(None)));
        let mut pager = Pager::new(OffsetUnit::Items, 0, Some(10), 100);
        assert_eq!(run(&mut pager, &[(0, Some(0))]).1, Ok(None));
    }

    #[test]
    fn a_shrinking_total_is_an_error_and_a_growing_one_is_followed() {
        let mut pager = Pager::new(OffsetUnit::Items, 0, Some(10), 100);
        let (_, end) = run(&mut pager, &[(10, Some(25)), (10, Some(20))]);
        let error = end.unwrap_err();
        assert_eq!(
            error,
            PagingError::TotalShrank {
                from: 25,
                to: 20,
                offset: 10
            }
        );
        assert_eq!(
            error.to_string(),
            "the total shrank from 25 to 20 at offset 10"
        );

        let mut pager = Pager::new(OffsetUnit::Items, 0, Some(10), 100);
        let (asked, end) = run(&mut pager, &[(10, Some(15)), (10, Some(22)), (2, Some(22))]);
        assert_eq!((asked, end), (vec![0, 10, 20], Ok(None)));
    }

    #[test]
    fn an_empty_page_before_the_total_is_an_error() {
        let mut pager = Pager::new(OffsetUnit::Items, 0, Some(10), 100);
        let (_, end) = run(&mut pager, &[(10, Some(25)), (0, Some(25))]);
        assert_eq!(
            end,
            Err(PagingError::EmptyPage {
                offset: 10,
                position: 10,
                total: 25
            })
        );
        // A short page before the total is followed by another request, not taken as the end.
        let mut pager = Pager::new(OffsetUnit::Items, 0, Some(10), 100);
        let (asked, end) = run(&mut pager, &[(10, Some(25)), (4, Some(25)), (0, None)]);
        assert_eq!(asked, [0, 10, 14]);
        assert!(matches!(
            end,
            Err(PagingError::EmptyPage { position: 14, .. })
        ));
    }

    #[test]
    fn the_page_cap_stops_a_list_that_never_ends() {
        let mut pager = Pager::new(OffsetUnit::Items, 0, Some(10), 3);
        let (asked, end) = run(&mut pager, &[(10, None); 5]);
        assert_eq!(asked, [0, 10, 20]);
        assert_eq!(end, Err(PagingError::TooManyPages { max_pages: 3 }));
    }
}
