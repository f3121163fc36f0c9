//! Any bytes as a PKCS#12 key store (with the fixtures' password): must not panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = reglament_pki::SoftwareKey::from_pkcs12(data, "Qwerty12");
});
