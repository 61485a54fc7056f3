//! HTTP methods.

use std::fmt;
use std::str::FromStr;

/// An HTTP method an endpoint may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
#[non_exhaustive]
pub enum Method {
    /// `GET`
    #[cfg_attr(feature = "serde", serde(rename = "GET"))]
    Get,
    /// `POST`
    #[cfg_attr(feature = "serde", serde(rename = "POST"))]
    Post,
    /// `PUT`
    #[cfg_attr(feature = "serde", serde(rename = "PUT"))]
    Put,
    /// `PATCH`
    #[cfg_attr(feature = "serde", serde(rename = "PATCH"))]
    Patch,
    /// `DELETE`
    #[cfg_attr(feature = "serde", serde(rename = "DELETE"))]
    Delete,
}

impl Method {
    /// Every method, in the order above.
    pub const ALL: [Method; 5] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ];

    /// The method as it stands in the request line and in the signed message.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    /// The name of the variant (`Get`), as generated code spells it.
    pub const fn variant_name(self) -> &'static str {
        match self {
            Self::Get => "Get",
            Self::Post => "Post",
            Self::Put => "Put",
            Self::Patch => "Patch",
            Self::Delete => "Delete",
        }
    }

    /// Whether a request with this method carries no body (the spec puts such parameters in
    /// the query). A DELETE may carry one: five APIv3 DELETEs send a JSON body.
    pub const fn has_no_body(self) -> bool {
        matches!(self, Self::Get)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A method name that is none of [`Method::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownMethod(pub String);

impl fmt::Display for UnknownMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a method an endpoint may use (GET, POST, PUT, PATCH, DELETE)",
            self.0
        )
    }
}

impl std::error::Error for UnknownMethod {}

impl FromStr for Method {
    type Err = UnknownMethod;

    /// Reads the method as written on the wire, upper case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Method::ALL
            .into_iter()
            .find(|method| method.as_str() == text)
            .ok_or_else(|| UnknownMethod(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelled_as_on_the_wire_both_ways() {
        for method in Method::ALL {
            assert_eq!(method.as_str().parse::<Method>(), Ok(method));
            assert_eq!(method.to_string(), method.as_str());
            assert_eq!(method.variant_name().to_uppercase(), method.as_str());
        }
        assert!("get".parse::<Method>().is_err());
        assert!(
            "FETCH"
                .parse::<Method>()
                .unwrap_err()
                .to_string()
                .contains("FETCH")
        );
    }
}
