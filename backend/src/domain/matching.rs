//! Matching a family's need with services and carers (issue 12), with no I/O.
//!
//! Hard filters first — the kind of help, the zone, the schedule, the budget ceiling and
//! every requirement marked *must* — and an offer failing one is not a result at all.
//! Then a score in points (integers, no rounding drift, the same on every machine), each
//! part with the reason a family reads: "copre il Municipio 5 · parla spagnolo · libera
//! lun–ven 9–13 · 2 desideri su 3 · 11 €/h, nel budget". Ties are broken by the offer's
//! key, so the ranking never depends on the order the offers came in.
//!
//! The points (1,000 at most):
//!
//! | part | points | how |
//! |---|---|---|
//! | wishes (*nice to have*) | 300 | 300 × met ÷ asked (all of them when none is asked) |
//! | schedule | 150 | 150 × hours in common ÷ hours needed; 75 when the offer declares none |
//! | price | 150 | 50 when known, + 100 × share of the budget left; 0 when unknown |
//! | waiting time | 100 | 100 × (30 − days) ÷ 30 for a service, days capped at 30; 50 unknown |
//! | experience | 100 | 10 a year up to 10 years; 50 unknown |
//! | reviews | 100 | 20 × average (1–5) with at least 3 reviews; 50 otherwise |
//! | first answer | 50 | 50 within a day, 30 within two, 0 later; 20 unknown |
//! | preferred language | 50 | 50 when the offer speaks it (B1 or better); 0 otherwise |
use super::week::Week;
use sea_orm::entity::prelude::StringLen;

code_enum! {
    /// What a carer does (the registry's roles).
    pub enum CarerRole {
        /// Assistente familiare for an older or dependent person.
        Badante,
        /// Housekeeping.
        Colf,
        /// Childcare.
        BabySitter,
    }
}

code_enum! {
    /// How a carer works, or how a family needs help.
    pub enum Arrangement {
        /// By the hour.
        Hourly,
        /// Full days, not living in.
        LiveOut,
        /// Living in with the person (convivente).
        LiveIn,
    }
}

code_enum! {
    /// How well someone speaks a language (CEFR, or native).
    pub enum LanguageLevel {
        A1,
        A2,
        B1,
        B2,
        C1,
        C2,
        Native,
    }
}

impl LanguageLevel {
    /// Good enough to care for someone in it (B1 or better).
    pub fn is_working(self) -> bool {
        !matches!(self, LanguageLevel::A1 | LanguageLevel::A2)
    }

    /// A1 is 0, native 6.
    pub fn rank(self) -> u8 {
        match self {
            LanguageLevel::A1 => 0,
            LanguageLevel::A2 => 1,
            LanguageLevel::B1 => 2,
            LanguageLevel::B2 => 3,
            LanguageLevel::C1 => 4,
            LanguageLevel::C2 => 5,
            LanguageLevel::Native => 6,
        }
    }
}

code_enum! {
    /// What a budget is for.
    pub enum BudgetPeriod {
        Hour,
        Month,
    }
}

/// The kind of help a need asks for: a service category (the catalogue's) or a carer's
/// role (the registry's).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Kind {
    Category(String),
    Carer(CarerRole),
}

/// Something a family asks of the offer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Want {
    /// A skill from the reference vocabulary (`dementia-care`, `first-aid`…).
    Skill(String),
    /// A language spoken at a working level (ISO 639-1).
    Language(String),
}

/// A requirement: a must excludes the offers that lack it; a wish adds to the score.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Requirement {
    pub want: Want,
    pub must: bool,
}

/// A family's need, as the ranking reads it (no person in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub kind: Kind,
    /// The family's zone and the zones containing it (its NIL and its Municipio): an
    /// offer covering any of them serves the family. Empty: anywhere.
    pub zones: Vec<i32>,
    /// The hours help is needed; empty: whenever (or live-in).
    pub week: Week,
    pub arrangement: Arrangement,
    /// The most the family will pay, in cents, VAT included, per hour or per month.
    pub budget: Option<(i64, BudgetPeriod)>,
    /// The language the family would like spoken (ISO 639-1).
    pub language: Option<String>,
    pub requirements: Vec<Requirement>,
}

/// A service card or a listed carer, as the ranking reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// The tie-break: the lower key first among equal scores (the row's id, with cards
    /// and carers in separate ranges).
    pub key: i64,
    pub kinds: Vec<Kind>,
    /// The zones it covers (a Municipio's NIL included by the caller).
    pub zones: Vec<i32>,
    /// The hours a carer is free; `None` for a service, which does not declare them.
    pub week: Option<Week>,
    /// The arrangements it accepts; empty: any (a service).
    pub arrangements: Vec<Arrangement>,
    pub hourly_cents: Option<i64>,
    pub monthly_cents: Option<i64>,
    pub skills: Vec<String>,
    pub languages: Vec<(String, LanguageLevel)>,
    pub experience_years: Option<u16>,
    pub waiting_days: Option<u16>,
    /// Published reviews: average × 100 (100–500) and how many.
    pub rating: Option<(u16, u32)>,
    /// The median first answer, in hours (the contact issue's trust signal).
    pub response_hours: Option<u32>,
}

/// Why an offer ranks where it does: each part a family can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// It covers the family's zone (the most precise of the need's zones it covers).
    Zone(i32),
    /// It speaks the language (a wish, a must or the preferred one).
    Speaks(String),
    /// The hours in common with the need (or the need's hours when it has none).
    Free(Week),
    /// It accepts living in.
    LiveIn,
    /// Of the wishes asked, how many it meets.
    Wishes {
        met: u32,
        asked: u32,
    },
    /// Its price, and whether it is within the budget (`None`: no budget given).
    Price {
        cents: i64,
        period: BudgetPeriod,
        within: Option<bool>,
    },
    Waiting(u16),
    Experience(u16),
    Rating {
        average_x100: u16,
        count: u32,
    },
    Answers {
        hours: u32,
    },
}

/// An offer that passed the hard filters, with its score and reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub key: i64,
    pub score: u32,
    pub reasons: Vec<Reason>,
}

/// Why an offer is not a result (the first hard filter it fails).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excluded {
    Kind,
    Zone,
    Schedule,
    Arrangement,
    Budget,
    Must,
}

/// Reviews an average needs before it counts.
pub const REVIEWS_MIN: u32 = 3;

fn speaks(offer: &Offer, language: &str) -> bool {
    offer
        .languages
        .iter()
        .any(|(l, level)| l == language && level.is_working())
}

fn meets(offer: &Offer, want: &Want) -> bool {
    match want {
        Want::Skill(s) => offer.skills.iter().any(|k| k == s),
        Want::Language(l) => speaks(offer, l),
    }
}

/// The offer's price in the budget's period, if it has one.
fn price_in(offer: &Offer, period: BudgetPeriod) -> Option<i64> {
    match period {
        BudgetPeriod::Hour => offer.hourly_cents,
        BudgetPeriod::Month => offer.monthly_cents,
    }
}

/// The offer's price a family sees first: by the hour, else by the month.
fn headline_price(offer: &Offer) -> Option<(i64, BudgetPeriod)> {
    offer
        .hourly_cents
        .map(|c| (c, BudgetPeriod::Hour))
        .or(offer.monthly_cents.map(|c| (c, BudgetPeriod::Month)))
}

/// The hard filters: `Ok` with the zone the offer serves the family in, or the first
/// filter it fails.
pub fn admits(need: &Need, offer: &Offer) -> Result<Option<i32>, Excluded> {
    if !offer.kinds.contains(&need.kind) {
        return Err(Excluded::Kind);
    }
    let zone = if need.zones.is_empty() {
        None
    } else {
        // The need lists its zones most precise first.
        Some(
            *need
                .zones
                .iter()
                .find(|z| offer.zones.contains(z))
                .ok_or(Excluded::Zone)?,
        )
    };
    if let Some(free) = offer.week
        && !need.week.is_empty()
        && need.arrangement != Arrangement::LiveIn
        && need.week.and(free).is_empty()
    {
        return Err(Excluded::Schedule);
    }
    if !offer.arrangements.is_empty() && !offer.arrangements.contains(&need.arrangement) {
        return Err(Excluded::Arrangement);
    }
    if let Some((ceiling, period)) = need.budget
        && price_in(offer, period).is_some_and(|p| p > ceiling)
    {
        return Err(Excluded::Budget);
    }
    if need
        .requirements
        .iter()
        .any(|r| r.must && !meets(offer, &r.want))
    {
        return Err(Excluded::Must);
    }
    Ok(zone)
}

/// The offer's score and reasons, or why it is not a result.
pub fn assess(need: &Need, offer: &Offer) -> Result<Assessment, Excluded> {
    let zone = admits(need, offer)?;
    let mut reasons = Vec::new();
    let mut score: u32 = 0;
    if let Some(z) = zone {
        reasons.push(Reason::Zone(z));
    }

    // Languages: the preferred one, then those asked for, each said once.
    let mut spoken: Vec<&str> = Vec::new();
    if let Some(l) = need.language.as_deref()
        && speaks(offer, l)
    {
        score += 50;
        spoken.push(l);
    }
    for r in &need.requirements {
        if let Want::Language(l) = &r.want
            && speaks(offer, l)
            && !spoken.contains(&l.as_str())
        {
            spoken.push(l);
        }
    }
    reasons.extend(spoken.iter().map(|l| Reason::Speaks((*l).to_owned())));

    // Schedule.
    match (offer.week, need.arrangement) {
        (_, Arrangement::LiveIn) => {
            score += 150;
            if offer.arrangements.contains(&Arrangement::LiveIn) {
                reasons.push(Reason::LiveIn);
            }
        }
        (Some(free), _) if !need.week.is_empty() => {
            let common = need.week.and(free);
            score += 150 * common.hours() / need.week.hours().max(1);
            reasons.push(Reason::Free(common));
        }
        (Some(_), _) => score += 150,
        (None, _) => score += 75,
    }

    // Wishes.
    let asked =
        u32::try_from(need.requirements.iter().filter(|r| !r.must).count()).unwrap_or(u32::MAX);
    let met = u32::try_from(
        need.requirements
            .iter()
            .filter(|r| !r.must && meets(offer, &r.want))
            .count(),
    )
    .unwrap_or(0);
    match (300 * met).checked_div(asked) {
        Some(points) => {
            score += points;
            reasons.push(Reason::Wishes { met, asked });
        }
        // None asked: every offer meets them all.
        None => score += 300,
    }

    // Price.
    match need.budget {
        Some((ceiling, period)) => match price_in(offer, period) {
            Some(p) => {
                // Admitted: p ≤ ceiling; a negative price or budget counts as 0, and the
                // share left is computed wide (no overflow whatever the amounts).
                let (p, ceiling) = (i128::from(p.max(0)), i128::from(ceiling.max(0)));
                let left = if ceiling > 0 {
                    u32::try_from((100 * (ceiling - p.min(ceiling)) / ceiling).clamp(0, 100))
                        .unwrap_or(0)
                } else {
                    0
                };
                let p = i64::try_from(p).unwrap_or(i64::MAX);
                score += 50 + left;
                reasons.push(Reason::Price {
                    cents: p,
                    period,
                    within: Some(true),
                });
            }
            None => {
                if let Some((cents, period)) = headline_price(offer) {
                    reasons.push(Reason::Price {
                        cents,
                        period,
                        within: None,
                    });
                }
            }
        },
        None => {
            if let Some((cents, period)) = headline_price(offer) {
                score += 50;
                reasons.push(Reason::Price {
                    cents,
                    period,
                    within: None,
                });
            }
        }
    }

    // Waiting time (services).
    match offer.waiting_days {
        Some(d) => {
            score += 100 * u32::from(30 - d.min(30)) / 30;
            reasons.push(Reason::Waiting(d));
        }
        None => score += 50,
    }

    // Experience (carers).
    match offer.experience_years {
        Some(y) => {
            score += 10 * u32::from(y.min(10));
            if y > 0 {
                reasons.push(Reason::Experience(y));
            }
        }
        None => score += 50,
    }

    // Reviews.
    match offer.rating {
        Some((avg, count)) if count >= REVIEWS_MIN => {
            score += 20 * u32::from(avg.clamp(100, 500)) / 100;
            reasons.push(Reason::Rating {
                average_x100: avg,
                count,
            });
        }
        _ => score += 50,
    }

    // First answers.
    match offer.response_hours {
        Some(h) => {
            score += match h {
                0..=24 => 50,
                25..=48 => 30,
                _ => 0,
            };
            reasons.push(Reason::Answers { hours: h });
        }
        None => score += 20,
    }

    Ok(Assessment {
        key: offer.key,
        score,
        reasons,
    })
}

/// The offers that pass the hard filters, best first (the lower key first among equal
/// scores), at most `limit`.
pub fn rank<'a>(
    need: &Need,
    offers: impl IntoIterator<Item = &'a Offer>,
    limit: usize,
) -> Vec<Assessment> {
    let mut out: Vec<Assessment> = offers
        .into_iter()
        .filter_map(|o| assess(need, o).ok())
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.key.cmp(&b.key)));
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::week::Slot;
    use proptest::prelude::*;

    fn weekdays(from: u8, to: u8) -> Week {
        let slots: Vec<Slot> = (0..5).map(|d| Slot::new(d, from, to).unwrap()).collect();
        Week::of(&slots)
    }

    fn need() -> Need {
        Need {
            kind: Kind::Carer(CarerRole::Badante),
            zones: vec![105, 5],
            week: weekdays(9, 13),
            arrangement: Arrangement::Hourly,
            budget: Some((1200, BudgetPeriod::Hour)),
            language: Some("es".into()),
            requirements: vec![
                Requirement {
                    want: Want::Skill("dementia-care".into()),
                    must: true,
                },
                Requirement {
                    want: Want::Skill("cooking".into()),
                    must: false,
                },
                Requirement {
                    want: Want::Skill("driving-licence".into()),
                    must: false,
                },
                Requirement {
                    want: Want::Skill("first-aid".into()),
                    must: false,
                },
            ],
        }
    }

    fn carer(key: i64) -> Offer {
        Offer {
            key,
            kinds: vec![Kind::Carer(CarerRole::Badante)],
            zones: vec![5],
            week: Some(weekdays(8, 14)),
            arrangements: vec![Arrangement::Hourly, Arrangement::LiveOut],
            hourly_cents: Some(1100),
            monthly_cents: None,
            skills: vec!["dementia-care".into(), "cooking".into(), "first-aid".into()],
            languages: vec![
                ("es".into(), LanguageLevel::Native),
                ("it".into(), LanguageLevel::B2),
            ],
            experience_years: Some(6),
            waiting_days: None,
            rating: None,
            response_hours: None,
        }
    }

    #[test]
    fn the_explanation_says_zone_language_hours_wishes_and_price() {
        let a = assess(&need(), &carer(1)).unwrap();
        assert_eq!(
            a.reasons,
            vec![
                Reason::Zone(5),
                Reason::Speaks("es".into()),
                Reason::Free(weekdays(9, 13)),
                Reason::Wishes { met: 2, asked: 3 },
                Reason::Price {
                    cents: 1100,
                    period: BudgetPeriod::Hour,
                    within: Some(true)
                },
                Reason::Experience(6),
            ]
        );
        // 50 language + 150 hours + 200 wishes + (50 + 8) price + 50 waiting unknown
        // + 60 experience + 50 reviews unknown + 20 answers unknown.
        assert_eq!(a.score, 50 + 150 + 200 + 58 + 50 + 60 + 50 + 20);
    }

    #[test]
    fn each_hard_filter_excludes() {
        let n = need();
        let mut o = carer(1);
        o.kinds = vec![Kind::Carer(CarerRole::Colf)];
        assert_eq!(assess(&n, &o), Err(Excluded::Kind));
        let mut o = carer(1);
        o.zones = vec![6];
        assert_eq!(assess(&n, &o), Err(Excluded::Zone));
        let mut o = carer(1);
        o.week = Some(weekdays(15, 19));
        assert_eq!(assess(&n, &o), Err(Excluded::Schedule));
        let mut o = carer(1);
        o.arrangements = vec![Arrangement::LiveIn];
        assert_eq!(assess(&n, &o), Err(Excluded::Arrangement));
        let mut o = carer(1);
        o.hourly_cents = Some(1201);
        assert_eq!(assess(&n, &o), Err(Excluded::Budget));
        let mut o = carer(1);
        o.skills.retain(|s| s != "dementia-care");
        assert_eq!(assess(&n, &o), Err(Excluded::Must));
        // A language must: spoken at A2 is not enough.
        let mut n2 = need();
        n2.requirements.push(Requirement {
            want: Want::Language("ar".into()),
            must: true,
        });
        let mut o = carer(1);
        o.languages.push(("ar".into(), LanguageLevel::A2));
        assert_eq!(assess(&n2, &o), Err(Excluded::Must));
        o.languages.push(("ar".into(), LanguageLevel::B1));
        assert!(assess(&n2, &o).is_ok());
    }

    #[test]
    fn a_service_without_hours_or_skills_is_judged_on_what_it_declares() {
        let n = Need {
            kind: Kind::Category("assistenza-domiciliare".into()),
            requirements: vec![],
            ..need()
        };
        let card = Offer {
            key: 7,
            kinds: vec![Kind::Category("assistenza-domiciliare".into())],
            zones: vec![105],
            week: None,
            arrangements: vec![],
            hourly_cents: Some(2000),
            monthly_cents: None,
            skills: vec![],
            languages: vec![],
            experience_years: None,
            waiting_days: Some(6),
            rating: Some((450, 12)),
            response_hours: Some(20),
        };
        // Over the budget per hour: excluded.
        assert_eq!(assess(&n, &card), Err(Excluded::Budget));
        let n = Need { budget: None, ..n };
        let a = assess(&n, &card).unwrap();
        assert_eq!(
            a.reasons,
            vec![
                Reason::Zone(105),
                Reason::Price {
                    cents: 2000,
                    period: BudgetPeriod::Hour,
                    within: None
                },
                Reason::Waiting(6),
                Reason::Rating {
                    average_x100: 450,
                    count: 12
                },
                Reason::Answers { hours: 20 },
            ]
        );
        // 75 hours unknown + 300 no wish asked + 50 price known + 80 waiting + 50
        // experience unknown + 90 reviews + 50 answers.
        assert_eq!(a.score, 75 + 300 + 50 + 80 + 50 + 90 + 50);
    }

    #[test]
    fn ties_go_to_the_lower_key_and_the_limit_holds() {
        let offers = [carer(9), carer(3), carer(5)];
        let ranked = rank(&need(), &offers, 2);
        assert_eq!(ranked.iter().map(|a| a.key).collect::<Vec<_>>(), vec![3, 5]);
    }

    fn skill_of(i: usize) -> String {
        [
            "dementia-care",
            "cooking",
            "driving-licence",
            "first-aid",
            "mobility",
        ][i % 5]
            .into()
    }

    prop_compose! {
        fn any_offer()(key in 0i64..1000,
                       zone in prop::sample::select(vec![5, 6, 105]),
                       from in 6u8..12, len in 1u8..8,
                       price in prop::option::of(-100i64..1600),
                       skills in prop::collection::vec(0usize..5, 0..5),
                       years in prop::option::of(0u16..20),
                       rating in prop::option::of((100u16..=500, 0u32..10)),
                       hours in prop::option::of(1u32..100)) -> Offer {
            Offer {
                key,
                zones: vec![zone],
                week: Some(weekdays(from, from + len)),
                hourly_cents: price,
                skills: skills.into_iter().map(skill_of).collect(),
                experience_years: years,
                rating,
                response_hours: hours,
                ..carer(key)
            }
        }
    }

    proptest! {
        /// Meeting one more wish never lowers the score.
        #[test]
        fn one_more_wish_never_lowers_the_score(o in any_offer(), extra in 0usize..5) {
            let n = need();
            let mut more = o.clone();
            let skill = skill_of(extra);
            if !more.skills.contains(&skill) {
                more.skills.push(skill);
            }
            if let (Ok(a), Ok(b)) = (assess(&n, &o), assess(&n, &more)) {
                prop_assert!(b.score >= a.score, "{} < {}", b.score, a.score);
            }
            // Adding a skill never excludes an admitted offer.
            if assess(&n, &o).is_ok() {
                prop_assert!(assess(&n, &more).is_ok());
            }
        }

        /// A result never fails a hard filter, and the ranking does not depend on the
        /// order the offers came in.
        #[test]
        fn results_pass_the_filters_in_any_order(mut offers in prop::collection::vec(any_offer(), 0..30), seed in any::<u64>()) {
            // Distinct keys, as rows have.
            for (i, o) in offers.iter_mut().enumerate() {
                o.key = i64::try_from(i).unwrap();
            }
            let n = need();
            let ranked = rank(&n, &offers, 100);
            for a in &ranked {
                let o = offers.iter().find(|o| o.key == a.key).unwrap();
                prop_assert!(admits(&n, o).is_ok());
            }
            prop_assert_eq!(ranked.len(), offers.iter().filter(|o| admits(&n, o).is_ok()).count());
            let mut shuffled = offers.clone();
            let len = shuffled.len();
            if len > 1 {
                // A deterministic shuffle from the seed.
                let mut s = seed;
                for i in (1..len).rev() {
                    s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    let j = usize::try_from(s >> 33).unwrap() % (i + 1);
                    shuffled.swap(i, j);
                }
            }
            prop_assert_eq!(rank(&n, &shuffled, 100), ranked);
        }

        /// The score stays within its 1,000 points.
        #[test]
        fn the_score_is_bounded(o in any_offer()) {
            if let Ok(a) = assess(&need(), &o) {
                prop_assert!(a.score <= 1000);
            }
        }
    }
}
