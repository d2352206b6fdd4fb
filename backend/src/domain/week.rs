//! A week of hours (issue 12): when a family needs help or a carer is free, hour by hour,
//! Monday to Sunday. Whole hours are the grain: what a family says ("Monday to Friday,
//! 9 to 13") and what pooling needs (one carer's week, without overlap), with set
//! operations that cannot drift.
use std::fmt;

/// The days, Monday first (index 0), as the API spells them.
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Hours a day has (a slot ends at most at 24).
pub const HOURS: u8 = 24;

/// One span of hours on one day: `from` (0–23) to `to` (1–24, exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Slot {
    pub day: u8,
    pub from: u8,
    pub to: u8,
}

/// Why a slot is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotError {
    /// The day is not 0–6.
    Day,
    /// The hours are not 0 ≤ from < to ≤ 24.
    Hours,
}

impl Slot {
    pub fn new(day: u8, from: u8, to: u8) -> Result<Slot, SlotError> {
        if usize::from(day) >= DAYS.len() {
            return Err(SlotError::Day);
        }
        if from >= to || to > HOURS {
            return Err(SlotError::Hours);
        }
        Ok(Slot { day, from, to })
    }

    /// The day's code (`mon`…`sun`).
    pub fn day_code(self) -> &'static str {
        DAYS.get(usize::from(self.day)).copied().unwrap_or("mon")
    }

    /// The day's index from its code.
    pub fn day_of(code: &str) -> Option<u8> {
        DAYS.iter()
            .position(|d| *d == code)
            .and_then(|i| u8::try_from(i).ok())
    }

    fn mask(self) -> u32 {
        // from < to ≤ 24: the shifts stay within 32 bits.
        ((1u32 << self.to) - 1) & !((1u32 << self.from) - 1)
    }
}

/// The hours of a week: bit `h` of day `d` set means the hour from h:00 to h+1:00 on that
/// day. Equal weeks are equal whatever slots made them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Week([u32; 7]);

impl Week {
    pub const EMPTY: Week = Week([0; 7]);

    /// The week made of `slots` (overlapping slots merge).
    pub fn of(slots: &[Slot]) -> Week {
        let mut w = Week::EMPTY;
        for s in slots {
            if let Some(day) = w.0.get_mut(usize::from(s.day)) {
                *day |= s.mask();
            }
        }
        w
    }

    /// The raw bits, one `u32` a day (how it is stored).
    pub fn bits(self) -> [u32; 7] {
        self.0
    }

    /// The week from stored bits (hours past 24 are dropped).
    pub fn from_bits(bits: [u32; 7]) -> Week {
        Week(bits.map(|d| d & ((1u32 << HOURS) - 1)))
    }

    /// The hours it holds.
    pub fn hours(self) -> u32 {
        self.0.iter().map(|d| d.count_ones()).sum()
    }

    pub fn is_empty(self) -> bool {
        self.0.iter().all(|d| *d == 0)
    }

    /// The hours both weeks hold.
    pub fn and(self, other: Week) -> Week {
        let mut out = self.0;
        for (o, b) in out.iter_mut().zip(other.0) {
            *o &= b;
        }
        Week(out)
    }

    /// The hours either week holds.
    pub fn or(self, other: Week) -> Week {
        let mut out = self.0;
        for (o, b) in out.iter_mut().zip(other.0) {
            *o |= b;
        }
        Week(out)
    }

    /// Whether every hour of `self` is in `other`.
    pub fn within(self, other: Week) -> bool {
        self.and(other) == self
    }

    /// The week as slots, each day's hours merged into spans, Monday first.
    pub fn slots(self) -> Vec<Slot> {
        let mut out = Vec::new();
        for (day, bits) in (0u8..).zip(self.0) {
            let mut h = 0u8;
            while h < HOURS {
                if bits & (1 << h) == 0 {
                    h += 1;
                    continue;
                }
                let from = h;
                while h < HOURS && bits & (1 << h) != 0 {
                    h += 1;
                }
                out.push(Slot { day, from, to: h });
            }
        }
        out
    }

    /// The days with at least one hour, as indexes.
    pub fn days(self) -> Vec<u8> {
        (0u8..)
            .zip(self.0)
            .filter(|(_, b)| *b != 0)
            .map(|(d, _)| d)
            .collect()
    }
}

impl fmt::Display for Week {
    /// `mon 9-13, tue 9-13` (the API's and the logs' compact form; no personal data).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .slots()
            .iter()
            .map(|s| format!("{} {}-{}", s.day_code(), s.from, s.to))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slot(d: u8, a: u8, b: u8) -> Slot {
        Slot::new(d, a, b).unwrap()
    }

    #[test]
    fn slots_are_checked() {
        assert_eq!(Slot::new(7, 9, 10), Err(SlotError::Day));
        assert_eq!(Slot::new(0, 10, 10), Err(SlotError::Hours));
        assert_eq!(Slot::new(0, 11, 10), Err(SlotError::Hours));
        assert_eq!(Slot::new(0, 0, 25), Err(SlotError::Hours));
        assert!(Slot::new(6, 0, 24).is_ok());
        assert_eq!(Slot::day_of("sun"), Some(6));
        assert_eq!(Slot::day_of("dom"), None);
    }

    #[test]
    fn a_week_counts_merges_and_prints_its_hours() {
        let w = Week::of(&[slot(0, 9, 13), slot(0, 12, 15), slot(4, 0, 24)]);
        assert_eq!(w.hours(), 6 + 24);
        assert_eq!(w.slots(), vec![slot(0, 9, 15), slot(4, 0, 24)]);
        assert_eq!(w.to_string(), "mon 9-15, fri 0-24");
        assert_eq!(w.days(), vec![0, 4]);
    }

    #[test]
    fn overlap_union_and_inclusion() {
        let a = Week::of(&[slot(1, 9, 13)]);
        let b = Week::of(&[slot(1, 12, 18)]);
        assert_eq!(a.and(b), Week::of(&[slot(1, 12, 13)]));
        assert_eq!(a.or(b), Week::of(&[slot(1, 9, 18)]));
        assert!(a.and(b).within(a) && a.within(a.or(b)));
        assert!(!a.within(b));
        assert!(Week::EMPTY.within(a) && Week::EMPTY.is_empty());
    }

    fn any_week() -> impl Strategy<Value = Week> {
        proptest::array::uniform7(0u32..(1 << 24)).prop_map(Week::from_bits)
    }

    proptest! {
        #[test]
        fn slots_rebuild_the_same_week(w in any_week()) {
            prop_assert_eq!(Week::of(&w.slots()), w);
            prop_assert_eq!(w.slots().iter().map(|s| u32::from(s.to - s.from)).sum::<u32>(), w.hours());
        }

        #[test]
        fn hours_add_up(a in any_week(), b in any_week()) {
            prop_assert_eq!(a.or(b).hours() + a.and(b).hours(), a.hours() + b.hours());
        }
    }
}
