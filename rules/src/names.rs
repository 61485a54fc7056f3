//! Names that one crate derives and another relies on.

use heck::ToSnakeCase as _;

/// The wire name the `Validate` derive reports a one-of variant under when its
/// `#[validate(name = "…")]` is left out: the variant's name in snake_case (`OutOrderNo` →
/// `out_order_no`). The generator leaves the name out exactly when this gives the wire name.
pub fn variant_wire_name(variant: &str) -> String {
    variant.to_snake_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_the_variant() {
        assert_eq!(variant_wire_name("OutOrderNo"), "out_order_no");
        assert_eq!(variant_wire_name("TransactionId"), "transaction_id");
    }
}
