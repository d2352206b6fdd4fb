//! `domicilia-bindgen <app.wasm> <out dir> <out name>`: what
//! `wasm-bindgen --target web --no-typescript --out-dir <dir> --out-name <name> <app.wasm>`
//! writes (the JS glue and `<name>_bg.wasm`), through the same library.
use anyhow::{Context, bail};
use std::process::ExitCode;

fn run() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, out_name] = args.as_slice() else {
        bail!("usage: domicilia-bindgen <app.wasm> <out dir> <out name>");
    };
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(input)
        .out_name(out_name)
        .web(true)?
        .typescript(false)
        .generate(out_dir)
        .with_context(|| format!("wasm-bindgen on {input}"))
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("domicilia-bindgen: {e:#}");
            ExitCode::FAILURE
        }
    }
}
