//! The Italian VAT number (*partita IVA*): 11 digits, the last a Luhn-style check digit.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VatNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VatNumberError {
    #[error("a partita IVA has exactly 11 digits")]
    Length,
    #[error("the check digit of the partita IVA does not match")]
    Checksum,
}

impl VatNumber {
    pub fn parse(raw: &str) -> Result<Self, VatNumberError> {
        let digits: Vec<u32> = raw
            .trim()
            .trim_start_matches("IT")
            .chars()
            .map(|c| c.to_digit(10))
            .collect::<Option<_>>()
            .ok_or(VatNumberError::Length)?;
        if digits.len() != 11 {
            return Err(VatNumberError::Length);
        }
        if check_digit(&digits[..10]) != digits[10] {
            return Err(VatNumberError::Checksum);
        }
        Ok(Self(
            digits.iter().map(|d| char::from(b'0' + *d as u8)).collect(),
        ))
    }

    /// Completes the first ten digits with their check digit.
    pub fn from_base(base: u64) -> Self {
        let s = format!("{:010}", base % 10_000_000_000);
        let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
        let check = check_digit(&digits);
        Self(format!("{s}{check}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn check_digit(first_ten: &[u32]) -> u32 {
    let sum: u32 = first_ten
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                *d
            } else {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

impl TryFrom<String> for VatNumber {
    type Error = VatNumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<VatNumber> for String {
    fn from(v: VatNumber) -> Self {
        v.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_numbers() {
        // Comune di Milano's partita IVA.
        assert!(VatNumber::parse("01199250158").is_ok());
        assert!(VatNumber::parse("IT01199250158").is_ok());
    }

    #[test]
    fn rejects_bad_check_digit_and_length() {
        assert_eq!(
            VatNumber::parse("01199250159"),
            Err(VatNumberError::Checksum)
        );
        assert_eq!(VatNumber::parse("0119925015"), Err(VatNumberError::Length));
        assert_eq!(VatNumber::parse("0119925015a"), Err(VatNumberError::Length));
    }

    #[test]
    fn generated_numbers_validate() {
        for base in [0_u64, 1, 42, 9_999_999_999, 1_234_567_890] {
            let v = VatNumber::from_base(base);
            assert_eq!(VatNumber::parse(v.as_str()), Ok(v.clone()));
        }
    }
}
