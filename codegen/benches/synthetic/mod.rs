//! Synthetic spec trees shaped like the real transcriptions (`spec/ecommerce/profitsharing/
//! query_order.yaml`), for measuring the generator at sizes the real spec does not reach yet.
//!
//! A tree holds `settings.yaml`, `shared/` (a shared enum, the `rfc3339` and a charset format,
//! the public error codes) and [`PER_NAMESPACE`] endpoints per namespace directory
//! (`ecommerce/profitsharing/`, `ecommerce/orders/`, … `brand/profitsharing/`, …). Each endpoint
//! has string fields with `string[1,32]`-style limits and examples, three local enums of two to
//! four values, a local `receiver` object of eight fields used as an array, a time field with
//! `format: rfc3339`, a reference to the shared enum, an error table, a JSON response example,
//! history and errata. Every other endpoint is a POST with a JSON body (carrying the receiver
//! array); the others are GET queries whose response says to poll while the status is pending.
//! Every third endpoint has a one-of group; one in ten has a path parameter. Local type names
//! start with the operation name, so they are unique within a namespace.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Endpoints in each namespace directory.
pub const PER_NAMESPACE: usize = 10;

/// The largest tree [`write_tree`] builds: every namespace name is used once.
pub const MAX_ENDPOINTS: usize = TOPS.len() * SUBS.len() * PER_NAMESPACE;

const TOPS: [&str; 10] = [
    "ecommerce",
    "brand",
    "partner",
    "merchant",
    "marketing",
    "payscore",
    "transfer",
    "capital",
    "refund",
    "combine",
];

const SUBS: [&str; 10] = [
    "profitsharing",
    "orders",
    "returns",
    "receivers",
    "bills",
    "refunds",
    "funds",
    "settle",
    "applyments",
    "goods",
];

/// The operations of one namespace: file stem, path segment, page title.
const OPERATIONS: [(&str, &str, &str); PER_NAMESPACE] = [
    ("query_order", "orders", "查询分账结果API"),
    ("create_order", "orders", "请求分账API"),
    ("query_return_order", "returnorders", "查询分账回退结果API"),
    ("create_return_order", "returnorders", "请求分账回退API"),
    ("query_order_detail", "orders", "查询分账单详情API"),
    ("finish_order", "finish-order", "完结分账API"),
    ("query_bill", "bills", "查询分账账单API"),
    ("add_receiver", "receivers/add", "添加分账接收方API"),
    ("query_amounts", "amounts", "查询订单剩余待分金额API"),
    ("apply_refund", "refunds/apply", "请求分账退款API"),
];

const SETTINGS: &str = "\
# Spec-wide settings of a synthetic tree.
length_unit: chars
length_unit_reason: >-
  Every identifier is ASCII, where bytes and characters agree; descriptions may hold Chinese
  text, and counting characters is the lenient reading.
";

const SHARED_ENUMS: &str = "\
# Enums several endpoints share.
enums:
  receiver_fail_reason:
    title: 分账失败原因
    description: 分账失败原因,当分账结果result为RETURNED(已转回分账方)或CLOSED(已关闭)时,返回该字段
    values:
      - value: ACCOUNT_ABNORMAL
        meaning: 分账接收账户异常
      - value: NO_RELATION
        meaning: 分账关系已解除
      - value: RECEIVER_HIGH_RISK
        meaning: 高风险接收方
      - value: TIME_OUT_CLOSED
        meaning: 超时关单
";

const SHARED_FORMATS: &str = "\
# Field formats several endpoints share.
formats:
  rfc3339:
    base: string
    representation: datetime
    description: 遵循rfc3339标准格式,格式为YYYY-MM-DDTHH:mm:ss.sss+TIMEZONE,YYYY-MM-DD表示年月日,T出现在字符串中,表示time元素的开头,HH:mm:ss.sss表示时分秒毫秒,TIMEZONE表示时区(+08:00表示东八区时间,领先UTC 8小时,即北京时间)。
  merchant_order_no:
    base: string
    charset: \"0-9A-Za-z_*@-\"
    description: 商户系统内部的分账单号,只能是数字、大小写字母_-*@ ,同一分账单号多次请求等同一次。
";

const SHARED_ERRORS: &str = "\
# Public error codes that apply to every endpoint.
errors:
  - status: 400
    code: PARAM_ERROR
    description: 参数错误
    solution: 请根据错误提示正确传入参数
  - status: 400
    code: INVALID_REQUEST
    description: \"HTTP\\u00A0请求不符合微信支付 APIv3 接口规则\"
    solution: \"请参阅\\u00A0接口规则\"
  - status: 401
    code: SIGN_ERROR
    description: 验证不通过
    solution: \"请参阅\\u00A0签名常见问题\"
  - status: 500
    code: SYSTEM_ERROR
    description: 系统异常,请稍后重试
    solution: 请稍后重试
  - status: 429
    code: FREQUENCY_LIMITED
    description: 频率限制
    solution: 请降低频率后重试
";

/// Writes a tree of `endpoints` endpoints under `root` (which must exist or be creatable).
///
/// # Panics
///
/// If `endpoints` exceeds [`MAX_ENDPOINTS`].
pub fn write_tree(root: &Path, endpoints: usize) -> io::Result<()> {
    assert!(
        endpoints <= MAX_ENDPOINTS,
        "at most {MAX_ENDPOINTS} synthetic endpoints"
    );
    write_shared(root)?;
    for index in 0..endpoints {
        let namespace = index / PER_NAMESPACE;
        let (top, sub) = (TOPS[namespace / SUBS.len()], SUBS[namespace % SUBS.len()]);
        let dir = root.join(top).join(sub);
        fs::create_dir_all(&dir)?;
        let operation = OPERATIONS[index % PER_NAMESPACE].0;
        fs::write(
            dir.join(format!("{operation}.yaml")),
            endpoint_yaml(index, (top, sub), 0),
        )?;
    }
    Ok(())
}

/// Writes one family of `endpoints` endpoints in the namespace `top/sub` under `root`, beside
/// whatever the tree holds (its settings and shared definitions are written too). Past the first
/// ten, each operation and path carries the round it belongs to (`query_order_3`,
/// `/v3/{top}/{sub}/orders-3`), so the names stay unique in one namespace.
#[allow(dead_code)] // The benchmarks use trees; the tree-writing example uses this as well.
pub fn write_family(root: &Path, (top, sub): (&str, &str), endpoints: usize) -> io::Result<()> {
    write_shared(root)?;
    let dir = root.join(top).join(sub);
    fs::create_dir_all(&dir)?;
    for index in 0..endpoints {
        let round = index / PER_NAMESPACE;
        let operation = operation_name(index, round);
        fs::write(
            dir.join(format!("{operation}.yaml")),
            endpoint_yaml(index, (top, sub), round),
        )?;
    }
    Ok(())
}

/// The operation of endpoint `index` in its namespace's `round`-th ten.
fn operation_name(index: usize, round: usize) -> String {
    let operation = OPERATIONS[index % PER_NAMESPACE].0;
    if round == 0 {
        operation.to_owned()
    } else {
        format!("{operation}_{round}")
    }
}

/// `settings.yaml` and the shared definitions.
fn write_shared(root: &Path) -> io::Result<()> {
    fs::create_dir_all(root.join("shared"))?;
    fs::write(root.join("settings.yaml"), SETTINGS)?;
    fs::write(root.join("shared/enums.yaml"), SHARED_ENUMS)?;
    fs::write(root.join("shared/formats.yaml"), SHARED_FORMATS)?;
    fs::write(root.join("shared/errors.yaml"), SHARED_ERRORS)
}

/// One row of a parameter table.
struct Field<'a> {
    name: &'a str,
    rust_name: Option<&'a str>,
    title: &'a str,
    location: Option<&'a str>,
    ty: &'a str,
    required: &'a str,
    description: &'a str,
    example: Option<String>,
    reference: Option<(&'a str, String)>,
}

impl<'a> Field<'a> {
    fn new(name: &'a str, title: &'a str, ty: &'a str, description: &'a str) -> Self {
        Self {
            name,
            rust_name: None,
            title,
            location: None,
            ty,
            required: "true",
            description,
            example: None,
            reference: None,
        }
    }

    fn at(mut self, location: &'a str) -> Self {
        self.location = Some(location);
        self
    }

    fn required(mut self, required: &'a str) -> Self {
        self.required = required;
        self
    }

    fn example(mut self, example: impl Into<String>) -> Self {
        self.example = Some(example.into());
        self
    }

    /// `enum`, `format` or `object`, with its name.
    fn refers(mut self, key: &'a str, name: impl Into<String>) -> Self {
        self.reference = Some((key, name.into()));
        self
    }

    fn write(&self, out: &mut String, indent: &str) {
        let _ = writeln!(out, "{indent}- name: {}", self.name);
        if let Some(rust_name) = self.rust_name {
            let _ = writeln!(out, "{indent}  rust_name: {rust_name}");
        }
        let _ = writeln!(out, "{indent}  title: {}", self.title);
        if let Some(location) = self.location {
            let _ = writeln!(out, "{indent}  in: {location}");
        }
        let _ = writeln!(out, "{indent}  type: {}", self.ty);
        let _ = writeln!(out, "{indent}  required: {}", self.required);
        if self.description.contains('\n') {
            let _ = writeln!(out, "{indent}  description: |-");
            for line in self.description.lines() {
                let _ = writeln!(out, "{indent}    {line}");
            }
        } else {
            let _ = writeln!(out, "{indent}  description: {}", self.description);
        }
        if let Some(example) = &self.example {
            let _ = writeln!(out, "{indent}  example: \"{example}\"");
        }
        if let Some((key, name)) = &self.reference {
            let _ = writeln!(out, "{indent}  {key}: {name}");
        }
    }
}

/// One endpoint file. `index` makes the examples differ from file to file.
// Nearly all of it is one YAML document in a raw string, read top to bottom as a spec file is;
// cutting it into functions would scatter the document without making any step shorter.
#[allow(clippy::too_many_lines)]
fn endpoint_yaml(index: usize, (top, sub): (&str, &str), round: usize) -> String {
    let slot = index % PER_NAMESPACE;
    let (_, resource, title) = OPERATIONS[slot];
    let operation = operation_name(index, round);
    let op = operation.as_str();
    let resource = if round == 0 {
        resource.to_owned()
    } else {
        format!("{resource}-{round}")
    };
    let post = slot % 2 == 1;
    let one_of = slot % 3 == 2;
    let path_param = slot == 4;
    let location = if post { "body" } else { "query" };

    let sub_mchid = format!("19{index:08}");
    let transaction_id = format!("42000000002020{index:014}");
    let out_order_no = format!("P2015080612{index:05}");
    let order_id = format!("30084507402014{index:014}");
    let receiver_mchid = format!("19{:08}", index + 1);

    let mut path = format!("/v3/{top}/{sub}/{resource}");
    if path_param {
        path.push_str("/{out_order_no}");
    }

    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "\
# Synthetic endpoint {index}, shaped like a transcribed page.
title: {title}
summary: \"发起分账请求后,可调用此接口查询分账结果\\u00A0;发起分账完结请求后,可调用此接口查询分账完结的结果\"
method: {method}
path: {path}
idempotent: {idempotent}
signed_response: true

source:
  document: tests/data/seeds/synthetic_{index:04}.txt
  applicable_to:
    - 电商平台
  updated: \"2020-11-06\"
  version: V1.5
  history:
    - version: V1.5
      date: \"2020-11-06\"
      changes: |-
        1. 分账单状态(status)字段枚举值调整为:
        PROCESSING:处理中
        FINISHED:处理完成
    - version: V1.1
      date: \"2020-02-27\"
      changes: 1. 修改分账接收方描述
    - version: V1.0
      date: \"2019-09-11\"
      changes: 1. 接口上线
  notes:
    - \"请求URL:https://api.mch.weixin.qq.com{path}\"
    - query指该参数需在请求URL传参
    - body指该参数需在请求JSON传参

request:
  fields:
",
        method = if post { "POST" } else { "GET" },
        idempotent = !post,
    );

    // Request table.
    let mut request = vec![
        Field::new(
            "sub_mchid",
            "二级商户号",
            "string[1,32]",
            "分账出资的电商平台二级商户,填写微信支付分配的商户号。",
        )
        .at(location)
        .example(&sub_mchid),
    ];
    if post {
        request.push(
            Field::new(
                "appid",
                "电商平台APPID",
                "string[1,32]",
                "电商平台的APPID,需与商户号有绑定关系。",
            )
            .at(location)
            .example("wx8888888888888888"),
        );
    }
    request.push(
        Field::new(
            "transaction_id",
            "微信订单号",
            "string[1,32]",
            "微信支付订单号。",
        )
        .at(location)
        .example(&transaction_id),
    );
    let out_order_location = if path_param { "path" } else { location };
    request.push(
        Field::new(
            "out_order_no",
            "商户分账单号",
            "string[1,64]",
            "商户系统内部的分账单号,在商户系统内部唯一,同一分账单号多次请求等同一次。",
        )
        .at(out_order_location)
        .required(if one_of { "one_of" } else { "true" })
        .example(&out_order_no)
        .refers("format", "merchant_order_no"),
    );
    if one_of {
        request.push(
            Field::new(
                "order_id",
                "微信分账单号",
                "string[1,64]",
                "微信分账单号,微信系统返回的唯一标识。微信分账单号和商户分账单号二选一填写。",
            )
            .at(location)
            .required("one_of")
            .example(&order_id),
        );
    }
    if post {
        request.push(
            Field::new(
                "receivers",
                "分账接收方列表",
                "array",
                "分账接收方列表,可以设置出资商户作为分账接收方,最多可有50个分账接收方",
            )
            .at(location)
            .refers("object", format!("{op}_receiver")),
        );
        request.push(
            Field::new(
                "finish",
                "是否分账完成",
                "bool",
                "是否完成分账\n1、如果为true,该笔订单剩余未分账的金额会解冻回电商平台二级商户;\n2、如果为false,该笔订单剩余未分账的金额不会解冻回电商平台二级商户,可以对该笔订单再次进行分账。",
            )
            .at(location)
            .example("true"),
        );
    } else {
        request.push(
            Field::new(
                "status",
                "分账单状态",
                "string[1,32]",
                "分账单状态,枚举值:\nPROCESSING:处理中\nFINISHED:处理完成",
            )
            .at(location)
            .required("false")
            .example("FINISHED")
            .refers("enum", format!("{op}_status")),
        );
        request.push(
            Field::new("limit", "最大条数", "int", "本次请求最多返回的记录条数。")
                .at(location)
                .required("false")
                .example("20"),
        );
    }
    for field in &request {
        field.write(&mut out, "    ");
    }
    if one_of {
        let _ = write!(
            out,
            "  one_of:
    - name: {op}_order_ref
      members:
        - order_id
        - out_order_no
      description: 微信分账单号和商户分账单号二选一填写。
"
        );
    } else {
        out.push_str("  one_of: []\n");
    }

    // Response table.
    let _ = write!(
        out,
        "
response:
  name: {op}_result
  description: 分账单及其接收方。
"
    );
    if !post {
        // A query of something still in progress is repeated until it is final.
        out.push_str("  poll:\n    field: status\n    pending: [PROCESSING]\n");
    }
    out.push_str("  fields:\n");
    let response = [
        Field::new(
            "sub_mchid",
            "二级商户号",
            "string[1,32]",
            "分账出资的电商平台二级商户,填写微信支付分配的商户号。",
        )
        .example(&sub_mchid),
        Field::new(
            "transaction_id",
            "微信订单号",
            "string[1,32]",
            "微信支付订单号。",
        )
        .example(&transaction_id),
        Field::new(
            "out_order_no",
            "商户分账单号",
            "string[1,64]",
            "商户系统内部的分账单号,在商户系统内部唯一,同一分账单号多次请求等同一次。",
        )
        .example(&out_order_no),
        Field::new(
            "order_id",
            "微信分账单号",
            "string[1,64]",
            "微信分账单号,微信系统返回的唯一标识",
        )
        .example(&order_id),
        Field::new(
            "status",
            "分账单状态",
            "string[1,32]",
            "分账单状态,枚举值:\nPROCESSING:处理中\nFINISHED:处理完成",
        )
        .example("FINISHED")
        .refers("enum", format!("{op}_status")),
        Field::new(
            "receivers",
            "分账接收方列表",
            "array",
            "分账接收方列表。当查询分账完结的执行结果时,不返回该字段",
        )
        .required("false")
        .refers("object", format!("{op}_receiver")),
        Field::new(
            "close_reason",
            "关单原因",
            "string[1,32]",
            "关单原因描述,当分账单状态status为CLOSED(处理失败,已关单)时,返回该字段。",
        )
        .required("false")
        .example("NO_AUTH"),
        Field::new(
            "finish_amount",
            "分账完结金额",
            "int",
            "分账完结的分账金额,单位为分, 仅当查询分账完结的执行结果时,存在本字段。",
        )
        .required("false")
        .example("100"),
        Field::new(
            "finish_description",
            "分账完结描述",
            "string[1,80]",
            "分账完结的原因描述,仅当查询分账完结的执行结果时,存在本字段。",
        )
        .required("false")
        .example("分账完结"),
        Field::new(
            "success_time",
            "完成时间",
            "string[1,64]",
            "分账单完成的时间,遵循rfc3339标准格式。",
        )
        .required("false")
        .example("2015-05-20T13:29:35.120+08:00")
        .refers("format", "rfc3339"),
    ];
    for field in &response {
        field.write(&mut out, "    ");
    }

    // The receiver object: eight fields, as in query_order.yaml.
    let _ = write!(
        out,
        "
objects:
  {op}_receiver:
    title: 分账接收方
    description: 分账接收方列表(receivers)中的一项
    fields:
"
    );
    let mut receiver_type = Field::new(
        "type",
        "分账接收方类型",
        "string[1,32]",
        "分账接收方类型,枚举值:\nMERCHANT_ID:商户\nPERSONAL_OPENID:个人",
    )
    .required("false")
    .example("MERCHANT_ID")
    .refers("enum", format!("{op}_receiver_type"));
    receiver_type.rust_name = Some("receiver_type");
    let receiver = [
        Field::new(
            "receiver_mchid",
            "分账接收商户号",
            "string[1,32]",
            "填写微信支付分配的商户号,仅支持通过添加分账接收方接口添加的接收方。",
        )
        .required("false")
        .example(&receiver_mchid),
        Field::new(
            "amount",
            "分账金额",
            "int",
            "分账金额,单位为分,只能为整数,不能超过原订单支付金额及最大分账比例金额。",
        )
        .example("100"),
        Field::new(
            "description",
            "分账描述",
            "string[1,80]",
            "分账的原因描述,分账账单中需要体现。",
        )
        .example(format!("分给商户{receiver_mchid}")),
        Field::new(
            "result",
            "分账结果",
            "string[1,32]",
            "分账结果,枚举值:\nPENDING:待分账\nSUCCESS:分账成功\nCLOSED:分账失败已关闭",
        )
        .required("false")
        .example("SUCCESS")
        .refers("enum", format!("{op}_receiver_result")),
        Field::new(
            "finish_time",
            "完成时间",
            "string[1,64]",
            "分账完成时间,遵循rfc3339标准格式,格式为YYYY-MM-DDTHH:mm:ss.sss+TIMEZONE。",
        )
        .required("false")
        .example("2015-05-20T13:29:35.120+08:00")
        .refers("format", "rfc3339"),
        Field::new(
            "fail_reason",
            "分账失败原因",
            "string[1,32]",
            "分账失败原因,当分账结果result为RETURNED(已转回分账方)或CLOSED(已关闭)时,返回该字段",
        )
        .required("false")
        .example("NO_RELATION")
        .refers("enum", "receiver_fail_reason"),
        receiver_type,
        Field::new(
            "receiver_account",
            "分账接收方账号",
            "string[1,64]",
            "分账接收方账号:\n类型是MERCHANT_ID时,是商户号\n类型是PERSONAL_OPENID时,是个人openid",
        )
        .required("false")
        .example(&receiver_mchid),
    ];
    for field in &receiver {
        field.write(&mut out, "      ");
    }

    // Local enums, an error table, examples and errata.
    let _ = write!(
        out,
        r#"
enums:
  {op}_status:
    title: 分账单状态
    description: 分账单状态
    values:
      - value: PROCESSING
        meaning: 处理中
      - value: FINISHED
        meaning: 处理完成
      - value: CLOSED
        meaning: 处理失败,已关单
  {op}_receiver_result:
    title: 分账结果
    description: 分账结果
    values:
      - value: PENDING
        meaning: 待分账
      - value: SUCCESS
        meaning: 分账成功
      - value: CLOSED
        meaning: 分账失败已关闭
        aliases: [FAILED]
      - value: RETURNED
        meaning: 已转回分账方
  {op}_receiver_type:
    title: 分账接收方类型
    description: 分账接收方类型
    values:
      - value: MERCHANT_ID
        meaning: 商户
      - value: PERSONAL_OPENID
        meaning: 个人

errors:
  - status: 500
    code: SYSTEM_ERROR
    description: 系统错误
    solution: 系统异常,请使用相同参数稍后重新调用
  - status: 400
    code: PARAM_ERROR
    description: 商户号未设置
    solution: 请使用正确的参数重新调用
  - status: 429
    code: FREQUENCY_LIMITED
    description: 频率限制
    solution: 请降低频率后重试
  - status: 404
    code: RESOURCE_NOT_EXISTS
    description: 记录不存在
    solution: 请检查请求的单号是否正确

examples:
  request_url: "https://api.mch.weixin.qq.com{path}"
  responses:
    - status: 200
      body: |
        {{
         "sub_mchid": "{sub_mchid}",
         "transaction_id": "{transaction_id}",
         "out_order_no": "{out_order_no}",
         "order_id": "{order_id}",
         "status": "FINISHED",
         "receivers": [
          {{
           "receiver_mchid": "{receiver_mchid}",
           "amount": 100,
           "description": "分给商户{receiver_mchid}",
           "result": "SUCCESS",
           "finish_time": "2015-05-20T13:29:35.120+08:00",
           "fail_reason": "ACCOUNT_ABNORMAL"
          }}
         ],
         "finish_amount": 100,
         "finish_description": "分账完结",
         "success_time": "2015-05-20T13:29:35.120+08:00"
        }}

errata:
  - at: page
    doc_says: "参数名 变量 类型[长度限制] 必填 描述 (no row has a 必填 value)"
    decision: Every required is inferred from the descriptions and the example.
    reason: The page's tables announce a 必填 column but every row skips it.
  - at: response.fields.order_id.example
    doc_says: "示例值: {order_id}"
    decision: Kept as written.
    reason: The JSON example has the same value.
  - at: enums.{op}_status
    doc_says: "分账单状态,枚举值: PROCESSING:处理中 FINISHED:处理完成"
    decision: Value CLOSED (处理失败,已关单) added beyond the table.
    reason: close_reason's description says it is returned when the status is CLOSED.
"#
    );
    out
}
