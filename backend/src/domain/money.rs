//! Money is integer euro cents, VAT included; VAT rates are basis points (2200 = 22%).

/// The VAT rates a card may state: exempt, and Italy's reduced and ordinary rates.
pub const VAT_RATES_BP: [i32; 5] = [0, 400, 500, 1000, 2200];

pub fn is_valid_vat_rate(bp: i32) -> bool {
    VAT_RATES_BP.contains(&bp)
}

/// Euros as a plain string with two decimals and a comma, Italian style: 1234.5 → "1.234,50".
pub fn format_eur_it(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let euros = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in euros.chars().enumerate() {
        if i > 0 && (euros.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped},{:02}", cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_italian_style() {
        assert_eq!(format_eur_it(0), "0,00");
        assert_eq!(format_eur_it(1850), "18,50");
        assert_eq!(format_eur_it(123_456_789), "1.234.567,89");
        assert_eq!(format_eur_it(-500), "-5,00");
    }

    #[test]
    fn vat_rates() {
        assert!(is_valid_vat_rate(2200));
        assert!(!is_valid_vat_rate(2100));
    }
}
