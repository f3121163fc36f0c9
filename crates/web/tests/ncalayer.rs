//! The NCALayer-compatible signer over a real WebSocket: the server on port 0 with the NCA RSA
//! test key store, a WebSocket client speaking NCALayer's JSON as the portal's page does — the
//! version greeting, `getActiveTokens`, CMS and XML signatures that verify with the NCA test
//! trust anchors, the `basics` module's `sign`, and refusals in NCALayer's shapes.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use std::sync::Arc;

use base64ct::{Base64, Encoding};
use chrono::{DateTime, SubsecRound, Utc};
use futures_util::{SinkExt, StreamExt};
use reglament_pki::{SoftwareKey, Status, Trust, UnknownStatus, verify_cms, verify_xml};
use reglament_web::ncalayer::{NcaLayer, bind_ncalayer, serve_ncalayer};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

const STORE: &[u8] = include_bytes!("../../pki/tests/nca/keys/key_individual_valid_sign_2004.p12");
const COMMON: &str = "kz.gov.pki.knca.commonUtils";
const APPLICATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
    <application xmlns=\"urn:reglament:application\">\n  \
    <applicant iin=\"123456789011\">Тестов Тест</applicant>\n</application>\n";

type Client = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The certificate of the test key store is valid 2021-01-18..2022-01-18: verify inside it.
fn valid_instant() -> DateTime<Utc> {
    "2021-06-01T00:00:00Z".parse().unwrap()
}

/// Starts the signer on a free loopback port and connects; returns the client after the greeting.
async fn connect() -> (Client, Value) {
    let key = SoftwareKey::from_pkcs12(STORE, "Qwerty12").unwrap();
    let listener = bind_ncalayer(0).await.unwrap();
    let address = listener.local_addr().unwrap();
    assert!(address.ip().is_loopback());
    tokio::spawn(serve_ncalayer(listener, NcaLayer::new(Arc::new(key))));
    let (mut client, _) = tokio_tungstenite::connect_async(format!("ws://{address}/")).await.unwrap();
    let greeting = receive(&mut client).await;
    (client, greeting)
}

async fn receive(client: &mut Client) -> Value {
    loop {
        match client.next().await.unwrap().unwrap() {
            Message::Text(text) => return serde_json::from_str(text.as_str()).unwrap(),
            Message::Ping(_) | Message::Pong(_) => {}
            other => panic!("unexpected message {other:?}"),
        }
    }
}

async fn call(client: &mut Client, request: &Value) -> Value {
    client.send(Message::Text(request.to_string().into())).await.unwrap();
    receive(client).await
}

fn base64(value: &Value) -> Vec<u8> {
    Base64::decode_vec(value.as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn the_portal_protocol_signs_cms_and_xml_that_verify_with_the_nca_test_anchors() {
    let (mut client, greeting) = connect().await;
    assert_eq!(greeting, json!({ "result": { "version": "1.4" } }));

    let tokens = call(&mut client, &json!({ "module": COMMON, "method": "getActiveTokens" })).await;
    assert_eq!(tokens, json!({ "code": "200", "responseObject": ["PKCS12"] }));

    let content = "Өтініш / Заявление № 1".as_bytes();
    // CMS signing times are whole seconds.
    let before = Utc::now().trunc_subsecs(0);
    let answer = call(
        &mut client,
        &json!({
            "module": COMMON,
            "method": "createCMSSignatureFromBase64",
            "args": ["PKCS12", "SIGNATURE", Base64::encode_string(content), true],
        }),
    )
    .await;
    let after = Utc::now();
    assert_eq!(answer["code"], "200", "{answer}");
    let cms = base64(&answer["responseObject"]);
    let trust = Trust::nca_test().unwrap();
    let verified = verify_cms(&cms, None, &trust, valid_instant(), UnknownStatus::Refuse).unwrap();
    assert_eq!(verified.content, content);
    let first = &verified.signers[0];
    assert_eq!(first.subject.iin.as_deref(), Some("123456789011"));
    assert_eq!(first.status, Status::Good);
    // The signing time is the server's clock when the request arrived.
    let time = first.signing_time.unwrap();
    assert!(before <= time && time <= after, "{before} <= {time} <= {after}");

    // Detached: the content is left out and must be supplied to verify.
    let answer = call(
        &mut client,
        &json!({
            "module": COMMON,
            "method": "createCMSSignatureFromBase64",
            "args": ["PKCS12", "SIGNATURE", Base64::encode_string(content), false],
        }),
    )
    .await;
    let detached = base64(&answer["responseObject"]);
    assert!(verify_cms(&detached, None, &trust, valid_instant(), UnknownStatus::Refuse).is_err());
    verify_cms(&detached, Some(content), &trust, valid_instant(), UnknownStatus::Refuse).unwrap();

    let answer = call(
        &mut client,
        &json!({ "module": COMMON, "method": "signXml", "args": ["PKCS12", "SIGNATURE", APPLICATION, "", ""] }),
    )
    .await;
    assert_eq!(answer["code"], "200", "{answer}");
    let xml = answer["responseObject"].as_str().unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<application"));
    let signatures = verify_xml(xml.as_bytes(), &trust, valid_instant(), UnknownStatus::Refuse).unwrap();
    assert_eq!(signatures.len(), 1);
    assert!(signatures[0].covers_document());
    assert_eq!(signatures[0].signer.subject.iin.as_deref(), Some("123456789011"));

    let unknown = call(&mut client, &json!({ "module": COMMON, "method": "browseKeyStore", "args": [] })).await;
    assert_eq!(unknown["code"], "500");
    let message = unknown["message"].as_str().unwrap();
    assert!(message.contains("Такого метода нет") && message.contains("browseKeyStore"), "{message}");

    client.close(None).await.unwrap();
}

#[tokio::test]
async fn the_basics_module_signs_each_document_and_refuses_in_its_own_shape() {
    let (mut client, _) = connect().await;
    let trust = Trust::nca_test().unwrap();
    let documents = ["бірінші", "второй"];
    let answer = call(
        &mut client,
        &json!({
            "module": "kz.gov.pki.knca.basics",
            "method": "sign",
            "args": {
                "allowedStorages": ["PKCS12"],
                "format": "cms",
                "data": documents.iter().map(|d| Base64::encode_string(d.as_bytes())).collect::<Vec<_>>(),
                "signingParams": { "decode": true, "encapsulate": false, "digested": false, "tsaProfile": {} },
                "signerParams": { "extKeyUsageOids": ["1.3.6.1.5.5.7.3.4"], "chain": [] },
                "locale": "ru",
            },
        }),
    )
    .await;
    assert_eq!(answer["status"], true, "{answer}");
    let result = answer["body"]["result"].as_array().unwrap();
    assert_eq!(result.len(), 2);
    for (signature, document) in result.iter().zip(documents) {
        let signed =
            verify_cms(&base64(signature), Some(document.as_bytes()), &trust, valid_instant(), UnknownStatus::Refuse)
                .unwrap();
        assert_eq!(signed.signers[0].subject.iin.as_deref(), Some("123456789011"));
    }

    let answer = call(
        &mut client,
        &json!({
            "module": "kz.gov.pki.knca.basics",
            "method": "sign",
            "args": { "allowedStorages": null, "format": "xml", "data": APPLICATION, "signingParams": {},
                      "signerParams": { "extKeyUsageOids": [] }, "locale": "kk" },
        }),
    )
    .await;
    let xml = answer["body"]["result"][0].as_str().unwrap();
    verify_xml(xml.as_bytes(), &trust, valid_instant(), UnknownStatus::Refuse).unwrap();

    // Without signing parameters the data is signed as its UTF-8 text, detached.
    let answer = call(
        &mut client,
        &json!({ "module": "kz.gov.pki.knca.basics", "method": "sign", "args": { "format": "cms", "data": "мәтін" } }),
    )
    .await;
    let detached = base64(&answer["body"]["result"][0]);
    verify_cms(&detached, Some("мәтін".as_bytes()), &trust, valid_instant(), UnknownStatus::Refuse).unwrap();

    // An authentication certificate is asked for; the store holds a signing one.
    let answer = call(
        &mut client,
        &json!({
            "module": "kz.gov.pki.knca.basics",
            "method": "sign",
            "args": { "format": "cms", "data": "eA==", "signerParams": { "extKeyUsageOids": ["1.3.6.1.5.5.7.3.2"] },
                      "locale": "kk" },
        }),
    )
    .await;
    assert_eq!(answer["status"], false);
    assert_eq!(answer["code"], "500");
    assert_eq!(answer["message"], "Сақтау орнында мұндай түрдегі кілт жоқ");
    assert!(answer["details"].as_str().unwrap().contains("key type"));
}

#[tokio::test]
async fn refusals_answer_code_500_with_a_message_in_the_chosen_language() {
    let (mut client, _) = connect().await;
    let refused = |answer: &Value, text: &str| {
        assert_eq!(answer["code"], "500", "{answer}");
        let message = answer["message"].as_str().unwrap();
        assert!(message.contains(text), "{message} should contain {text}");
    };
    let cms = |args: Value| json!({ "module": COMMON, "method": "createCMSSignatureFromBase64", "args": args });

    refused(&call(&mut client, &cms(json!(["AKKaztokenStore", "SIGNATURE", "eA==", true]))).await, "AKKaztokenStore");
    refused(&call(&mut client, &cms(json!(["PKCS12", "AUTHENTICATION", "eA==", true]))).await, "ключа такого типа");
    refused(&call(&mut client, &cms(json!(["PKCS12", "SIGNATURE", "not base64!", true]))).await, "base64");
    refused(&call(&mut client, &cms(json!(["PKCS12"]))).await, "keyType");
    let xpath =
        json!({ "module": COMMON, "method": "signXml", "args": ["PKCS12", "SIGNATURE", APPLICATION, "//a", ""] });
    refused(&call(&mut client, &xpath).await, "whole document");
    let broken = json!({ "module": COMMON, "method": "signXml", "args": ["PKCS12", "SIGNATURE", "<a>", "", ""] });
    refused(&call(&mut client, &broken).await, "pki.parse");

    client.send(Message::Text("{not json".into())).await.unwrap();
    refused(&receive(&mut client).await, "Некорректный запрос");

    let locale = call(&mut client, &json!({ "module": COMMON, "method": "changeLocale", "args": ["kk"] })).await;
    assert_eq!(locale, json!({ "code": "200" }));
    refused(
        &call(&mut client, &json!({ "module": "kz.digiflow.mobile.extensions", "method": "getVersion" })).await,
        "Мұндай әдіс жоқ",
    );

    // The connection still serves after refusals.
    let tokens = call(&mut client, &json!({ "module": COMMON, "method": "getActiveTokens" })).await;
    assert_eq!(tokens["code"], "200");
}

#[tokio::test]
async fn the_signer_refuses_to_serve_beyond_the_loopback() {
    let key = SoftwareKey::from_pkcs12(STORE, "Qwerty12").unwrap();
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    let error = serve_ncalayer(listener, NcaLayer::new(Arc::new(key))).await.unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
}
