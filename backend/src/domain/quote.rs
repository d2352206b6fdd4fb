//! Quotes and counter-proposals (issue 11), with no I/O.
//!
//! A provider answers a thread with a **quote**: line items priced VAT included, in
//! integer cents. Revising a quote makes a new version and supersedes the old one (kept
//! and visible); the family accepts the current version, or answers with a
//! **counter-proposal** that the provider accepts (the quote is revised to the family's
//! total with an adjustment line, see [`adjust_to`]), revises or declines.
//!
//! Amounts never go through floating point: a line's gross is its quantity (in
//! thousandths) times its unit price, rounded once to the cent; the quote's VAT is
//! computed per rate on that rate's total, as an invoice does, so the rounding of many
//! small lines cannot drift the total.
use super::money::{VAT_RATES_BP, is_valid_vat_rate};
use super::workflow::Forbidden;
use chrono::NaiveDate;
use sea_orm::entity::prelude::StringLen;

code_enum! {
    /// Where one version of a quote stands.
    pub enum QuoteStatus {
        /// The current version: the family may accept it.
        Proposed,
        /// Replaced by a newer version (kept for the record).
        Superseded,
        /// Accepted by the family: an order was made from it.
        Accepted,
        /// The thread ended (declined, closed, another quote accepted) before any
        /// acceptance.
        Withdrawn,
    }
}

code_enum! {
    /// Where a family's counter-proposal stands.
    pub enum CounterStatus {
        /// Waiting for the provider's answer.
        Open,
        /// The provider accepted it: the quote was revised to the proposed total.
        Accepted,
        /// The provider answered with a revised quote of its own.
        Revised,
        /// The provider declined it: the quote stands as it was.
        Declined,
        /// The family took it back, or the thread ended first.
        Withdrawn,
    }
}

code_enum! {
    /// What a quote line's quantity counts.
    pub enum QuoteUnit {
        Hour,
        Visit,
        Day,
        Week,
        Month,
        /// A whole service, or an adjustment (a lump sum).
        Service,
    }
}

/// What happens to a quote version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteAction {
    /// The provider sends a new version.
    Revise,
    /// The family accepts it.
    Accept,
    /// The thread ends without an acceptance.
    Withdraw,
}

impl QuoteStatus {
    /// The status after `action`, or why it is not allowed: only the current, proposed
    /// version moves.
    pub fn apply(self, action: QuoteAction) -> Result<QuoteStatus, Forbidden> {
        match (self, action) {
            (QuoteStatus::Proposed, QuoteAction::Revise) => Ok(QuoteStatus::Superseded),
            (QuoteStatus::Proposed, QuoteAction::Accept) => Ok(QuoteStatus::Accepted),
            (QuoteStatus::Proposed, QuoteAction::Withdraw) => Ok(QuoteStatus::Withdrawn),
            (QuoteStatus::Superseded, _) => Err(Forbidden("A newer version of this quote exists.")),
            (QuoteStatus::Accepted, _) => Err(Forbidden("This quote was already accepted.")),
            (QuoteStatus::Withdrawn, _) => Err(Forbidden(
                "This quote is no longer valid: its thread ended.",
            )),
        }
    }
}

/// Whether the family may accept a quote today: it must be the current version and
/// still valid (`valid_until` is the last day it may be accepted, in local dates).
pub fn check_acceptable(
    status: QuoteStatus,
    valid_until: NaiveDate,
    today: NaiveDate,
) -> Result<(), Forbidden> {
    status.apply(QuoteAction::Accept)?;
    if today > valid_until {
        return Err(Forbidden(
            "This quote expired: ask the provider for a new one.",
        ));
    }
    Ok(())
}

/// What happens to a counter-proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterAction {
    /// The provider accepts the proposed total.
    Accept,
    /// The provider answers with a revised quote.
    Revise,
    /// The provider declines.
    Decline,
    /// The family takes it back, or the thread ends.
    Withdraw,
}

impl CounterStatus {
    /// The status after `action`, or why it is not allowed: only an open
    /// counter-proposal gets an answer.
    pub fn apply(self, action: CounterAction) -> Result<CounterStatus, Forbidden> {
        match (self, action) {
            (CounterStatus::Open, CounterAction::Accept) => Ok(CounterStatus::Accepted),
            (CounterStatus::Open, CounterAction::Revise) => Ok(CounterStatus::Revised),
            (CounterStatus::Open, CounterAction::Decline) => Ok(CounterStatus::Declined),
            (CounterStatus::Open, CounterAction::Withdraw) => Ok(CounterStatus::Withdrawn),
            (CounterStatus::Accepted, _) => {
                Err(Forbidden("This counter-proposal was already accepted."))
            }
            (CounterStatus::Revised, _) => Err(Forbidden(
                "The provider already answered this counter-proposal with a new quote.",
            )),
            (CounterStatus::Declined, _) => Err(Forbidden(
                "The provider already declined this counter-proposal.",
            )),
            (CounterStatus::Withdrawn, _) => Err(Forbidden("This counter-proposal was withdrawn.")),
        }
    }
}

/// At most this many lines in a quote.
pub const MAX_LINES: usize = 30;
/// A line's quantity, in thousandths: at most 10,000 units.
pub const MAX_QUANTITY_MILLI: i64 = 10_000_000;
/// A unit price (VAT included), either sign: at most 100,000 euros.
pub const MAX_UNIT_PRICE_CENTS: i64 = 10_000_000;
/// A quote's total (VAT included): at most one million euros.
pub const MAX_TOTAL_CENTS: i64 = 100_000_000;

/// One line of a quote, as the provider writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineInput {
    pub unit: QuoteUnit,
    /// In thousandths of `unit`: 1.5 hours is 1500.
    pub quantity_milli: i64,
    /// VAT included; negative for a discount line.
    pub unit_price_cents: i64,
    /// Basis points, one of `money::VAT_RATES_BP`.
    pub vat_rate_bp: i32,
}

/// Money of a line or a quote: gross (VAT included) = net + VAT, in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Amounts {
    pub gross_cents: i64,
    pub net_cents: i64,
    pub vat_cents: i64,
}

/// Why a quote's lines are not acceptable; line indexes count from 0, as in the
/// request's `lines` array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteError {
    /// No line at all.
    NoLines,
    /// More than `MAX_LINES` lines.
    TooManyLines,
    /// The line's quantity is not within 1..=`MAX_QUANTITY_MILLI`.
    Quantity(usize),
    /// The line's unit price is beyond ±`MAX_UNIT_PRICE_CENTS`.
    UnitPrice(usize),
    /// The line's VAT rate is not one of `money::VAT_RATES_BP`.
    VatRate(usize),
    /// The total is zero or negative (discounts exceed the rest).
    NotPositive,
    /// The total exceeds `MAX_TOTAL_CENTS`.
    TooLarge,
}

impl QuoteError {
    /// The input field at fault, as the API's validation errors name them.
    pub fn field(&self) -> String {
        match self {
            QuoteError::NoLines
            | QuoteError::TooManyLines
            | QuoteError::NotPositive
            | QuoteError::TooLarge => "lines".to_owned(),
            QuoteError::Quantity(i) => format!("lines[{i}].quantity_milli"),
            QuoteError::UnitPrice(i) => format!("lines[{i}].unit_price_cents"),
            QuoteError::VatRate(i) => format!("lines[{i}].vat_rate_bp"),
        }
    }

    /// The validation error's code.
    pub fn code(&self) -> &'static str {
        match self {
            QuoteError::NoLines => "required",
            QuoteError::TooManyLines => "too_many",
            QuoteError::Quantity(_)
            | QuoteError::UnitPrice(_)
            | QuoteError::NotPositive
            | QuoteError::TooLarge => "out_of_range",
            QuoteError::VatRate(_) => "invalid",
        }
    }

    /// What to fix, in English.
    pub fn message(&self) -> String {
        match self {
            QuoteError::NoLines => "A quote needs at least one line.".to_owned(),
            QuoteError::TooManyLines => format!("At most {MAX_LINES} lines."),
            QuoteError::Quantity(_) => {
                "A quantity greater than zero and at most 10,000.".to_owned()
            }
            QuoteError::UnitPrice(_) => {
                "A unit price of at most 100,000 euros (either sign).".to_owned()
            }
            QuoteError::VatRate(_) => "A VAT rate of 0%, 4%, 5%, 10% or 22%.".to_owned(),
            QuoteError::NotPositive => "The total must be greater than zero.".to_owned(),
            QuoteError::TooLarge => "The total must be at most 1,000,000 euros.".to_owned(),
        }
    }
}

impl std::fmt::Display for QuoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field(), self.message())
    }
}

impl std::error::Error for QuoteError {}

/// `num / den` rounded half away from zero; `den` must be positive.
fn div_round(num: i128, den: i128) -> i128 {
    let q = num / den;
    let r = num % den;
    if 2 * r.abs() >= den {
        q + num.signum()
    } else {
        q
    }
}

/// Back into an `i64`, saturating: only unvalidated input gets near the limits.
fn saturate(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// The VAT contained in a VAT-included amount: `gross × rate / (1 + rate)`, rounded half
/// away from zero to the cent. A rate of zero or less contains no VAT.
pub fn vat_part(gross_cents: i64, vat_rate_bp: i32) -> i64 {
    if vat_rate_bp <= 0 {
        return 0;
    }
    let bp = i128::from(vat_rate_bp);
    // |result| ≤ |gross|: it always fits.
    saturate(div_round(i128::from(gross_cents) * bp, 10_000 + bp))
}

/// One line's amounts: gross = quantity × unit price rounded once to the cent, then the
/// VAT it contains. It does not validate (see [`totals`]); unvalidated extremes saturate.
pub fn line_amounts(l: &LineInput) -> Amounts {
    let gross = saturate(div_round(
        i128::from(l.quantity_milli) * i128::from(l.unit_price_cents),
        1000,
    ));
    let vat = vat_part(gross, l.vat_rate_bp);
    Amounts {
        gross_cents: gross,
        // vat has gross's sign and is no larger: no overflow.
        net_cents: gross - vat,
        vat_cents: vat,
    }
}

/// Checks each line against the limits, in order: the first fault found.
fn validate_lines(lines: &[LineInput]) -> Result<(), QuoteError> {
    if lines.is_empty() {
        return Err(QuoteError::NoLines);
    }
    if lines.len() > MAX_LINES {
        return Err(QuoteError::TooManyLines);
    }
    for (i, l) in lines.iter().enumerate() {
        if !(1..=MAX_QUANTITY_MILLI).contains(&l.quantity_milli) {
            return Err(QuoteError::Quantity(i));
        }
        if !(-MAX_UNIT_PRICE_CENTS..=MAX_UNIT_PRICE_CENTS).contains(&l.unit_price_cents) {
            return Err(QuoteError::UnitPrice(i));
        }
        if !is_valid_vat_rate(l.vat_rate_bp) {
            return Err(QuoteError::VatRate(i));
        }
    }
    Ok(())
}

/// A quote's totals, after validating its lines: the gross is the exact sum of the
/// lines' gross; the VAT is computed once per rate on that rate's gross, so it differs
/// from the sum of the lines' VAT by less than a cent per line, and the net is what
/// remains.
pub fn totals(lines: &[LineInput]) -> Result<Amounts, QuoteError> {
    validate_lines(lines)?;
    // Within the limits a line's gross is at most 10^11 cents and there are at most 30
    // lines: these sums cannot overflow, i128 only keeps that obvious.
    let mut gross: i128 = 0;
    let mut by_rate = [0i128; VAT_RATES_BP.len()];
    for l in lines {
        let g = i128::from(line_amounts(l).gross_cents);
        gross += g;
        if let Some(k) = VAT_RATES_BP.iter().position(|r| *r == l.vat_rate_bp) {
            by_rate[k] += g;
        }
    }
    if gross <= 0 {
        return Err(QuoteError::NotPositive);
    }
    if gross > i128::from(MAX_TOTAL_CENTS) {
        return Err(QuoteError::TooLarge);
    }
    let gross = saturate(gross);
    let mut vat: i64 = 0;
    for (rate, g) in VAT_RATES_BP.iter().zip(by_rate) {
        // Each rate's gross is bounded like the total (±3·10^12): no overflow.
        vat = vat.saturating_add(vat_part(saturate(g), *rate));
    }
    Ok(Amounts {
        gross_cents: gross,
        net_cents: gross.saturating_sub(vat),
        vat_cents: vat,
    })
}

/// The hourly equivalent shown in the comparison table: the whole quote's gross over the
/// hours of its `Hour` lines, rounded half away from zero to the cent; `None` without
/// hour lines (a quote per visit or per month has no meaningful hourly price).
pub fn hourly_cents(lines: &[LineInput]) -> Option<i64> {
    let mut gross: i128 = 0;
    let mut hours_milli: i128 = 0;
    for l in lines {
        gross += i128::from(line_amounts(l).gross_cents);
        if l.unit == QuoteUnit::Hour {
            hours_milli += i128::from(l.quantity_milli);
        }
    }
    if hours_milli <= 0 {
        return None;
    }
    i64::try_from(div_round(gross.checked_mul(1000)?, hours_milli)).ok()
}

/// The line that brings a quote's gross to `target_gross_cents` (a family's
/// counter-proposal the provider accepts): a lump sum (`Service`, quantity 1) of the
/// difference, at the VAT rate of the line with the largest gross (the first of equals),
/// since the adjustment is mostly on the main service. Appending it gives exactly the
/// target; a zero price means the quote already totals the target. Errors when the lines
/// are invalid or the adjusted quote would be (a target not positive or too large, a
/// difference beyond the unit price limit, one line too many).
pub fn adjust_to(lines: &[LineInput], target_gross_cents: i64) -> Result<LineInput, QuoteError> {
    if target_gross_cents <= 0 {
        return Err(QuoteError::NotPositive);
    }
    if target_gross_cents > MAX_TOTAL_CENTS {
        return Err(QuoteError::TooLarge);
    }
    let current = totals(lines)?;
    let mut main: Option<(i64, i32)> = None;
    for l in lines {
        let g = line_amounts(l).gross_cents;
        if main.is_none_or(|(best, _)| g > best) {
            main = Some((g, l.vat_rate_bp));
        }
    }
    let Some((_, vat_rate_bp)) = main else {
        return Err(QuoteError::NoLines);
    };
    // Both are within 0..=MAX_TOTAL_CENTS here.
    let adjust = LineInput {
        unit: QuoteUnit::Service,
        quantity_milli: 1000,
        unit_price_cents: target_gross_cents - current.gross_cents,
        vat_rate_bp,
    };
    let mut adjusted = lines.to_vec();
    adjusted.push(adjust);
    totals(&adjusted)?;
    Ok(adjust)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sea_orm::Iterable;

    fn line(unit: QuoteUnit, quantity_milli: i64, unit_price_cents: i64, vat: i32) -> LineInput {
        LineInput {
            unit,
            quantity_milli,
            unit_price_cents,
            vat_rate_bp: vat,
        }
    }

    fn hours(quantity_milli: i64, unit_price_cents: i64) -> LineInput {
        line(QuoteUnit::Hour, quantity_milli, unit_price_cents, 2200)
    }

    const QUOTE_ACTIONS: [QuoteAction; 3] = [
        QuoteAction::Revise,
        QuoteAction::Accept,
        QuoteAction::Withdraw,
    ];
    const COUNTER_ACTIONS: [CounterAction; 4] = [
        CounterAction::Accept,
        CounterAction::Revise,
        CounterAction::Decline,
        CounterAction::Withdraw,
    ];

    #[test]
    fn quote_transitions_are_exactly_these() {
        use QuoteAction as A;
        use QuoteStatus as S;
        let allowed = [
            (S::Proposed, A::Revise, S::Superseded),
            (S::Proposed, A::Accept, S::Accepted),
            (S::Proposed, A::Withdraw, S::Withdrawn),
        ];
        for status in S::iter() {
            for action in QUOTE_ACTIONS {
                let expected = allowed
                    .iter()
                    .find(|(s, a, _)| *s == status && *a == action)
                    .map(|(_, _, to)| *to);
                match (status.apply(action), expected) {
                    (Ok(to), Some(e)) => assert_eq!(to, e, "{status:?} {action:?}"),
                    (Err(_), None) => {}
                    (got, e) => panic!("{status:?} {action:?}: got {got:?}, expected {e:?}"),
                }
            }
        }
        assert_eq!(
            S::Superseded.apply(A::Accept),
            Err(Forbidden("A newer version of this quote exists."))
        );
        assert_eq!(
            S::Accepted.apply(A::Accept),
            Err(Forbidden("This quote was already accepted."))
        );
    }

    #[test]
    fn counter_transitions_are_exactly_these() {
        use CounterAction as A;
        use CounterStatus as S;
        let allowed = [
            (S::Open, A::Accept, S::Accepted),
            (S::Open, A::Revise, S::Revised),
            (S::Open, A::Decline, S::Declined),
            (S::Open, A::Withdraw, S::Withdrawn),
        ];
        for status in S::iter() {
            for action in COUNTER_ACTIONS {
                let expected = allowed
                    .iter()
                    .find(|(s, a, _)| *s == status && *a == action)
                    .map(|(_, _, to)| *to);
                match (status.apply(action), expected) {
                    (Ok(to), Some(e)) => assert_eq!(to, e, "{status:?} {action:?}"),
                    (Err(_), None) => {}
                    (got, e) => panic!("{status:?} {action:?}: got {got:?}, expected {e:?}"),
                }
            }
        }
    }

    #[test]
    fn acceptable_only_when_proposed_and_valid() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 5, day).unwrap();
        assert_eq!(check_acceptable(QuoteStatus::Proposed, d(10), d(9)), Ok(()));
        // The validity date is the last day it may be accepted.
        assert_eq!(
            check_acceptable(QuoteStatus::Proposed, d(10), d(10)),
            Ok(())
        );
        let expired = check_acceptable(QuoteStatus::Proposed, d(10), d(11)).unwrap_err();
        assert!(expired.0.contains("expired"), "{expired:?}");
        for s in [
            QuoteStatus::Superseded,
            QuoteStatus::Accepted,
            QuoteStatus::Withdrawn,
        ] {
            // The status speaks first, whatever the date.
            assert_eq!(
                check_acceptable(s, d(10), d(9)),
                s.apply(QuoteAction::Accept).map(|_| ())
            );
            assert_eq!(
                check_acceptable(s, d(10), d(11)),
                s.apply(QuoteAction::Accept).map(|_| ())
            );
        }
    }

    #[test]
    fn codes_are_snake_case() {
        assert_eq!(
            serde_json::to_value(QuoteStatus::Superseded).ok(),
            Some(serde_json::json!("superseded"))
        );
        assert_eq!(
            serde_json::to_value(QuoteUnit::Service).ok(),
            Some(serde_json::json!("service"))
        );
        assert_eq!(
            serde_json::to_value(Amounts::default()).ok(),
            Some(serde_json::json!({"gross_cents": 0, "net_cents": 0, "vat_cents": 0}))
        );
    }

    #[test]
    fn vat_part_rounds_half_away_from_zero() {
        // 122.00 at 22%: exactly 22.00 of VAT.
        assert_eq!(vat_part(12_200, 2200), 2_200);
        // 1.00 at 22%: 18.03… cents.
        assert_eq!(vat_part(100, 2200), 18);
        // 10.00 at 10%: 90.90… cents → 91.
        assert_eq!(vat_part(1_000, 1000), 91);
        // 0.21 at 10%: 1.909… → 2; 0.11 at 10%: exactly 1.
        assert_eq!(vat_part(21, 1000), 2);
        assert_eq!(vat_part(11, 1000), 1);
        // 0.52 at 4%: exactly 2; 0.13 at 4%: exactly 0.5 → 1, and −1 for a discount.
        assert_eq!(vat_part(52, 400), 2);
        assert_eq!(vat_part(13, 400), 1);
        assert_eq!(vat_part(-13, 400), -1);
        assert_eq!(vat_part(-12_200, 2200), -2_200);
        assert_eq!(vat_part(5_000, 0), 0);
        // Nonsense rates contain nothing and do not divide by zero.
        assert_eq!(vat_part(5_000, -10_000), 0);
        // Extremes neither overflow nor exceed the gross.
        assert!((0..i64::MAX).contains(&vat_part(i64::MAX, i32::MAX)));
        assert!((i64::MIN + 1..0).contains(&vat_part(i64::MIN, 2200)));
    }

    #[test]
    fn line_amounts_round_once() {
        // 1.5 hours at 18.50: 27.75.
        let a = line_amounts(&hours(1_500, 1_850));
        assert_eq!(a.gross_cents, 2_775);
        assert_eq!(a.vat_cents, vat_part(2_775, 2200));
        assert_eq!(a.net_cents + a.vat_cents, a.gross_cents);
        // 0.333 hours at 0.05: 1.665 cents → 2; as a discount → −2.
        assert_eq!(line_amounts(&hours(333, 5)).gross_cents, 2);
        assert_eq!(line_amounts(&hours(333, -5)).gross_cents, -2);
        // 0.1 at 0.05: exactly half a cent → 1.
        assert_eq!(line_amounts(&hours(100, 5)).gross_cents, 1);
        assert_eq!(line_amounts(&hours(100, -5)).gross_cents, -1);
        // Unvalidated extremes saturate instead of overflowing.
        let huge = line_amounts(&hours(i64::MAX, i64::MAX));
        assert_eq!(huge.gross_cents, i64::MAX);
        assert_eq!(huge.net_cents + huge.vat_cents, huge.gross_cents);
        let low = line_amounts(&hours(i64::MAX, i64::MIN));
        assert_eq!(low.gross_cents, i64::MIN);
        assert_eq!(low.net_cents + low.vat_cents, low.gross_cents);
    }

    #[test]
    fn totals_compute_vat_per_rate() {
        // Three lines of 0.13 at 4%: each contains 0.5 cent → 1 per line, 3 in all, but
        // 0.39 contains exactly 1.5 → 2 on the invoice.
        let l = line(QuoteUnit::Visit, 1000, 13, 400);
        let t = totals(&[l, l, l]).unwrap();
        assert_eq!(
            t,
            Amounts {
                gross_cents: 39,
                net_cents: 37,
                vat_cents: 2
            }
        );
        let per_line: i64 = [l, l, l].iter().map(|l| line_amounts(l).vat_cents).sum();
        assert_eq!(per_line, 3);

        // Two rates, with a discount line on the main one.
        let lines = [
            hours(20_000, 2_000),                         // 400.00 at 22%
            line(QuoteUnit::Service, 1000, 5_000, 1000),  // 50.00 at 10%
            line(QuoteUnit::Service, 1000, -1_000, 2200), // −10.00 at 22%
        ];
        let t = totals(&lines).unwrap();
        assert_eq!(t.gross_cents, 44_000);
        assert_eq!(t.vat_cents, vat_part(39_000, 2200) + vat_part(5_000, 1000));
        assert_eq!(t.vat_cents, 7_033 + 455);
        assert_eq!(t.net_cents, 44_000 - 7_488);
    }

    #[test]
    fn totals_validate_in_order() {
        let ok = hours(1000, 2_000);
        assert_eq!(totals(&[]), Err(QuoteError::NoLines));
        assert_eq!(totals(&[ok; MAX_LINES + 1]), Err(QuoteError::TooManyLines));
        assert!(totals(&[ok; MAX_LINES]).is_ok());
        for q in [0, -1, MAX_QUANTITY_MILLI + 1, i64::MIN] {
            assert_eq!(totals(&[ok, hours(q, 2_000)]), Err(QuoteError::Quantity(1)));
        }
        assert!(totals(&[hours(MAX_QUANTITY_MILLI, 1)]).is_ok());
        assert!(totals(&[hours(1, 2_000)]).is_ok());
        for p in [
            MAX_UNIT_PRICE_CENTS + 1,
            -MAX_UNIT_PRICE_CENTS - 1,
            i64::MIN,
            i64::MAX,
        ] {
            assert_eq!(
                totals(&[ok, ok, hours(1000, p)]),
                Err(QuoteError::UnitPrice(2))
            );
        }
        assert!(totals(&[hours(1000, MAX_UNIT_PRICE_CENTS)]).is_ok());
        for v in [2100, -1, 10_000, i32::MIN] {
            assert_eq!(
                totals(&[line(QuoteUnit::Day, 1000, 100, v)]),
                Err(QuoteError::VatRate(0))
            );
        }
        // The first fault of the first faulty line.
        assert_eq!(
            totals(&[hours(0, i64::MAX), hours(0, 0)]),
            Err(QuoteError::Quantity(0))
        );
        assert_eq!(
            totals(&[ok, hours(1000, -2_000)]),
            Err(QuoteError::NotPositive)
        );
        assert_eq!(
            totals(&[ok, hours(1000, -1_999)]).map(|t| t.gross_cents),
            Ok(1)
        );
        assert_eq!(totals(&[hours(1000, 0)]), Err(QuoteError::NotPositive));
        // One million euros is allowed, a cent more is not.
        let big = hours(MAX_QUANTITY_MILLI, MAX_UNIT_PRICE_CENTS);
        assert_eq!(totals(&[big]), Err(QuoteError::TooLarge));
        let million = line(QuoteUnit::Service, 10_000, MAX_UNIT_PRICE_CENTS, 2200);
        assert_eq!(
            totals(&[million]).map(|t| t.gross_cents),
            Ok(MAX_TOTAL_CENTS)
        );
        assert_eq!(
            totals(&[million, hours(1000, 1)]),
            Err(QuoteError::TooLarge)
        );
        // The largest quote the line limits allow is still computed without overflow.
        assert_eq!(totals(&[big; MAX_LINES]), Err(QuoteError::TooLarge));
    }

    #[test]
    fn errors_name_their_field() {
        let cases = [
            (QuoteError::NoLines, "lines", "required"),
            (QuoteError::TooManyLines, "lines", "too_many"),
            (
                QuoteError::Quantity(3),
                "lines[3].quantity_milli",
                "out_of_range",
            ),
            (
                QuoteError::UnitPrice(0),
                "lines[0].unit_price_cents",
                "out_of_range",
            ),
            (QuoteError::VatRate(12), "lines[12].vat_rate_bp", "invalid"),
            (QuoteError::NotPositive, "lines", "out_of_range"),
            (QuoteError::TooLarge, "lines", "out_of_range"),
        ];
        for (e, field, code) in cases {
            assert_eq!(e.field(), field);
            assert_eq!(e.code(), code);
            assert!(e.message().ends_with('.'), "{e:?}");
            assert_eq!(e.to_string(), format!("{field}: {}", e.message()));
        }
    }

    #[test]
    fn hourly_equivalent() {
        assert_eq!(hourly_cents(&[]), None);
        assert_eq!(
            hourly_cents(&[line(QuoteUnit::Month, 1000, 120_000, 2200)]),
            None
        );
        // 10 hours at 20.00 plus 15.00 of travel: 21.50 an hour.
        let lines = [
            hours(10_000, 2_000),
            line(QuoteUnit::Service, 1000, 1_500, 2200),
        ];
        assert_eq!(hourly_cents(&lines), Some(2_150));
        // 9.99 for 3.001 hours: 332.9 cents → 3.33; 0.15 for 3 hours: 0.05.
        assert_eq!(hourly_cents(&[hours(3_000, 333), hours(1, 1)]), Some(333));
        assert_eq!(hourly_cents(&[hours(2_000, 7), hours(1000, 1)]), Some(5));
        // 0.15 for 2 hours: 7.5 cents → 8.
        assert_eq!(
            hourly_cents(&[line(QuoteUnit::Visit, 1000, 15, 0), hours(2_000, 0)]),
            Some(8)
        );
        // Unvalidated nonsense answers None rather than dividing by zero.
        assert_eq!(hourly_cents(&[hours(0, 100)]), None);
        let huge = line(QuoteUnit::Service, i64::MAX, i64::MAX, 0);
        assert_eq!(hourly_cents(&[huge, hours(1, 1)]), None);
    }

    #[test]
    fn adjust_to_reaches_the_target() {
        // 10 hours at 22.00 (22%) and a 30.00 visit at 10%: the family proposes 230.00.
        let lines = [
            hours(10_000, 2_200),
            line(QuoteUnit::Visit, 1000, 3_000, 1000),
        ];
        let a = adjust_to(&lines, 23_000).unwrap();
        assert_eq!(a, line(QuoteUnit::Service, 1000, 23_000 - 25_000, 2200));
        let t = totals(&[lines[0], lines[1], a]).unwrap();
        assert_eq!(t.gross_cents, 23_000);
        assert_eq!(t.net_cents + t.vat_cents, t.gross_cents);
        // Upwards too, and at the first of the largest lines' rate.
        let tie = [
            line(QuoteUnit::Day, 1000, 5_000, 400),
            line(QuoteUnit::Day, 1000, 5_000, 1000),
        ];
        assert_eq!(adjust_to(&tie, 12_345).unwrap().vat_rate_bp, 400);
        assert_eq!(adjust_to(&tie, 12_345).unwrap().unit_price_cents, 2_345);
        // Already there: a zero adjustment.
        assert_eq!(adjust_to(&tie, 10_000).unwrap().unit_price_cents, 0);
    }

    #[test]
    fn adjust_to_refuses_invalid_results() {
        let lines = [hours(10_000, 2_000)];
        assert_eq!(adjust_to(&lines, 0), Err(QuoteError::NotPositive));
        assert_eq!(adjust_to(&lines, -5), Err(QuoteError::NotPositive));
        assert_eq!(adjust_to(&lines, i64::MIN), Err(QuoteError::NotPositive));
        assert_eq!(
            adjust_to(&lines, MAX_TOTAL_CENTS + 1),
            Err(QuoteError::TooLarge)
        );
        assert_eq!(adjust_to(&lines, i64::MAX), Err(QuoteError::TooLarge));
        assert_eq!(adjust_to(&[], 1_000), Err(QuoteError::NoLines));
        assert_eq!(
            adjust_to(&[hours(0, 2_000)], 1_000),
            Err(QuoteError::Quantity(0))
        );
        assert_eq!(
            adjust_to(&[lines[0]; MAX_LINES], 1_000),
            Err(QuoteError::TooManyLines)
        );
        // A difference beyond one line's price limit: the new line's index.
        assert_eq!(
            adjust_to(&lines, MAX_TOTAL_CENTS),
            Err(QuoteError::UnitPrice(1))
        );
    }

    fn any_line() -> impl Strategy<Value = LineInput> {
        (
            prop::sample::select(QuoteUnit::iter().collect::<Vec<_>>()),
            1..=MAX_QUANTITY_MILLI,
            -MAX_UNIT_PRICE_CENTS..=MAX_UNIT_PRICE_CENTS,
            prop::sample::select(VAT_RATES_BP.to_vec()),
        )
            .prop_map(|(unit, q, p, v)| line(unit, q, p, v))
    }

    /// Mostly small, realistic lines, so that many quotes pass validation.
    fn small_line() -> impl Strategy<Value = LineInput> {
        (
            prop::sample::select(QuoteUnit::iter().collect::<Vec<_>>()),
            1..=100_000i64,
            -5_000..=50_000i64,
            prop::sample::select(VAT_RATES_BP.to_vec()),
        )
            .prop_map(|(unit, q, p, v)| line(unit, q, p, v))
    }

    fn lines() -> impl Strategy<Value = Vec<LineInput>> {
        prop_oneof![
            prop::collection::vec(small_line(), 1..=MAX_LINES),
            prop::collection::vec(any_line(), 1..=MAX_LINES),
        ]
    }

    proptest! {
        #[test]
        fn totals_invariants(lines in lines()) {
            let line_gross: i64 = lines.iter().map(|l| line_amounts(l).gross_cents).sum();
            let line_vat: i64 = lines.iter().map(|l| line_amounts(l).vat_cents).sum();
            match totals(&lines) {
                Ok(t) => {
                    prop_assert_eq!(t.net_cents + t.vat_cents, t.gross_cents);
                    prop_assert_eq!(t.gross_cents, line_gross);
                    prop_assert!(t.gross_cents > 0 && t.gross_cents <= MAX_TOTAL_CENTS);
                    prop_assert!((t.vat_cents - line_vat).abs() <= lines.len() as i64);
                    let first = lines[0].vat_rate_bp;
                    if lines.iter().all(|l| l.vat_rate_bp == first) {
                        prop_assert_eq!(t.vat_cents, vat_part(t.gross_cents, first));
                    }
                }
                Err(QuoteError::NotPositive) => prop_assert!(line_gross <= 0),
                Err(QuoteError::TooLarge) => prop_assert!(line_gross > MAX_TOTAL_CENTS),
                Err(e) => prop_assert!(false, "valid lines refused: {:?}", e),
            }
        }

        #[test]
        fn single_rate_vat_is_the_totals(lines in prop::collection::vec(small_line(), 1..=MAX_LINES), rate in prop::sample::select(VAT_RATES_BP.to_vec())) {
            let lines: Vec<LineInput> = lines.into_iter().map(|l| LineInput { vat_rate_bp: rate, ..l }).collect();
            if let Ok(t) = totals(&lines) {
                prop_assert_eq!(t.vat_cents, vat_part(t.gross_cents, rate));
            }
        }

        #[test]
        fn line_amounts_add_up(l in any_line()) {
            let a = line_amounts(&l);
            prop_assert_eq!(a.net_cents + a.vat_cents, a.gross_cents);
            // Within half a cent of the exact product.
            let exact = i128::from(l.quantity_milli) * i128::from(l.unit_price_cents);
            prop_assert!((i128::from(a.gross_cents) * 1000 - exact).abs() <= 500);
            prop_assert!(a.vat_cents.abs() <= a.gross_cents.abs());
        }

        #[test]
        fn vat_part_is_within_half_a_cent(gross in -(MAX_TOTAL_CENTS * 100)..=MAX_TOTAL_CENTS * 100, rate in prop::sample::select(VAT_RATES_BP.to_vec())) {
            let v = i128::from(vat_part(gross, rate));
            let (g, r) = (i128::from(gross), i128::from(rate));
            // |v − g·r/(10000+r)| ≤ ½, in integers.
            prop_assert!((2 * (v * (10_000 + r) - g * r)).abs() <= 10_000 + r);
            prop_assert_eq!(vat_part(-gross, rate), -vat_part(gross, rate));
        }

        #[test]
        fn adjust_to_gives_the_target(lines in prop::collection::vec(small_line(), 1..MAX_LINES), target in 1..=MAX_TOTAL_CENTS) {
            if let Ok(before) = totals(&lines) {
                match adjust_to(&lines, target) {
                    Ok(a) => {
                        let mut all = lines.clone();
                        all.push(a);
                        let t = totals(&all);
                        prop_assert_eq!(t.map(|t| t.gross_cents), Ok(target));
                        prop_assert_eq!(a.unit, QuoteUnit::Service);
                        prop_assert_eq!(a.quantity_milli, 1000);
                        prop_assert!(lines.iter().any(|l| l.vat_rate_bp == a.vat_rate_bp));
                    }
                    Err(e) => {
                        prop_assert_eq!(e, QuoteError::UnitPrice(lines.len()));
                        prop_assert!((target - before.gross_cents).abs() > MAX_UNIT_PRICE_CENTS);
                    }
                }
            }
        }
    }
}
