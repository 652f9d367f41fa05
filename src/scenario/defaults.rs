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
            city_seed: None,
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
            online: OnlineParams::default(),
            crowd: CrowdParams::default(),
            action: ActionParams::default(),
            roles: RolesParams::default(),
            costs: CostParams::default(),
            policy: Policy::default(),
            interventions: Vec::new(),
            output: OutputParams::default(),
            civil_violence: CivilViolenceParams::default(),
        }
    }
}

impl Scenario {
    /// The defaults of one model. Civil violence runs are short and start from an empty jail:
    /// 500 recorded ticks after a 50-tick burn-in, as the Mesa reference statistics.
    pub fn defaults_for(model: ModelKind) -> Scenario {
        match model {
            ModelKind::DiyPolicing => Scenario::default(),
            ModelKind::CivilViolence => Scenario {
                model,
                days: 500,
                burn_in_days: 50,
                output: OutputParams { cells: false, events: false, charts: true },
                ..Scenario::default()
            },
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
            density_log_sd: 1.32,
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
            alert_register_share: 0.08,
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
            r_off: 0.045,
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
            social_cost_eur: 5000.0,
        }
    }
}

/// Pounds (2015/16 prices, Heeks et al. 2018) to euros at the ECB's 2016 average reference
/// rate, 0.81948 pounds per euro.
pub const EUR_PER_GBP_2016: f64 = 1.0 / 0.81948;

impl Default for CostParams {
    fn default() -> Self {
        CostParams {
            injury_eur: (14_050.0 * EUR_PER_GBP_2016).round(),
            confrontation_eur: (5_930.0 * EUR_PER_GBP_2016).round(),
            wrongful_arrest_eur: 5_000.0,
            harassment_eur: 2_000.0,
            prosecution_eur: 3_000.0,
        }
    }
}

/// The six default crime types. Report and clearance bases are the posterior medians of
/// `calibration/baseline.yaml` (ABC-SMC to the NCVS 2016 / FBI UCR 2019 ranges of MODEL.md
/// §1.2, V1 and V2; docs/VALIDATION.md), robbery's report base excepted (not fitted).
pub fn default_crime_types() -> BTreeMap<String, CrimeType> {
    // Social costs per crime: Heeks et al. 2018 (Home Office Research Report 99) unit
    // costs in pounds, 2015/16 prices, in euros (docs/MODEL.md §7.9 has the categories).
    let eur = |gbp: f64| (gbp * EUR_PER_GBP_2016).round();
    let street =
        |share, attract_elasticity, report_base, clear_base, info_base, sentence_days, cost| CrimeType {
            online: false,
            share,
            attract_elasticity,
            report_base,
            clear_base,
            info_base,
            sentence_days,
            social_cost_eur: cost,
        };
    BTreeMap::from([
        ("burglary".into(), street(0.18, -0.3, 0.50, 0.0093, 0.25, 365, eur(5_930.0))),
        ("theft".into(), street(0.50, 0.6, 0.13, 0.0120, 0.20, 60, eur(1_380.0))),
        ("vehicle_theft".into(), street(0.07, 0.0, 0.76, 0.0148, 0.15, 180, eur(10_290.0))),
        ("robbery".into(), street(0.07, 0.6, 0.40, 0.0173, 0.35, 730, eur(11_320.0))),
        ("assault".into(), street(0.18, 0.3, 0.31, 0.0237, 0.60, 180, eur((14_050.0 + 5_930.0) / 2.0))),
        (
            "online_grooming".into(),
            CrimeType {
                online: true,
                share: 0.0,
                attract_elasticity: 0.0,
                report_base: 0.16,
                clear_base: 0.03,
                info_base: 0.3,
                sentence_days: 730,
                social_cost_eur: eur(6_520.0),
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
            app_online_threshold: 0.3,
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
            live_call_share: 0.03,
            dispatch_hours: 0.25,
            offender_speed_cells_per_hour: 4.0,
            alert_radius: 3,
            lookout_prob: 0.3,
            police_spot_prob: 0.5,
            sighting_arrest_prob: 0.17,
            alert_hours: 0.25,
            caseload_hours_per_case: 1.5,
            call_max_wait_days: 30,
            case_max_days: 60,
            desk_pickup_hours: 1.0,
            tip_hours: 1.0,
            tip_evidence_gain: 2.0,
            tip_max_age_days: 7,
            verify_sensitivity: 0.9,
            verify_specificity: 0.9,
            wrongful_arrest_prob: 0.3,
            appeal_hours: 8.0,
            correction_hours: 1.0,
            transparency_hours: 1.0,
            enforcement_hours: 4.0,
            enforcement_max_wait_days: 30,
            pursue_tolerate: 0.05,
            pursue_warn: 0.4,
            pursue_prosecute: 0.9,
            hunter_case_hours: 8.0,
            hunter_accept_quality: 0.5,
            pursue_hunters_suppress: 0.3,
            liaison_hours_per_group_day: 0.5,
            liaison_cost_per_group_day: 20.0,
            officer_hour_cost: 60.0,
            app_cost_per_day: 500.0,
            training_cost_per_officer_day: 2.0,
        }
    }
}

impl Default for TaskShares {
    fn default() -> Self {
        TaskShares { response: 0.15, investigation: 0.35, tip_triage: 0.01, watch_liaison: 0.01 }
    }
}

impl Default for TrustParams {
    fn default() -> Self {
        TrustParams {
            served: 0.02,
            cleared: 0.05,
            ignored: 0.02,
            ignored_days: 3,
            wrongful: 0.1,
            named: 0.05,
            bad_weight: 2.0,
            vicarious_weight: 0.25,
            fast_half_life_days: 30.0,
            slow_half_life_days: 730.0,
            lasting_share: 0.3,
            settle_after_burn_in: true,
            correction: 0.002,
            success: 0.002,
            fair_contact_prob: 0.8,
            fair_contact_prob_trained: 0.9,
            unfair_contact: 0.02,
            reporting_slope: 1.0,
            statement_slope: 0.5,
            tip_slope: 1.0,
            compliance_slope: 0.3,
            fear_victim: 0.15,
            fear_harmed: 0.1,
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
            watch_guard: 11.0,
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
            appeals: None,
            tip_verification: None,
            counter_misinformation: None,
            watch_groups: None,
            vigilantism: None,
            hunters: None,
            citizen_alerts: None,
            procedural_justice_training: None,
            transparency: None,
        }
    }
}

impl Default for OutputParams {
    fn default() -> Self {
        OutputParams { cells: false, events: false, charts: true }
    }
}

impl Default for OnlineParams {
    fn default() -> Self {
        OnlineParams {
            share_base: 0.15,
            false_share_boost: 1.7,
            max_hops: 4,
            max_reach: 2000,
            fear_exposure: 0.005,
            local_fear_factor: 4.0,
            local_radius: 2,
            sleuth_base: 0.2,
            sleuth_days: 7,
            appeal_seeds: 30,
            appeal_sleuth_boost: 3.0,
            correction_delay_hops: 1,
            correction_reach: 0.2,
            takedown_prob: 0.3,
        }
    }
}

impl Default for CrowdParams {
    fn default() -> Self {
        CrowdParams {
            rashness: 0.3,
            lookalikes: 5,
            lookalike_radius: 1,
            herding: 0.3,
            naming_threshold: 3,
            public_info_share: 0.05,
            appeal_quality_gain: 0.4,
            image_clarity_concentration: 4.0,
            high_profile_sleuths: 40,
        }
    }
}

impl Default for ActionParams {
    fn default() -> Self {
        ActionParams {
            tip_base: 0.15,
            appeal_tip_boost: 2.0,
            confront_base: 0.3,
            injury_prob: 0.2,
            compromise_prob: 0.5,
            harass_per_reader: 0.003,
            online_displacement: 0.5,
            sting_rate: 0.05,
            decoy_exposure: 400.0,
            sting_false_prob: 0.05,
            sting_harm_prob: 0.1,
            exposed_self_harm_prob: 0.02,
            hunter_evidence_base: 0.5,
            hunter_evidence_spread: 0.3,
            partner_evidence_gain: 0.25,
            publish_prob: 0.9,
            publish_partner: 0.3,
            sting_compromise_prob: 0.5,
            partner_deconfliction: 0.8,
            group_found_prob: 0.3,
            followers_per_catch: 50.0,
            followers_decay: 0.01,
            film_base: 0.1,
            bystanders: 3,
            excessive_force_prob: 0.03,
            trust_exposed_misconduct: 0.02,
            trust_exposed_fair: 0.002,
            training_force_cut: 0.05,
            answer_reach: 0.5,
            answer_mitigation: 0.6,
        }
    }
}

impl Default for RolesParams {
    fn default() -> Self {
        RolesParams {
            review_days: 7,
            join_base: 0.0005,
            max_watch_neighbours: 10,
            leave_base: 0.002,
            burn_in_speedup: 10.0,
            vigilante_threshold: 0.25,
            hysteresis: 0.05,
            vigilante_engagement: 0.6,
            vigilante_desist: 0.005,
            hunter_online: 0.7,
            hunter_join: 0.05,
            publicity_pull: 1.0,
            risk_prior: 0.05,
            risk_own: 0.6,
            risk_contact: 0.1,
            risk_local: 1.0,
            risk_news: 0.03,
            risk_memory_days: 180.0,
            warning_weight: 0.3,
            prosecution_backlash: 0.05,
            support_none: 0.2,
            support_registered: 0.6,
            support_coordinated: 1.0,
            group_size: 5,
            group_min: 5,
        }
    }
}
