//! The provider's answer deadline (issue 11), with no I/O: a new thread must get a first
//! answer within a number of **working days**, counted in Europe/Rome local time, where
//! both the providers and the families live. Weekends and Italian national holidays do
//! not count, so a request sent on Friday afternoon is not overdue on Monday morning.
use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta,
    TimeZone, Utc, Weekday,
};
use chrono_tz::Europe::Rome;

/// The default time to a first answer.
pub const DEFAULT_WORKING_DAYS: u32 = 2;

/// The fixed-date national holidays (month, day): New Year, Epiphany, Liberation Day,
/// Labour Day, Republic Day, Assumption, All Saints, Immaculate Conception, Christmas,
/// St Stephen. Easter Monday moves (see `easter_sunday`).
const FIXED_HOLIDAYS: [(u32, u32); 10] = [
    (1, 1),
    (1, 6),
    (4, 25),
    (5, 1),
    (6, 2),
    (8, 15),
    (11, 1),
    (12, 8),
    (12, 25),
    (12, 26),
];

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous algorithm, also
/// known as Meeus/Jones/Butcher); `None` only beyond chrono's date range.
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n / 31).ok()?;
    let day = u32::try_from(n % 31 + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Whether `d` is a working day in Italy: Monday to Friday, and not a national holiday.
pub fn is_working_day(d: NaiveDate) -> bool {
    if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        return false;
    }
    if FIXED_HOLIDAYS.contains(&(d.month(), d.day())) {
        return false;
    }
    // Easter Monday falls between 23 March and 26 April.
    if matches!(d.month(), 3 | 4) && d.weekday() == Weekday::Mon {
        let easter_monday = easter_sunday(d.year()).and_then(|e| e.succ_opt());
        if easter_monday == Some(d) {
            return false;
        }
    }
    true
}

/// The first working day after `d`; `None` past chrono's last date.
fn next_working_day(d: NaiveDate) -> Option<NaiveDate> {
    let mut d = d.succ_opt()?;
    while !is_working_day(d) {
        d = d.succ_opt()?;
    }
    Some(d)
}

/// Rome's wall-clock time at `t`; `None` at the very ends of chrono's range.
fn rome_local(t: DateTime<Utc>) -> Option<NaiveDateTime> {
    let offset = Rome.offset_from_utc_datetime(&t.naive_utc()).fix();
    t.naive_utc()
        .checked_add_signed(TimeDelta::seconds(i64::from(offset.local_minus_utc())))
}

/// The instant of a Rome wall-clock time. When the clocks go back, a time that happens
/// twice is its first occurrence; when they go forward, a time that does not exist is
/// read with the offset in force before the change, so it lands as much later as the
/// gap is long (02:30 becomes 03:30, as java.time and Temporal do). Rome changes on
/// Sundays, never a working day, so deadlines never meet either case today; this only
/// keeps the function total.
fn rome_instant(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match Rome.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.to_utc()),
        LocalResult::Ambiguous(a, b) => Some(a.min(b).to_utc()),
        LocalResult::None => {
            // The offset a day earlier: Rome's changes are months apart.
            let before = local.checked_sub_signed(TimeDelta::days(1))?;
            let offset = Rome.offset_from_utc_datetime(&before).fix();
            let utc = local
                .checked_sub_signed(TimeDelta::seconds(i64::from(offset.local_minus_utc())))?;
            Some(utc.and_utc())
        }
    }
}

/// When the first answer to a thread opened at `opened` is due: `working_days` working
/// days later at the same Rome wall-clock time (Friday 15:00 + 2 → Tuesday 15:00, also
/// across a change of daylight saving time). A thread opened on a weekend or a holiday
/// starts counting at 00:00 of the next working day (Saturday + 2 → Wednesday 00:00).
/// Saturates at chrono's last instant instead of overflowing.
pub fn answer_deadline(opened: DateTime<Utc>, working_days: u32) -> DateTime<Utc> {
    deadline(opened, working_days).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

fn deadline(opened: DateTime<Utc>, working_days: u32) -> Option<DateTime<Utc>> {
    let local = rome_local(opened)?;
    let (mut day, time) = if is_working_day(local.date()) {
        (local.date(), local.time())
    } else {
        (next_working_day(local.date())?, NaiveTime::MIN)
    };
    for _ in 0..working_days {
        day = next_working_day(day)?;
    }
    rome_instant(day.and_time(time))
}

/// When the reminder goes out: half way between the opening and the deadline.
pub fn reminder_at(opened: DateTime<Utc>, deadline: DateTime<Utc>) -> DateTime<Utc> {
    // The result lies between the two instants, so it cannot leave chrono's range.
    opened
        .checked_add_signed((deadline - opened) / 2)
        .unwrap_or(deadline)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A Rome wall-clock time (unambiguous) as an instant.
    fn rome(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Rome.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap()
            .to_utc()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().unwrap()
    }

    #[test]
    fn easter_sundays() {
        for (y, m, d) in [
            (1818, 3, 22),
            (1961, 4, 2),
            (2000, 4, 23),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(y), Some(date(y, m, d)), "{y}");
        }
        // Always a Sunday between 22 March and 25 April.
        for y in 1583..3000 {
            let e = easter_sunday(y).unwrap();
            assert_eq!(e.weekday(), Weekday::Sun, "{y}");
            assert!(date(y, 3, 22) <= e && e <= date(y, 4, 25), "{y}");
        }
        // Chrono's extremes do not panic.
        let _ = easter_sunday(NaiveDate::MIN.year());
        let _ = easter_sunday(NaiveDate::MAX.year());
    }

    #[test]
    fn working_days_in_2026() {
        let holidays = [
            date(2026, 1, 1),
            date(2026, 1, 6),
            date(2026, 4, 6), // Easter Monday
            date(2026, 5, 1),
            date(2026, 6, 2),
            date(2026, 12, 8),
            date(2026, 12, 25),
        ];
        for d in holidays {
            assert!(!is_working_day(d), "{d}");
        }
        // 25 April, 15 August, 1 November and 26 December 2026 fall on weekends.
        let mut working = 0;
        let mut d = date(2026, 1, 1);
        while d.year() == 2026 {
            let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            assert_eq!(is_working_day(d), !weekend && !holidays.contains(&d), "{d}");
            working += i32::from(is_working_day(d));
            d = d.succ_opt().unwrap();
        }
        assert_eq!(working, 261 - holidays.len() as i32);
        // Easter Monday only: Easter Sunday is a Sunday, the Tuesday works.
        assert!(!is_working_day(date(2027, 3, 29)));
        assert!(is_working_day(date(2027, 3, 30)));
        assert!(!is_working_day(date(2025, 4, 21)));
        assert!(!is_working_day(date(2025, 4, 25)));
        assert!(is_working_day(date(2025, 4, 22)));
    }

    #[test]
    fn friday_afternoon_plus_two_is_tuesday_afternoon() {
        let friday = rome(2026, 5, 15, 15, 0);
        assert_eq!(friday, utc(2026, 5, 15, 13, 0));
        assert_eq!(answer_deadline(friday, 2), rome(2026, 5, 19, 15, 0));
        assert_eq!(answer_deadline(friday, 1), rome(2026, 5, 18, 15, 0));
        assert_eq!(answer_deadline(friday, 0), friday);
        assert_eq!(answer_deadline(friday, 5), rome(2026, 5, 22, 15, 0));
        // Late in the evening: Rome's date counts, not UTC's.
        let late = rome(2026, 5, 15, 23, 30);
        assert_eq!(late, utc(2026, 5, 15, 21, 30));
        assert_eq!(answer_deadline(late, 2), rome(2026, 5, 19, 23, 30));
        // Sunday 23:30 UTC is already Monday 01:30 in Rome: a working day.
        let monday = utc(2026, 5, 17, 23, 30);
        assert_eq!(answer_deadline(monday, 2), rome(2026, 5, 20, 1, 30));
        // Keeps seconds and below.
        let precise = friday + TimeDelta::milliseconds(12_345);
        assert_eq!(
            answer_deadline(precise, 2),
            rome(2026, 5, 19, 15, 0) + TimeDelta::milliseconds(12_345)
        );
    }

    #[test]
    fn weekends_and_holidays_start_the_next_working_day() {
        let saturday = rome(2026, 5, 16, 10, 0);
        assert_eq!(answer_deadline(saturday, 2), rome(2026, 5, 20, 0, 0));
        assert_eq!(answer_deadline(saturday, 0), rome(2026, 5, 18, 0, 0));
        // Saturday 00:30 and Sunday 23:59 alike.
        assert_eq!(
            answer_deadline(rome(2026, 5, 16, 0, 30), 2),
            rome(2026, 5, 20, 0, 0)
        );
        assert_eq!(
            answer_deadline(rome(2026, 5, 17, 23, 59), 2),
            rome(2026, 5, 20, 0, 0)
        );
        // Republic Day (Tuesday 2 June 2026): Wednesday counts from 00:00.
        assert_eq!(
            answer_deadline(rome(2026, 6, 2, 9, 0), 2),
            rome(2026, 6, 5, 0, 0)
        );
        // Monday 1 June + 2 skips the holiday: Wednesday 3 and Thursday 4.
        assert_eq!(
            answer_deadline(rome(2026, 6, 1, 9, 0), 2),
            rome(2026, 6, 4, 9, 0)
        );
    }

    #[test]
    fn christmas_2026() {
        // Thursday 24 December; 25 and 26 holidays, 27 Sunday: Monday 28, Tuesday 29.
        let opened = rome(2026, 12, 24, 11, 0);
        assert_eq!(opened, utc(2026, 12, 24, 10, 0));
        assert_eq!(answer_deadline(opened, 2), rome(2026, 12, 29, 11, 0));
        // Across the new year: Wednesday 30 December + 2 → Thursday 31, (1 January
        // holiday, weekend) Monday 4 January.
        assert_eq!(
            answer_deadline(rome(2026, 12, 30, 16, 45), 2),
            rome(2027, 1, 4, 16, 45)
        );
        // 5 January works, 6 (Epiphany) does not.
        assert_eq!(
            answer_deadline(rome(2027, 1, 5, 8, 0), 1),
            rome(2027, 1, 7, 8, 0)
        );
    }

    #[test]
    fn across_daylight_saving_changes() {
        // Clocks go forward on Sunday 29 March 2026: 15:00 stays 15:00 in Rome, so only
        // 95 hours pass.
        let opened = rome(2026, 3, 27, 15, 0);
        assert_eq!(opened, utc(2026, 3, 27, 14, 0));
        let due = answer_deadline(opened, 2);
        assert_eq!(due, utc(2026, 3, 31, 13, 0));
        assert_eq!(due - opened, TimeDelta::hours(95));
        // Back on Sunday 25 October 2026: 97 hours.
        let opened = rome(2026, 10, 23, 15, 0);
        assert_eq!(opened, utc(2026, 10, 23, 13, 0));
        let due = answer_deadline(opened, 2);
        assert_eq!(due, utc(2026, 10, 27, 14, 0));
        assert_eq!(due - opened, TimeDelta::hours(97));
        // Opened during the repeated hour (the second 02:30, a Sunday): Monday 00:00.
        let repeated = utc(2026, 10, 25, 1, 30);
        assert_eq!(answer_deadline(repeated, 2), rome(2026, 10, 28, 0, 0));
    }

    #[test]
    fn easter_2027() {
        // Easter Sunday 28 March 2027 is also the night the clocks go forward, and
        // Easter Monday is a holiday: Friday 26 + 2 → Tuesday 30, Wednesday 31.
        let opened = rome(2027, 3, 26, 10, 0);
        assert_eq!(opened, utc(2027, 3, 26, 9, 0));
        assert_eq!(answer_deadline(opened, 2), utc(2027, 3, 31, 8, 0));
        // Opened on Easter Monday: the clock starts on Tuesday 30 at 00:00.
        assert_eq!(
            answer_deadline(rome(2027, 3, 29, 9, 0), 2),
            rome(2027, 4, 1, 0, 0)
        );
        assert_eq!(
            answer_deadline(rome(2027, 3, 29, 9, 0), 2),
            utc(2027, 3, 31, 22, 0)
        );
    }

    #[test]
    fn nonexistent_and_repeated_local_times() {
        // 02:30 does not exist on 29 March 2026: read with the winter offset, 03:30.
        let gap = date(2026, 3, 29).and_hms_opt(2, 30, 0).unwrap();
        assert_eq!(rome_instant(gap), Some(utc(2026, 3, 29, 1, 30)));
        assert_eq!(
            rome_instant(gap).map(|t| t.with_timezone(&Rome).naive_local()),
            Some(date(2026, 3, 29).and_hms_opt(3, 30, 0).unwrap())
        );
        // 02:30 happens twice on 25 October 2026: the first (summer time).
        let twice = date(2026, 10, 25).and_hms_opt(2, 30, 0).unwrap();
        assert_eq!(rome_instant(twice), Some(utc(2026, 10, 25, 0, 30)));
    }

    #[test]
    fn extremes_do_not_panic() {
        assert_eq!(
            answer_deadline(DateTime::<Utc>::MAX_UTC, 2),
            DateTime::<Utc>::MAX_UTC
        );
        let _ = answer_deadline(DateTime::<Utc>::MIN_UTC, 2);
        // A thousand working days: about four years.
        let far = answer_deadline(rome(2026, 5, 15, 15, 0), 1000);
        assert_eq!(far.year(), 2030);
        let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        let mid = reminder_at(min, max);
        assert!(min < mid && mid < max);
        let back = reminder_at(max, min);
        assert!((back - mid).abs() <= TimeDelta::nanoseconds(1));
    }

    #[test]
    fn reminder_at_half_time() {
        let opened = rome(2026, 5, 15, 15, 0);
        let due = answer_deadline(opened, 2);
        // 96 hours: the reminder 48 hours in, on Sunday.
        assert_eq!(reminder_at(opened, due), rome(2026, 5, 17, 15, 0));
        // 95 hours across the March change: 47 h 30 min.
        let opened = rome(2026, 3, 27, 15, 0);
        let due = answer_deadline(opened, 2);
        assert_eq!(
            reminder_at(opened, due),
            opened + TimeDelta::minutes(47 * 60 + 30)
        );
        assert_eq!(reminder_at(opened, opened), opened);
        // Odd nanoseconds round towards the opening.
        let odd = opened + TimeDelta::nanoseconds(3);
        assert_eq!(reminder_at(opened, odd), opened + TimeDelta::nanoseconds(1));
    }
}
