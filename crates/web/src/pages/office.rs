//! The back office's sign-in (`/{lang}/office/sign-in`: an NCA key only; the IIN must be on a
//! provider's staff list and the certificate's organisation BIN must be that provider's).

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::{Markup, html};
use reglament_store::{SessionKind, Store};

use super::sign_in::{Challenge, KeyCheck, KeyForm, NextQuery, View, check_key, key_form, refuse_key, render};
use super::{PageError, language};
use crate::auth::session::{self, NewSession};
use crate::auth::{ClientAddress, Refusal, limit, safe_next, texts};
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
    let (holder, subjects) = match check_key(&state, lang, client, &headers, &form, true).await? {
        KeyCheck::Holder(holder, subjects) => (holder, subjects),
        KeyCheck::Answer(page) => return Ok(page),
    };
    let now = Utc::now();
    let rows = state.store().staff(&holder.iin).await.map_err(|e| fail(e.into()))?;
    let mine: Vec<_> = rows.iter().filter(|r| Some(&r.provider_bin) == holder.bin.as_ref()).collect();
    let checked = if rows.is_empty() {
        Err(Refusal::new("auth.not_staff", texts::NOT_STAFF))
    } else if mine.is_empty() {
        Err(Refusal::new("auth.wrong_provider", texts::WRONG_PROVIDER))
    } else {
        Ok(mine.iter().map(|r| r.role.clone()).collect())
    };
    let roles = match checked {
        Ok(roles) => roles,
        Err(refusal) => {
            limit::failed(&state, &subjects, now).await.map_err(fail)?;
            return refuse_key(&state, &headers, lang, &form, true, StatusCode::UNAUTHORIZED, &refusal).await;
        }
    };
    let who =
        NewSession { kind: SessionKind::Official, iin: holder.iin, name: holder.name, provider_bin: holder.bin, roles };
    let cookie = session::start(&state, who, now).await.map_err(fail)?;
    let to = safe_next(form.next.as_deref(), format!("/{}/office", lang.code()));
    Ok(session::with_cookie(Redirect::to(&to).into_response(), &cookie))
}
