//! The back office's sign-in (`/{lang}/office/sign-in`: an NCA key only; the IIN must be on a
//! provider's staff list and the certificate's organisation BIN must be that provider's).

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::{Markup, html};
use reglament_store::{SessionKind, Store};

use super::sign_in::{Challenge, FieldError, KeyForm, NextQuery, View, key_form, render};
use super::{PageError, language};
use crate::auth::session::{self, NewSession};
use crate::auth::{ClientAddress, Refusal, key, limit, safe_next, texts};
use crate::state::AppState;

/// The content of the office sign-in page.
pub(crate) fn sign_in_content(view: &View<'_>, csrf: &str, challenge: &Challenge<'_>) -> Markup {
    let lang = view.lang;
    html! {
        h1 { (texts::OFFICE_SIGN_IN.get(lang)) }
        p { (texts::OFFICE_SIGN_IN_ABOUT.get(lang)) }
        div.cards { (key_form(view, &format!("/{}/office/sign-in/key", lang.code()), csrf, challenge)) }
    }
}

/// `GET /{lang}/office/sign-in`.
pub async fn sign_in(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    Query(q): Query<NextQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let view = View { lang, next: q.next.as_deref().unwrap_or(""), iin: "", error: None, office: true };
    render(&state, &headers, StatusCode::OK, view).await
}

/// `POST /{lang}/office/sign-in/key`: the challenge signed with the official's key.
pub async fn by_key(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    client: ClientAddress,
    headers: HeaderMap,
    Form(form): Form<KeyForm>,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let fail = |e| PageError(e, lang);
    session::verify_pre_session_csrf(&headers, form.csrf.as_deref()).map_err(fail)?;
    let now = Utc::now();
    let next = form.next.as_deref().unwrap_or("");
    let refused = |status, refusal: &Refusal| {
        let error = Some(FieldError { field: "cms", message: refusal.message(lang) });
        (status, View { lang, next, iin: "", error, office: true })
    };
    let mut subjects = limit::subjects(None, client);
    if limit::blocked(&state, &subjects, now).await.map_err(fail)? {
        let (status, v) = refused(StatusCode::TOO_MANY_REQUESTS, &Refusal::new("auth.rate_limited", texts::TOO_MANY));
        return render(&state, &headers, status, v).await;
    }
    let nonce = form.nonce.as_deref().unwrap_or("");
    let checked = match key::verify(&state, nonce, form.cms.as_deref().unwrap_or(""), now).await.map_err(fail)? {
        Ok(holder) => {
            subjects.push(format!("iin:{}", holder.iin));
            let rows = state.store().staff(&holder.iin).await.map_err(|e| fail(e.into()))?;
            let mine: Vec<_> = rows.iter().filter(|r| Some(&r.provider_bin) == holder.bin.as_ref()).collect();
            if rows.is_empty() {
                Err(Refusal::new("auth.not_staff", texts::NOT_STAFF))
            } else if mine.is_empty() {
                Err(Refusal::new("auth.wrong_provider", texts::WRONG_PROVIDER))
            } else {
                let roles = mine.iter().map(|r| r.role.clone()).collect();
                Ok((holder, roles))
            }
        }
        Err(refusal) => Err(refusal),
    };
    let (holder, roles) = match checked {
        Ok(found) => found,
        Err(refusal) => {
            limit::failed(&state, &subjects, now).await.map_err(fail)?;
            let (status, v) = refused(StatusCode::UNAUTHORIZED, &refusal);
            return render(&state, &headers, status, v).await;
        }
    };
    let who =
        NewSession { kind: SessionKind::Official, iin: holder.iin, name: holder.name, provider_bin: holder.bin, roles };
    let cookie = session::start(&state, who, now).await.map_err(fail)?;
    let to = safe_next(Some(next), format!("/{}/office", lang.code()));
    Ok(session::with_cookie(Redirect::to(&to).into_response(), &cookie))
}
