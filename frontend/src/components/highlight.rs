//! Text with the parts the search matched wrapped in `<mark>`. The API gives the parts as
//! ranges of characters (never HTML); the view is built from text nodes only.
use crate::api::TextRange;
use leptos::either::Either;
use leptos::prelude::*;

/// The text cut into (piece, matched) in order. The API sends the ranges in order; a
/// range out of the text is clamped, one that overlaps or goes back is cut to what is new.
pub fn segments(text: &str, ranges: &[TextRange]) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    let clamp = |v: i64| usize::try_from(v.max(0)).unwrap_or(0).min(len);
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end) in ranges.iter().map(|r| (clamp(r.start), clamp(r.end))) {
        let start = start.max(at);
        if start >= end {
            continue;
        }
        if start > at {
            out.push((chars[at..start].iter().collect(), false));
        }
        out.push((chars[start..end].iter().collect(), true));
        at = end;
    }
    if at < len || out.is_empty() {
        out.push((chars[at..].iter().collect(), false));
    }
    out
}

/// The text as text nodes, the matched parts inside `<mark>`.
pub fn highlighted(text: &str, ranges: &[TextRange]) -> impl IntoView + use<> {
    segments(text, ranges)
        .into_iter()
        .map(|(piece, marked)| {
            if marked {
                Either::Left(view! { <mark>{piece}</mark> })
            } else {
                Either::Right(piece)
            }
        })
        .collect_view()
}
