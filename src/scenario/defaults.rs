//! Default values of every parameter. Their sources and the calibration that chose them
//! are in docs/MODEL.md and docs/VALIDATION.md; change them there and here together.

use std::collections::BTreeMap;

use super::params::*;

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            version: 1,
            model: ModelKind::DiyPolicing,
            name: None,
            description: None,
            seed: 1,
            days: 730,
            burn_in_days: 365,
            city: CityParams::default(),
            network: NetworkParams::default(),
            citizens: CitizenParams::default(),
            offending: OffendingParams::default(),
            crime_types: default_crime_types(),
            reporting: ReportingParams::default(),
            police: PoliceParams::default(),
            trust: TrustParams::default(),
            places: PlaceParams::default(),
            policy: Policy::default(),
            interventions: Vec::new(),
            output: OutputParams::default(),
        }
    }
}

impl Default for CityParams {
    fn default() -> Self {
        CityParams {
            width: 100,
            height: 100,
            population: 100_000,
            attractiveness_log_sd: 0.8,
            density_log_sd: 1.3,
            smoothing_radius: 2,
            csv: None,
        }
    }
}

impl Default for NetworkParams {
    fn default() -> Self {
        NetworkParams { mean_degree: 20, p_far: 0.1, local_radius: 2 }
    }
}

impl Default for CitizenParams {
    fn default() -> Self {
        CitizenParams {
            offender_share: 0.02,
            groomer_share: 0.0005,
            initial_watch_share: 0.02,
            motivation: BetaParams { a: 2.0, b: 3.0 },
            engagement: BetaParams { a: 2.0, b: 5.0 },
            online_activity: BetaParams { a: 2.0, b: 3.0 },
            skill: BetaParams { a: 2.0, b: 2.0 },
            trust0: BetaParams { a: 6.0, b: 3.0 },
            fear0: BetaParams { a: 2.0, b: 6.0 },
        }
    }
}

impl Default for OffendingParams {
    fn default() -> Self {
        OffendingParams {
            r_off: 0.043,
            n_cand: 4,
            search_radius: 3,
            g_eff: 0.5,
            p_eff: 0.6,
            fail_cap: 0.95,
            red_handed: 0.6,
            patrol_halo: 0.5,
            displacement: 0.2,
            deterrence_radius: 2,
            deterrence_memory_days: 90.0,
            deterrence_weight: 1.0,
            groom_rate: 0.01,
        }
    }
}

impl Default for CrimeType {
    fn default() -> Self {
        CrimeType {
            online: false,
            share: 0.1,
            attract_elasticity: 0.0,
            report_base: 0.4,
            clear_base: 0.03,
            info_base: 0.3,
            sentence_days: 180,
        }
    }
}

/// The six default crime types. Report and clearance bases are calibrated so the baseline
/// lands in the NCVS 2016 / FBI UCR 2019 ranges of MODEL.md §1.2 (V1, V2).
pub fn default_crime_types() -> BTreeMap<String, CrimeType> {
    let street = |share, attract_elasticity, report_base, clear_base, info_base, sentence_days| CrimeType {
        online: false,
        share,
        attract_elasticity,
        report_base,
        clear_base,
        info_base,
        sentence_days,
    };
    BTreeMap::from([
        ("burglary".into(), street(0.18, -0.3, 0.48, 0.0115, 0.25, 365)),
        ("theft".into(), street(0.50, 0.6, 0.10, 0.0130, 0.20, 60)),
        ("vehicle_theft".into(), street(0.07, 0.0, 0.68, 0.0150, 0.15, 180)),
        ("robbery".into(), street(0.07, 0.6, 0.40, 0.022, 0.35, 730)),
        ("assault".into(), street(0.18, 0.3, 0.30, 0.026, 0.60, 180)),
        (
            "online_grooming".into(),
            CrimeType {
                online: true,
                share: 0.0,
                attract_elasticity: 0.0,
                report_base: 0.15,
                clear_base: 0.03,
                info_base: 0.3,
                sentence_days: 730,
            },
        ),
    ])
}

impl Default for ReportingParams {
    fn default() -> Self {
        ReportingParams {
            p_witness: 0.05,
            max_witness_pool: 50,
            watch_witness_boost: 4.0,
            witness_report_base: 0.15,
            watch_report_prob: 0.8,
            post_base: 0.1,
            info_per_witness: 0.1,
            app_channel_factor: 1.3,
        }
    }
}

impl Default for PoliceParams {
    fn default() -> Self {
        PoliceParams {
            hours_per_officer_day: 5.0,
            shares: TaskShares::default(),
            patrol_h0: 3.0,
            hotspot_memory_days: 180.0,
            community_fear_weight: 1.0,
            non_crime_calls_per_1000_day: 0.45,
            response_hours: 3.0,
            alert_arrest_prob: 0.35,
            caseload_hours_per_case: 1.5,
            call_max_wait_days: 30,
            case_max_days: 60,
            desk_pickup_hours: 1.0,
            officer_hour_cost: 60.0,
            app_cost_per_day: 500.0,
            training_cost_per_officer_day: 2.0,
        }
    }
}

impl Default for TaskShares {
    fn default() -> Self {
        TaskShares { response: 0.15, investigation: 0.35 }
    }
}

impl Default for TrustParams {
    fn default() -> Self {
        TrustParams {
            served: 0.02,
            cleared: 0.05,
            ignored: 0.03,
            ignored_days: 3,
            relax: 0.01,
            training_gain: 1.5,
            fear_victim: 0.15,
            fear_relax: 0.02,
        }
    }
}

impl Default for PlaceParams {
    fn default() -> Self {
        PlaceParams {
            boost: 1.0,
            near_boost: 0.1,
            boost_decay: 0.1,
            watch_guard: 3.0,
            registered_guard_factor: 0.6,
            unsupported_guard_factor: 0.3,
            repeat_window_days: 14,
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            stance: Stance::Ignore,
            officers_per_1000: 2.5,
            patrol: None,
            reporting_app: None,
            social_media_desk: None,
            watch_groups: None,
            procedural_justice_training: None,
        }
    }
}

impl Default for OutputParams {
    fn default() -> Self {
        OutputParams { cells: false, events: false, charts: true }
    }
}
