//! The languages of the interface and of e-mails.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `it` (the default) or `en`.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(2))")]
pub enum Language {
    #[default]
    #[sea_orm(string_value = "it")]
    #[serde(rename = "it")]
    It,
    #[sea_orm(string_value = "en")]
    #[serde(rename = "en")]
    En,
}

/// The two-letter codes of ISO 639-1 (the languages a card's staff speak).
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// Whether `code` is a language code of ISO 639-1 (lower case).
pub fn is_iso_639_1(code: &str) -> bool {
    code.len() == 2 && iso_639_1().any(|c| c == code)
}

/// Every code of ISO 639-1, in alphabetical order.
pub fn iso_639_1() -> impl Iterator<Item = &'static str> {
    ISO_639_1.split(' ')
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::It => "it",
            Language::En => "en",
        }
    }
}
