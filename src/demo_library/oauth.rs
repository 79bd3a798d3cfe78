//! Browser sign-in (Authentication for OPDS "OAuth implicit"): `GET /oauth/authorize` shows a
//! card-and-PIN form in the patron's language; `POST /oauth/authorize` checks it and sends the
//! browser back to the app's loopback `redirect_uri` with a bearer token in the URL fragment
//! (`#access_token=…&token_type=bearer&state=…&expires_in=3600`), signed like the basic-token
//! flow's. Only loopback `http` redirect addresses are served, so the page cannot be used to send
//! a token (or anyone) elsewhere.

use std::net::IpAddr;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use url::Url;

use super::auth::{TOKEN_LIFETIME, patron_pin};
use super::web::{self, App, xml_escape as escape};
use super::{DEMO_CARD, DEMO_PIN};

/// The path of the sign-in page (the flow's `authenticate` link).
pub(super) const AUTHORIZE_PATH: &str = "/oauth/authorize";

/// A valid authorization request.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Authorize {
    client_id: String,
    redirect_uri: Url,
    state: Option<String>,
    response_type: String,
}

/// Why a request is refused without sending the browser anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// No `redirect_uri`, or not an address.
    NoRedirect,
    /// A `redirect_uri` that is not `http` on this computer.
    NotLoopback,
}

/// Whether `url` is an `http` address on this computer (RFC 8252 §7.3; any port).
pub(super) fn is_loopback_redirect(url: &Url) -> bool {
    if url.scheme() != "http" || !url.username().is_empty() || url.password().is_some() {
        return false;
    }
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

fn pairs(text: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(text).into_owned().collect()
}

fn value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn read_request(pairs: &[(String, String)]) -> Result<Authorize, Refusal> {
    let redirect = value(pairs, "redirect_uri").ok_or(Refusal::NoRedirect)?;
    let redirect_uri = Url::parse(redirect).map_err(|_| Refusal::NoRedirect)?;
    if !is_loopback_redirect(&redirect_uri) {
        return Err(Refusal::NotLoopback);
    }
    Ok(Authorize {
        client_id: value(pairs, "client_id").unwrap_or_default().to_owned(),
        redirect_uri,
        state: value(pairs, "state").map(str::to_owned),
        response_type: value(pairs, "response_type").unwrap_or_default().to_owned(),
    })
}

/// `redirect_uri` with `fields` (and the request's `state`) in its fragment.
fn back_to_app(request: &Authorize, fields: &[(&str, &str)]) -> Response {
    let mut fragment = url::form_urlencoded::Serializer::new(String::new());
    fragment.extend_pairs(fields);
    if let Some(state) = &request.state {
        fragment.append_pair("state", state);
    }
    let mut location = request.redirect_uri.clone();
    location.set_fragment(Some(&fragment.finish()));
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(location.as_str()) {
        headers.insert(header::LOCATION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// `GET /oauth/authorize`: the sign-in form.
pub(super) async fn get_authorize(headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let ja = web::wants_japanese(&headers);
    let pairs = pairs(query.unwrap_or_default().as_bytes());
    match read_request(&pairs) {
        Err(refusal) => refused(ja, refusal),
        Ok(request) if request.response_type != "token" => {
            back_to_app(&request, &[("error", "unsupported_response_type")])
        }
        Ok(request) => form(ja, &request, None),
    }
}

/// `POST /oauth/authorize`: checks card and PIN, then back to the app with a token (or with
/// `error=access_denied` when the patron chose Cancel).
pub(super) async fn post_authorize(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    let ja = web::wants_japanese(&headers);
    let pairs = pairs(&body);
    let request = match read_request(&pairs) {
        Err(refusal) => return refused(ja, refusal),
        Ok(request) if request.response_type != "token" => {
            return back_to_app(&request, &[("error", "unsupported_response_type")]);
        }
        Ok(request) => request,
    };
    if value(&pairs, "action") == Some("deny") {
        return back_to_app(&request, &[("error", "access_denied")]);
    }
    let card = value(&pairs, "card").unwrap_or_default().trim();
    let pin = value(&pairs, "pin").unwrap_or_default();
    if card.is_empty() || patron_pin(card) != Some(pin) {
        return form(ja, &request, Some(card));
    }
    let token = app.0.token_key.issue(card, app.0.clock.now() + TOKEN_LIFETIME);
    let lifetime = TOKEN_LIFETIME.whole_seconds().to_string();
    back_to_app(&request, &[("access_token", &token), ("token_type", "bearer"), ("expires_in", &lifetime)])
}

/// An HTML answer that cannot be framed or load anything.
fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    response
}

fn page(ja: bool, title: &str, content: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>\
         <body><main><h1>{title}</h1>{content}</main></body></html>",
        lang = if ja { "ja" } else { "en" },
    )
}

/// 400: the request names no loopback address to return to.
fn refused(ja: bool, refusal: Refusal) -> Response {
    let text = match (refusal, ja) {
        (Refusal::NoRedirect, false) => {
            "This sign-in request does not say where to return. Start again from the app."
        }
        (Refusal::NoRedirect, true) => {
            "このログイン要求には戻り先がありません。アプリからやり直してください。"
        }
        (Refusal::NotLoopback, false) => {
            "This sign-in request would send you to another site. Only apps on this computer may sign in here."
        }
        (Refusal::NotLoopback, true) => {
            "このログイン要求は別のサイトへ移動しようとしています。このページでは、このパソコンのアプリだけがログインできます。"
        }
    };
    let title = if ja { "ログインできません" } else { "Cannot sign in" };
    html(StatusCode::BAD_REQUEST, page(ja, title, &format!("<p role=\"alert\">{}</p>", escape(text))))
}

/// The card-and-PIN form; `wrong` is the card typed when the PIN was refused.
fn form(ja: bool, request: &Authorize, wrong: Option<&str>) -> Response {
    let t = |en: &'static str, jp: &'static str| if ja { jp } else { en };
    let fields = [
        Some(("client_id", request.client_id.as_str())),
        Some(("redirect_uri", request.redirect_uri.as_str())),
        request.state.as_deref().map(|state| ("state", state)),
        Some(("response_type", request.response_type.as_str())),
    ];
    let hidden: String = fields
        .iter()
        .flatten()
        .map(|(name, value)| format!("<input type=\"hidden\" name=\"{name}\" value=\"{}\">", escape(value)))
        .collect();
    let problem = match wrong {
        Some(_) => format!(
            "<p id=\"problem\" role=\"alert\">{}</p>",
            t(
                "The card number or PIN is wrong. Check them and try again.",
                "利用者カード番号または暗証番号が正しくありません。確認してもう一度入力してください。"
            )
        ),
        None => String::new(),
    };
    let invalid = if wrong.is_some() { " aria-invalid=\"true\" aria-describedby=\"problem\"" } else { "" };
    let content = format!(
        "<p>{intro}</p>{problem}\
         <form method=\"post\" action=\"{AUTHORIZE_PATH}\">{hidden}\
         <p><label for=\"card\">{card_label}</label><br>\
         <input id=\"card\" name=\"card\" type=\"text\" inputmode=\"numeric\" autocomplete=\"username\" \
         maxlength=\"8\" required autofocus value=\"{card}\"{invalid}></p>\
         <p><label for=\"pin\">{pin_label}</label><br>\
         <input id=\"pin\" name=\"pin\" type=\"password\" inputmode=\"numeric\" autocomplete=\"current-password\" \
         maxlength=\"4\" required{invalid}></p>\
         <p><button type=\"submit\" name=\"action\" value=\"allow\">{submit}</button> \
         <button type=\"submit\" name=\"action\" value=\"deny\" formnovalidate>{cancel}</button></p>\
         </form><p>{practice}</p>",
        intro = escape(&if ja {
            format!("「{}」があなたの図書館アカウントを使おうとしています。", request.client_id)
        } else {
            format!("“{}” asks to use your library account.", request.client_id)
        }),
        card = escape(wrong.unwrap_or_default()),
        card_label = t("Library card number", "利用者カード番号"),
        pin_label = t("PIN", "暗証番号"),
        submit = t("Sign in", "ログイン"),
        cancel = t("Cancel", "キャンセル"),
        practice = if ja {
            format!("練習用のカード：利用者カード番号 {DEMO_CARD}、暗証番号 {DEMO_PIN}。")
        } else {
            format!("Practice card: number {DEMO_CARD}, PIN {DEMO_PIN}.")
        },
    );
    let title = t("Sign in to the Tomoshibi demo library", "ともしび デモ図書館にログイン");
    html(StatusCode::OK, page(ja, title, &content))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_http_addresses_are_redirects() {
        for good in [
            "http://127.0.0.1:5000/callback",
            "http://localhost:1/cb",
            "http://[::1]:8/x",
            "http://127.0.0.2/",
        ] {
            assert!(is_loopback_redirect(&Url::parse(good).unwrap()), "{good}");
        }
        for bad in [
            "https://evil.example/callback",
            "http://evil.example/callback",
            "http://127.0.0.1@evil.example/",
            "http://user@127.0.0.1/",
            "https://127.0.0.1/callback",
            "opds://authorize/",
            "http://localhost.evil.example/",
            "http://0.0.0.0:80/",
        ] {
            assert!(!is_loopback_redirect(&Url::parse(bad).unwrap()), "{bad}");
        }
    }

    #[test]
    fn requests_need_a_loopback_redirect() {
        let ok = pairs(
            b"redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcallback&state=s&response_type=token&client_id=c",
        );
        let request = read_request(&ok).unwrap();
        assert_eq!((request.state.as_deref(), request.client_id.as_str()), (Some("s"), "c"));
        assert_eq!(read_request(&pairs(b"state=s")), Err(Refusal::NoRedirect));
        assert_eq!(
            read_request(&pairs(b"redirect_uri=http%3A%2F%2Fevil.example%2F")),
            Err(Refusal::NotLoopback)
        );
    }
}
