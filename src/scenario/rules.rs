//! Cross-field rules the schema cannot state: errors (shares that exceed all hours, a grid
//! smaller than a field of vision) and warnings (levers that defeat themselves).

use super::params::*;
use crate::input::{Loc, Problem};

/// Cross-field rules the schema cannot state. Paths are located in the tree afterwards.
pub(super) fn semantic_problems(s: &Scenario) -> Vec<Problem> {
    let mut out = match s.model {
        ModelKind::DiyPolicing => diy_problems(s),
        ModelKind::CivilViolence => civil_violence_problems(s),
    };
    if let Some(name) = &s.name
        && let Some(why) = super::names::problem(name)
    {
        out.push(Problem::new(Loc::default(), "name", why).hint(super::names::HINT));
    }
    for (i, iv) in s.interventions.iter().enumerate() {
        if i > 0 && iv.at < s.interventions[i - 1].at {
            out.push(
                Problem::new(
                    Loc::default(),
                    &format!("interventions.{i}.at"),
                    "interventions must be listed in time order",
                )
                .hint("sort the list by `at`"),
            );
        }
    }
    out
}

fn civil_violence_problems(s: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut push = |path: &str, msg: String, hint: String| {
        out.push(Problem::new(Loc::default(), path, msg).hint(hint));
    };
    let cv = &s.civil_violence;
    let density = cv.citizen_density + cv.cop_density;
    if density > 1.0 + 1e-12 {
        push(
            "civil_violence.cop_density",
            format!("citizen and cop densities add up to {density:.3}, more than one agent per cell"),
            "lower `citizen_density` or `cop_density` so that they sum to at most 1".into(),
        );
    }
    let vision = cv.citizen_vision.max(cv.cop_vision);
    for (field, size) in [("width", cv.width), ("height", cv.height)] {
        if size < 2 * vision + 1 {
            push(
                &format!("civil_violence.{field}"),
                format!(
                    "the grid {field} {size} is smaller than a field of vision ({} cells across)",
                    2 * vision + 1
                ),
                format!("make `{field}` at least {} or lower the vision", 2 * vision + 1),
            );
        }
    }
    if cv.width as u64 * cv.height as u64 > 16_000_000 {
        push(
            "civil_violence.width",
            format!("the grid has {} cells, more than 16 million", cv.width as u64 * cv.height as u64),
            "use a smaller grid".into(),
        );
    }
    if cv.outburst_below >= cv.outburst_above {
        push(
            "civil_violence.outburst_below",
            format!(
                "an outburst must end below where it starts (below {} is not under above {})",
                cv.outburst_below, cv.outburst_above
            ),
            "make `outburst_below` smaller than `outburst_above`".into(),
        );
    }
    if s.output.events {
        push(
            "output.events",
            "events.parquet is written only by `diy_policing` runs".into(),
            "remove `events` (civil_violence writes ticks, runs and, with `cells`, the final grid)".into(),
        );
    }
    out
}

fn diy_problems(s: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut push = |path: &str, msg: String, hint: &str| {
        out.push(Problem::new(Loc::default(), path, msg).hint(hint));
    };
    let shares = &s.police.shares;
    let desk = s.policy.levers().social_media_desk;
    let used = shares.response + shares.investigation + shares.tip_triage + shares.watch_liaison + desk;
    if used > 1.0 + 1e-9 {
        push(
            "police.shares",
            format!("task shares plus the social-media desk add up to {used:.3}, more than all hours"),
            "lower some shares: patrol takes whatever is left, so the sum must be at most 1",
        );
    }
    if !s.crime_types.values().any(|t| !t.online && t.share > 0.0) {
        push(
            "crime_types",
            "no street crime type has a share above 0".into(),
            "give at least one non-online type a positive `share`",
        );
    }
    let cells = s.city.width as u64 * s.city.height as u64;
    if cells > 16_000_000 {
        push("city.width", format!("the grid has {cells} cells, more than 16 million"), "use a coarser grid");
    }
    if s.network.mean_degree as u64 >= s.city.population as u64 {
        push(
            "network.mean_degree",
            "mean degree must be below the population".into(),
            "lower `network.mean_degree`",
        );
    }
    out
}

/// Contradictory lever settings: explicit levers override the stance by design, but some
/// combinations defeat themselves (a lever that needs hours its task share does not give).
pub(super) fn warning_problems(s: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    if s.model != ModelKind::DiyPolicing {
        return out;
    }
    let mut warn =
        |path: &str, msg: String, hint: &str| out.push(Problem::new(Loc::default(), path, msg).hint(hint));
    let p = &s.policy;
    let l = p.levers();
    let stance =
        serde_json::to_value(p.stance).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    if p.stance == Stance::Suppress && l.hunters == Hunters::Partner {
        warn(
            "policy.hunters",
            format!("hunters are partnered while the stance `{stance}` suppresses them"),
            "remove `hunters` to follow the stance, or choose a stance that works with hunters",
        );
    }
    if p.stance == Stance::Suppress && l.vigilantism == Vigilantism::Tolerate {
        warn(
            "policy.vigilantism",
            format!("vigilantes are tolerated while the stance `{stance}` prosecutes them"),
            "remove `vigilantism` to follow the stance",
        );
    }
    if l.vigilantism == Vigilantism::Prosecute && s.police.shares.investigation <= 0.0 {
        warn(
            "policy.vigilantism",
            "vigilantes are to be prosecuted but no hours go to investigation, which pursuits need".into(),
            "give `police.shares.investigation` hours: prosecution deters only as far as it is done",
        );
    }
    if p.stance == Stance::Collaborate && l.watch_groups == WatchSupport::None {
        warn(
            "policy.watch_groups",
            "the `collaborate` stance without support for watch groups".into(),
            "remove `watch_groups` to coordinate groups as the stance intends",
        );
    }
    let no_desk = l.social_media_desk <= 0.0;
    for (on, lever) in [
        (l.appeals, "appeals"),
        (l.counter_misinformation, "counter_misinformation"),
        (l.transparency, "transparency"),
    ] {
        if on && no_desk {
            warn(
                &format!("policy.{lever}"),
                format!("`{lever}` is on but the social-media desk has no hours, so it will never act"),
                "give the desk a share with `policy.social_media_desk`",
            );
        }
    }
    if l.watch_groups == WatchSupport::Coordinated && s.police.shares.watch_liaison <= 0.0 {
        warn(
            "police.shares.watch_liaison",
            "watch groups are coordinated but no officer-hours go to liaison".into(),
            "without liaison hours coordinated groups get only the `registered` level of support; set `police.shares.watch_liaison`",
        );
    }
    if l.tip_verification == TipVerification::Required && s.police.shares.tip_triage <= 0.0 {
        warn(
            "police.shares.tip_triage",
            "tips must be verified but no officer-hours go to tip triage".into(),
            "every tip will be acted on unverified once it is `police.tip_max_age_days` old; set `police.shares.tip_triage`",
        );
    }
    out
}
