//! The payment gateway's hosted page: the invoice shown in Kazakh and Russian, paid in full by
//! its one button, the payer sent back to the portal with the invoice and its status; a return
//! address off loopback refused.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

mod common;

use common::{send_raw, spawn};

#[tokio::test]
async fn the_payer_pays_on_the_hosted_page_and_returns_to_the_portal() {
    let (sandbox, addr) = spawn().await;
    let back = "http%3A%2F%2F127.0.0.1%3A8080%2Fru%2Fapplications%2FA-1";
    let page = send_raw(&addr, "GET", &format!("/checkout/INV-000002?return={back}&lang=kk"), &[], b"").await;
    assert_eq!(page.status, 200);
    let html = String::from_utf8(page.body).unwrap();
    assert!(html.contains("Төлеу") && html.contains("INV-000002") && html.contains("1 297,50"), "{html}");

    let form = format!("return={back}&lang=kk");
    let form_type = [("Content-Type", "application/x-www-form-urlencoded")];
    let paid = send_raw(&addr, "POST", "/checkout/INV-000002", &form_type, form.as_bytes()).await;
    assert_eq!(paid.status, 303, "{}", String::from_utf8_lossy(&paid.body));
    assert!(
        paid.headers
            .to_ascii_lowercase()
            .contains("location: http://127.0.0.1:8080/ru/applications/a-1?invoice=inv-000002&status=paid"),
        "{}",
        paid.headers
    );
    let statement = sandbox.stats();
    assert_eq!(statement.invoices_created, 0, "paying creates no invoice");
    let again = send_raw(&addr, "GET", &format!("/checkout/INV-000002?return={back}"), &[], b"").await;
    assert!(String::from_utf8(again.body).unwrap().contains("Счёт оплачен."));

    let elsewhere = send_raw(&addr, "GET", "/checkout/INV-000002?return=http%3A%2F%2Fevil.example%2F", &[], b"").await;
    assert_eq!(elsewhere.status, 400);
}
