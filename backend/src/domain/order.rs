//! Orders (issue 11), with no I/O: accepting a quote makes an **order**, the activation;
//! the provider confirms the start, either side may cancel with a reason, and the
//! co-payment says who pays what.
use super::quote::Amounts;
use super::workflow::Forbidden;
use sea_orm::entity::prelude::StringLen;

code_enum! {
    /// Where an order stands.
    pub enum OrderStatus {
        /// Made from the accepted quote; the provider has to confirm the start date.
        AwaitingConfirmation,
        /// The provider confirmed: the service is activated.
        Confirmed,
        /// Cancelled by either side, with a reason.
        Cancelled,
    }
}

code_enum! {
    /// Why an order was cancelled (these feed the city's monitoring).
    pub enum CancelReason {
        /// The family no longer needs the service.
        NoLongerNeeded,
        /// The family found another way (another provider, the family itself…).
        FoundAnotherSolution,
        /// The start date or the schedule no longer suits.
        ScheduleChanged,
        /// The sides did not agree on the price after all.
        PriceDisagreement,
        /// The provider cannot serve it any more.
        ProviderUnavailable,
        /// The provider could not reach the family.
        FamilyUnreachable,
        /// Something else (the text says what).
        Other,
    }
}

impl CancelReason {
    pub const ALL: [CancelReason; 7] = [
        CancelReason::NoLongerNeeded,
        CancelReason::FoundAnotherSolution,
        CancelReason::ScheduleChanged,
        CancelReason::PriceDisagreement,
        CancelReason::ProviderUnavailable,
        CancelReason::FamilyUnreachable,
        CancelReason::Other,
    ];

    /// "Other" says nothing by itself: whoever cancels must write why.
    pub fn needs_details(self) -> bool {
        self == CancelReason::Other
    }
}

/// What someone does to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderAction {
    /// The provider confirms the start.
    Confirm,
    /// Either side cancels.
    Cancel,
}

impl OrderStatus {
    /// The status after `action`, or why it is not allowed.
    pub fn apply(self, action: OrderAction) -> Result<OrderStatus, Forbidden> {
        use OrderAction as A;
        use OrderStatus as S;
        match (self, action) {
            (S::AwaitingConfirmation, A::Confirm) => Ok(S::Confirmed),
            (S::AwaitingConfirmation | S::Confirmed, A::Cancel) => Ok(S::Cancelled),
            (S::Confirmed, A::Confirm) => Err(Forbidden("This order is already confirmed.")),
            (S::Cancelled, _) => Err(Forbidden("This order was cancelled.")),
        }
    }

    /// Whether the family may review the order: once the activation happened, that is
    /// once the provider confirmed it (`was_confirmed` says whether a cancelled order
    /// had been confirmed first: a service that started and then stopped can be
    /// reviewed, one that never started cannot).
    pub fn can_review(self, was_confirmed: bool) -> bool {
        match self {
            OrderStatus::Confirmed => true,
            OrderStatus::Cancelled => was_confirmed,
            OrderStatus::AwaitingConfirmation => false,
        }
    }
}

/// Who pays what of an order, in cents, VAT included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct CoPayment {
    /// The order's total (the accepted quote's gross).
    pub total_cents: i64,
    /// The VAT the total contains.
    pub vat_cents: i64,
    /// What a voucher scheme (Bebè Card, BAF, Titoli Sociali…) pays.
    pub voucher_cents: i64,
    /// What the family pays: the total less the voucher.
    pub citizen_share_cents: i64,
}

/// The co-payment of an order of `total` with a voucher of `voucher_cents`, or why the
/// voucher amount is not acceptable (it can cover at most the whole total).
pub fn co_payment(total: Amounts, voucher_cents: i64) -> Result<CoPayment, &'static str> {
    if voucher_cents < 0 {
        return Err("The voucher amount cannot be negative.");
    }
    if voucher_cents > total.gross_cents {
        return Err("The voucher amount cannot exceed the order's total.");
    }
    Ok(CoPayment {
        total_cents: total.gross_cents,
        vat_cents: total.vat_cents,
        voucher_cents,
        // 0 ≤ voucher ≤ gross: no overflow.
        citizen_share_cents: total.gross_cents - voucher_cents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    const ACTIONS: [OrderAction; 2] = [OrderAction::Confirm, OrderAction::Cancel];

    #[test]
    fn order_transitions_are_exactly_these() {
        use OrderAction as A;
        use OrderStatus as S;
        let allowed = [
            (S::AwaitingConfirmation, A::Confirm, S::Confirmed),
            (S::AwaitingConfirmation, A::Cancel, S::Cancelled),
            (S::Confirmed, A::Cancel, S::Cancelled),
        ];
        for status in S::iter() {
            for action in ACTIONS {
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
    fn reviews_follow_the_activation() {
        use OrderStatus as S;
        let cases = [
            (S::AwaitingConfirmation, false, false),
            (S::AwaitingConfirmation, true, false),
            (S::Confirmed, false, true),
            (S::Confirmed, true, true),
            (S::Cancelled, false, false),
            (S::Cancelled, true, true),
        ];
        for (s, was_confirmed, expected) in cases {
            assert_eq!(
                s.can_review(was_confirmed),
                expected,
                "{s:?} {was_confirmed}"
            );
        }
    }

    #[test]
    fn cancel_reasons() {
        assert_eq!(CancelReason::ALL.len(), CancelReason::iter().count());
        for r in CancelReason::iter() {
            assert!(CancelReason::ALL.contains(&r));
            assert_eq!(r.needs_details(), r == CancelReason::Other);
        }
        assert_eq!(
            serde_json::to_value(CancelReason::FoundAnotherSolution).ok(),
            Some(serde_json::json!("found_another_solution"))
        );
        assert_eq!(
            serde_json::to_value(OrderStatus::AwaitingConfirmation).ok(),
            Some(serde_json::json!("awaiting_confirmation"))
        );
    }

    #[test]
    fn co_payment_splits_the_total() {
        let total = Amounts {
            gross_cents: 44_000,
            net_cents: 36_512,
            vat_cents: 7_488,
        };
        assert_eq!(
            co_payment(total, 15_000),
            Ok(CoPayment {
                total_cents: 44_000,
                vat_cents: 7_488,
                voucher_cents: 15_000,
                citizen_share_cents: 29_000,
            })
        );
        assert_eq!(
            co_payment(total, 0).map(|c| c.citizen_share_cents),
            Ok(44_000)
        );
        assert_eq!(
            co_payment(total, 44_000).map(|c| c.citizen_share_cents),
            Ok(0)
        );
        assert!(co_payment(total, 44_001).is_err());
        assert!(co_payment(total, -1).is_err());
        assert!(co_payment(total, i64::MIN).is_err());
        assert!(co_payment(total, i64::MAX).is_err());
        assert_eq!(
            serde_json::to_value(co_payment(total, 0).unwrap()).ok(),
            Some(serde_json::json!({
                "total_cents": 44_000,
                "vat_cents": 7_488,
                "voucher_cents": 0,
                "citizen_share_cents": 44_000,
            }))
        );
    }
}
