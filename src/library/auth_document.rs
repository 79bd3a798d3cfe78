//! Authentication for OPDS 1.0 documents (`application/opds-authentication+json`, Palace's
//! `application/vnd.opds.authentication.v1.0+json`), including Palace's `inputs` and the
//! early Library Simplified form (top-level `type` array with `labels` and a links object).

use super::json_tree::Json as Value;
use url::Url;

use super::error::{DocumentKind, Error, JsonType, Result};
use super::json::{Path, wrong_type};
use super::json_tree::{self as json, Obj};
use super::media_type::MediaType;
use super::model::Link;
use super::rel;
use super::uri_template::Href;

const DOC: DocumentKind = DocumentKind::Authentication;

/// A library's authentication document.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthenticationDocument {
    /// Its identifier (required).
    pub id: String,
    /// The library's name (required).
    pub title: String,
    /// A description, as the library wrote it.
    pub description: Option<String>,
    /// Well-known links.
    pub links: AuthLinks,
    /// Every link, as written (resolved).
    pub all_links: Vec<Link>,
    /// The ways to sign in, in the library's order.
    pub flows: Vec<AuthenticationFlow>,
}

impl AuthenticationDocument {
    /// The first flow this client can use.
    pub fn first_supported(&self) -> Option<&AuthenticationFlow> {
        self.flows.iter().find(|flow| flow.kind.is_supported())
    }
}

/// Well-known links of an authentication document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthLinks {
    /// The library's logo.
    pub logo: Option<Url>,
    /// Where to get a library card.
    pub register: Option<Url>,
    /// Help pages, e-mail or telephone (`mailto:`, `tel:` URLs are kept).
    pub help: Vec<Url>,
    /// The patron's loans and holds.
    pub shelf: Option<Url>,
    /// The catalog root.
    pub start: Option<Url>,
    /// The patron's profile (limits).
    pub profile: Option<Url>,
    /// Where to reset a forgotten PIN.
    pub password_reset: Option<Url>,
}

/// One way to sign in.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthenticationFlow {
    /// The kind of flow.
    pub kind: FlowKind,
    /// The `type` URI as written.
    pub type_uri: String,
    /// The flow's description (e.g. the identity provider's name).
    pub description: Option<String>,
    /// Field labels, as the library wrote them.
    pub labels: Labels,
    /// How the login field should behave.
    pub login_input: Option<Input>,
    /// How the password field should behave.
    pub password_input: Option<Input>,
    /// The flow's links (`authenticate`, `refresh`, `logo`…).
    pub links: Vec<Link>,
}

impl AuthenticationFlow {
    /// The first link with relation `rel` (e.g. `authenticate`).
    pub fn link(&self, rel: &str) -> Option<&Url> {
        self.links.iter().find(|l| l.has_rel(rel)).and_then(|l| l.href.url())
    }
}

/// Kinds of sign-in flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FlowKind {
    /// `http://opds-spec.org/auth/basic`: card number and PIN sent as HTTP Basic.
    Basic,
    /// Palace `http://thepalaceproject.org/authtype/basic-token`: POST Basic credentials to
    /// get a bearer token.
    BasicToken,
    /// `http://opds-spec.org/auth/oauth/implicit`: sign in in a browser.
    OAuthImplicit,
    /// `http://opds-spec.org/auth/oauth/password`: OAuth resource-owner password.
    OAuthPassword,
    /// SAML 2.0 (recognised, not supported).
    Saml,
    /// OpenID Connect (recognised, not supported).
    Oidc,
    /// Library Simplified OAuth with an intermediary (recognised, not supported).
    OAuthIntermediary,
    /// Any other type.
    Unknown,
}

impl FlowKind {
    /// Classifies a flow `type` URI.
    pub fn from_type(uri: &str) -> Self {
        match uri.trim() {
            "http://opds-spec.org/auth/basic" => Self::Basic,
            "http://thepalaceproject.org/authtype/basic-token" => Self::BasicToken,
            "http://opds-spec.org/auth/oauth/implicit" => Self::OAuthImplicit,
            "http://opds-spec.org/auth/oauth/password" => Self::OAuthPassword,
            "http://librarysimplified.org/authtype/SAML-2.0" => Self::Saml,
            "http://thepalaceproject.org/authtype/OpenIDConnect" | "http://opds-spec.org/auth/oidc" => {
                Self::Oidc
            }
            "http://librarysimplified.org/authtype/OAuth-with-intermediary" => Self::OAuthIntermediary,
            _ => Self::Unknown,
        }
    }

    /// True for flows this client can carry out.
    pub fn is_supported(self) -> bool {
        matches!(self, Self::Basic | Self::BasicToken | Self::OAuthImplicit | Self::OAuthPassword)
    }
}

/// Field labels of a flow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    /// The login field's label ("Library card", "Barcode").
    pub login: Option<String>,
    /// The password field's label ("PIN").
    pub password: Option<String>,
}

/// Palace's description of an input field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Which keyboard to show.
    pub keyboard: Keyboard,
    /// Longest allowed value.
    pub maximum_length: Option<u64>,
    /// Barcode symbology for scanning a card (e.g. `Codabar`).
    pub barcode_format: Option<String>,
}

/// Palace `keyboard` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyboard {
    /// `Default`.
    Default,
    /// `Email address`.
    Email,
    /// `Number pad`: a card number or PIN of digits.
    NumberPad,
    /// `No input`: the field is not used.
    NoInput,
}

impl Keyboard {
    fn parse(text: &str) -> Self {
        match text.trim() {
            "Email address" => Self::Email,
            "Number pad" => Self::NumberPad,
            "No input" => Self::NoInput,
            _ => Self::Default,
        }
    }
}

/// Parses an authentication document read from `url`.
pub fn parse(bytes: &[u8], url: &Url) -> Result<AuthenticationDocument> {
    let arena = json::Arena::new();
    let value = json::parse(bytes, DOC, &arena)?;
    let root = Obj::new(&value, &Path::ROOT, DOC)
        .map_err(|_| Error::WrongDocument { document: DOC, found: "not an object".to_owned() })?;
    let id = root.required_str("id")?.to_owned();
    let title = root.required_str("title")?.to_owned();
    let links_path = Path::ROOT.key("links");
    let all_links = links(root.get("links"), &links_path, url)?;
    let auth_path = Path::ROOT.key("authentication");
    let flows = match (root.get("authentication"), root.get("type")) {
        (Some(Value::Array(items)), _) => items
            .iter()
            .enumerate()
            .map(|(index, item)| flow(item, &auth_path.index(index), url))
            .collect::<Result<Vec<_>>>()?,
        (Some(_), _) => return Err(wrong_type(DOC, &auth_path, JsonType::Array)),
        (None, Some(types)) => legacy_flows(root, types)?,
        (None, None) => return Err(root.missing("authentication")),
    };
    let mut links = AuthLinks::default();
    for link in &all_links {
        let Some(href) = link.href.url().cloned() else {
            continue;
        };
        for rel_text in &link.rels {
            match rel_text.as_str() {
                "logo" => links.logo = Some(href.clone()),
                "register" => links.register = Some(href.clone()),
                "help" => links.help.push(href.clone()),
                "start" => links.start = Some(href.clone()),
                "http://librarysimplified.org/terms/rel/patron-password-reset" => {
                    links.password_reset = Some(href.clone());
                }
                other => match rel::classify(other) {
                    rel::Rel::Shelf => links.shelf = Some(href.clone()),
                    rel::Rel::Profile => links.profile = Some(href.clone()),
                    _ => {}
                },
            }
        }
    }
    Ok(AuthenticationDocument {
        id,
        title,
        description: root.str("description")?.map(str::to_owned),
        links,
        all_links,
        flows,
    })
}

/// Links as an array (the standard) or, in early Library Simplified documents, an object
/// keyed by relation.
fn links(value: Option<&Value>, path: &Path<'_>, base: &Url) -> Result<Vec<Link>> {
    match value {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            items.iter().enumerate().map(|(index, item)| link(item, None, &path.index(index), base)).collect()
        }
        Some(Value::Object(map)) => {
            map.iter().map(|(rel, item)| link(item, Some(rel), &path.key(rel), base)).collect()
        }
        Some(_) => Err(wrong_type(DOC, path, JsonType::Array)),
    }
}

fn link(value: &Value, rel: Option<&str>, path: &Path<'_>, base: &Url) -> Result<Link> {
    let obj = Obj::new(value, path, DOC)?;
    let href = obj.required_str("href")?;
    let url = base.join(href.trim()).map_err(|source| Error::BadUrl {
        document: DOC,
        href: href.to_owned(),
        path: path.to_string(),
        source,
    })?;
    let rels = match rel {
        Some(rel) => vec![rel.to_owned()],
        None => {
            json::one_or_many(obj.get("rel")).iter().filter_map(Value::as_str).map(str::to_owned).collect()
        }
    };
    Ok(Link {
        href: Href::Url(url),
        rels,
        media_type: obj.str("type")?.and_then(MediaType::parse),
        title: obj.str("title")?.map(str::to_owned),
    })
}

fn flow(value: &Value, path: &Path<'_>, base: &Url) -> Result<AuthenticationFlow> {
    let obj = Obj::new(value, path, DOC)?;
    let type_uri = obj.required_str("type")?.to_owned();
    let labels_path = path.key("labels");
    let labels = match obj.get("labels") {
        Some(value) => read_labels(Obj::new(value, &labels_path, DOC)?)?,
        None => Labels::default(),
    };
    let inputs_path = path.key("inputs");
    let inputs = obj.get("inputs").map(|v| Obj::new(v, &inputs_path, DOC)).transpose()?;
    let links_path = path.key("links");
    Ok(AuthenticationFlow {
        kind: FlowKind::from_type(&type_uri),
        type_uri,
        description: obj.str("description")?.map(str::to_owned),
        labels,
        login_input: inputs.map(|i| input(i, "login")).transpose()?.flatten(),
        password_input: inputs.map(|i| input(i, "password")).transpose()?.flatten(),
        links: links(obj.get("links"), &links_path, base)?,
    })
}

fn read_labels(obj: Obj<'_>) -> Result<Labels> {
    Ok(Labels {
        login: obj.str("login")?.map(str::to_owned),
        password: obj.str("password")?.map(str::to_owned),
    })
}

fn input(inputs: Obj<'_>, key: &'static str) -> Result<Option<Input>> {
    let Some(value) = inputs.get(key) else {
        return Ok(None);
    };
    let path = inputs.path.key(key);
    let obj = Obj::new(value, &path, DOC)?;
    Ok(Some(Input {
        keyboard: obj.str("keyboard")?.map_or(Keyboard::Default, Keyboard::parse),
        maximum_length: obj.count("maximum_length")?,
        barcode_format: obj.str("barcode_format")?.map(str::to_owned),
    }))
}

/// Early Library Simplified documents: `"type": ["…/auth/basic"]` and top-level `labels`.
fn legacy_flows(root: Obj<'_>, types: &Value) -> Result<Vec<AuthenticationFlow>> {
    let labels_path = Path::ROOT.key("labels");
    let labels = match root.get("labels") {
        Some(value) => read_labels(Obj::new(value, &labels_path, DOC)?)?,
        None => Labels::default(),
    };
    Ok(json::one_or_many(Some(types))
        .iter()
        .filter_map(Value::as_str)
        .map(|type_uri| AuthenticationFlow {
            kind: FlowKind::from_type(type_uri),
            type_uri: type_uri.to_owned(),
            description: None,
            labels: labels.clone(),
            login_input: None,
            password_input: None,
            links: Vec::new(),
        })
        .collect())
}
