//! Any bytes as an OCSP response, verified against the NCA test trust store: must not panic.
#![no_main]

use reglament_pki::{OcspOptions, OcspResponse, Trust};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let (Ok(response), Ok(trust)) = (OcspResponse::parse(data), Trust::nca_test()) {
        let _ = trust.verify_ocsp(&response, chrono::DateTime::UNIX_EPOCH, &OcspOptions::default());
    }
});
