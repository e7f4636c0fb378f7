//! Validated inputs for user accounts: login names, display names, e-mail
//! addresses, passwords.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    #[error(
        "用户名须为3-32位小写字母、数字、下划线、点或连字符，并以字母开头 / username must be 3-32 of a-z 0-9 _ . - and start with a letter"
    )]
    BadUsername,
    #[error("姓名不能为空且不超过50字 / display name must be 1-50 characters")]
    BadDisplayName,
    #[error("密码至少10位 / password must have at least 10 characters")]
    PasswordTooShort,
    #[error("密码不能超过128位 / password must have at most 128 characters")]
    PasswordTooLong,
    #[error("密码过于简单 / password is too simple")]
    PasswordTooSimple,
    #[error("密码不能包含用户名 / password must not contain the username")]
    PasswordContainsUsername,
    #[error("电子邮箱格式不正确 / not a valid e-mail address")]
    BadEmail,
}

impl UserError {
    /// The form field the error belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            Self::BadUsername => "username",
            Self::BadDisplayName => "display_name",
            Self::BadEmail => "email",
            _ => "password",
        }
    }
}

/// A login name: lower-case ASCII, stable, used in audit entries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    pub fn parse(s: &str) -> Result<Self, UserError> {
        let t = s.trim().to_ascii_lowercase();
        let ok_len = (3..=32).contains(&t.len());
        let ok_first = t.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
        let ok_chars = t
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-'));
        if ok_len && ok_first && ok_chars {
            Ok(Self(t))
        } else {
            Err(UserError::BadUsername)
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = UserError;
    fn try_from(s: String) -> Result<Self, UserError> {
        Self::parse(&s)
    }
}
impl From<Username> for String {
    fn from(u: Username) -> String {
        u.0
    }
}
impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name shown for a user (a person's or office's name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(s: &str) -> Result<Self, UserError> {
        let t = s.trim();
        let n = t.chars().count();
        if n == 0 || n > 50 || t.chars().any(char::is_control) {
            return Err(UserError::BadDisplayName);
        }
        Ok(Self(t.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl TryFrom<String> for DisplayName {
    type Error = UserError;
    fn try_from(s: String) -> Result<Self, UserError> {
        Self::parse(&s)
    }
}
impl From<DisplayName> for String {
    fn from(u: DisplayName) -> String {
        u.0
    }
}

/// An e-mail address messages may be sent to: one mailbox (no display name,
/// no list), at most 254 characters, a domain with a dot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Result<Self, UserError> {
        let t = s.trim();
        let domain_ok = t
            .rsplit_once('@')
            .is_some_and(|(_, d)| d.contains('.') && !d.ends_with('.'));
        let plain = !t.contains(['<', '>', ',', ';', ' ']);
        if t.len() <= 254 && plain && domain_ok && email_address::EmailAddress::is_valid(t) {
            Ok(Self(t.to_owned()))
        } else {
            Err(UserError::BadEmail)
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl TryFrom<String> for Email {
    type Error = UserError;
    fn try_from(s: String) -> Result<Self, UserError> {
        Self::parse(&s)
    }
}
impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

/// Checks a new password against the policy. The password itself is never
/// stored; only its Argon2id hash is.
pub fn check_password(username: &str, password: &str) -> Result<(), UserError> {
    let n = password.chars().count();
    if n < 10 {
        return Err(UserError::PasswordTooShort);
    }
    if n > 128 {
        return Err(UserError::PasswordTooLong);
    }
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 4 {
        return Err(UserError::PasswordTooSimple);
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Err(UserError::PasswordContainsUsername);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        for ok in ["admin", "county.gu-an_1", " Zhang.San ", "abc"] {
            assert!(Username::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "ab", "1abc", "张三", "a b c", "a".repeat(33).as_str(), "_abc"] {
            assert_eq!(Username::parse(bad), Err(UserError::BadUsername), "{bad}");
        }
        assert_eq!(Username::parse("Zhang").unwrap().as_str(), "zhang");
    }

    #[test]
    fn display_names() {
        assert!(DisplayName::parse("廊坊市科技局").is_ok());
        assert!(DisplayName::parse("  ").is_err());
        assert!(DisplayName::parse(&"长".repeat(51)).is_err());
        assert!(DisplayName::parse("a\u{7}b").is_err());
    }

    #[test]
    fn emails() {
        for ok in ["zhang.san@kjj.lf.gov.cn", " tto+market@hebut.edu.cn ", "王工@例子.中国"] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        for bad in [
            "",
            "zhang",
            "zhang@localhost",
            "a@b.",
            "张三 <zhang@example.com>",
            "a@example.com, b@example.com",
            "a b@example.com",
            long.as_str(),
        ] {
            assert_eq!(Email::parse(bad), Err(UserError::BadEmail), "{bad}");
        }
        assert_eq!(Email::parse(" a@example.com ").unwrap().as_str(), "a@example.com");
        assert_eq!(UserError::BadEmail.field(), "email");
    }

    #[test]
    fn passwords() {
        let cases: &[(&str, &str, Result<(), UserError>)] = &[
            ("alice", "correct-horse-9", Ok(())),
            ("alice", "short1", Err(UserError::PasswordTooShort)),
            ("alice", "aaaaaaaaaaaa", Err(UserError::PasswordTooSimple)),
            ("alice", "xxAlice-2026", Err(UserError::PasswordContainsUsername)),
            ("alice", "科技创新密码二零二六", Ok(())),
        ];
        for (user, pw, want) in cases {
            assert_eq!(&check_password(user, pw), want, "{pw}");
        }
        assert_eq!(check_password("a", &"ab12".repeat(40)), Err(UserError::PasswordTooLong));
        assert_eq!(UserError::PasswordTooShort.field(), "password");
    }
}
