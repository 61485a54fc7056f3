//! `paging`: the request fields that move through a list, and the response fields that carry
//! one page of it.

use crate::diagnostics::FileReporter;
use crate::model::{Field, Location, Object, Paging, Presence, Request, Type};
use crate::spec::PagingDef;

/// The paging fields by index, when each names a field of the right kind.
pub(super) fn check(
    paging: &PagingDef,
    request: &Request,
    response: &Object,
    report: &mut FileReporter,
) -> Option<Paging> {
    let offset = query_integer(&request.fields, &paging.offset, "paging.offset", report);
    let limit = query_integer(&request.fields, &paging.limit, "paging.limit", report);
    let items = response_field(response, &paging.items, "paging.items", report).filter(|&i| {
        let is_array = matches!(response.fields[i].ty, Type::Array(_));
        if !is_array {
            report.error(
                "paging.items",
                format!(
                    "`{}` is not an array; it should hold the page's items",
                    paging.items
                ),
            );
        }
        is_array
    });
    let total = match &paging.total {
        None => Some(None),
        Some(name) => response_field(response, name, "paging.total", report)
            .filter(|&i| {
                let is_integer = is_integer(&response.fields[i].ty);
                if !is_integer {
                    report.error(
                        "paging.total",
                        format!("`{name}` is not an integer; it should count every item"),
                    );
                }
                is_integer
            })
            .map(Some),
    };
    Some(Paging {
        offset: offset?,
        limit: limit?,
        items: items?,
        total: total?,
        offset_unit: paging.offset_counts,
    })
}

fn is_integer(ty: &Type) -> bool {
    matches!(ty, Type::Integer | Type::UnsignedInteger)
}

/// A request field sent in the query as an integer, outside any one-of group.
fn query_integer(
    fields: &[Field],
    name: &str,
    at: &str,
    report: &mut FileReporter,
) -> Option<usize> {
    let Some(index) = fields.iter().position(|f| f.wire_name == name) else {
        report.error(at, format!("the request has no field `{name}`"));
        return None;
    };
    let field = &fields[index];
    let fits = field.location == Some(Location::Query)
        && is_integer(&field.ty)
        && !matches!(field.presence, Presence::OneOf(_));
    if !fits {
        report.error(
            at,
            format!("`{name}` should be an integer query parameter outside any one-of group"),
        );
        return None;
    }
    Some(index)
}

fn response_field(
    response: &Object,
    name: &str,
    at: &str,
    report: &mut FileReporter,
) -> Option<usize> {
    let index = response.fields.iter().position(|f| f.wire_name == name);
    if index.is_none() {
        report.error(at, format!("the response has no field `{name}`"));
    }
    index
}
