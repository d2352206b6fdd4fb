//! A coarse, human label of a browser and system from its `User-Agent` ("Firefox ·
//! Windows"), shown in a person's list of sessions. No versions: enough to recognise a
//! device, too little to fingerprint it.

const BROWSERS: [(&str, &str); 9] = [
    // Order matters: Edge, Opera and Samsung also say "Chrome"; Chrome also says "Safari".
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
];

const SYSTEMS: [(&str, &str); 8] = [
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
];

fn first_match(ua: &str, table: &[(&str, &'static str)]) -> Option<&'static str> {
    table
        .iter()
        .find(|(needle, _)| ua.contains(needle))
        .map(|(_, name)| *name)
}

/// "Browser · System", either part alone, or None when neither is recognised.
pub fn label(user_agent: &str) -> Option<String> {
    let ua = &user_agent[..user_agent.floor_char_boundary(512)];
    match (first_match(ua, &BROWSERS), first_match(ua, &SYSTEMS)) {
        (Some(b), Some(s)) => Some(format!("{b} · {s}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_owned()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn common_browsers() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge · Windows",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
                "Chrome · Linux",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari · iOS",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0",
                "Firefox · macOS",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
                "Samsung Internet · Android",
            ),
        ];
        for (ua, want) in cases {
            assert_eq!(label(ua).as_deref(), Some(want), "{ua}");
        }
    }

    #[test]
    fn unknown_and_odd_input() {
        assert_eq!(label(""), None);
        assert_eq!(label("curl/8.5.0"), None);
        assert_eq!(label("reqwest"), None);
        // Multi-byte text at the cut is not a panic.
        let long = format!("x{}", "è".repeat(400));
        assert_eq!(label(&long), None);
    }
}
