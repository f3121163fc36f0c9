//! [`HttpGateway`]: one caller (one circuit breaker) per state system, implementing both
//! [`Registries`] — every lookup through one generic path — and [`PaymentGateway`].

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use hyper::Method;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use reglament_domain::StateSystem;
use serde::de::DeserializeOwned;

use crate::GatewayError;
use crate::breaker::BreakerState;
use crate::caller::{Call, Caller, Envelope, EnvelopeSigner, Failure, Reply, json_answer};
use crate::clock::{Clock, Entropy};
use crate::payments::{
    CreateBody, IDEMPOTENCY_KEY_HEADER, Invoice, InvoiceRef, InvoiceRequest, Payment, PaymentGateway, Statement,
};
use crate::policy::GatewayConfig;
use crate::registries::{
    About, Answer, Answered, BoxFuture, Company, CriminalRecord, DispensaryRecord, LicenceList, Person, Query,
    Registries,
};

/// The HTTP clients of the state systems: one caller per configured system, each with its own
/// timeout, retries and circuit breaker, all sharing the sender, the envelope signer, the
/// clock, the entropy and one connection pool.
pub struct HttpGateway {
    callers: BTreeMap<StateSystem, Caller>,
}

impl HttpGateway {
    /// The clients of every system in `config`: breakers and envelope times on `clock`, jitter
    /// and request ids drawn from `entropy`, every envelope signed by `signer` (none: sent
    /// unsigned, which a gateway requiring signatures refuses). A bad base URL or sender is
    /// `gateway.config`, naming the system.
    pub fn new(
        config: GatewayConfig,
        clock: Arc<dyn Clock>,
        entropy: Box<dyn Entropy>,
        signer: Option<EnvelopeSigner>,
    ) -> Result<Self, GatewayError> {
        let http = Client::builder(TokioExecutor::new()).build(HttpConnector::new());
        let entropy = Arc::new(Mutex::new(entropy));
        let envelope = Arc::new(Envelope { sender: config.sender, signer });
        let mut callers = BTreeMap::new();
        for (system, settings) in config.systems {
            let caller = Caller::new(system, settings, http.clone(), clock.clone(), entropy.clone(), envelope.clone())?;
            callers.insert(system, caller);
        }
        drop(clock); // Each caller holds its own handle.
        Ok(Self { callers })
    }

    /// The circuit breaker's state of `system`, if it is configured.
    #[must_use]
    pub fn breaker_state(&self, system: StateSystem) -> Option<BreakerState> {
        self.callers.get(&system).map(|caller| caller.breaker().state())
    }

    fn caller(&self, system: StateSystem) -> Result<&Caller, GatewayError> {
        self.callers
            .get(&system)
            .ok_or_else(|| GatewayError::Config { system, cause: "the system is not configured".into() })
    }

    /// The one lookup path: `GET` the query's path, parse the answer as `T`, check that it is
    /// about what was asked, keep the exact bytes.
    async fn lookup<T: DeserializeOwned + About>(&self, query: &Query) -> Result<Reply<(T, Vec<u8>)>, GatewayError> {
        let caller = self.caller(query.system())?;
        let call = Call { method: Method::GET, path: query.path(), body: None, headers: Vec::new() };
        let what = query.to_string();
        let subject = query.subject();
        caller
            .call(&call, |status, body| {
                let value: T = json_answer(status, body, &what)?;
                let about = value.about();
                if about == subject {
                    Ok((value, body.to_vec()))
                } else {
                    Err(Failure::Malformed(format!("asked for the {what}, answered about {about}")))
                }
            })
            .await
    }

    /// [`HttpGateway::lookup`] as an [`Answered`], the answer wrapped by `wrap`.
    async fn answer<T: DeserializeOwned + About>(
        &self,
        query: &Query,
        wrap: fn(T) -> Answer,
    ) -> Result<Answered, GatewayError> {
        let Reply { value: (value, body), request_id, attempts } = self.lookup(query).await?;
        Ok(Answered { system: query.system(), answer: wrap(value), body, request_id, attempts })
    }

    async fn create_invoice(&self, request: &InvoiceRequest) -> Result<Invoice, GatewayError> {
        let system = StateSystem::Payments;
        let caller = self.caller(system)?;
        let body = CreateBody { payer: &request.payer, amount_tiyn: request.amount, purpose: &request.purpose };
        let body = serde_json::to_vec(&body)
            .map_err(|e| GatewayError::Config { system, cause: format!("encoding the invoice: {e}") })?;
        let call = Call {
            method: Method::POST,
            path: "/invoices".to_owned(),
            body: Some(body),
            headers: vec![(IDEMPOTENCY_KEY_HEADER, request.idempotency_key.as_str())],
        };
        let what = format!("invoice for {}", request.payer);
        let reply = caller
            .call(&call, |status, body| {
                let invoice: Invoice = json_answer(status, body, &what)?;
                if invoice.payer == request.payer && invoice.amount == request.amount {
                    Ok(invoice)
                } else {
                    Err(Failure::Malformed(format!(
                        "invoice {} is for {} {}, asked for {} {}",
                        invoice.reference, invoice.payer, invoice.amount, request.payer, request.amount
                    )))
                }
            })
            .await?;
        Ok(reply.value)
    }

    async fn invoice_status(&self, reference: &InvoiceRef) -> Result<Invoice, GatewayError> {
        let caller = self.caller(StateSystem::Payments)?;
        let call =
            Call { method: Method::GET, path: format!("/invoices/{reference}"), body: None, headers: Vec::new() };
        let what = format!("invoice {reference}");
        let reply = caller
            .call(&call, |status, body| {
                let invoice: Invoice = json_answer(status, body, &what)?;
                if invoice.reference == *reference {
                    Ok(invoice)
                } else {
                    Err(Failure::Malformed(format!("asked for invoice {reference}, answered {}", invoice.reference)))
                }
            })
            .await?;
        Ok(reply.value)
    }

    async fn payment_statement(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Payment>, GatewayError> {
        let caller = self.caller(StateSystem::Payments)?;
        let path = format!("/statement?from={}&to={}", from.format("%Y-%m-%d"), to.format("%Y-%m-%d"));
        let call = Call { method: Method::GET, path, body: None, headers: Vec::new() };
        let what = format!("statement from {from} to {to}");
        let reply = caller
            .call(&call, |status, body| {
                let statement: Statement = json_answer(status, body, &what)?;
                match statement.payments.iter().find(|p| !(from..=to).contains(&p.paid_at.date_naive())) {
                    Some(outside) => Err(Failure::Malformed(format!(
                        "the {what} lists {} paid at {}",
                        outside.reference, outside.paid_at
                    ))),
                    None => Ok(statement.payments),
                }
            })
            .await?;
        Ok(reply.value)
    }
}

impl Registries for HttpGateway {
    fn ask(&self, query: &Query) -> BoxFuture<'_, Result<Answered, GatewayError>> {
        let query = query.clone();
        Box::pin(async move {
            match &query {
                Query::Person(_) => self.answer::<Person>(&query, Answer::Person).await,
                Query::Company(_) => self.answer::<Company>(&query, Answer::Company).await,
                Query::CriminalRecord(_) => self.answer::<CriminalRecord>(&query, Answer::CriminalRecord).await,
                Query::Dispensaries(_) => self.answer::<DispensaryRecord>(&query, Answer::Dispensaries).await,
                Query::Licences(_) => self.answer::<LicenceList>(&query, Answer::Licences).await,
            }
        })
    }
}

impl PaymentGateway for HttpGateway {
    fn invoice(&self, request: &InvoiceRequest) -> BoxFuture<'_, Result<Invoice, GatewayError>> {
        let request = request.clone();
        Box::pin(async move { self.create_invoice(&request).await })
    }

    fn status(&self, reference: &InvoiceRef) -> BoxFuture<'_, Result<Invoice, GatewayError>> {
        let reference = reference.clone();
        Box::pin(async move { self.invoice_status(&reference).await })
    }

    fn statement(&self, from: NaiveDate, to: NaiveDate) -> BoxFuture<'_, Result<Vec<Payment>, GatewayError>> {
        Box::pin(self.payment_statement(from, to))
    }
}
