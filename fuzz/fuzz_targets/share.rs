//! The share-link decoder on arbitrary fragments: a state or a clear error, never a panic, and
//! whatever it accepts encodes back to a link it accepts again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolecall_web::share::{decode, encode};

fuzz_target!(|data: &[u8]| {
    let fragment = String::from_utf8_lossy(data);
    if let Ok(Some(state)) = decode(&fragment) {
        let again = encode(&state);
        assert!(matches!(decode(&again), Ok(Some(_))), "re-encoded link rejected");
    }
});
