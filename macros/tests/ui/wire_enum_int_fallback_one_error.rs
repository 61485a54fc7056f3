// An invalid integer enum is reported once, at the derive: every use of what the derive promises
// (as_i64, is_known, Display, FromStr, serde, the WireIntEnum trait) still type-checks.
use wechatpay_runtime::WireIntEnum;

#[derive(Debug, ::wechatpay_runtime::WireEnum)]
enum Scene {
    #[wire(3)]
    Offline,
}

fn takes_wire_int_enum<E: WireIntEnum>(value: &E) -> i64 {
    value.as_i64()
}

fn main() {
    let scene: Scene = "3".parse().unwrap();
    let _: Result<Scene, wechatpay_runtime::wire_int_enum::ParseWireIntError> = "3".parse();
    println!("{scene} {} {}", scene.as_i64(), scene.is_known());
    let _ = takes_wire_int_enum(&scene);
    let _ = Scene::KNOWN;
    let _ = serde_json::to_string(&scene);
    let _: Result<Scene, _> = serde_json::from_str("3");
}
