//! Any bytes as a CRL: parsing and listing must not panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(crl) = reglament_pki::Crl::parse(data) {
        let _ = (crl.len(), crl.this_update(), crl.next_update(), crl.issuer_der());
    }
});
