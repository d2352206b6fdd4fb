//! Shared services (issue 12), with no I/O: which families' needs one carer can serve
//! together ("badante di condominio": one carer, 24 hours a week, six residents of one
//! building), their joint week and how the cost splits.
use super::week::Week;
use sea_orm::entity::prelude::StringLen;

code_enum! {
    /// How near two families live, nearest first: the same building, the same NIL, the
    /// same Municipio (or comune).
    #[derive(PartialOrd, Ord)]
    pub enum Nearness {
        Building,
        Nil,
        Municipio,
    }
}

code_enum! {
    /// Where a group of families sharing one carer stands.
    pub enum GroupStatus {
        /// Proposed: fewer than two members have joined yet.
        Forming,
        /// Two members or more have joined: it can be offered to a carer or a provider.
        Formed,
        /// Everyone left or declined (an end: its needs are free for another group).
        Closed,
    }
}

code_enum! {
    /// Where one need stands in a group.
    pub enum MemberStatus {
        /// Invited by a member; not answered yet.
        Invited,
        /// In the group.
        Joined,
        /// Said no to the invitation.
        Declined,
        /// Was in the group and left it.
        Left,
    }
}

code_enum! {
    /// What a family does with its place in a group.
    pub enum MemberAction {
        /// Accept the invitation.
        Join,
        /// Refuse the invitation.
        Decline,
        /// Leave the group after joining.
        Leave,
    }
}

impl MemberStatus {
    /// The status an action leads to from this one, if it is allowed.
    pub fn after(self, action: MemberAction) -> Option<MemberStatus> {
        match (self, action) {
            (MemberStatus::Invited, MemberAction::Join) => Some(MemberStatus::Joined),
            (MemberStatus::Invited, MemberAction::Decline) => Some(MemberStatus::Declined),
            (MemberStatus::Joined, MemberAction::Leave) => Some(MemberStatus::Left),
            _ => None,
        }
    }

    /// The actions open to a member in this status.
    pub fn actions(self) -> Vec<MemberAction> {
        [
            MemberAction::Join,
            MemberAction::Decline,
            MemberAction::Leave,
        ]
        .into_iter()
        .filter(|a| self.after(*a).is_some())
        .collect()
    }
}

impl GroupStatus {
    /// The group's status once `joined` members are in and `invited` wait: a closed
    /// group stays closed; two members make it formed; while two could still be, it is
    /// forming; otherwise it closes.
    pub fn next(self, joined: usize, invited: usize) -> GroupStatus {
        match self {
            GroupStatus::Closed => GroupStatus::Closed,
            _ if joined >= 2 => GroupStatus::Formed,
            _ if joined >= 1 && joined + invited >= 2 => GroupStatus::Forming,
            _ => GroupStatus::Closed,
        }
    }
}

/// The most families one group holds (the pilot's building: six residents).
pub const GROUP_MAX: usize = 6;

/// Where a need is, as pooling compares it: its zone, whether that zone is a NIL, the
/// area that holds it (a NIL's Municipio; a Municipio or a comune itself), and the
/// normalised building address, if the family gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    pub zone: i32,
    pub nil: bool,
    pub area: i32,
    pub building: Option<&'a str>,
}

/// How near two needs are; `None` when they are not in the same Municipio (or comune).
pub fn nearness(a: &Place<'_>, b: &Place<'_>) -> Option<Nearness> {
    if a.area != b.area {
        return None;
    }
    Some(match (a.building, b.building) {
        (Some(x), Some(y)) if !x.is_empty() && x == y => Nearness::Building,
        _ if a.zone == b.zone && a.nil => Nearness::Nil,
        _ => Nearness::Municipio,
    })
}

/// The key kept beside a need's address (none for no address, or one with no letter or
/// digit): equal keys are one building.
pub fn stored_key(address: Option<&str>) -> Option<String> {
    address.map(building_key).filter(|k| !k.is_empty())
}

/// A building address as compared: lower case, letters and digits only, single spaces
/// ("Via  Dateo, 5" and "via dateo 5" are one building). Empty: none given.
pub fn building_key(address: &str) -> String {
    address
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The group proposed around `me` from `candidates` (nearest and best first): each is
/// taken, in order, when one carer can still serve everyone taken with it, up to
/// `GROUP_MAX` members. The indices of the candidates taken.
pub fn propose(me: Member, candidates: &[Member]) -> Vec<usize> {
    let mut taken: Vec<Member> = vec![me];
    let mut out = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        if taken.len() >= GROUP_MAX {
            break;
        }
        taken.push(*c);
        if joint_week(&taken).is_ok() {
            out.push(i);
        } else {
            taken.pop();
        }
    }
    out
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

    #[test]
    fn nearness_prefers_the_building_then_the_nil() {
        let place = |zone, nil, building| Place {
            zone,
            nil,
            area: 1,
            building,
        };
        let dateo = building_key("Via  Dateo, 5");
        assert_eq!(dateo, "via dateo 5");
        assert_eq!(
            nearness(
                &place(10, true, Some(&dateo)),
                &place(10, true, Some("via dateo 5"))
            ),
            Some(Nearness::Building)
        );
        assert_eq!(
            nearness(&place(10, true, Some(&dateo)), &place(10, true, None)),
            Some(Nearness::Nil)
        );
        assert_eq!(
            nearness(&place(10, true, None), &place(11, true, None)),
            Some(Nearness::Municipio)
        );
        // A Municipio is not a neighbourhood: two needs naming it are only as near as it.
        assert_eq!(
            nearness(&place(1, false, None), &place(1, false, None)),
            Some(Nearness::Municipio)
        );
        let elsewhere = Place {
            area: 2,
            ..place(10, true, Some(&dateo))
        };
        assert_eq!(nearness(&place(10, true, Some(&dateo)), &elsewhere), None);
        assert!(Nearness::Building < Nearness::Nil && Nearness::Nil < Nearness::Municipio);
    }

    #[test]
    fn a_proposal_takes_who_fits_in_order_up_to_six() {
        let me = member(hours(0, 9, 13), Some(1000));
        let clash = member(hours(0, 9, 13), Some(1000));
        let fits = |d| member(hours(d, 9, 13), Some(1100));
        let rich = member(hours(6, 9, 13), Some(5000));
        let cands = [
            clash,
            fits(1),
            rich,
            fits(2),
            fits(3),
            fits(4),
            fits(5),
            fits(6),
        ];
        // The clash and the far budget are skipped; five others fill the six places.
        assert_eq!(propose(me, &cands), vec![1, 3, 4, 5, 6]);
        assert_eq!(propose(me, &[]), Vec::<usize>::new());
    }

    #[test]
    fn members_and_groups_move_only_as_allowed() {
        use MemberAction::*;
        use MemberStatus::*;
        assert_eq!(Invited.after(Join), Some(Joined));
        assert_eq!(Invited.after(Decline), Some(Declined));
        assert_eq!(Joined.after(Leave), Some(Left));
        for s in [Declined, Left] {
            assert!(s.actions().is_empty());
        }
        assert_eq!(Joined.after(Join), None);
        assert_eq!(Invited.actions(), vec![Join, Decline]);
        assert_eq!(GroupStatus::Forming.next(1, 1), GroupStatus::Forming);
        assert_eq!(GroupStatus::Forming.next(2, 0), GroupStatus::Formed);
        assert_eq!(GroupStatus::Forming.next(1, 0), GroupStatus::Closed);
        assert_eq!(GroupStatus::Formed.next(1, 1), GroupStatus::Forming);
        assert_eq!(GroupStatus::Formed.next(0, 2), GroupStatus::Closed);
        assert_eq!(GroupStatus::Closed.next(3, 0), GroupStatus::Closed);
    }

    proptest! {
        #[test]
        fn a_proposal_is_always_servable(days in prop::collection::vec((0u8..7, 6u8..18, 1u8..6), 0..12)) {
            let me = member(hours(0, 8, 12), None);
            let cands: Vec<Member> = days
                .iter()
                .map(|(d, from, len)| member(hours(*d, *from, (*from + *len).min(24)), None))
                .collect();
            let picked = propose(me, &cands);
            prop_assert!(picked.len() < GROUP_MAX);
            let mut all = vec![me];
            all.extend(picked.iter().map(|i| cands[*i]));
            if all.len() >= 2 {
                prop_assert!(joint_week(&all).is_ok());
            }
        }

        #[test]
        fn the_migration_keys_addresses_as_the_domain_does(address in "\\PC{0,40}") {
            // Migration 000026 keyed the addresses stored before it with its own copy.
            prop_assert_eq!(
                migration::m20261210_000026_building_key::building_key(&address),
                building_key(&address)
            );
            prop_assert_eq!(stored_key(Some(&address)).is_none(), building_key(&address).is_empty());
        }

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
