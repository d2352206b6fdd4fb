//! Reviews (issue 11), with no I/O: after the activation the family rates the order
//! 1–5 on named aspects and writes a text; the tenant's reviewer publishes or rejects it
//! before it shows, and may take a published one down after an abuse report.
use sea_orm::entity::prelude::StringLen;

use super::workflow::Forbidden;

code_enum! {
    /// Where a review stands.
    pub enum ReviewStatus {
        /// Written; waiting for the reviewer. Only its author and the reviewers see it.
        Pending,
        /// Shown on the card and the organisation, and counted in the averages.
        Published,
        /// Rejected by the reviewer, or taken down after an abuse report.
        Rejected,
    }
}

/// What the reviewer does to a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    /// Show it.
    Publish,
    /// Refuse it.
    Reject,
    /// Remove a published review (an abuse report was upheld).
    TakeDown,
}

impl ReviewStatus {
    /// The status after `action`, or why it is not allowed.
    pub fn apply(self, action: ReviewAction) -> Result<ReviewStatus, Forbidden> {
        use ReviewAction as A;
        use ReviewStatus as S;
        match (self, action) {
            (S::Pending, A::Publish) => Ok(S::Published),
            (S::Pending, A::Reject) => Ok(S::Rejected),
            (S::Published, A::TakeDown) => Ok(S::Rejected),
            (S::Pending, A::TakeDown) => Err(Forbidden(
                "This review is not published: reject it instead.",
            )),
            (S::Published, A::Publish) => Err(Forbidden("This review is already published.")),
            (S::Published, A::Reject) => {
                Err(Forbidden("This review is published: take it down instead."))
            }
            (S::Rejected, _) => Err(Forbidden("This review was rejected.")),
        }
    }
}

code_enum! {
    /// What a review rates.
    pub enum Aspect {
        Punctuality,
        Competence,
        Kindness,
        /// Value for money.
        Value,
    }
}

impl Aspect {
    pub const ALL: [Aspect; 4] = [
        Aspect::Punctuality,
        Aspect::Competence,
        Aspect::Kindness,
        Aspect::Value,
    ];
}

/// A review's ratings, each 1 to 5.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
pub struct Ratings {
    #[schema(minimum = 1, maximum = 5)]
    pub punctuality: i16,
    #[schema(minimum = 1, maximum = 5)]
    pub competence: i16,
    #[schema(minimum = 1, maximum = 5)]
    pub kindness: i16,
    #[schema(minimum = 1, maximum = 5)]
    pub value: i16,
}

/// The longest review text, in characters.
pub const TEXT_MAX: usize = 2000;
/// The longest reply by the provider, in characters.
pub const REPLY_MAX: usize = 2000;

impl Ratings {
    /// The rating of one aspect.
    pub fn get(&self, aspect: Aspect) -> i16 {
        match aspect {
            Aspect::Punctuality => self.punctuality,
            Aspect::Competence => self.competence,
            Aspect::Kindness => self.kindness,
            Aspect::Value => self.value,
        }
    }

    /// The first aspect (in `Aspect::ALL`'s order) whose rating is not 1 to 5.
    pub fn invalid(&self) -> Option<Aspect> {
        Aspect::ALL
            .into_iter()
            .find(|a| !(1..=5).contains(&self.get(*a)))
    }

    /// The mean of the four ratings in tenths (4.25 → 43), rounded half up. Meaningful
    /// for valid ratings; others saturate rather than overflow.
    pub fn overall_tenths(&self) -> i16 {
        let sum: i64 = Aspect::ALL.iter().map(|a| i64::from(self.get(*a))).sum();
        let tenths = tenths_half_up(i128::from(sum), Aspect::ALL.len() as i128);
        i16::try_from(tenths).unwrap_or(if tenths < 0 { i16::MIN } else { i16::MAX })
    }
}

/// `sum / count` in tenths, rounded half up (towards +∞ on a tie); `count` positive.
fn tenths_half_up(sum: i128, count: i128) -> i128 {
    (sum * 20 + count).div_euclid(2 * count)
}

/// Published reviews' averages, shown on a card and an organisation: each aspect's mean
/// and the overall mean (of all four aspects of all reviews), to one decimal.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Averages {
    pub count: i64,
    pub overall: f32,
    pub punctuality: f32,
    pub competence: f32,
    pub kindness: f32,
    pub value: f32,
}

/// The averages of `ratings`, each rounded half up to one decimal in exact integer
/// arithmetic (so 4.25 shows 4.3, never 4.2 through a binary fraction); all zero for none.
pub fn averages(ratings: &[Ratings]) -> Averages {
    let n = ratings.len() as i128;
    if n == 0 {
        return Averages::default();
    }
    let sum = |a: Aspect| -> i128 { ratings.iter().map(|r| i128::from(r.get(a))).sum() };
    let one_decimal = |s: i128, count: i128| tenths_half_up(s, count) as f32 / 10.0;
    let sums = Aspect::ALL.map(sum);
    Averages {
        count: i64::try_from(n).unwrap_or(i64::MAX),
        overall: one_decimal(sums.iter().sum(), n * Aspect::ALL.len() as i128),
        punctuality: one_decimal(sums[0], n),
        competence: one_decimal(sums[1], n),
        kindness: one_decimal(sums[2], n),
        value: one_decimal(sums[3], n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    const ACTIONS: [ReviewAction; 3] = [
        ReviewAction::Publish,
        ReviewAction::Reject,
        ReviewAction::TakeDown,
    ];

    fn r(punctuality: i16, competence: i16, kindness: i16, value: i16) -> Ratings {
        Ratings {
            punctuality,
            competence,
            kindness,
            value,
        }
    }

    #[test]
    fn review_transitions_are_exactly_these() {
        use ReviewAction as A;
        use ReviewStatus as S;
        let allowed = [
            (S::Pending, A::Publish, S::Published),
            (S::Pending, A::Reject, S::Rejected),
            (S::Published, A::TakeDown, S::Rejected),
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
    fn aspects_in_order() {
        assert_eq!(Aspect::ALL.to_vec(), Aspect::iter().collect::<Vec<_>>());
        let x = r(1, 2, 3, 4);
        assert_eq!(Aspect::ALL.map(|a| x.get(a)), [1, 2, 3, 4]);
        assert_eq!(
            serde_json::to_value(Aspect::Punctuality).ok(),
            Some(serde_json::json!("punctuality"))
        );
    }

    #[test]
    fn ratings_are_one_to_five() {
        assert_eq!(r(1, 5, 3, 4).invalid(), None);
        assert_eq!(r(0, 5, 3, 4).invalid(), Some(Aspect::Punctuality));
        assert_eq!(r(1, 6, 3, 4).invalid(), Some(Aspect::Competence));
        assert_eq!(r(1, 5, -3, 4).invalid(), Some(Aspect::Kindness));
        assert_eq!(r(1, 5, 3, i16::MAX).invalid(), Some(Aspect::Value));
        // The first of several.
        assert_eq!(r(5, 0, 9, 9).invalid(), Some(Aspect::Competence));
        let parsed: Ratings = serde_json::from_value(serde_json::json!({
            "punctuality": 5, "competence": 4, "kindness": 5, "value": 3
        }))
        .unwrap();
        assert_eq!(parsed, r(5, 4, 5, 3));
    }

    #[test]
    fn overall_rounds_half_up() {
        assert_eq!(r(5, 5, 5, 5).overall_tenths(), 50);
        assert_eq!(r(1, 1, 1, 1).overall_tenths(), 10);
        // 4.25 → 4.3; 4.5; 4.75 → 4.8; 3.0.
        assert_eq!(r(5, 4, 4, 4).overall_tenths(), 43);
        assert_eq!(r(5, 5, 4, 4).overall_tenths(), 45);
        assert_eq!(r(5, 5, 5, 4).overall_tenths(), 48);
        assert_eq!(r(1, 2, 4, 5).overall_tenths(), 30);
        // Nonsense saturates.
        assert_eq!(
            r(i16::MAX, i16::MAX, i16::MAX, i16::MAX).overall_tenths(),
            i16::MAX
        );
        assert_eq!(
            r(i16::MIN, i16::MIN, i16::MIN, i16::MIN).overall_tenths(),
            i16::MIN
        );
        assert_eq!(r(-1, -1, -1, -2).overall_tenths(), -12);
    }

    #[test]
    fn averages_to_one_decimal() {
        assert_eq!(averages(&[]), Averages::default());
        let a = averages(&[r(5, 4, 4, 4)]);
        assert_eq!(a.count, 1);
        assert_eq!(a.overall, 4.3);
        assert_eq!(
            (a.punctuality, a.competence, a.kindness, a.value),
            (5.0, 4.0, 4.0, 4.0)
        );
        // Three reviews: punctuality 14/3 = 4.666… → 4.7; competence 13/3 → 4.3;
        // kindness 15/3 = 5; value 7/3 = 2.333… → 2.3; overall 49/12 = 4.083… → 4.1.
        let a = averages(&[r(5, 4, 5, 3), r(5, 5, 5, 2), r(4, 4, 5, 2)]);
        assert_eq!(a.count, 3);
        assert_eq!(a.punctuality, 4.7);
        assert_eq!(a.competence, 4.3);
        assert_eq!(a.kindness, 5.0);
        assert_eq!(a.value, 2.3);
        assert_eq!(a.overall, 4.1);
        // A tie rounds up: 4.25 → 4.3 and 4.05 → 4.1 (exactly, not through floats).
        let a = averages(&[r(5, 5, 5, 5), r(4, 4, 4, 4), r(4, 4, 4, 4), r(4, 4, 4, 4)]);
        assert_eq!(a.punctuality, 4.3);
        let mut many = vec![r(4, 4, 4, 4); 19];
        many.push(r(5, 5, 5, 5));
        assert_eq!(averages(&many).value, 4.1);
        // What the API sends: one decimal, not a binary fraction's digits.
        assert_eq!(
            serde_json::to_string(&averages(&[r(5, 4, 4, 4)]))
                .ok()
                .as_deref(),
            Some(
                r#"{"count":1,"overall":4.3,"punctuality":5.0,"competence":4.0,"kindness":4.0,"value":4.0}"#
            )
        );
    }
}
