//! The workshop's four questions (docs/MODEL.md §1): what citizens add to prevention and
//! to intelligence and investigations, what harm they do, and what it costs the police.
//! The brief and the report's table group indicators under them.

use crate::scenario::ModelKind;

/// One of the four questions an indicator answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Question {
    /// Crime prevented (and, for civil violence, unrest).
    Prevention,
    /// Reporting, tips, clearances, trust.
    Intelligence,
    /// False accusations, vigilante violence, ruined prosecutions.
    Harm,
    /// Officer-hours, police cost, social cost and what it buys.
    Resources,
}

impl Question {
    pub const ALL: [Question; 4] =
        [Question::Prevention, Question::Intelligence, Question::Harm, Question::Resources];

    /// The key of its title in src/i18n/phrases.tsv.
    pub fn phrase(self) -> &'static str {
        match self {
            Question::Prevention => "q_prevention",
            Question::Intelligence => "q_intelligence",
            Question::Harm => "q_harm",
            Question::Resources => "q_resources",
        }
    }

    /// The question of an indicator of the runs or the comparison (families by prefix);
    /// anything not listed counts as intelligence (activity the police can use).
    pub fn of(indicator: &str, model: ModelKind) -> Question {
        let starts = |p: &[&str]| p.iter().any(|p| indicator.starts_with(p));
        match model {
            ModelKind::CivilViolence => {
                if starts(&["mean_jailed", "arrests"]) {
                    Question::Resources
                } else {
                    Question::Prevention
                }
            }
            ModelKind::DiyPolicing => {
                if starts(&["crimes_per_1000", "victimisation", "displaced"]) {
                    Question::Prevention
                } else if starts(&[
                    "innocents",
                    "harassed",
                    "wrongful",
                    "confrontations",
                    "vigilante",
                    "compromised",
                    "sting_compromised",
                    "hunter_prosecutions",
                    "harms",
                    "sting_harm",
                ]) {
                    Question::Harm
                } else if starts(&[
                    "cost",
                    "social_cost",
                    "hunter_hours",
                    "net_social",
                    "officer_hours",
                    "crimes_prevented",
                ]) {
                    Question::Resources
                } else {
                    Question::Intelligence
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::entry::{File, show};
    use crate::catalogue::lookup::of;

    #[test]
    fn every_compared_indicator_has_the_question_it_answers() {
        let q = |n: &str| Question::of(n, ModelKind::DiyPolicing);
        assert_eq!(q("crimes_per_1000_year"), Question::Prevention);
        assert_eq!(q("share_reported"), Question::Intelligence);
        assert_eq!(q("innocents_named_per_100k"), Question::Harm);
        assert_eq!(q("vigilante_injuries"), Question::Harm);
        assert_eq!(q("cost_eur_per_resident_year"), Question::Resources);
        assert_eq!(q("net_social_benefit_eur_per_resident_year"), Question::Resources);
        assert_eq!(q("harms_per_crime_prevented"), Question::Harm);
        assert_eq!(q("crimes_prevented_per_million_eur"), Question::Resources);
        // Every question has at least one indicator of the comparison table.
        for model in [ModelKind::DiyPolicing] {
            let shown: Vec<Question> = of(File::Runs, model)
                .chain(of(File::Comparison, model))
                .filter(|e| e.shown(show::COMPARE))
                .map(|e| Question::of(e.name, model))
                .collect();
            for question in Question::ALL {
                assert!(shown.contains(&question), "{question:?} has no compared indicator");
            }
        }
    }
}
