//! Shared services (issue 12), with no I/O: which families' needs one carer can serve
//! together ("badante di condominio": one carer, 24 hours a week, six residents of one
//! building), their joint week and how the cost splits.
use super::week::Week;

/// How near two families live, nearest first: the same building, the same NIL, the same
/// Municipio (or comune).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Nearness {
    Building,
    Nil,
    Municipio,
}

/// The hours one carer works in a week at most (the domestic workers' national contract:
/// 40 hours for those not living in).
pub const CARER_WEEK_HOURS: u32 = 40;

/// The hours two members' schedules may share at most (the carer is with both at once:
/// possible for some help, such as accompanying two neighbours to the market).
pub const SHARED_HOURS_MAX: u32 = 2;

/// A candidate member of a group: their need's hours and budget per hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub week: Week,
    /// The most the family pays an hour, in cents; `None`: not said.
    pub hourly_budget_cents: Option<i64>,
}

/// Why members cannot share one carer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unfit {
    /// A group has at least two members.
    TooFew,
    /// A member gave no hours.
    NoHours,
    /// Their hours overlap beyond `SHARED_HOURS_MAX` for some pair.
    Overlap,
    /// Together they need more than one carer's week.
    TooManyHours,
    /// Their budgets are too far apart (the highest over twice the lowest).
    Budgets,
}

/// The joint week of `members` if one carer can serve them all, or why not.
pub fn joint_week(members: &[Member]) -> Result<Week, Unfit> {
    if members.len() < 2 {
        return Err(Unfit::TooFew);
    }
    if members.iter().any(|m| m.week.is_empty()) {
        return Err(Unfit::NoHours);
    }
    for (i, a) in members.iter().enumerate() {
        for b in &members[i + 1..] {
            if a.week.and(b.week).hours() > SHARED_HOURS_MAX {
                return Err(Unfit::Overlap);
            }
        }
    }
    let joint = members.iter().fold(Week::EMPTY, |w, m| w.or(m.week));
    if joint.hours() > CARER_WEEK_HOURS {
        return Err(Unfit::TooManyHours);
    }
    // A budget of 0 or less says nothing (the family did not name one).
    let budgets: Vec<i128> = members
        .iter()
        .filter_map(|m| m.hourly_budget_cents)
        .filter(|b| *b > 0)
        .map(i128::from)
        .collect();
    if let (Some(lo), Some(hi)) = (budgets.iter().min(), budgets.iter().max())
        && *hi > 2 * *lo
    {
        return Err(Unfit::Budgets);
    }
    Ok(joint)
}

/// Splits `total_cents` (0 or more) by `hours` (each member's share of the week):
/// proportional, in whole cents, adding up exactly to the total. The cents the division
/// leaves go one each to the largest remainders, the earlier member first among equals.
/// `None` when nobody has an hour (nothing to split by) or the total is negative.
pub fn split_by_hours(total_cents: i64, hours: &[u32]) -> Option<Vec<i64>> {
    let all: i64 = hours.iter().map(|h| i64::from(*h)).sum();
    if all == 0 || total_cents < 0 {
        return None;
    }
    let mut shares: Vec<i64> = Vec::with_capacity(hours.len());
    let mut remainders: Vec<(i64, usize)> = Vec::with_capacity(hours.len());
    for (i, h) in hours.iter().enumerate() {
        let exact = i128::from(total_cents) * i128::from(*h);
        let all = i128::from(all);
        let share = exact.div_euclid(all);
        remainders.push((i64::try_from(exact.rem_euclid(all)).unwrap_or(0), i));
        shares.push(i64::try_from(share).unwrap_or(0));
    }
    let mut left = total_cents - shares.iter().sum::<i64>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.iter().cycle() {
        if left <= 0 {
            break;
        }
        if let Some(s) = shares.get_mut(*i) {
            *s += 1;
        }
        left -= 1;
    }
    Some(shares)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::week::Slot;
    use proptest::prelude::*;

    fn hours(day: u8, from: u8, to: u8) -> Week {
        Week::of(&[Slot::new(day, from, to).unwrap()])
    }

    fn member(w: Week, b: Option<i64>) -> Member {
        Member {
            week: w,
            hourly_budget_cents: b,
        }
    }

    #[test]
    fn six_residents_share_twenty_four_hours() {
        // The Dateo 5 pilot: six residents, four hours each, one carer's 24 hours.
        let members: Vec<Member> = (0..6)
            .map(|i| member(hours(i, 9, 13), Some(1000 + 50 * i64::from(i))))
            .collect();
        let w = joint_week(&members).unwrap();
        assert_eq!(w.hours(), 24);
        assert_eq!(
            split_by_hours(24 * 1100, &[4, 4, 4, 4, 4, 4]),
            Some(vec![4400; 6])
        );
    }

    #[test]
    fn what_one_carer_cannot_do() {
        let a = member(hours(0, 9, 13), Some(1000));
        assert_eq!(joint_week(&[a]), Err(Unfit::TooFew));
        assert_eq!(
            joint_week(&[a, member(Week::EMPTY, None)]),
            Err(Unfit::NoHours)
        );
        assert_eq!(
            joint_week(&[a, member(hours(0, 10, 14), None)]),
            Err(Unfit::Overlap)
        );
        // Two shared hours are allowed.
        assert!(joint_week(&[a, member(hours(0, 11, 15), None)]).is_ok());
        let long = |d| member(hours(d, 0, 11), None);
        assert_eq!(
            joint_week(&[long(0), long(1), long(2), long(3)]),
            Err(Unfit::TooManyHours)
        );
        assert_eq!(
            joint_week(&[a, member(hours(1, 9, 13), Some(2001))]),
            Err(Unfit::Budgets)
        );
        assert!(joint_week(&[a, member(hours(1, 9, 13), Some(2000))]).is_ok());
    }

    #[test]
    fn the_split_follows_the_hours_and_adds_up() {
        assert_eq!(split_by_hours(1000, &[1, 1, 1]), Some(vec![334, 333, 333]));
        assert_eq!(split_by_hours(1000, &[2, 1]), Some(vec![667, 333]));
        assert_eq!(split_by_hours(1000, &[0, 3]), Some(vec![0, 1000]));
        assert_eq!(split_by_hours(0, &[2, 1]), Some(vec![0, 0]));
        assert_eq!(split_by_hours(500, &[0, 0]), None);
        assert_eq!(split_by_hours(7, &[]), None);
        assert_eq!(split_by_hours(-1, &[1]), None);
        assert_eq!(
            split_by_hours(i64::MAX, &[1, 1])
                .map(|v| v.iter().map(|c| i128::from(*c)).sum::<i128>()),
            Some(i128::from(i64::MAX))
        );
    }

    proptest! {
        #[test]
        fn the_split_always_adds_up_exactly(total in 0i64..10_000_000, hs in prop::collection::vec(0u32..60, 1..12)) {
            let shares = split_by_hours(total, &hs).unwrap_or_default();
            if hs.iter().any(|h| *h > 0) {
                prop_assert_eq!(shares.len(), hs.len());
                prop_assert_eq!(shares.iter().sum::<i64>(), total);
                let all: i64 = hs.iter().map(|h| i64::from(*h)).sum();
                for (s, h) in shares.iter().zip(&hs) {
                    // Within one cent of the exact proportion.
                    let exact = total as f64 * f64::from(*h) / all as f64;
                    prop_assert!((*s as f64 - exact).abs() < 1.0 + 1e-9, "{s} vs {exact}");
                }
            }
        }
    }
}
