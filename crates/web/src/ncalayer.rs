//! An NCALayer-compatible signer for the demo and browser tests: a WebSocket server that speaks
//! the part of NCALayer's JSON protocol the portal uses, signing with one key store chosen at
//! start, so the portal's page talks to it exactly as it talks to NCALayer on a citizen's
//! computer.
//!
//! # Protocol subset
//!
//! On connection the signer sends `{"result":{"version":"1.4"}}`. Each text message is one
//! request `{"module":…,"method":…,"args":…}` and gets one answer.
//!
//! Module `kz.gov.pki.knca.commonUtils` (answers `{"code":"200","responseObject":…}`, refusals
//! `{"code":"500","message":…}`):
//! * `getActiveTokens` → `["PKCS12"]`;
//! * `createCMSSignatureFromBase64` and `createCAdESFromBase64`, args `[storage, keyType, base64
//!   data, attach]` → the base64 DER CMS SignedData (content inside when `attach` is `true`);
//! * `signXml`, args `[storage, keyType, xml, "", ""]` → the document with an enveloped XAdES-B
//!   signature over the whole of it; `signXmls` the same with an array of documents;
//! * `changeLocale`, args `[locale]` → `kk` or `ru` (anything else: Russian) for later refusals.
//!
//! Module `kz.gov.pki.knca.basics`, method `sign`, args `{allowedStorages, format: "cms"|"xml",
//! data, signingParams: {decode, encapsulate, digested}, signerParams: {extKeyUsageOids, chain},
//! locale}` → `{"status":true,"body":{"result":[…]}}`, one signature per document (`data` is one
//! string or an array); refusals `{"status":false,"code":"500","message":…,"details":…}`. These
//! shapes are the ones `ncalayer-js-client` reads; the defaults of absent `signingParams` are
//! this signer's choice (all `false`: the data is signed as its UTF-8 text, detached), and
//! `digested: true` is refused.
//!
//! `storage` must be `PKCS12` (and `allowedStorages` `null` or include it); `keyType`
//! `SIGNATURE` needs a signing certificate, `AUTHENTICATION` an authentication one, anything else
//! takes the key as it is; `extKeyUsageOids` must all be in the certificate's extended key
//! usage as far as [`Certificate::roles`](reglament_pki::Certificate::roles) and the key usage
//! tell (signing `1.3.6.1.5.5.7.3.4`, authentication `1.3.6.1.5.5.7.3.2`; other OIDs are not
//! checked). Any other module or method is refused with code `500`. `XPath` arguments of `signXml`
//! (signing one element, placing the signature elsewhere) are refused.
//!
//! # Differences from NCALayer
//!
//! * Plain `ws://` (NCALayer serves `wss://127.0.0.1:13579` with its own certificate). A page
//!   served from `http://localhost` or `http://127.0.0.1` may open `ws://127.0.0.1:13579`; a page
//!   served over `https://` may be refused the unencrypted connection by the browser's mixed-content
//!   rules, so browser tests serve the portal over plain HTTP and point it at `ws://`.
//! * No dialog and no PIN: every request is signed at once with the chosen key. Any page the
//!   browser opens can ask for a signature, which is why this is for test key stores only.
//! * Signing time is read from the clock when the request arrives; no time-stamp (TSP).
//! * RSA keys only for XML (the CMS side also takes ECDSA P-256); no GOST keys.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use axum::routing::get;
use base64ct::{Base64, Encoding};
use chrono::{DateTime, Utc};
use reglament_pki::{PkiError, SigningKey, sign_cms, sign_xml};
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// The port NCALayer listens on.
pub const DEFAULT_PORT: u16 = 13579;

/// The version the signer reports in its greeting.
pub const VERSION: &str = "1.4";

/// The one storage type the signer offers.
pub const STORAGE: &str = "PKCS12";

const COMMON_UTILS: &str = "kz.gov.pki.knca.commonUtils";
const BASICS: &str = "kz.gov.pki.knca.basics";
const EKU_SIGNING: &str = "1.3.6.1.5.5.7.3.4";
const EKU_AUTHENTICATION: &str = "1.3.6.1.5.5.7.3.2";

/// The signer: one key (with its certificate and chain) that answers every request.
#[derive(Clone)]
pub struct NcaLayer {
    key: Arc<dyn SigningKey + Send + Sync>,
}

impl std::fmt::Debug for NcaLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NcaLayer").field("certificate", &self.key.certificate().subject_label()).finish()
    }
}

impl NcaLayer {
    /// A signer answering with `key`.
    #[must_use]
    pub fn new(key: Arc<dyn SigningKey + Send + Sync>) -> Self {
        Self { key }
    }

    /// The WebSocket endpoint at `/`, as NCALayer's.
    pub fn router(self) -> Router {
        Router::new().route("/", get(upgrade)).with_state(self)
    }

    /// Answers one request text (the signing time is `now`); `locale` is the connection's
    /// language, changed by `changeLocale`.
    fn answer(&self, request: &str, locale: &mut Locale, now: DateTime<Utc>) -> Value {
        let request: Value = match serde_json::from_str(request) {
            Ok(value) => value,
            Err(e) => return common_refusal(&Refusal::Request(format!("not JSON: {e}")), *locale),
        };
        let module = request.get("module").and_then(Value::as_str).unwrap_or("");
        let method = request.get("method").and_then(Value::as_str).unwrap_or("");
        let args = request.get("args").unwrap_or(&Value::Null);
        if module == BASICS && method == "sign" {
            let locale = args.get("locale").and_then(Value::as_str).map_or(*locale, Locale::parse);
            return match self.basics_sign(args, now) {
                Ok(result) => json!({ "status": true, "body": { "result": result } }),
                Err(refusal) => json!({
                    "status": false,
                    "code": "500",
                    "message": refusal.message(locale),
                    "details": refusal.details(),
                }),
            };
        }
        let result = match (module, method) {
            (COMMON_UTILS, "getActiveTokens") => Ok(json!([STORAGE])),
            (COMMON_UTILS, "createCMSSignatureFromBase64" | "createCAdESFromBase64") => self.common_cms(args, now),
            (COMMON_UTILS, "signXml") => self.common_xml(args, now),
            (COMMON_UTILS, "signXmls") => self.common_xmls(args, now),
            (COMMON_UTILS, "changeLocale") => {
                *locale = Locale::parse(text(args, 0, "localeId").unwrap_or(""));
                return json!({ "code": "200" });
            }
            _ => Err(Refusal::Method(format!("{module}.{method}"))),
        };
        match result {
            Ok(object) => json!({ "code": "200", "responseObject": object }),
            Err(refusal) => common_refusal(&refusal, *locale),
        }
    }

    /// The key after the storage and key type of a `commonUtils` request are checked.
    fn common_key(&self, args: &Value) -> Result<&dyn SigningKey, Refusal> {
        let storage = text(args, 0, "storageName")?;
        if storage != STORAGE {
            return Err(Refusal::Storage(storage.to_owned()));
        }
        let certificate = self.key.certificate();
        let wanted = match text(args, 1, "keyType")? {
            "SIGNATURE" => Some(true),
            "AUTHENTICATION" => Some(false),
            _ => None,
        };
        if wanted.is_some_and(|signing| signing != certificate.is_signing()) {
            return Err(Refusal::NoKey);
        }
        Ok(self.key.as_ref())
    }

    fn common_cms(&self, args: &Value, now: DateTime<Utc>) -> Result<Value, Refusal> {
        let key = self.common_key(args)?;
        let data = decode(text(args, 2, "base64Data")?)?;
        let attach = args.get(3).and_then(Value::as_bool).unwrap_or(false);
        Ok(Value::String(Base64::encode_string(&sign_cms(&data, key, now, !attach)?)))
    }

    fn common_xml(&self, args: &Value, now: DateTime<Utc>) -> Result<Value, Refusal> {
        let key = self.common_key(args)?;
        whole_document(args)?;
        Ok(Value::String(sign_xml(text(args, 2, "xml")?, key, now)?))
    }

    fn common_xmls(&self, args: &Value, now: DateTime<Utc>) -> Result<Value, Refusal> {
        let key = self.common_key(args)?;
        whole_document(args)?;
        let documents = args
            .get(2)
            .and_then(Value::as_array)
            .ok_or_else(|| Refusal::Request("argument 3 (xmls) is not an array".into()))?;
        documents
            .iter()
            .map(|d| {
                let xml = d.as_str().ok_or_else(|| Refusal::Request("an element of xmls is not a string".into()))?;
                Ok(Value::String(sign_xml(xml, key, now)?))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array)
    }

    fn basics_sign(&self, args: &Value, now: DateTime<Utc>) -> Result<Value, Refusal> {
        match args.get("allowedStorages") {
            None | Some(Value::Null) => {}
            Some(Value::Array(list)) if list.iter().any(|s| s.as_str() == Some(STORAGE)) => {}
            Some(other) => return Err(Refusal::Storage(other.to_string())),
        }
        let flag = |name: &str| args.get("signingParams").and_then(|p| p.get(name)).and_then(Value::as_bool);
        if flag("digested") == Some(true) {
            return Err(Refusal::Request("signingParams.digested = true is not supported".into()));
        }
        self.check_key_usages(args.get("signerParams").and_then(|p| p.get("extKeyUsageOids")))?;
        let documents: Vec<&str> = match args.get("data") {
            Some(Value::String(one)) => vec![one.as_str()],
            Some(Value::Array(many)) => many
                .iter()
                .map(|d| d.as_str().ok_or_else(|| Refusal::Request("an element of data is not a string".into())))
                .collect::<Result<_, _>>()?,
            _ => return Err(Refusal::Request("data is not a string or an array of strings".into())),
        };
        let key = self.key.as_ref();
        let signatures = match args.get("format").and_then(Value::as_str) {
            Some("cms") => {
                let (decode_base64, encapsulate) = (flag("decode") == Some(true), flag("encapsulate") == Some(true));
                documents
                    .into_iter()
                    .map(|d| {
                        let content = if decode_base64 { decode(d)? } else { d.as_bytes().to_vec() };
                        Ok(Value::String(Base64::encode_string(&sign_cms(&content, key, now, !encapsulate)?)))
                    })
                    .collect::<Result<Vec<_>, Refusal>>()?
            }
            Some("xml") => documents
                .into_iter()
                .map(|d| Ok(Value::String(sign_xml(d, key, now)?)))
                .collect::<Result<Vec<_>, Refusal>>()?,
            other => return Err(Refusal::Request(format!("format {} is not cms or xml", other.unwrap_or("(none)")))),
        };
        Ok(Value::Array(signatures))
    }

    /// `signerParams.extKeyUsageOids`: the signing and authentication purposes must match the
    /// certificate's key use; other OIDs are taken as satisfied.
    fn check_key_usages(&self, oids: Option<&Value>) -> Result<(), Refusal> {
        let signing = self.key.certificate().is_signing();
        for oid in oids.and_then(Value::as_array).into_iter().flatten() {
            match oid.as_str() {
                Some(EKU_SIGNING) if !signing => return Err(Refusal::NoKey),
                Some(EKU_AUTHENTICATION) if signing => return Err(Refusal::NoKey),
                _ => {}
            }
        }
        Ok(())
    }
}

/// A positional string argument of a `commonUtils` request.
fn text<'a>(args: &'a Value, index: usize, name: &str) -> Result<&'a str, Refusal> {
    args.get(index)
        .and_then(Value::as_str)
        .ok_or_else(|| Refusal::Request(format!("argument {} ({name}) is not a string", index + 1)))
}

/// `signXml`'s `XPath` arguments: only the whole document, signature in the root element.
fn whole_document(args: &Value) -> Result<(), Refusal> {
    for index in [3, 4] {
        match args.get(index) {
            None | Some(Value::Null) => {}
            Some(Value::String(path)) if path.is_empty() => {}
            Some(other) => {
                return Err(Refusal::Request(format!(
                    "argument {} is {other}: only the whole document is signed, into its root element",
                    index + 1
                )));
            }
        }
    }
    Ok(())
}

/// Base64 as browsers write it (`btoa`), line breaks allowed.
fn decode(data: &str) -> Result<Vec<u8>, Refusal> {
    let compact: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    Base64::decode_vec(&compact).map_err(|e| Refusal::Request(format!("the data is not base64: {e}")))
}

fn common_refusal(refusal: &Refusal, locale: Locale) -> Value {
    json!({ "code": "500", "message": format!("{}: {}", refusal.message(locale), refusal.details()) })
}

/// The language of refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Locale {
    Kk,
    Ru,
}

impl Locale {
    fn parse(id: &str) -> Self {
        if id.eq_ignore_ascii_case("kk") || id.to_ascii_lowercase().starts_with("kk_") { Self::Kk } else { Self::Ru }
    }
}

/// Why a request was not signed.
#[derive(Debug)]
enum Refusal {
    Request(String),
    Method(String),
    Storage(String),
    NoKey,
    Signing(PkiError),
}

impl From<PkiError> for Refusal {
    fn from(e: PkiError) -> Self {
        Self::Signing(e)
    }
}

impl Refusal {
    /// The text shown to the person, in their language.
    fn message(&self, locale: Locale) -> &'static str {
        let (kk, ru) = match self {
            Self::Request(_) => ("Сұрау дұрыс емес", "Некорректный запрос"),
            Self::Method(_) => ("Мұндай әдіс жоқ", "Такого метода нет"),
            Self::Storage(_) => ("Бұл кілт сақтау орны қолжетімсіз", "Это хранилище ключей недоступно"),
            Self::NoKey => ("Сақтау орнында мұндай түрдегі кілт жоқ", "В хранилище нет ключа такого типа"),
            Self::Signing(_) => ("Қол қою мүмкін болмады", "Не удалось подписать"),
        };
        match locale {
            Locale::Kk => kk,
            Locale::Ru => ru,
        }
    }

    /// The technical detail.
    fn details(&self) -> String {
        match self {
            Self::Request(detail) => detail.clone(),
            Self::Method(name) => format!("unknown module or method {name}"),
            Self::Storage(name) => format!("storage {name}: only {STORAGE} is available"),
            Self::NoKey => "the key store's certificate is not of the requested key type".to_owned(),
            Self::Signing(e) => format!("[{}] {e}", e.code()),
        }
    }
}

async fn upgrade(ws: WebSocketUpgrade, State(signer): State<NcaLayer>) -> Response {
    ws.on_upgrade(move |socket| session(socket, signer))
}

/// One connection: the greeting, then one answer per text message, until the client closes.
async fn session(mut socket: WebSocket, signer: NcaLayer) {
    let greeting = json!({ "result": { "version": VERSION } }).to_string();
    if socket.send(Message::Text(greeting.into())).await.is_err() {
        return;
    }
    let mut locale = Locale::Ru;
    while let Some(Ok(message)) = socket.recv().await {
        let reply = match message {
            Message::Text(request) => signer.answer(request.as_str(), &mut locale, Utc::now()),
            Message::Binary(bytes) => match std::str::from_utf8(&bytes) {
                Ok(request) => signer.answer(request, &mut locale, Utc::now()),
                Err(e) => common_refusal(&Refusal::Request(format!("not UTF-8: {e}")), locale),
            },
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => continue,
        };
        if socket.send(Message::Text(reply.to_string().into())).await.is_err() {
            break;
        }
    }
}

/// Binds `127.0.0.1:port` (0 picks a free port): the only address the signer listens on.
pub async fn bind_ncalayer(port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await
}

/// Serves `signer` on `listener` until the process receives Ctrl-C.
/// A listener on any address other than the loopback is refused (`InvalidInput`).
pub async fn serve_ncalayer(listener: TcpListener, signer: NcaLayer) -> std::io::Result<()> {
    let address = listener.local_addr()?;
    if !address.ip().is_loopback() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("the signer listens on the loopback only, not on {address}"),
        ));
    }
    axum::serve(listener, signer.router())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
