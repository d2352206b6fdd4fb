//! Generates the API client (types + one function per operation) from the committed
//! OpenAPI document: if the contract changes incompatibly, the app stops compiling.
fn main() {
    let spec_path = "../openapi/openapi.json";
    println!("cargo:rerun-if-changed={spec_path}");
    let raw = std::fs::read_to_string(spec_path)
        .unwrap_or_else(|e| panic!("cannot read {spec_path}: {e}"));
    let spec: serde_json::Value =
        serde_json::from_str(&raw).unwrap_or_else(|e| panic!("invalid {spec_path}: {e}"));
    let out =
        std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("api_gen.rs");
    std::fs::write(&out, openapi_codegen::generate(&spec))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
