//! Notices as people read them: the text and link of a stored notification
//! in a language, from the kind its capability registered.

use crate::capability::NoticeKind;
use crate::i18n::{Catalogue, Lang};
use kechuang_kernel::notifications::Notification;
use serde::Serialize;
use serde_json::Value;

/// A notification told in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Told {
    pub title: String,
    /// A note that came with it (user data), may be empty.
    pub note: String,
    /// A local path, may be empty.
    pub link: String,
}

/// `pattern` with every `{name}` replaced by the parameter `name` (text as
/// is, numbers written out; a missing one leaves nothing).
pub fn fill(pattern: &str, params: &Value) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                match &params[&after[..close]] {
                    Value::String(s) => out.push_str(s),
                    Value::Null => {}
                    other => out.push_str(&other.to_string()),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Tells `n` in `lang` with the registered `kinds`; a notification of an
/// unregistered kind is told by the text stored with it.
pub fn tell(n: &Notification, kinds: &[NoticeKind], catalogue: &Catalogue, lang: Lang) -> Told {
    tell_parts(
        Stored {
            kind: &n.kind,
            params: &n.params,
            title: &n.title,
            body: &n.body,
            link: &n.link,
        },
        kinds,
        catalogue,
        lang,
    )
}

/// The stored parts of a notification.
#[derive(Debug, Clone, Copy)]
pub struct Stored<'a> {
    pub kind: &'a str,
    pub params: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub link: &'a str,
}

/// [`tell`] from the stored parts.
pub fn tell_parts(n: Stored<'_>, kinds: &[NoticeKind], catalogue: &Catalogue, lang: Lang) -> Told {
    match kinds.iter().find(|k| k.kind == n.kind) {
        Some(k) => {
            let params: Value = serde_json::from_str(n.params).unwrap_or(Value::Null);
            Told {
                title: fill(&catalogue.t(lang, k.text), &params),
                note: params["note"].as_str().unwrap_or_default().to_owned(),
                link: fill(k.link, &params),
            }
        }
        None => Told {
            title: n.title.to_owned(),
            note: n.body.to_owned(),
            link: n.link.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patterns_are_filled_from_parameters() {
        let p = json!({"title": "盐碱地改良", "id": 7, "kind": "demand"});
        assert_eq!(fill("新需求：{title}", &p), "新需求：盐碱地改良");
        assert_eq!(fill("/market/{kind}s/{id}", &p), "/market/demands/7");
        assert_eq!(fill("{missing}!", &p), "!");
        assert_eq!(fill("open { brace", &p), "open { brace");
    }

    #[test]
    fn registered_kinds_are_told_in_the_language_and_others_as_stored() {
        let messages: &[crate::capability::Message] = &[("notice.x", "推送：{title}", "Sent: {title}")];
        let catalogue = Catalogue::new([messages]).unwrap();
        let kinds = [NoticeKind {
            kind: "market.x",
            text: "notice.x",
            link: "/market/demands/{id}",
        }];
        let mut n = Notification {
            id: 1,
            kind: "market.x".into(),
            title: String::new(),
            body: String::new(),
            link: String::new(),
            params: json!({"title": "除臭", "id": 3, "note": "请关注"}).to_string(),
            created_at: chrono::Utc::now(),
            read_at: None,
        };
        let en = tell(&n, &kinds, &catalogue, Lang::En);
        assert_eq!(
            (en.title.as_str(), en.note.as_str(), en.link.as_str()),
            ("Sent: 除臭", "请关注", "/market/demands/3")
        );
        assert_eq!(tell(&n, &kinds, &catalogue, Lang::Zh).title, "推送：除臭");
        n.kind = "match".into();
        n.title = "旧消息".into();
        n.link = "/x".into();
        let old = tell(&n, &kinds, &catalogue, Lang::En);
        assert_eq!((old.title.as_str(), old.link.as_str()), ("旧消息", "/x"));
    }
}
