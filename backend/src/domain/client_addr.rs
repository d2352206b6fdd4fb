//! Who the client is behind a load balancer. `X-Forwarded-For` is believed only when the
//! connection comes from a configured trusted proxy, and then only up to the first
//! address that is not itself a trusted proxy (reading from the right): a client cannot
//! make up its own address by sending the header.
use std::net::IpAddr;

/// Networks whose `X-Forwarded-For` is believed (`DOMICILIA_TRUSTED_PROXIES`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

fn prefix_bits(ip: IpAddr) -> u8 {
    if ip.is_ipv4() { 32 } else { 128 }
}

/// The address top-aligned in 128 bits (IPv4 in the 32 highest).
fn bits(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(a) => u128::from(u32::from(a)) << 96,
        IpAddr::V6(a) => u128::from(a),
    }
}

fn unmap(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(a) => a.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The key a client is counted under by rate limits: an IPv4 address, or the /64 network
/// of an IPv6 one (a single subscriber usually holds a whole /64, so counting addresses
/// would let one client make up as many as it likes). Anything else is kept as it is.
pub fn rate_key(client: &str) -> String {
    match client.parse::<IpAddr>().map(unmap) {
        Ok(IpAddr::V6(a)) => {
            let s = a.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(v4) => v4.to_string(),
        Err(_) => client.to_owned(),
    }
}

impl TrustedProxies {
    /// A comma-separated list of addresses and networks: `10.0.0.0/8, 192.168.1.7, ::1`.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (addr, len) = match item.split_once('/') {
                Some((a, l)) => (a, Some(l)),
                None => (item, None),
            };
            let ip: IpAddr = addr
                .parse()
                .map_err(|_| format!("not an IP address: {item}"))?;
            let max = prefix_bits(ip);
            let len = match len {
                Some(l) => l
                    .parse::<u8>()
                    .ok()
                    .filter(|n| *n <= max)
                    .ok_or_else(|| format!("bad prefix length: {item}"))?,
                None => max,
            };
            nets.push((ip, len));
        }
        Ok(Self(nets))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = unmap(ip);
        self.0.iter().any(|(net, len)| {
            if net.is_ipv4() != ip.is_ipv4() {
                return false;
            }
            // Both forms are top-aligned in 128 bits, so the prefix is the top `len` bits.
            let mask = match len {
                0 => 0,
                n => u128::MAX << (128 - u32::from(*n)),
            };
            bits(*net) & mask == bits(ip) & mask
        })
    }

    /// The client's address: the peer's, or, when the peer is a trusted proxy, the
    /// right-most address of the `X-Forwarded-For` values that is not a trusted proxy.
    pub fn client(&self, peer: Option<IpAddr>, forwarded_for: &[&str]) -> Option<IpAddr> {
        let peer = peer.map(unmap)?;
        if !self.contains(peer) {
            return Some(peer);
        }
        let mut hops: Vec<&str> = forwarded_for
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        while let Some(hop) = hops.pop() {
            match hop.parse::<IpAddr>() {
                Ok(ip) => {
                    client = unmap(ip);
                    if !self.contains(client) {
                        break;
                    }
                }
                // Garbage in the chain: stop at the last address we could trust.
                Err(_) => break,
            }
        }
        Some(client)
    }
}

#[cfg(test)]
mod rate_key_tests {
    #[test]
    fn ipv6_clients_count_per_64() {
        use super::rate_key;
        assert_eq!(rate_key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(rate_key("2001:db8:1:2:ffff::7"), "2001:db8:1:2::/64");
        assert_ne!(rate_key("2001:db8:1:3::1"), rate_key("2001:db8:1:2::1"));
        assert_eq!(rate_key("::ffff:10.1.2.3"), "10.1.2.3");
        assert_eq!(rate_key("10.1.2.3"), "10.1.2.3");
        assert_eq!(rate_key(""), "");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks() {
        let t = TrustedProxies::parse("10.0.0.0/8, 192.168.1.7, ::1, fd00::/8").unwrap();
        assert!(t.contains(ip("10.200.3.4")));
        assert!(!t.contains(ip("11.0.0.1")));
        assert!(t.contains(ip("192.168.1.7")));
        assert!(!t.contains(ip("192.168.1.8")));
        assert!(t.contains(ip("::1")));
        assert!(t.contains(ip("fd12::5")));
        assert!(!t.contains(ip("fe80::1")));
        // IPv4-mapped IPv6 peers count as IPv4.
        assert!(t.contains(ip("::ffff:10.1.2.3")));
        assert!(
            TrustedProxies::parse("0.0.0.0/0")
                .unwrap()
                .contains(ip("8.8.8.8"))
        );
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        for bad in ["10.0.0.0/33", "nope", "10.0.0.0/x", "::/129"] {
            assert!(TrustedProxies::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let none = TrustedProxies::default();
        let lb = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let peer = Some(ip("10.0.0.5"));
        // Without trusted proxies the header is ignored.
        assert_eq!(none.client(peer, &["1.2.3.4"]), peer);
        // A direct client cannot choose its address.
        assert_eq!(
            lb.client(Some(ip("203.0.113.9")), &["1.2.3.4"]),
            Some(ip("203.0.113.9"))
        );
        // Behind the load balancer: the right-most untrusted hop.
        assert_eq!(lb.client(peer, &["1.2.3.4"]), Some(ip("1.2.3.4")));
        assert_eq!(
            lb.client(peer, &["6.6.6.6, 1.2.3.4", "10.0.0.9"]),
            Some(ip("1.2.3.4"))
        );
        // Garbage stops the walk at the last trusted hop.
        assert_eq!(lb.client(peer, &["1.2.3.4, junk"]), peer);
        assert_eq!(lb.client(peer, &[]), peer);
        assert_eq!(lb.client(None, &["1.2.3.4"]), None);
    }
}
