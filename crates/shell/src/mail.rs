//! E-mail copies of inbox notifications, when SMTP is configured
//! (`[web.smtp]`). Each instance runs [`run`]: it claims a batch of waiting
//! notifications of accounts with an address (`kechuang_kernel::mail`), sends
//! one message per address (several notifications become one digest) through
//! the configured server and records the outcome of each notification; a
//! failure is tried again later and given up after a few attempts. Only notifications
//! younger than `max_age_hours` are sent, so configuring SMTP on a running
//! system does not mail out its whole history.

use std::sync::Arc;
use std::time::Duration;

use crate::site::Site;
use kechuang_kernel::Db;
use kechuang_kernel::mail::MailItem;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};

/// How to reach the SMTP server.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// `starttls` (upgrade a plain connection, usually port 587), `tls`
    /// (TLS from the start, usually 465) or `none` (a relay inside the
    /// intranet that takes plain SMTP).
    pub security: String,
    /// Empty: no authentication.
    pub username: String,
    pub password: String,
    /// The sender, e.g. `廊坊市科技局 <noreply@kjj.example.gov.cn>`.
    pub from: String,
    /// The service's address as users reach it, put before the links in
    /// messages, e.g. `https://kc.example.gov.cn`.
    pub link_base: String,
    /// Seconds between looks for waiting notifications.
    pub poll_seconds: u64,
    /// Messages sent per look at most.
    pub batch: i64,
    /// Notifications older than this are not mailed.
    pub max_age_hours: i64,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        Self {
            host: String::new(),
            port: 587,
            security: "starttls".into(),
            username: String::new(),
            password: String::new(),
            from: String::new(),
            link_base: String::new(),
            poll_seconds: 10,
            batch: 50,
            max_age_hours: 24,
        }
    }
}

/// A configured mail sender.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    config: SmtpConfig,
}

impl Mailer {
    /// Checks `config` and builds the transport (no connection is made yet).
    pub fn new(config: &SmtpConfig) -> anyhow::Result<Self> {
        if config.host.trim().is_empty() {
            anyhow::bail!("web.smtp.host: 未配置邮件服务器 / no SMTP host");
        }
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|e| anyhow::anyhow!("web.smtp.from {:?}: {e}", config.from))?;
        let host = config.host.trim();
        let builder = match config.security.as_str() {
            "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
            "starttls" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?,
            "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            other => {
                anyhow::bail!("web.smtp.security {other:?}: 应为 starttls、tls 或 none / use starttls, tls or none")
            }
        };
        let mut builder = builder.port(config.port).timeout(Some(Duration::from_secs(20)));
        if !config.username.is_empty() {
            builder = builder.credentials(Credentials::new(config.username.clone(), config.password.clone()));
        }
        Ok(Self {
            transport: builder.build(),
            from,
            config: config.clone(),
        })
    }

    /// Sends one message for `items`, notifications of one address.
    async fn send(&self, items: &[&MailItem]) -> anyhow::Result<()> {
        let first = items.first().ok_or_else(|| anyhow::anyhow!("nothing to send"))?;
        let (subject, body) = compose(items, &self.config.link_base);
        let to = Mailbox::new(Some(first.display_name.clone()), first.email.parse()?);
        // base64 keeps Chinese text intact through any relay
        let part = SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .header(ContentTransferEncoding::Base64)
            .body(body);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .singlepart(part)?;
        self.transport.send(message).await?;
        Ok(())
    }

    /// Claims one batch and sends it, told in Chinese; returns how many went
    /// out.
    pub async fn send_waiting(&self, db: &Db, site: &Site) -> anyhow::Result<usize> {
        let claimer = format!("{:016x}", rand::random::<u64>());
        let since = chrono::Utc::now() - chrono::Duration::hours(self.config.max_age_hours.max(1));
        let lease = chrono::Duration::minutes(5);
        let items: Vec<MailItem> = db
            .claim_mail(&claimer, since, lease, self.config.batch.clamp(1, 500))
            .await?
            .into_iter()
            .map(|m| told(m, site))
            .collect();
        let mut sent = 0;
        for group in by_address(&items) {
            match self.send(&group).await {
                Ok(()) => {
                    for item in &group {
                        db.mail_sent(item.id).await?;
                    }
                    sent += group.len();
                }
                Err(e) => {
                    tracing::warn!(error = %e, to = group[0].email, "sending a notification e-mail failed");
                    for item in &group {
                        db.mail_failed(item.id, &e.to_string(), chrono::Duration::minutes(2))
                            .await?;
                    }
                }
            }
        }
        Ok(sent)
    }
}

/// The claimed notifications grouped by address, in claim order.
pub fn by_address(items: &[MailItem]) -> Vec<Vec<&MailItem>> {
    let mut groups: Vec<Vec<&MailItem>> = Vec::new();
    for item in items {
        match groups.iter_mut().find(|g| g[0].email == item.email) {
            Some(g) => g.push(item),
            None => groups.push(vec![item]),
        }
    }
    groups
}

/// The subject and plain-text body of one message for the notifications
/// `items` of one address: the notification itself when there is one, a
/// numbered digest when there are several.
pub fn compose(items: &[&MailItem], link_base: &str) -> (String, String) {
    let base = link_base.trim_end_matches('/');
    let name = items.first().map_or("", |i| i.display_name.as_str());
    let section = |item: &MailItem, body: &mut String| {
        if !item.body.is_empty() {
            body.push_str(&format!("\n{}\n", item.body));
        }
        if !item.link.is_empty() {
            body.push_str(&format!("\n查看 / View: {base}{}\n", item.link));
        }
    };
    let (subject, mut body) = match items {
        [one] => {
            let mut body = format!("{name}：\n\n{}\n", one.title);
            section(one, &mut body);
            (format!("【科创】{}", one.title), body)
        }
        many => {
            let mut body = format!(
                "{name}：\n\n您有 {} 条新消息 / {} new messages:\n",
                many.len(),
                many.len()
            );
            for (i, item) in many.iter().enumerate() {
                body.push_str(&format!("\n{}. {}\n", i + 1, item.title));
                section(item, &mut body);
            }
            (
                format!("【科创】您有 {} 条新消息 / {} new messages", many.len(), many.len()),
                body,
            )
        }
    };
    body.push_str("\n——\n本邮件由科创系统根据站内消息自动发送；在“我的账户”中清空邮箱即不再接收。\n");
    body.push_str("Sent for a message in your kechuang inbox; clear your e-mail address under My account to stop.\n");
    (subject, body)
}

/// The claimed item with its title, note and link told from its kind.
fn told(mut m: MailItem, site: &Site) -> MailItem {
    let t = crate::notice::tell_parts(
        crate::notice::Stored {
            kind: &m.kind,
            params: &m.params,
            title: &m.title,
            body: &m.body,
            link: &m.link,
        },
        &site.notices,
        &site.catalogue,
        crate::i18n::Lang::Zh,
    );
    m.title = t.title;
    m.body = t.note;
    m.link = t.link;
    m
}

/// Sends waiting notifications every `poll_seconds` until aborted.
pub async fn run(db: Db, mailer: Arc<Mailer>, site: Arc<Site>) {
    let mut tick = tokio::time::interval(Duration::from_secs(mailer.config.poll_seconds.max(1)));
    loop {
        tick.tick().await;
        loop {
            match mailer.send_waiting(&db, &site).await {
                // a full batch: more may be waiting
                Ok(n) if n as i64 >= mailer.config.batch => continue,
                Ok(_) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "notification e-mail round failed");
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(body: &str, link: &str) -> MailItem {
        to("tto@hebut.edu.cn", body, link)
    }

    fn to(email: &str, body: &str, link: &str) -> MailItem {
        MailItem {
            id: 1,
            email: email.into(),
            display_name: "河北工业大学技术转移中心".into(),
            kind: "match".into(),
            title: "新的匹配需求：污水站除臭".into(),
            body: body.into(),
            link: link.into(),
            params: "{}".into(),
        }
    }

    #[test]
    fn a_message_carries_title_body_and_an_absolute_link() {
        let one = item("匹配词：除臭、硫化氢", "/market/demands/7");
        let (subject, body) = compose(&[&one], "https://kc.example.gov.cn/");
        assert_eq!(subject, "【科创】新的匹配需求：污水站除臭");
        assert!(body.starts_with("河北工业大学技术转移中心：\n\n新的匹配需求：污水站除臭\n"));
        assert!(body.contains("匹配词：除臭、硫化氢"));
        assert!(body.contains("https://kc.example.gov.cn/market/demands/7"));
        let (_, bare) = compose(&[&item("", "")], "");
        assert!(!bare.contains("查看"));
    }

    #[test]
    fn several_notifications_of_one_address_become_one_digest() {
        let claimed = [
            to("a@example.cn", "", "/market/demands/1"),
            to("b@example.cn", "", "/market/demands/2"),
            to("a@example.cn", "匹配词：除臭", "/market/achievements/3"),
        ];
        let groups = by_address(&claimed);
        let sizes: Vec<(&str, usize)> = groups.iter().map(|g| (g[0].email.as_str(), g.len())).collect();
        assert_eq!(sizes, [("a@example.cn", 2), ("b@example.cn", 1)]);
        let (subject, body) = compose(&groups[0], "https://kc.example.gov.cn");
        assert_eq!(subject, "【科创】您有 2 条新消息 / 2 new messages");
        assert!(body.contains("\n1. 新的匹配需求：污水站除臭\n"), "{body}");
        assert!(
            body.contains("\n2. 新的匹配需求：污水站除臭\n\n匹配词：除臭\n"),
            "{body}"
        );
        assert!(body.contains("https://kc.example.gov.cn/market/demands/1"));
        assert!(body.contains("https://kc.example.gov.cn/market/achievements/3"));
        assert!(by_address(&[]).is_empty());
    }

    #[test]
    fn a_bad_configuration_is_refused_with_the_setting_named() {
        let mut c = SmtpConfig {
            host: "smtp.example.gov.cn".into(),
            from: "科技局 <noreply@example.gov.cn>".into(),
            ..Default::default()
        };
        assert!(Mailer::new(&c).is_ok());
        c.security = "ssl".into();
        assert!(Mailer::new(&c).err().unwrap().to_string().contains("web.smtp.security"));
        c.security = "none".into();
        c.from = "not an address".into();
        assert!(Mailer::new(&c).err().unwrap().to_string().contains("web.smtp.from"));
        c.host.clear();
        assert!(Mailer::new(&c).err().unwrap().to_string().contains("web.smtp.host"));
    }
}
