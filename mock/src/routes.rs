//! Routing: one route per endpoint of the loaded specs, each served by the same handler, and a
//! fallback that answers 404 for anything else.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::RawPathParams;
use axum::extract::rejection::RawPathParamsRejection;
use axum::http::{Method, Request, Response};
use axum::routing::{MethodFilter, MethodRouter};
use wechatpay_spec::model::{Api, Endpoint, Method as SpecMethod, Type};

use crate::handler;
use crate::log::ReceivedRequest;
use crate::respond;
use crate::server::{App, MockError};

/// One endpoint served.
pub(crate) struct Route {
    /// Index into the mock's loaded APIs.
    pub(crate) api: usize,
    /// Index into that API's endpoints.
    pub(crate) endpoint: usize,
    /// `METHOD /path/template`.
    pub(crate) name: String,
    /// Whether a user's spec describes it (`MockConfig::user_spec_dir`): product rules, written
    /// for the project's specs, leave such a route to the generic answer.
    pub(crate) from_user: bool,
    /// The records it reads and writes: `<namespace>/<response name>`, or for a paged list
    /// `<namespace>/<item object name>`, so that the endpoint creating such an item (whose
    /// response bears the item's name) and the list share one collection.
    pub(crate) collection: String,
}

/// A route per endpoint of `apis`, of which those from index `first_user` on are users' specs.
/// Two endpoints may not claim the same method and path, except that a user's spec may
/// describe a route the project's specs also have (a page changed before the project caught
/// up, or a user's own reading of it): the user's is served.
pub(crate) fn table(apis: &[Api], first_user: usize) -> Result<Vec<Route>, MockError> {
    let mut routes: Vec<Route> = Vec::new();
    for (a, api) in apis.iter().enumerate() {
        for (e, endpoint) in api.endpoints.iter().enumerate() {
            let name = endpoint.route();
            let route = Route {
                api: a,
                endpoint: e,
                collection: format!(
                    "{}/{}",
                    endpoint.namespace.join("/"),
                    records_name(api, endpoint)
                ),
                from_user: a >= first_user,
                name,
            };
            match routes.iter_mut().find(|r| r.name == route.name) {
                Some(project) if route.from_user && !project.from_user => *project = route,
                Some(_) => return Err(MockError::DuplicateRoute(route.name)),
                None => routes.push(route),
            }
        }
    }
    Ok(routes)
}

/// What an endpoint's records are called: the items of a paged list, or its response.
fn records_name<'a>(api: &'a Api, endpoint: &'a Endpoint) -> &'a str {
    let item = endpoint.paging.as_ref().and_then(|paging| {
        match &endpoint.response.fields.get(paging.items)?.ty {
            Type::Array(item) => match item.as_ref() {
                Type::Object(reference) => api.object_def(reference),
                _ => None,
            },
            _ => None,
        }
    });
    item.map_or(&endpoint.response.name, |object| &object.name)
}

/// The axum router serving every route of `app`.
pub(crate) fn router(app: &Arc<App>) -> Result<axum::Router, MockError> {
    let mut by_path: BTreeMap<String, MethodRouter> = BTreeMap::new();
    for (index, route) in app.routes.iter().enumerate() {
        let (_, endpoint) = app.endpoint(route);
        let filter = method_filter(endpoint.method)?;
        let handler_app = Arc::clone(app);
        let handler = move |params: Result<RawPathParams, RawPathParamsRejection>,
                            request: Request<Body>| {
            let app = Arc::clone(&handler_app);
            async move { handler::handle(app, index, params, request).await }
        };
        let path = axum_path(endpoint);
        let entry = by_path.remove(&path).unwrap_or_default();
        by_path.insert(path, entry.on(filter, handler));
    }
    let mut router = axum::Router::new();
    for (path, methods) in by_path {
        // A method the path does not serve is answered as an unknown route is, with an APIv3
        // error body (axum's own 405 has none).
        let fallback_app = Arc::clone(app);
        let methods = methods.fallback(move |request: Request<Body>| {
            let app = Arc::clone(&fallback_app);
            async move { unknown_route(&app, request) }
        });
        router = router.route(&path, methods);
    }
    // The mock's own control route: no spec defines it, and no WeChat Pay path starts /mock/.
    let notify_app = Arc::clone(app);
    router = router.route(
        crate::notify::CONTROL_PATH,
        axum::routing::post(move |body: axum::body::Bytes| {
            let app = Arc::clone(&notify_app);
            async move { crate::notify::control(&app, &body) }
        }),
    );
    let fallback_app = Arc::clone(app);
    Ok(router.fallback(move |request: Request<Body>| {
        let app = Arc::clone(&fallback_app);
        async move { unknown_route(&app, request) }
    }))
}

/// The router's pattern for an endpoint's path, built from the parsed template: axum writes a
/// parameter segment `{name}`, and a literal segment stands as it is (templates hold no braces).
fn axum_path(endpoint: &Endpoint) -> String {
    endpoint.path.render(|name| format!("{{{name}}}"))
}

fn method_filter(method: SpecMethod) -> Result<MethodFilter, MockError> {
    let unsupported = || MockError::UnsupportedMethod(method.to_string());
    let method = Method::from_bytes(method.as_str().as_bytes()).map_err(|_| unsupported())?;
    MethodFilter::try_from(method).map_err(|_| unsupported())
}

/// 404 for a method and path no spec defines, signed as every answer is.
fn unknown_route(app: &App, request: Request<Body>) -> Response<Body> {
    let target = handler::target_of(&request);
    app.log(|| ReceivedRequest {
        route: format!("{} {target}", request.method()),
        target,
        // Unknown routes are not authenticated: logged by their line only.
        headers: Vec::new(),
        body: Vec::new(),
        body_len: 0,
        status: 404,
    });
    let now = app.config.clock.now_unix();
    let body = respond::error_body(
        "NOT_FOUND",
        "no endpoint of the mock's specs has this method and path",
        None,
    );
    respond::signed(404, body, &app.signer(now), &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> Api {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
        wechatpay_spec::load_api(std::path::Path::new(dir)).unwrap()
    }

    #[test]
    fn a_users_spec_of_a_project_route_is_served_and_two_project_ones_collide() {
        let users = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/custom-endpoint/spec"
        );
        let users = wechatpay_spec::load_user_api(std::path::Path::new(users))
            .unwrap()
            .0;
        let apis = [project(), users];
        let routes = table(&apis, 1).unwrap();
        let split = routes
            .iter()
            .find(|r| r.name == "POST /v3/ecommerce/profitsharing/orders")
            .unwrap();
        assert_eq!((split.api, split.from_user), (1, true));
        let project_only = routes
            .iter()
            .find(|r| r.name == "GET /v3/ecommerce/profitsharing/returnorders")
            .unwrap();
        assert_eq!((project_only.api, project_only.from_user), (0, false));
        assert_eq!(
            routes.iter().filter(|r| r.name == split.name).count(),
            1,
            "one route per method and path"
        );
        let twice = [project(), project()];
        assert!(matches!(
            table(&twice, 2),
            Err(MockError::DuplicateRoute(_))
        ));
    }
}
