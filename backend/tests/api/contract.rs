//! The committed contract (`openapi/openapi.json`) must equal what the backend generates:
//! run `make openapi` after changing routes or DTOs (the frontend is generated from it).

#[test]
fn committed_openapi_matches_the_code() {
    let a = domicilia::startup::openapi();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).expect("openapi/openapi.json");
    let b: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert!(
        a == b,
        "openapi/openapi.json is stale: run `make openapi` and commit it"
    );
}
