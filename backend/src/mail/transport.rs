//! Where outgoing mail goes: an SMTP server (`DOMICILIA_SMTP_URL`), or, when none is
//! configured (the `make run` default), `.eml` files under `data/mail/` that a newcomer
//! can open to follow the links.
use crate::entities::outbox_emails;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

pub enum Transport {
    Smtp {
        mailer: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Files {
        dir: PathBuf,
        from: Mailbox,
    },
}

impl Transport {
    /// `smtp://host:port` (plain, for a local relay), `smtp://…?tls=required` (STARTTLS) or
    /// `smtps://…` (implicit TLS), with optional `user:password@`.
    pub fn smtp(url: &str, from: &str) -> Result<Self, String> {
        let mailer = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("invalid DOMICILIA_SMTP_URL: {e}"))?
            .build();
        Ok(Self::Smtp {
            mailer,
            from: from
                .parse()
                .map_err(|e| format!("invalid DOMICILIA_MAIL_FROM: {e}"))?,
        })
    }

    pub fn files(dir: PathBuf, from: &str) -> Result<Self, String> {
        Ok(Self::Files {
            dir,
            from: from
                .parse()
                .map_err(|e| format!("invalid DOMICILIA_MAIL_FROM: {e}"))?,
        })
    }

    fn build(from: &Mailbox, row: &outbox_emails::Model) -> Result<Message, String> {
        let to: Mailbox = row
            .to_address
            .parse()
            .map_err(|_| "invalid recipient address".to_owned())?;
        let mut builder = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(row.subject.clone())
            .message_id(Some(format!("<{}@domicilia>", row.public_id)));
        if let Some(url) = &row.unsubscribe_url {
            // RFC 8058: the address in angle brackets, and the POST that uses it.
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        builder
            .multipart(MultiPart::alternative_plain_html(
                row.body_text.clone(),
                row.body_html.clone(),
            ))
            .map_err(|e| format!("cannot build the message: {e}"))
    }

    pub async fn send(&self, row: &outbox_emails::Model) -> Result<(), String> {
        match self {
            Transport::Smtp { mailer, from } => {
                let message = Self::build(from, row)?;
                mailer
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("smtp: {e}"))
            }
            Transport::Files { dir, from } => {
                let message = Self::build(from, row)?;
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("mail dir: {e}"))?;
                let path = dir.join(format!("{}.eml", row.public_id));
                tokio::fs::write(&path, message.formatted())
                    .await
                    .map_err(|e| format!("mail file: {e}"))
            }
        }
    }
}
