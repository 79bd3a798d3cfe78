//! User profile documents (`application/opds-profile+json`, Palace's
//! `vnd.librarysimplified/user-profile+json`): the patron's loan and hold limits.

use super::json_tree::Json as Value;

use super::error::{DocumentKind, Result};
use super::json::Path;
use super::json_tree::{self as json, Obj};

const DOC: DocumentKind = DocumentKind::UserProfile;

/// The patron's profile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserProfile {
    /// The patron's name, if the library sends it.
    pub name: Option<String>,
    /// Loan limit.
    pub loans: Option<Limit>,
    /// Hold limit.
    pub holds: Option<Limit>,
}

/// A limit: how many in total, how many are still free.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limit {
    /// The maximum.
    pub total: Option<u64>,
    /// How many more the patron may take now.
    pub available: Option<u64>,
}

impl Limit {
    /// True when the library says none are left.
    pub fn is_used_up(&self) -> bool {
        self.available == Some(0)
    }
}

/// Parses a user profile document.
pub fn parse(bytes: &[u8]) -> Result<UserProfile> {
    let arena = json::Arena::new();
    let value = json::parse(bytes, DOC, &arena)?;
    let root = Obj::new(&value, &Path::ROOT, DOC)?;
    let limit = |key: &'static str, path: &Path<'_>| -> Result<Option<Limit>> {
        let Some(value) = root.get(key) else {
            return Ok(None);
        };
        let path = path.key(key);
        let obj = Obj::new(value, &path, DOC)?;
        Ok(Some(Limit { total: obj.count("total")?, available: obj.count("available")? }))
    };
    Ok(UserProfile {
        name: root.get("name").and_then(Value::as_str).map(str::to_owned),
        loans: limit("loans", &Path::ROOT)?,
        holds: limit("holds", &Path::ROOT)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::error::Error;

    #[test]
    fn reads_limits() {
        let cases: [(&str, Option<Limit>, Option<Limit>); 4] = [
            (
                r#"{"loans":{"total":10,"available":3},"holds":{"total":10,"available":0}}"#,
                Some(Limit { total: Some(10), available: Some(3) }),
                Some(Limit { total: Some(10), available: Some(0) }),
            ),
            (r#"{"simplified:authorization_identifier":"x","settings":{}}"#, None, None),
            (r#"{"loans":{"total":"10"}}"#, Some(Limit { total: Some(10), available: None }), None),
            (r#"{"holds":{}}"#, None, Some(Limit::default())),
        ];
        for (text, loans, holds) in cases {
            let profile = parse(text.as_bytes());
            assert_eq!(profile.as_ref().ok().map(|p| (p.loans, p.holds)), Some((loans, holds)), "{text}");
        }
        assert!(
            parse(br#"{"holds":{"available":0}}"#).is_ok_and(|p| p.holds.is_some_and(|h| h.is_used_up()))
        );
    }

    #[test]
    fn reports_bad_profiles() {
        assert!(matches!(parse(b""), Err(Error::NotJson { .. })));
        assert!(matches!(parse(b"[]"), Err(Error::WrongType { .. })));
        let wrong = parse(br#"{"loans":{"total":-1}}"#);
        assert!(matches!(&wrong, Err(Error::WrongType { path, .. }) if path == "$.loans.total"), "{wrong:?}");
    }
}
