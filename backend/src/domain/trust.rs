//! Trust signals (issue 11), measured from interaction events rather than declared by
//! the provider: how fast it answers, how often it answers in time, and how many days
//! pass from a request to an activation. Shown on a card and an organisation only when
//! enough threads back them, so that one slow week does not brand a small provider.

/// Below this many threads in the period, no signal is shown.
pub const MIN_THREADS: i64 = 5;

/// A card's or an organisation's signals over a period (the services choose it: the
/// last 12 months).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Signals {
    /// Threads opened in the period.
    pub threads: i64,
    /// The median time to a first answer, in seconds; `None` without first answers.
    pub median_first_response_secs: Option<i64>,
    /// The share of threads answered before their deadline, as a whole percentage
    /// (of the threads answered or expired); `None` when none is either yet.
    pub response_rate_pct: Option<i16>,
    /// Orders made (activations) in the period.
    pub activations: i64,
    /// The median days from a request to its activation, rounded half up; `None`
    /// without activations.
    pub median_activation_days: Option<i64>,
}

/// The two middle values of `values` once sorted (the same one twice for an odd
/// count), widened so that their sum cannot overflow; `None` for none.
fn middle(values: &[i64]) -> Option<(i128, i128)> {
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    let upper = *v.get(n / 2)?;
    let lower = if n.is_multiple_of(2) {
        *v.get(n / 2 - 1)?
    } else {
        upper
    };
    Some((i128::from(lower), i128::from(upper)))
}

/// `num / den` rounded half up; `den` positive.
fn div_half_up(num: i128, den: i128) -> i128 {
    (2 * num + den).div_euclid(2 * den)
}

/// The signals from the period's events: `threads_opened`, each thread's first answer
/// as (seconds after the thread opened, whether it came before the deadline), the
/// threads that `expired` without one, and each activation's seconds from the request
/// to the order. `None` below `MIN_THREADS` threads.
pub fn signals(
    threads_opened: i64,
    first_answers: &[(i64, bool)],
    expired: i64,
    activations_secs: &[i64],
) -> Option<Signals> {
    if threads_opened < MIN_THREADS {
        return None;
    }
    let response_secs: Vec<i64> = first_answers.iter().map(|(secs, _)| *secs).collect();
    // The median; for an even count the two middle ones' mean, rounded down.
    let median_first_response_secs =
        middle(&response_secs).and_then(|(a, b)| i64::try_from((a + b).div_euclid(2)).ok());

    let in_time = first_answers.iter().filter(|(_, in_time)| *in_time).count() as i128;
    let answered_or_expired = first_answers.len() as i128 + i128::from(expired.max(0));
    let response_rate_pct = if answered_or_expired > 0 {
        i16::try_from(div_half_up(in_time * 100, answered_or_expired)).ok()
    } else {
        None
    };

    // The exact median (for an even count, the middle ones' mean) in whole days: one
    // rounding, so that two middle values 1 and 2 days give 1.5 days, rounded up.
    let median_activation_days = middle(activations_secs)
        .and_then(|(a, b)| i64::try_from(div_half_up(a + b, 2 * 86_400)).ok());

    Some(Signals {
        threads: threads_opened,
        median_first_response_secs,
        response_rate_pct,
        activations: i64::try_from(activations_secs.len()).unwrap_or(i64::MAX),
        median_activation_days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    #[test]
    fn nothing_below_five_threads() {
        assert_eq!(signals(4, &[(60, true); 4], 0, &[DAY]), None);
        assert_eq!(signals(0, &[], 0, &[]), None);
        assert_eq!(signals(-3, &[], 0, &[]), None);
        assert_eq!(
            signals(5, &[], 0, &[]),
            Some(Signals {
                threads: 5,
                median_first_response_secs: None,
                response_rate_pct: None,
                activations: 0,
                median_activation_days: None,
            })
        );
    }

    #[test]
    fn medians() {
        // Odd: the middle one, whatever the order.
        let s = signals(5, &[(300, true), (100, true), (200, true)], 0, &[]).unwrap();
        assert_eq!(s.median_first_response_secs, Some(200));
        // Even: the mean of the middle two, rounded down.
        let s = signals(
            5,
            &[(100, true), (400, true), (201, true), (900, true)],
            0,
            &[],
        );
        assert_eq!(s.unwrap().median_first_response_secs, Some(300));
        let s = signals(5, &[(100, true), (101, true)], 0, &[]).unwrap();
        assert_eq!(s.median_first_response_secs, Some(100));
        let s = signals(5, &[(i64::MAX, true), (i64::MAX, true)], 0, &[]).unwrap();
        assert_eq!(s.median_first_response_secs, Some(i64::MAX));
        let s = signals(5, &[(42, false)], 0, &[]).unwrap();
        assert_eq!(s.median_first_response_secs, Some(42));
    }

    #[test]
    fn response_rate() {
        // 3 in time of 4 answers and 2 expired: 3/6 = 50%.
        let answers = [(10, true), (20, true), (30, false), (40, true)];
        let s = signals(8, &answers, 2, &[]).unwrap();
        assert_eq!(s.response_rate_pct, Some(50));
        // 2/3 = 66.67 → 67; 1/3 → 33; 1/8 = 12.5 → 13.
        let s = signals(5, &[(1, true), (1, true), (1, false)], 0, &[]).unwrap();
        assert_eq!(s.response_rate_pct, Some(67));
        let s = signals(5, &[(1, true)], 2, &[]).unwrap();
        assert_eq!(s.response_rate_pct, Some(33));
        let s = signals(9, &[(1, true)], 7, &[]).unwrap();
        assert_eq!(s.response_rate_pct, Some(13));
        // Only expiries: 0%; nothing answered or expired yet: no rate.
        assert_eq!(signals(5, &[], 3, &[]).unwrap().response_rate_pct, Some(0));
        assert_eq!(
            signals(5, &[(1, true); 5], 0, &[])
                .unwrap()
                .response_rate_pct,
            Some(100)
        );
        assert_eq!(signals(5, &[], 0, &[]).unwrap().response_rate_pct, None);
        // A nonsense negative count of expiries counts as none.
        assert_eq!(signals(5, &[], -4, &[]).unwrap().response_rate_pct, None);
        assert_eq!(
            signals(5, &[(1, false)], i64::MAX, &[])
                .unwrap()
                .response_rate_pct,
            Some(0)
        );
    }

    #[test]
    fn activation_days() {
        // 7 days and a bit: 7; 7.5 days: 8; 7.49: 7.
        let s = signals(23, &[], 0, &[7 * DAY + 600]).unwrap();
        assert_eq!(s.activations, 1);
        assert_eq!(s.median_activation_days, Some(7));
        let s = signals(23, &[], 0, &[7 * DAY + DAY / 2]).unwrap();
        assert_eq!(s.median_activation_days, Some(8));
        let s = signals(23, &[], 0, &[7 * DAY + DAY / 2 - 1]).unwrap();
        assert_eq!(s.median_activation_days, Some(7));
        // Even count: the exact middle, then rounded: 1 and 2 days → 1.5 → 2.
        let s = signals(23, &[], 0, &[2 * DAY, 9 * DAY, DAY, 0]).unwrap();
        assert_eq!(s.activations, 4);
        assert_eq!(s.median_activation_days, Some(2));
        // Less than half a day: 0.
        let s = signals(23, &[], 0, &[3_600, 7_200, 10_000]).unwrap();
        assert_eq!(s.median_activation_days, Some(0));
        let s = signals(23, &[], 0, &[i64::MAX, i64::MAX]).unwrap();
        assert_eq!(s.median_activation_days, Some(i64::MAX / DAY + 1));
    }

    #[test]
    fn serialised_as_the_api_sends_it() {
        let s = signals(23, &[(3_600, true)], 1, &[7 * DAY]).unwrap();
        assert_eq!(
            serde_json::to_value(s).ok(),
            Some(serde_json::json!({
                "threads": 23,
                "median_first_response_secs": 3_600,
                "response_rate_pct": 50,
                "activations": 1,
                "median_activation_days": 7,
            }))
        );
    }
}
