//! Police policy levers (MODEL.md §8): the scenario's `policy:` section, the `stance`
//! presets, and the resolved levers the phases read.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Police policy levers. A lever left unset takes the `stance` preset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Preset for the levers below; explicit levers override it.
    pub stance: Stance,
    /// Police officers per 1,000 residents.
    #[schemars(range(min = 0.0, max = 50.0))]
    pub officers_per_1000: f64,
    /// Patrol placement: random unless set. Not part of any stance (MODEL.md §12.7), so a
    /// stance's effect is that of its DIY levers, not of where patrols go.
    pub patrol: Option<Patrol>,
    /// Online reporting channel (default from the stance).
    pub reporting_app: Option<bool>,
    /// Share of officer-hours on the social-media desk (default from the stance).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub social_media_desk: Option<f64>,
    /// Police appeals with images for reported cases (default from the stance).
    pub appeals: Option<bool>,
    /// Tips are verified before police act on them, or acted on as they come.
    pub tip_verification: Option<TipVerification>,
    /// Police correct false public namings they have verified (default from the stance).
    pub counter_misinformation: Option<bool>,
    /// Police support to watch groups (default from the stance).
    pub watch_groups: Option<WatchSupport>,
    /// How hard police pursue vigilantes (default from the stance).
    pub vigilantism: Option<Vigilantism>,
    /// How police treat online paedophile hunters (default from the stance).
    pub hunters: Option<Hunters>,
    /// Police alert registered citizens near the scene after an emergency call (Burgernet).
    pub citizen_alerts: Option<bool>,
    /// Procedural-justice training: contacts handled more fairly, less force, at a cost.
    pub procedural_justice_training: Option<bool>,
    /// Police answer filmed actions publicly (desk hours); readers of the answer lose less trust.
    pub transparency: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// The status quo: police neither encourage nor restrain citizens.
    Ignore,
    /// Alerts and appeals: use citizens as eyes and ears.
    CoOpt,
    /// Coordinated watch groups, verification, training, transparency.
    Collaborate,
    /// Registered groups, codes of conduct, prosecution of vigilantes.
    Regulate,
    /// Prosecute vigilantes, refuse hunters' evidence.
    Suppress,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Patrol {
    /// Patrol officers go to uniformly random cells.
    Random,
    /// Patrol officers go to the cells with most recent recorded crime.
    Hotspot,
    /// Patrol follows what residents report and fear (participation in priorities).
    Community,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WatchSupport {
    None,
    Registered,
    Coordinated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TipVerification {
    Required,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Vigilantism {
    Tolerate,
    Warn,
    Prosecute,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Hunters {
    Partner,
    Tolerate,
    Suppress,
}

/// Levers after applying the stance preset and explicit overrides.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Levers {
    pub patrol: Patrol,
    pub reporting_app: bool,
    pub social_media_desk: f64,
    pub appeals: bool,
    pub tip_verification: TipVerification,
    pub counter_misinformation: bool,
    pub watch_groups: WatchSupport,
    pub vigilantism: Vigilantism,
    pub hunters: Hunters,
    pub citizen_alerts: bool,
    pub procedural_justice_training: bool,
    pub transparency: bool,
}

impl Stance {
    /// The preset DIY levers of each stance (docs/MODEL.md §8 has the table); patrol is random.
    pub fn preset(self) -> Levers {
        use {Hunters as H, Patrol as P, TipVerification as T, Vigilantism as V, WatchSupport as W};
        let l =
            |app, desk, appeals, tips, counter, watch, vig, hunters, alerts, training, transparency| Levers {
                // Placement is a separate choice: the same in every stance unless set.
                patrol: P::Random,
                reporting_app: app,
                social_media_desk: desk,
                appeals,
                tip_verification: tips,
                counter_misinformation: counter,
                watch_groups: watch,
                vigilantism: vig,
                hunters,
                citizen_alerts: alerts,
                procedural_justice_training: training,
                transparency,
            };
        match self {
            Stance::Ignore => {
                l(false, 0.0, false, T::Required, false, W::None, V::Warn, H::Tolerate, false, false, false)
            }
            Stance::CoOpt => l(
                true,
                0.02,
                true,
                T::Required,
                false,
                W::Registered,
                V::Warn,
                H::Tolerate,
                true,
                false,
                false,
            ),
            Stance::Collaborate => {
                l(true, 0.03, true, T::Required, true, W::Coordinated, V::Warn, H::Partner, true, true, true)
            }
            Stance::Regulate => l(
                true,
                0.02,
                true,
                T::Required,
                true,
                W::Registered,
                V::Prosecute,
                H::Tolerate,
                true,
                false,
                true,
            ),
            Stance::Suppress => l(
                false,
                0.01,
                false,
                T::Required,
                true,
                W::None,
                V::Prosecute,
                H::Suppress,
                false,
                false,
                false,
            ),
        }
    }
}

impl Policy {
    /// The stance preset, overridden by every lever the scenario sets explicitly.
    pub fn levers(&self) -> Levers {
        let p = self.stance.preset();
        Levers {
            patrol: self.patrol.unwrap_or(p.patrol),
            reporting_app: self.reporting_app.unwrap_or(p.reporting_app),
            social_media_desk: self.social_media_desk.unwrap_or(p.social_media_desk),
            appeals: self.appeals.unwrap_or(p.appeals),
            tip_verification: self.tip_verification.unwrap_or(p.tip_verification),
            counter_misinformation: self.counter_misinformation.unwrap_or(p.counter_misinformation),
            watch_groups: self.watch_groups.unwrap_or(p.watch_groups),
            vigilantism: self.vigilantism.unwrap_or(p.vigilantism),
            hunters: self.hunters.unwrap_or(p.hunters),
            citizen_alerts: self.citizen_alerts.unwrap_or(p.citizen_alerts),
            procedural_justice_training: self
                .procedural_justice_training
                .unwrap_or(p.procedural_justice_training),
            transparency: self.transparency.unwrap_or(p.transparency),
        }
    }
}
