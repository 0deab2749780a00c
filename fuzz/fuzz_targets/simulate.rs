//! `rolecall simulate` on arbitrary text: an answer or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = rolecall_engine::iam::simulate_text(&text);
});
