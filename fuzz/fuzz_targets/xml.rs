//! Any bytes as a signed XML document, verified against the NCA test trust store: must not panic.
#![no_main]

use reglament_pki::{Trust, UnknownStatus, verify_xml};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(trust) = Trust::nca_test() {
        let _ = verify_xml(data, &trust, chrono::DateTime::UNIX_EPOCH, UnknownStatus::Accept);
    }
});
