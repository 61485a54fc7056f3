//! Where the APIv3 is served: a primary domain and a backup one in another place, which a
//! client turns to after a connection failure (WeChat Pay's 主/备域名). The client connects to
//! them; the OpenAPI export lists them as servers; the reference names them.

/// The primary API domain, as a base URL: the nearest access point.
pub const PRIMARY_BASE_URL: &str = "https://api.mch.weixin.qq.com";

/// The backup API domain, as a base URL: an access point elsewhere, used after a connection
/// failure.
pub const BACKUP_BASE_URL: &str = "https://api2.mch.weixin.qq.com";
