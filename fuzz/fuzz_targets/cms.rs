//! Any bytes as a CMS signature, verified against the NCA test trust store: must not panic.
#![no_main]

use reglament_pki::{Trust, UnknownStatus, verify_cms};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(trust) = Trust::nca_test() {
        let _ = verify_cms(data, None, &trust, chrono::DateTime::UNIX_EPOCH, UnknownStatus::Accept);
    }
});
