//! Any bytes as a certificate (DER or PEM): parsing and reading every field must not panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(cert) = reglament_pki::Certificate::parse(data) {
        let _ = (cert.subject(), cert.roles(), cert.key_usage(), cert.validity(), cert.public_key(), cert.tbs_der());
    }
});
