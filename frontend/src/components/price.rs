use crate::api::PriceOption;
use crate::i18n::{Lang, money, percent, pick, t};

/// "18,50 € per ora (IVA 5% inclusa)".
pub fn price_text(lang: Lang, p: &PriceOption) -> String {
    format!(
        "{} {} {} ({} {} {})",
        money(lang, p.price_cents),
        t(lang, "price.per"),
        pick(lang, &p.unit_label),
        t(lang, "price.vat"),
        percent(p.vat_rate_bp),
        if lang == Lang::It {
            "inclusa"
        } else {
            "included"
        }
    )
}
