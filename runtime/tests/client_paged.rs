//! Paged lists (`offset` and `limit`) read to their end through `Client::items` and
//! `Client::pages`, against a local server serving pages, with a hand-made `Paged` endpoint:
//! offsets in items and in pages, lists with and without a total, laziness, retries of a page,
//! and every kind of bad paging ending the stream with a typed error.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::{StreamExt as _, TryStreamExt as _};
use wechatpay_apiv3::shared::ErrorCode;
use wechatpay_runtime::client::PagingError;
use wechatpay_runtime::protocol::verify::VerificationError;
use wechatpay_runtime::{
    Error, FieldPath, Method, OffsetUnit, Operation, Page, Paged, QueryString, Validate, Violation,
};

use common::{Answer, Received, Server, Signing, client_of, client_with};

/// A list endpoint as generated code would describe it; `PAGES` says whether its `offset`
/// counts pages (分页页码) or items (分页开始位置).
#[derive(Debug, Clone)]
struct ListThings<const PAGES: bool> {
    offset: Option<u64>,
    limit: Option<u64>,
}

impl<const PAGES: bool> ListThings<PAGES> {
    fn new(limit: Option<u64>) -> Self {
        Self {
            offset: None,
            limit,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
struct Thing {
    id: u64,
}

#[derive(Debug, serde::Deserialize)]
struct ThingList {
    #[serde(default)]
    data: Vec<Thing>,
    #[serde(default)]
    total_count: Option<u64>,
}

impl<const PAGES: bool> Validate for ListThings<PAGES> {
    fn validate_at(&self, _path: &FieldPath<'_>, _out: &mut Vec<Violation>) {}
}

impl<const PAGES: bool> Operation for ListThings<PAGES> {
    type Response = ThingList;
    type ErrorCode = ErrorCode;
    const METHOD: Method = Method::Get;
    const PATH_TEMPLATE: &'static str = "/v3/things";
    const IDEMPOTENT: bool = true;
    const SIGNED_RESPONSE: bool = true;

    fn write_query(&self, query: &mut QueryString) {
        if let Some(offset) = self.offset {
            query.push_display("offset", offset);
        }
        if let Some(limit) = self.limit {
            query.push_display("limit", limit);
        }
    }
}

impl<const PAGES: bool> Paged for ListThings<PAGES> {
    type Item = Thing;
    const OFFSET_UNIT: OffsetUnit = if PAGES {
        OffsetUnit::Pages
    } else {
        OffsetUnit::Items
    };

    fn offset(&self) -> u64 {
        self.offset.unwrap_or(0)
    }

    fn set_offset(&mut self, offset: u64) {
        self.offset = Some(offset);
    }

    fn limit(&self) -> Option<u64> {
        self.limit
    }

    fn into_page(response: ThingList) -> Page<Thing> {
        Page::new(response.data, response.total_count)
    }
}

type Items = ListThings<false>;
type Pages = ListThings<true>;

/// The page of a list of `len` things (ids from 0) that `request` asks for, 10 things a page
/// when the request names no limit; `with_total` adds `total_count`.
fn page_of(request: &Received, len: u64, unit: OffsetUnit, with_total: bool) -> Answer {
    let limit = request.param("limit").unwrap_or(10);
    let offset = request.param("offset").unwrap_or(0);
    let first = match unit {
        OffsetUnit::Items => offset,
        OffsetUnit::Pages => offset * limit,
    };
    let data: Vec<_> = (first..len.min(first + limit))
        .map(|id| serde_json::json!({ "id": id }))
        .collect();
    let mut body = serde_json::json!({ "data": data, "offset": offset, "limit": limit });
    if with_total {
        body["total_count"] = len.into();
    }
    Answer::json(200, &body)
}

fn ids(things: &[Thing]) -> Vec<u64> {
    things.iter().map(|thing| thing.id).collect()
}

#[tokio::test]
async fn items_offsets_read_every_item_up_to_the_total() {
    let server = Server::start(|r| page_of(r, 25, OffsetUnit::Items, true)).await;
    let (client, _) = client_of(&server);
    let things: Vec<Thing> = client
        .items(Items::new(Some(10)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&things), (0..25).collect::<Vec<_>>());
    // Offsets advance by the items received; the first request sends none (the request's own).
    assert_eq!(server.params("offset"), [None, Some(10), Some(20)]);
    assert_eq!(server.params("limit"), [Some(10); 3]);
    assert!(server.received().iter().all(|r| r.method == "GET"));
}

#[tokio::test]
async fn a_start_offset_is_kept() {
    let server = Server::start(|r| page_of(r, 25, OffsetUnit::Items, true)).await;
    let (client, _) = client_of(&server);
    let mut request = Items::new(Some(10));
    request.set_offset(15);
    let things: Vec<Thing> = client.items(request).try_collect().await.unwrap();
    assert_eq!(ids(&things), (15..25).collect::<Vec<_>>());
    assert_eq!(server.params("offset"), [Some(15)]);
}

#[tokio::test]
async fn pages_offsets_advance_by_one_page() {
    let server = Server::start(|r| page_of(r, 23, OffsetUnit::Pages, true)).await;
    let (client, _) = client_of(&server);
    let things: Vec<Thing> = client
        .items(Pages::new(Some(10)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&things), (0..23).collect::<Vec<_>>());
    assert_eq!(server.params("offset"), [None, Some(1), Some(2)]);

    // Without a limit the service's page size holds (10 here), and there is no total either.
    let server = Server::start(|r| page_of(r, 23, OffsetUnit::Pages, false)).await;
    let (client, _) = client_of(&server);
    let things: Vec<Thing> = client.items(Pages::new(None)).try_collect().await.unwrap();
    assert_eq!(ids(&things), (0..23).collect::<Vec<_>>());
    // Without a limit, "short" is not known: the list ends at the empty page after it.
    assert_eq!(server.params("offset"), [None, Some(1), Some(2), Some(3)]);
    assert_eq!(server.params("limit"), [None; 4]);
}

#[tokio::test]
async fn without_a_total_a_short_or_empty_page_ends_the_list() {
    let server = Server::start(|r| page_of(r, 25, OffsetUnit::Items, false)).await;
    let (client, _) = client_of(&server);
    let things: Vec<Thing> = client
        .items(Items::new(Some(10)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(things.len(), 25);
    assert_eq!(server.params("offset"), [None, Some(10), Some(20)]);

    // A list that fills its last page exactly ends at the empty page after it.
    let server = Server::start(|r| page_of(r, 20, OffsetUnit::Items, false)).await;
    let (client, _) = client_of(&server);
    let things: Vec<Thing> = client
        .items(Items::new(Some(10)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(things.len(), 20);
    assert_eq!(server.params("offset"), [None, Some(10), Some(20)]);

    // An empty list: one request, no item.
    let server = Server::start(|r| page_of(r, 0, OffsetUnit::Items, true)).await;
    let (client, _) = client_of(&server);
    let things: Vec<Thing> = client
        .items(Items::new(Some(10)))
        .try_collect()
        .await
        .unwrap();
    assert!(things.is_empty());
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn pages_are_fetched_lazily() {
    let server = Server::start(|r| page_of(r, 25, OffsetUnit::Items, true)).await;
    let (client, _) = client_of(&server);
    let stream = client.items(Items::new(Some(10)));
    tokio::task::yield_now().await;
    assert!(
        server.received().is_empty(),
        "nothing is sent before a poll"
    );

    let mut stream = std::pin::pin!(stream);
    let first: Vec<Thing> = stream.as_mut().take(10).try_collect().await.unwrap();
    assert_eq!(ids(&first), (0..10).collect::<Vec<_>>());
    assert_eq!(
        server.received().len(),
        1,
        "the second page is not asked for yet"
    );
    let next = stream.next().await.unwrap().unwrap();
    assert_eq!(next.id, 10);
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn pages_carry_their_request_ids() {
    let server = Server::start(|r| page_of(r, 25, OffsetUnit::Items, true)).await;
    let (client, _) = client_of(&server);
    let pages: Vec<_> = client
        .pages(Items::new(Some(10)))
        .try_collect()
        .await
        .unwrap();
    let summary: Vec<_> = pages
        .iter()
        .map(|page| {
            (
                page.items.len(),
                page.total,
                page.request_id(),
                page.http_status(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (10, Some(25), Some("REQ-0"), 200),
            (10, Some(25), Some("REQ-1"), 200),
            (5, Some(25), Some("REQ-2"), 200),
        ]
    );
}

/// The stream owns what it needs: it can be moved to another task.
#[tokio::test]
async fn the_stream_is_send_and_owns_its_state() {
    let server = Server::start(|r| page_of(r, 25, OffsetUnit::Items, true)).await;
    let (client, _) = client_of(&server);
    let stream = client.items(Items::new(Some(10)));
    drop(client);
    let things: Vec<Thing> = tokio::spawn(stream.try_collect()).await.unwrap().unwrap();
    assert_eq!(things.len(), 25);
}

/// Collects the stream: the items before the error, the error, and what follows it.
async fn collect_until_error<O>(
    stream: impl futures_util::Stream<Item = Result<O, Error<ErrorCode>>>,
) -> (Vec<O>, Error<ErrorCode>, usize) {
    let mut stream = std::pin::pin!(stream);
    let mut items = Vec::new();
    loop {
        match stream.next().await {
            Some(Ok(item)) => items.push(item),
            Some(Err(error)) => {
                let mut after = 0;
                while stream.next().await.is_some() {
                    after += 1;
                }
                return (items, error, after);
            }
            None => panic!("the stream ended without an error"),
        }
    }
}

#[tokio::test]
async fn a_total_that_shrinks_mid_stream_is_an_error() {
    let server = Server::start(|r| {
        let len = if r.param("offset").unwrap_or(0) >= 10 {
            20
        } else {
            25
        };
        page_of(r, len, OffsetUnit::Items, true)
    })
    .await;
    let (client, _) = client_of(&server);
    let (things, error, after) = collect_until_error(client.items(Items::new(Some(10)))).await;
    assert_eq!(
        ids(&things),
        (0..10).collect::<Vec<_>>(),
        "page 2 is not yielded"
    );
    assert_eq!(after, 0, "the stream ends after the error");
    assert_eq!(server.received().len(), 2);
    let Error::Paging {
        error: paging,
        request_id,
    } = &error
    else {
        panic!("expected a paging error, got {error:?}");
    };
    assert_eq!(
        *paging,
        PagingError::TotalShrank {
            from: 25,
            to: 20,
            offset: 10
        }
    );
    assert_eq!(request_id.as_deref(), Some("REQ-1"));
    assert_eq!(error.request_id(), Some("REQ-1"));
    // Display says what failed at this level; the cause is the source.
    assert_eq!(
        error.to_string(),
        "cannot read the list to its end (Request-ID REQ-1)"
    );
    assert_eq!(
        std::error::Error::source(&error).unwrap().to_string(),
        "the total shrank from 25 to 20 at offset 10"
    );
}

#[tokio::test]
async fn an_empty_page_before_the_total_is_an_error() {
    let server = Server::start(|r| {
        if r.param("offset") == Some(20) {
            Answer::json(200, &serde_json::json!({ "data": [], "total_count": 25 }))
        } else {
            page_of(r, 25, OffsetUnit::Items, true)
        }
    })
    .await;
    let (client, _) = client_of(&server);
    let (things, error, after) = collect_until_error(client.items(Items::new(Some(10)))).await;
    assert_eq!(things.len(), 20);
    assert_eq!(after, 0);
    assert!(
        matches!(
            error,
            Error::Paging {
                error: PagingError::EmptyPage {
                    offset: 20,
                    position: 20,
                    total: 25
                },
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        std::error::Error::source(&error).unwrap().to_string(),
        "an empty page at offset 20, after 20 of 25 items"
    );
}

#[tokio::test]
async fn a_fault_on_page_two_is_retried_for_an_idempotent_get() {
    let faults = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&faults);
    let server = Server::start(move |r| {
        if r.param("offset") == Some(10) && counter.fetch_add(1, Ordering::SeqCst) == 0 {
            Answer::json(
                500,
                &serde_json::json!({ "code": "SYSTEM_ERROR", "message": "系统错误" }),
            )
            .signing(Signing::Unsigned)
        } else {
            page_of(r, 25, OffsetUnit::Items, true)
        }
    })
    .await;
    let (client, sleeper) = client_of(&server);
    let pages: Vec<_> = client
        .pages(Items::new(Some(10)))
        .try_collect()
        .await
        .unwrap();
    let things: Vec<u64> = pages.iter().flat_map(|page| ids(&page.items)).collect();
    assert_eq!(things, (0..25).collect::<Vec<_>>());
    assert_eq!(
        server.params("offset"),
        [None, Some(10), Some(10), Some(20)]
    );
    assert_eq!(pages[1].attempts(), 2, "page 2 took a retry");
    assert_eq!(sleeper.slept().len(), 1);
}

#[tokio::test]
async fn a_page_level_error_ends_the_stream() {
    // An error answer that is not retried.
    let server = Server::start(|r| {
        if r.param("offset") == Some(10) {
            Answer::json(
                400,
                &serde_json::json!({ "code": "PARAM_ERROR", "message": "参数错误" }),
            )
            .signing(Signing::Unsigned)
        } else {
            page_of(r, 25, OffsetUnit::Items, true)
        }
    })
    .await;
    let (client, _) = client_of(&server);
    let (things, error, after) = collect_until_error(client.items(Items::new(Some(10)))).await;
    assert_eq!((things.len(), after), (10, 0));
    assert_eq!(error.api().unwrap().code_str(), Some("PARAM_ERROR"));
    assert_eq!(server.received().len(), 2);

    // A forged page: rejected, not retried, and the stream ends.
    let server = Server::start(|r| {
        let answer = page_of(r, 25, OffsetUnit::Items, true);
        if r.param("offset") == Some(10) {
            answer.signing(Signing::OtherKey)
        } else {
            answer
        }
    })
    .await;
    let (client, _) = client_of(&server);
    let (things, error, after) = collect_until_error(client.items(Items::new(Some(10)))).await;
    assert_eq!((things.len(), after), (10, 0));
    assert!(
        matches!(
            error,
            Error::Verification {
                error: VerificationError::BadSignature,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_server_ignoring_the_offset_stops_at_the_page_cap() {
    // Always the first page, never a total: without the cap this would never end.
    let server = Server::start(|_| {
        let data: Vec<_> = (0..10).map(|id| serde_json::json!({ "id": id })).collect();
        Answer::json(200, &serde_json::json!({ "data": data }))
    })
    .await;
    let (client, _) = client_with(&server, |builder| builder.max_pages(3));
    let (things, error, after) = collect_until_error(client.items(Items::new(Some(10)))).await;
    assert_eq!((things.len(), after), (30, 0));
    assert!(
        matches!(
            error,
            Error::Paging {
                error: PagingError::TooManyPages { max_pages: 3 },
                request_id: None
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "cannot read the list to its end");
    assert_eq!(server.received().len(), 3);
}

#[test]
fn the_default_page_cap() {
    assert_eq!(wechatpay_runtime::client::DEFAULT_MAX_PAGES, 10_000);
}
