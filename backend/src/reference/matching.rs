//! The matching vocabulary (issue 12), `reference/matching.json`, embedded at build time:
//! the carers' roles, their skills, the broad conditions a family may name (special
//! category data: only with consent) and the public contributions the eligibility
//! screener reads — thresholds live here, not in code.
use super::Label;
use crate::domain::matching::CarerRole;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const MATCHING_JSON: &str = include_str!("../../../reference/matching.json");

#[derive(Debug, Deserialize)]
struct File {
    version: String,
    carer_roles: Vec<RoleRow>,
    skills: Vec<SkillRow>,
    conditions: Vec<TermRow>,
    contributions: Vec<ContributionRow>,
    languages: Vec<TermRow>,
    certificates: Vec<CertificateRow>,
}

#[derive(Debug, Deserialize)]
struct CertificateRow {
    code: String,
    name_it: String,
    name_en: String,
    badge_it: String,
    badge_en: String,
    skills: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RoleRow {
    code: CarerRole,
    name_it: String,
    name_en: String,
    category: String,
}

#[derive(Debug, Deserialize)]
struct SkillRow {
    code: String,
    name_it: String,
    name_en: String,
    roles: Vec<CarerRole>,
}

#[derive(Debug, Deserialize)]
struct TermRow {
    code: String,
    name_it: String,
    name_en: String,
}

#[derive(Debug, Deserialize)]
struct ContributionRow {
    code: String,
    name_it: String,
    name_en: String,
    description_it: String,
    description_en: String,
    isee_max_cents: i64,
    amount_cents: Option<i64>,
    year: i32,
    kinds: Vec<CarerRole>,
    office_it: String,
    office_en: String,
    office_url: String,
}

/// A carer's role and the catalogue category of the same help.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct RoleInfo {
    pub code: CarerRole,
    pub label: Label,
    /// The catalogue's category for the same help (`badante`, `colf`, `baby-sitter`).
    pub category: String,
}

/// A skill of the vocabulary, and the roles it belongs to.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct SkillInfo {
    pub code: String,
    pub label: Label,
    pub roles: Vec<CarerRole>,
}

/// A coded term (a broad condition).
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct TermInfo {
    pub code: String,
    pub label: Label,
}

/// A public contribution a family may be eligible for, as guidance: the office decides.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct Contribution {
    pub code: String,
    pub label: Label,
    pub description: Label,
    /// The ISEE at or under which it may apply, in cents.
    pub isee_max_cents: i64,
    /// Its amount, when fixed, in cents.
    pub amount_cents: Option<i64>,
    /// The year of the call the threshold comes from.
    pub year: i32,
    /// The carer roles it concerns; empty: any help.
    pub kinds: Vec<CarerRole>,
    pub office: Label,
    pub office_url: String,
}

/// A kind of certificate a carer may upload, and the badge families see once an
/// operator of the registry has verified one.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct CertificateInfo {
    pub code: String,
    pub label: Label,
    /// The badge's words on the carer's profile.
    pub badge: Label,
    /// The skills of the vocabulary it attests (none: a qualification of its own).
    pub skills: Vec<String>,
}

/// The vocabulary, read once.
#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq, Eq)]
pub struct Vocabulary {
    pub version: String,
    pub roles: Vec<RoleInfo>,
    pub skills: Vec<SkillInfo>,
    pub conditions: Vec<TermInfo>,
    pub contributions: Vec<Contribution>,
    /// The names of the languages families and carers most often speak (ISO 639-1), in
    /// lower case as a sentence says them ("parla spagnolo").
    pub languages: Vec<TermInfo>,
    /// The certificates a carer may upload; verified ones are their profile's badges.
    pub certificates: Vec<CertificateInfo>,
}

impl Vocabulary {
    /// Parses the embedded file.
    pub fn embedded() -> Result<Vocabulary, serde_json::Error> {
        Self::parse(MATCHING_JSON)
    }

    pub fn parse(json: &str) -> Result<Vocabulary, serde_json::Error> {
        let f: File = serde_json::from_str(json)?;
        Ok(Vocabulary {
            version: f.version,
            roles: f
                .carer_roles
                .into_iter()
                .map(|r| RoleInfo {
                    code: r.code,
                    label: Label {
                        it: r.name_it,
                        en: r.name_en,
                    },
                    category: r.category,
                })
                .collect(),
            skills: f
                .skills
                .into_iter()
                .map(|s| SkillInfo {
                    code: s.code,
                    label: Label {
                        it: s.name_it,
                        en: s.name_en,
                    },
                    roles: s.roles,
                })
                .collect(),
            conditions: f
                .conditions
                .into_iter()
                .map(|c| TermInfo {
                    code: c.code,
                    label: Label {
                        it: c.name_it,
                        en: c.name_en,
                    },
                })
                .collect(),
            contributions: f
                .contributions
                .into_iter()
                .map(|c| Contribution {
                    code: c.code,
                    label: Label {
                        it: c.name_it,
                        en: c.name_en,
                    },
                    description: Label {
                        it: c.description_it,
                        en: c.description_en,
                    },
                    isee_max_cents: c.isee_max_cents,
                    amount_cents: c.amount_cents,
                    year: c.year,
                    kinds: c.kinds,
                    office: Label {
                        it: c.office_it,
                        en: c.office_en,
                    },
                    office_url: c.office_url,
                })
                .collect(),
            languages: f
                .languages
                .into_iter()
                .map(|c| TermInfo {
                    code: c.code,
                    label: Label {
                        it: c.name_it,
                        en: c.name_en,
                    },
                })
                .collect(),
            certificates: f
                .certificates
                .into_iter()
                .map(|c| CertificateInfo {
                    code: c.code,
                    label: Label {
                        it: c.name_it,
                        en: c.name_en,
                    },
                    badge: Label {
                        it: c.badge_it,
                        en: c.badge_en,
                    },
                    skills: c.skills,
                })
                .collect(),
        })
    }

    pub fn certificate(&self, code: &str) -> Option<&CertificateInfo> {
        self.certificates.iter().find(|c| c.code == code)
    }

    pub fn skill(&self, code: &str) -> Option<&SkillInfo> {
        self.skills.iter().find(|s| s.code == code)
    }

    /// A language's name (its code when the vocabulary has none).
    pub fn language_name(&self, code: &str) -> Label {
        self.languages
            .iter()
            .find(|l| l.code == code)
            .map(|l| l.label.clone())
            .unwrap_or_else(|| Label {
                it: code.to_owned(),
                en: code.to_owned(),
            })
    }

    pub fn condition(&self, code: &str) -> Option<&TermInfo> {
        self.conditions.iter().find(|c| c.code == code)
    }

    /// The catalogue category of a carer's role.
    pub fn category_of(&self, role: CarerRole) -> Option<&str> {
        self.roles
            .iter()
            .find(|r| r.code == role)
            .map(|r| r.category.as_str())
    }

    /// The contributions that may apply to a household of `isee_cents` looking for
    /// `kind` of help (any when `None`), lowest threshold first.
    pub fn eligible(&self, isee_cents: i64, kind: Option<CarerRole>) -> Vec<&Contribution> {
        let mut out: Vec<&Contribution> = self
            .contributions
            .iter()
            .filter(|c| isee_cents <= c.isee_max_cents)
            .filter(|c| c.kinds.is_empty() || kind.is_some_and(|k| c.kinds.contains(&k)))
            .collect();
        out.sort_by_key(|c| (c.isee_max_cents, c.code.clone()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_vocabulary_is_whole_and_consistent() {
        let v = Vocabulary::embedded().unwrap();
        assert_eq!(v.roles.len(), 3);
        assert!(v.skills.len() >= 12);
        let mut codes: Vec<&str> = v.skills.iter().map(|s| s.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), v.skills.len(), "skill codes are unique");
        for s in &v.skills {
            assert!(!s.roles.is_empty(), "{} belongs to a role", s.code);
            assert!(!s.label.it.is_empty() && !s.label.en.is_empty());
        }
        assert_eq!(v.category_of(CarerRole::BabySitter), Some("baby-sitter"));
        assert!(v.skill("dementia-care").is_some() && v.skill("juggling").is_none());
        assert!(v.condition("cognitive").is_some());
        assert!(v.certificates.len() >= 6);
        for c in &v.certificates {
            assert!(!c.badge.it.is_empty() && !c.badge.en.is_empty());
            for s in &c.skills {
                assert!(v.skill(s).is_some(), "{} attests a known skill", c.code);
            }
        }
        assert!(v.certificate("oss").is_some() && v.certificate("wemi_registry").is_none());
    }

    #[test]
    fn the_screener_reads_the_thresholds() {
        let v = Vocabulary::embedded().unwrap();
        let codes = |isee: i64, kind| -> Vec<String> {
            v.eligible(isee, kind)
                .into_iter()
                .map(|c| c.code.clone())
                .collect()
        };
        // ISEE 5,000 € looking for a badante: every measure up to its thresholds.
        assert_eq!(
            codes(500_000, Some(CarerRole::Badante)),
            vec![
                "sostegno-reddito",
                "bonus-assistenti-familiari",
                "buoni-spesa"
            ]
        );
        // 17,000 € is still within the carers' bonus; 17,000.01 € is not.
        assert!(
            codes(1_700_000, Some(CarerRole::Badante))
                .contains(&"bonus-assistenti-familiari".to_owned())
        );
        assert!(
            !codes(1_700_001, Some(CarerRole::Badante))
                .contains(&"bonus-assistenti-familiari".to_owned())
        );
        // A baby sitter at 25,000 €: the family package only.
        assert_eq!(
            codes(2_500_000, Some(CarerRole::BabySitter)),
            vec!["pacchetto-famiglia"]
        );
        assert!(codes(3_000_001, None).is_empty());
    }
}
