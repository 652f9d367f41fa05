//! The columns of `model: diy_policing` runs (docs/MODEL.md §9).

use super::entry::File::{Cells, Comparison, Events, Runs, Ticks};
use super::entry::columns;
use super::entry::show::{CHART, COMPARE, KEY, NONE, SENSITIVITY, SUMMARY, WEEKLY};
use crate::scenario::ModelKind::DiyPolicing;

columns! {
    /// ticks.parquet: one row per recorded day.
    DiyTick, TICKS, files &[Ticks], models &[DiyPolicing];
    Crimes = "crimes", Indicator, Count, Lower, CHART | WEEKLY, "Crimes", "crimes per day",
        "Crimes committed that day, all types.";
    CrimesType = "crimes_{type}", Indicator, Count, Lower, NONE, "Crimes: {type}", "per day",
        "Crimes of one type committed that day.";
    AttemptsFoiled = "attempts_foiled", Indicator, Count, Neither, NONE, "Attempts foiled", "per day",
        "Attempts that failed because of guardians or police (red-handed arrests included).";
    RedHandedArrests = "red_handed_arrests", Indicator, Count, Neither, NONE, "Red-handed arrests", "per day",
        "Offenders arrested in the act by patrolling officers.";
    Reported = "reported", Indicator, Count, Neither, NONE, "Reported", "crimes per day",
        "Crimes a victim or witness reported to police.";
    Posted = "posted", Indicator, Count, Neither, NONE, "Posted online", "crimes per day",
        "Crimes a victim or witness posted about online.";
    PoliceAware = "police_aware", Indicator, Count, Neither, NONE, "Police-aware", "crimes per day",
        "Crimes that entered police records (reported, or picked up online by the desk).";
    DeskPickups = "desk_pickups", Indicator, Count, Neither, NONE, "Picked up online", "crimes per day",
        "Posted, unreported crimes the social-media desk picked up.";
    Cleared = "cleared", Indicator, Count, Neither, NONE, "Cleared", "cases per day",
        "Police-aware cases cleared (offender identified and jailed).";
    ClearedWithCitizens = "cleared_with_citizens", Indicator, Count, Neither, NONE, "Cleared with citizens' help", "cases per day",
        "Cases cleared after a watch member's alert or a correct citizen's tip.";
    Unsolved = "unsolved", Indicator, Count, Neither, NONE, "Closed unsolved", "cases per day",
        "Police-aware cases closed unsolved after `police.case_max_days`.";
    WatchAlerts = "watch_alerts", Indicator, Count, Neither, NONE, "Watch alerts", "per day",
        "Crimes a watch member alerted police to while they happened.";
    AlertArrests = "alert_arrests", Indicator, Count, Neither, NONE, "Arrests after alerts", "per day",
        "Offenders arrested in a search after a watch alert or a police alert to citizens.";
    OtherCalls = "other_calls", Indicator, Count, Neither, NONE, "Other calls for service", "per day",
        "Calls for service that are not crimes; they compete for response hours.";
    Responses = "responses", Indicator, Count, Neither, NONE, "Calls answered", "per day",
        "Calls for service answered by response officers.";
    Backlog = "backlog", Indicator, Count, Lower, CHART | WEEKLY, "Response backlog", "calls waiting",
        "Calls waiting for a response at the end of the day.";
    MeanResponseDelayDays = "mean_response_delay_days", Indicator, Amount, Lower, NONE, "Response delay", "days",
        "Mean days the calls answered that day had waited (null on days with no answer).";
    ReportsIgnored = "reports_ignored", Indicator, Count, Lower, NONE, "Callers left waiting", "per day",
        "Callers who waited longer than `trust.ignored_days` and lost trust.";
    CallsAbandoned = "calls_abandoned", Indicator, Count, Lower, NONE, "Calls dropped", "per day",
        "Calls dropped unanswered after `police.call_max_wait_days`.";
    OpenCases = "open_cases", Indicator, Count, Neither, NONE, "Open cases", "cases",
        "Police-aware cases under investigation at the end of the day.";
    OffendersJailed = "offenders_jailed", Indicator, Count, Neither, NONE, "Offenders in jail", "offenders",
        "Offenders in jail at the end of the day.";
    WatchMembers = "watch_members", Indicator, Count, Neither, CHART, "Watch members", "citizens",
        "Citizens in the watch role.";
    Vigilantes = "vigilantes", Indicator, Count, Lower, NONE, "Vigilantes", "citizens",
        "Citizens in the vigilante role.";
    Hunters = "hunters", Indicator, Count, Neither, NONE, "Hunters", "citizens",
        "Citizens in the online hunter role.";
    WatchGroups = "watch_groups", Indicator, Count, Neither, NONE, "Watch groups", "groups",
        "Blocks with at least `roles.group_min` watch members.";
    PostsSpread = "posts_spread", Indicator, Count, Neither, NONE, "Posts spread", "per day",
        "Posts that cascaded through the network that day.";
    PostReaders = "post_readers", Indicator, Count, Neither, NONE, "Post readers", "citizens per day",
        "Readers reached by the day's cascades (a citizen reached twice counts twice).";
    SleuthsJoined = "sleuths_joined", Indicator, Count, Neither, NONE, "Sleuths joining", "citizens per day",
        "Readers who started investigating a case online.";
    NamedInnocent = "named_innocent", Indicator, Count, Lower, NONE, "Innocents publicly named", "per day",
        "Innocent people publicly named by crowds or by false stings.";
    NamedGuilty = "named_guilty", Indicator, Count, Neither, NONE, "Offenders publicly named", "per day",
        "Offenders publicly named by crowds.";
    Harassed = "harassed", Indicator, Count, Lower, NONE, "Innocents harassed", "per day",
        "Publicly named innocents who were doxed or shamed.";
    TipsReceived = "tips_received", Indicator, Count, Neither, NONE, "Tips received", "per day",
        "Citizens' namings sent to police about cases they know of.";
    TipsVerified = "tips_verified", Indicator, Count, Neither, NONE, "Tips verified", "per day",
        "Tips checked by tip-triage officers.";
    TipsCorrect = "tips_correct", Indicator, Count, Neither, NONE, "Tips verified correct", "per day",
        "Verified tips that named the offender.";
    TipsActedUnverified = "tips_acted_unverified", Indicator, Count, Lower, NONE, "Tips acted on unverified", "per day",
        "Tips acted on without verification (policy, or too long in the queue).";
    TipHoursUsed = "tip_hours_used", Indicator, Amount, Neither, NONE, "Tip-triage hours used", "officer-hours per day",
        "Officer-hours spent verifying tips.";
    WrongfulArrests = "wrongful_arrests", Indicator, Count, Lower, NONE, "Wrongful arrests", "per day",
        "Innocents arrested on an unverified wrong tip.";
    Confrontations = "confrontations", Indicator, Count, Lower, NONE, "Vigilante confrontations", "per day",
        "Vigilantes confronting a publicly named person.";
    ConfrontationsInnocent = "confrontations_innocent", Indicator, Count, Lower, NONE, "Innocents confronted", "per day",
        "Vigilante confrontations of a wrongly named person, injured or not.";
    InjuriesInnocent = "injuries_innocent", Indicator, Count, Lower, NONE, "Innocents injured", "per day",
        "Innocent people injured in vigilante confrontations.";
    InjuriesGuilty = "injuries_guilty", Indicator, Count, Lower, NONE, "Offenders injured", "per day",
        "Offenders injured in vigilante confrontations.";
    Compromised = "compromised", Indicator, Count, Lower, NONE, "Cases compromised", "per day",
        "Open cases lost to vigilante interference (evidence gone, suspect warned).";
    Stings = "stings", Indicator, Count, Neither, NONE, "Stings", "per day",
        "Decoy stings run by online hunters.";
    StingCatches = "sting_catches", Indicator, Count, Neither, NONE, "Sting catches", "per day",
        "Stings that caught a groomer.";
    StingCharges = "sting_charges", Indicator, Count, Neither, NONE, "Sting charges", "per day",
        "Sting catches that led to a charge (the groomer jailed).";
    StingHarmIncidents = "sting_harm_incidents", Indicator, Count, Lower, NONE, "Sting harm incidents", "per day",
        "Stings that ended in violence, self-harm or a wrong target harmed.";
    StingFalseExposures = "sting_false_exposures", Indicator, Count, Lower, NONE, "Innocents exposed by stings", "per day",
        "Stings that exposed an innocent adult online.";
    Appeals = "appeals", Indicator, Count, Neither, NONE, "Appeals with images", "per day",
        "Police appeals with images issued by the social-media desk.";
    Corrections = "corrections", Indicator, Count, Neither, NONE, "Corrections", "per day",
        "False public namings the desk verified and corrected.";
    FilmedFair = "filmed_fair", Indicator, Count, Neither, NONE, "Fair police actions filmed", "per day",
        "Police actions filmed by bystanders and posted, without misconduct.";
    FilmedMisconduct = "filmed_misconduct", Indicator, Count, Lower, NONE, "Misconduct filmed", "per day",
        "Police actions with misconduct (wrongful arrest, excessive force) filmed and posted.";
    VigilanteProsecutions = "vigilante_prosecutions", Indicator, Count, Neither, NONE, "Vigilantes prosecuted", "per day",
        "Vigilante assaults police pursued.";
    HunterProsecutions = "hunter_prosecutions", Indicator, Count, Neither, NONE, "Hunters prosecuted", "per day",
        "Hunters prosecuted for a published sting (under `hunters: suppress`) or for violence at one.";
    VigilanteWarnings = "vigilante_warnings", Indicator, Count, Neither, NONE, "Vigilantes warned", "per day",
        "Vigilante assaults police pursued with a formal warning (`vigilantism: warn`).";
    EnforcementDropped = "enforcement_dropped", Indicator, Count, Neither, NONE, "Pursuits dropped", "per day",
        "Pursuits of vigilantes or hunters dropped after waiting too long for enforcement hours.";
    RiskInNews = "risk_in_news", Indicator, Index, Neither, NONE, "Risk of self-help in the news", "probability (0–1)",
        "The part of every citizen's perceived risk of self-help that comes from prosecutions and warnings in the news.";
    AlertsSent = "alerts_sent", Indicator, Count, Neither, NONE, "Police alerts to citizens", "per day",
        "Police alerts to registered citizens near a crime just reported (Burgernet).";
    CitizenAlertArrests = "citizen_alert_arrests", Indicator, Count, Neither, NONE, "Arrests after police alerts", "per day",
        "Offenders arrested in a search after a police alert to registered citizens.";
    TipsRejectedCorrect = "tips_rejected_correct", Indicator, Count, Lower, NONE, "Correct tips rejected", "per day",
        "Correct tips a verification check wrongly rejected (leads lost).";
    TipsPassedWrong = "tips_passed_wrong", Indicator, Count, Lower, NONE, "Wrong tips passed", "per day",
        "Wrong tips a verification check took for correct.";
    CorrectionsWrong = "corrections_wrong", Indicator, Count, Lower, NONE, "True namings corrected", "per day",
        "True public namings a police check took for false and corrected.";
    Takedowns = "takedowns", Indicator, Count, Neither, NONE, "Namings taken down", "per day",
        "Corrected namings the platform took down.";
    Harassers = "harassers", Indicator, Count, Lower, NONE, "Harassing readers", "per day",
        "Readers of public namings who harassed the person named (messages, doxing).";
    DisplacedOnline = "displaced_online", Indicator, Count, Neither, NONE, "Vigilantes displaced online", "per day",
        "Vigilantes deterred from a confrontation by the risk they saw who harassed online instead.";
    HunterGroups = "hunter_groups", Indicator, Count, Neither, NONE, "Hunter groups", "groups",
        "Hunter groups with at least one member.";
    StingPublished = "sting_published", Indicator, Count, Neither, NONE, "Stings published", "per day",
        "Catches and false exposures hunter groups posted online.";
    StingCompromised = "sting_compromised", Indicator, Count, Lower, NONE, "Police investigations compromised by stings", "per day",
        "Police cases against a groomer lost because a sting warned him.";
    StingsCalledOff = "stings_called_off", Indicator, Count, Neither, NONE, "Stings called off", "per day",
        "Stings on a man police investigate that partnering police called off.";
    HunterEvidenceRefused = "hunter_evidence_refused", Indicator, Count, Neither, NONE, "Hunter evidence refused", "per day",
        "Catches police refused (`suppress`, or below the accepted quality under `tolerate`).";
    HunterHours = "hunter_hours", Indicator, Amount, Neither, NONE, "Hours on hunter evidence", "officer-hours per day",
        "Officer-hours spent processing hunters' catches.";
    MeanTrust = "mean_trust", Indicator, Index, Higher, CHART, "Trust in police", "population mean (0–1)",
        "Mean trust in police over all citizens at the end of the day.";
    MeanFear = "mean_fear", Indicator, Index, Lower, NONE, "Fear of crime", "population mean (0–1)",
        "Mean fear of crime over all citizens at the end of the day.";
    MeanTrustBaseline = "mean_trust_baseline", Indicator, Index, Higher, NONE, "Lasting trust", "population mean (0–1)",
        "Mean of citizens' slow trust baseline: what trust returns to over weeks, and what experiences leave behind.";
    HoursTask = "hours_{task}", Indicator, Amount, Neither, NONE, "Hours: {task}", "officer-hours per day",
        "Officer-hours assigned to one task (what is paid).";
    HoursUsedTask = "hours_used_{task}", Indicator, Amount, Neither, NONE, "Hours used: {task}", "officer-hours per day",
        "Officer-hours one task spent: its own and spare hours other tasks left (investigation includes enforcement; patrol includes extra patrols of yesterday's spare hours).";
    HoursUnmetTask = "hours_unmet_{task}", Indicator, Amount, Lower, NONE, "Hours short: {task}", "officer-hours per day",
        "Work one task could not do for want of hours: calls still waiting, tips waiting, the caseload beyond the hours, posts not picked up, corrections and answers not made, groups without liaison.";
    HoursReallocated = "hours_reallocated", Indicator, Amount, Neither, NONE, "Hours moved between tasks", "officer-hours per day",
        "Hours one task left unused and another spent the same day.";
    HoursToPatrol = "hours_to_patrol", Indicator, Amount, Neither, NONE, "Spare hours to patrol", "officer-hours per day",
        "Hours no task could use; they patrol the next day.";
    CostEur = "cost_eur", Indicator, Money, Lower, NONE, "Cost", "EUR per day",
        "Officer-hours at their cost plus the day's programme costs.";
}

columns! {
    /// runs.parquet: one row per run.
    DiyRun, RUNS, files &[Runs], models &[DiyPolicing];
    Population = "population", Setting, Count, Neither, NONE, "Population", "citizens",
        "Citizens in the city.";
    Days = "days", Setting, Count, Neither, NONE, "Days", "days",
        "Recorded days (the burn-in is not counted).";
    Stance = "stance", Setting, Label, Neither, NONE, "Stance", "",
        "The police stance (`policy.stance`).";
    Patrol = "patrol", Setting, Label, Neither, NONE, "Patrol", "",
        "Patrol placement after the stance and explicit levers (`random`, `hotspot`, `community`).";
    OfficersPer1000 = "officers_per_1000", Setting, Rate, Neither, NONE, "Officers", "per 1,000 residents",
        "Police officers per 1,000 residents.";
    CrimesPer1000Year = "crimes_per_1000_year", Indicator, Rate, Lower, KEY, "Crimes", "per 1,000 residents per year",
        "Crimes of all types per 1,000 residents per year.";
    CrimesPer1000YearType = "crimes_per_1000_year_{type}", Indicator, Rate, Lower, NONE, "Crimes: {type}", "per 1,000 residents per year",
        "Crimes of one type per 1,000 residents per year.";
    ShareReported = "share_reported", Indicator, Share, Higher, KEY, "Reported to police", "share of crimes",
        "Share of crimes a victim or witness reported.";
    ShareReportedType = "share_reported_{type}", Indicator, Share, Higher, NONE, "Reported: {type}", "share of crimes",
        "Share of crimes of one type that were reported.";
    ShareRecorded = "share_recorded", Indicator, Share, Higher, NONE, "Known to police", "share of crimes",
        "Share of crimes that entered police records (reported or picked up online).";
    ShareCleared = "share_cleared", Indicator, Share, Higher, KEY, "Cleared", "share of police-aware crimes",
        "Share of police-aware crimes that were cleared.";
    ShareClearedType = "share_cleared_{type}", Indicator, Share, Higher, NONE, "Cleared: {type}", "share of police-aware crimes",
        "Share of police-aware crimes of one type that were cleared.";
    ShareClearedWithCitizens = "share_cleared_with_citizens", Indicator, Share, Higher, SUMMARY | COMPARE | CHART, "Clearances helped by citizens", "share of clearances",
        "Share of clearances that followed a watch alert or a correct tip.";
    RedHandedArrests = "red_handed_arrests", Indicator, Count, Neither, NONE, "Red-handed arrests", "over the run",
        "Offenders arrested in the act by patrolling officers.";
    AlertArrests = "alert_arrests", Indicator, Count, Neither, NONE, "Arrests after alerts", "over the run",
        "Offenders arrested in a search after a watch alert or a police alert to citizens.";
    WatchAlerts = "watch_alerts", Indicator, Count, Neither, NONE, "Watch alerts", "over the run",
        "Crimes watch members alerted police to.";
    MeanBacklog = "mean_backlog", Indicator, Mean, Lower, SUMMARY, "Response backlog", "calls waiting, daily mean",
        "Mean over days of the calls waiting for a response.";
    MeanResponseDelayDays = "mean_response_delay_days", Indicator, Amount, Lower, NONE, "Response delay", "days",
        "Mean over days of the daily mean wait of answered calls.";
    TrustChange = "trust_change", Indicator, Index, Higher, NONE, "Change in trust", "end minus day 0",
        "Mean trust at the end minus mean trust on day 0.";
    FinalMeanTrust = "final_mean_trust", Indicator, Index, Higher, KEY, "Trust in police at the end", "population mean (0–1)",
        "Mean trust in police over all citizens at the end of the run.";
    FinalMeanFear = "final_mean_fear", Indicator, Index, Lower, NONE, "Fear of crime at the end", "population mean (0–1)",
        "Mean fear of crime over all citizens at the end of the run.";
    CostEur = "cost_eur", Indicator, Money, Lower, NONE, "Cost", "EUR over the run",
        "Officer-hours at their cost plus programme costs over the run.";
    CostEurPerResidentYear = "cost_eur_per_resident_year", Indicator, Money, Lower, SUMMARY | COMPARE | SENSITIVITY, "Police cost", "EUR per resident per year",
        "Police cost (officer-hours and programmes) over the run per resident per year.";
    CrimeCostEur = "crime_cost_eur", Indicator, Money, Lower, NONE, "Social cost of crime", "EUR over the run",
        "Crimes of each type times their social cost (`crime_types.<type>.social_cost_eur`, after Heeks et al. 2018).";
    HarmCostEur = "harm_cost_eur", Indicator, Money, Lower, NONE, "Cost of harms", "EUR over the run",
        "Injuries, innocents confronted, wrongful arrests, harassment and false exposures, and prosecutions of vigilantes and hunters, at their costs (`costs`).";
    SocialCostEur = "social_cost_eur", Indicator, Money, Lower, NONE, "Total social cost", "EUR over the run",
        "Police cost plus the social cost of crime plus the cost of harms.";
    SocialCostEurPerResidentYear = "social_cost_eur_per_resident_year", Indicator, Money, Lower, KEY, "Total social cost", "EUR per resident per year",
        "Police cost, the social cost of crime and the cost of harms, per resident per year.";
    Harms = "harms", Indicator, Count, Lower, NONE, "Harms to people", "over the run",
        "Wrongful arrests, innocents harassed or confronted, innocents exposed by stings, sting harm incidents and offenders injured by vigilantes.";
    TrustBaselineChange = "trust_baseline_change", Indicator, Index, Higher, NONE, "Change in lasting trust", "end minus day 0",
        "Mean slow trust baseline at the end minus on day 0: the part of the change in trust that lasts.";
    ShareReportedTrust = "share_reported_trust_{quartile}", Indicator, Share, Neither, NONE, "Victims reporting, trust {quartile}", "share of victims",
        "Share of crime victims in one quartile of day 0's trust (q1 lowest) who reported the crime themselves: the link from trust to reporting at work.";
    TipShareTrust = "tip_share_trust_{quartile}", Indicator, Share, Neither, NONE, "Namings sent as tips, trust {quartile}", "share of namings",
        "Share of sleuths' namings, by the sleuth's trust quartile, that reached police as tips.";
    AttemptsTrust = "attempts_per_1000_offender_days_trust_{quartile}", Indicator, Rate, Neither, NONE, "Offending, trust {quartile}", "attempts per 1,000 free offender-days",
        "Attempts by street offenders in one trust quartile, per 1,000 days they were free: the link from legitimacy to compliance.";
    SelfHelpShareTrust = "self_help_share_trust_{quartile}", Indicator, Share, Neither, NONE, "Vigilantes and hunters, trust {quartile}", "share of citizens at the end",
        "Share of the citizens in one trust quartile at the end who were vigilantes or hunters.";
    HoursUnmetPerDayTask = "hours_unmet_per_day_{task}", Indicator, Mean, Lower, NONE, "Hours short: {task}", "officer-hours, daily mean",
        "Mean over days of the work one task could not do for want of hours.";
    HoursReallocatedPerDay = "hours_reallocated_per_day", Indicator, Mean, Neither, NONE, "Hours moved between tasks", "officer-hours, daily mean",
        "Mean over days of the hours one task left and another spent.";
    HoursToPatrolPerDay = "hours_to_patrol_per_day", Indicator, Mean, Neither, NONE, "Spare hours to patrol", "officer-hours, daily mean",
        "Mean over days of the hours no task could use (patrolled the next day).";
    OfficerHours = "officer_hours", Indicator, Amount, Neither, NONE, "Officer-hours", "over the run",
        "Officer-hours assigned over the run.";
    Top10CellShare = "top10_cell_share", Indicator, Share, Neither, SUMMARY, "Crime in the top 10% of cells", "share of street crime",
        "Share of street crime in the 10% of cells with most of it (concentration, V3).";
    Top10ResidentsShare = "top10_residents_crime_share", Indicator, Share, Neither, SUMMARY, "Crime where 10% of residents live", "share of street crime",
        "Share of street crime in the cells with most street crime per resident that together house 10% of residents (cells without residents first): 0.1 if crime followed where people live (concentration beyond population, V3).";
    GiniCells = "gini_cells", Indicator, Index, Neither, NONE, "Gini of crime over cells", "0–1",
        "Gini coefficient of street crime over cells.";
    RepeatShare = "repeat_share", Indicator, Share, Lower, NONE, "Repeat victimisation", "share of street crime",
        "Share of street crimes within `places.repeat_window_days` of an earlier one in the same cell.";
    CrimesHotCells = "crimes_hot_cells", Indicator, Count, Lower, NONE, "Crimes in hot cells", "over the run",
        "Street crimes in the fixed hot-spot set (the top 1% of cells by crime potential, V4).";
    CrimesAdjacentCells = "crimes_adjacent_cells", Indicator, Count, Lower, NONE, "Crimes next to hot cells", "over the run",
        "Street crimes in the cells adjacent to the hot-spot set (displacement, V4).";
    OpenCasesAtEnd = "open_cases_at_end", Indicator, Count, Neither, NONE, "Open cases at the end", "cases",
        "Police-aware cases still under investigation at the end.";
    InnocentsNamedPer100k = "innocents_named_per_100k", Indicator, Rate, Lower, KEY, "Innocents publicly named", "per 100,000 residents",
        "Innocent people publicly named over the run, per 100,000 residents.";
    GuiltyNamed = "guilty_named", Indicator, Count, Neither, NONE, "Offenders publicly named", "over the run",
        "Offenders publicly named by crowds.";
    Harassed = "harassed", Indicator, Count, Lower, COMPARE, "Innocents harassed", "over the run",
        "Publicly named innocents who were doxed or shamed.";
    WrongfulArrests = "wrongful_arrests", Indicator, Count, Lower, KEY, "Wrongful arrests", "over the run",
        "Innocents arrested on an unverified wrong tip.";
    Confrontations = "confrontations", Indicator, Count, Lower, SUMMARY | COMPARE, "Vigilante confrontations", "over the run",
        "Vigilantes confronting a publicly named person.";
    VigilanteInjuries = "vigilante_injuries", Indicator, Count, Lower, KEY, "Injuries by vigilantes", "over the run",
        "People injured in vigilante confrontations, innocent or not.";
    VigilanteInjuriesInnocent = "vigilante_injuries_innocent", Indicator, Count, Lower, NONE, "Innocents injured by vigilantes", "over the run",
        "Innocent people injured in vigilante confrontations.";
    CompromisedCases = "compromised_cases", Indicator, Count, Lower, COMPARE, "Cases compromised", "over the run",
        "Open cases lost to vigilante interference.";
    TipsReceived = "tips_received", Indicator, Count, Neither, SUMMARY | COMPARE | CHART, "Citizens' tips received", "over the run",
        "Citizens' namings sent to police about cases they know of.";
    TipsCorrectShare = "tips_correct_share", Indicator, Share, Higher, NONE, "Correct tips", "share of verified tips",
        "Share of verified tips that named the offender.";
    TipHoursUsed = "tip_hours_used", Indicator, Amount, Neither, NONE, "Tip-triage hours used", "officer-hours over the run",
        "Officer-hours spent verifying tips.";
    Stings = "stings", Indicator, Count, Neither, NONE, "Stings", "over the run",
        "Decoy stings run by online hunters.";
    StingCharges = "sting_charges", Indicator, Count, Neither, NONE, "Sting charges", "over the run",
        "Sting catches that led to a charge.";
    StingHarmIncidents = "sting_harm_incidents", Indicator, Count, Lower, NONE, "Sting harm incidents", "over the run",
        "Stings that ended in violence, self-harm or a wrong target harmed.";
    VigilanteProsecutions = "vigilante_prosecutions", Indicator, Count, Neither, NONE, "Vigilantes prosecuted", "over the run",
        "Vigilante assaults police pursued and prosecuted.";
    VigilanteWarnings = "vigilante_warnings", Indicator, Count, Neither, NONE, "Vigilantes warned", "over the run",
        "Vigilante assaults police pursued with a formal warning.";
    HunterProsecutions = "hunter_prosecutions", Indicator, Count, Neither, COMPARE, "Hunters prosecuted", "over the run",
        "Hunters prosecuted for a published sting or for violence at one.";
    HunterChargeShare = "hunter_charge_share", Indicator, Share, Neither, COMPARE, "Grooming charges on hunter evidence", "share of charges",
        "Share of online-grooming charges (hunters' catches charged plus police cases cleared) that rest on hunter evidence.";
    StingCompromised = "sting_compromised", Indicator, Count, Lower, COMPARE, "Police investigations compromised by stings", "over the run",
        "Police cases against a groomer lost because a sting warned him.";
    HunterHours = "hunter_hours", Indicator, Amount, Neither, COMPARE, "Hours on hunter evidence", "officer-hours over the run",
        "Officer-hours spent processing hunters' catches.";
    StingsPublished = "sting_published", Indicator, Count, Neither, NONE, "Stings published", "over the run",
        "Catches and false exposures hunter groups posted online.";
    MeanHunterGroups = "mean_hunter_groups", Indicator, Mean, Neither, NONE, "Hunter groups", "groups, daily mean",
        "Mean over days of the hunter groups with at least one member.";
    AlertsSent = "alerts_sent", Indicator, Count, Neither, NONE, "Police alerts to citizens", "over the run",
        "Police alerts to registered citizens near a crime just reported (Burgernet).";
    CitizenAlertArrests = "citizen_alert_arrests", Indicator, Count, Neither, NONE, "Arrests after police alerts", "over the run",
        "Offenders arrested in a search after a police alert to registered citizens.";
    TipsRejectedCorrect = "tips_rejected_correct", Indicator, Count, Lower, NONE, "Correct tips rejected", "over the run",
        "Correct tips a verification check wrongly rejected.";
    TipsPassedWrong = "tips_passed_wrong", Indicator, Count, Lower, NONE, "Wrong tips passed", "over the run",
        "Wrong tips a verification check took for correct.";
    CorrectionsWrong = "corrections_wrong", Indicator, Count, Lower, NONE, "True namings corrected", "over the run",
        "True public namings a police check took for false and corrected.";
    DisplacedOnline = "displaced_online", Indicator, Count, Neither, NONE, "Vigilantes displaced online", "over the run",
        "Deterred vigilantes who harassed online instead of confronting.";
    MeanPerceivedRisk = "mean_perceived_risk", Indicator, Index, Neither, NONE, "Perceived risk of self-help", "population mean at the end (0–1)",
        "Mean of citizens' own estimates of the risk of being prosecuted for self-help, at the end.";
    FilmedMisconduct = "filmed_misconduct", Indicator, Count, Lower, NONE, "Misconduct filmed", "over the run",
        "Police actions with misconduct filmed and posted.";
    MeanWatchMembers = "mean_watch_members", Indicator, Mean, Neither, NONE, "Watch members", "citizens, daily mean",
        "Mean over days of the citizens in the watch role.";
    MeanVigilantes = "mean_vigilantes", Indicator, Mean, Lower, NONE, "Vigilantes", "citizens, daily mean",
        "Mean over days of the citizens in the vigilante role.";
    MeanHunters = "mean_hunters", Indicator, Mean, Neither, NONE, "Hunters", "citizens, daily mean",
        "Mean over days of the citizens in the hunter role.";
    AlertArrestShare = "alert_arrest_share", Indicator, Share, Higher, NONE, "Alerts ending in an arrest", "share of alerts",
        "Share of police alerts to registered citizens (Burgernet) that ended in an arrest (V6).";
    NamingReachFalse = "naming_reach_false", Indicator, Mean, Lower, NONE, "Reach of false namings", "readers per naming",
        "Mean readers reached by a public naming of an innocent (V9).";
    NamingReachTrue = "naming_reach_true", Indicator, Mean, Neither, NONE, "Reach of true namings", "readers per naming",
        "Mean readers reached by a public naming of the offender (V9).";
    HighProfileCases = "high_profile_cases", Indicator, Count, Neither, NONE, "High-profile cases", "cases without images",
        "Cases without police images worked by at least `crowd.high_profile_sleuths` sleuths (V8).";
    InnocentsNamedPerHighProfileCase = "innocents_named_per_high_profile_case", Indicator, Mean, Lower, NONE, "Innocents named per high-profile case", "per case",
        "Mean innocents publicly named per high-profile case without images (V8).";
    OffenderNamedShareHighProfile = "offender_named_share_high_profile", Indicator, Share, Higher, NONE, "Offender named", "share of high-profile cases",
        "Share of high-profile cases without images in which the offender was publicly named (V8).";
    HighProfileCasesWithAppeal = "high_profile_cases_with_appeal", Indicator, Count, Neither, NONE, "High-profile cases with images", "cases",
        "High-profile cases for which police released images (V8).";
    OffenderNamedShareWithAppeal = "offender_named_share_with_appeal", Indicator, Share, Higher, NONE, "Offender named with images", "share of cases",
        "Share of high-profile cases with images in which the offender was publicly named (V8).";
    InnocentsNamedPerHighProfileCaseWithAppeal = "innocents_named_per_high_profile_case_with_appeal", Indicator, Mean, Lower, NONE, "Innocents named per high-profile case with images", "per case",
        "Mean innocents publicly named per high-profile case for which police released images (V8).";
    CitizenHelpedClearances = "citizen_helped_clearances", Indicator, Count, Higher, NONE, "Clearances helped by citizens", "over the run",
        "Clearances that followed a watch alert or a correct tip.";
    WatchMembers = "watch_members", Indicator, Count, Neither, NONE, "Watch members at the end", "citizens",
        "Citizens in the watch role at the end of the run.";
}

columns! {
    /// summary.csv of a comparison: each scenario against the first, paired by replicate.
    DiyComparison, COMPARISON, files &[Comparison], models &[DiyPolicing];
    CrimesPreventedPerMillionEur = "crimes_prevented_per_million_eur", Indicator, Rate, Higher, COMPARE, "Crimes prevented per €1 million", "crimes per EUR 1,000,000 of extra police cost",
        "Crimes fewer than in the first scenario per million euros more of police cost (undefined when it costs no more).";
    HarmsPerCrimePrevented = "harms_per_crime_prevented", Indicator, Mean, Lower, COMPARE, "Harms per crime prevented", "harms per crime",
        "Harms more than in the first scenario per crime fewer (undefined when it prevents none).";
    NetSocialBenefit = "net_social_benefit_eur_per_resident_year", Indicator, Index, Higher, COMPARE, "Net social benefit", "EUR per resident per year",
        "Total social cost of the first scenario minus this one's, per resident per year: positive when the policy saves society more than it costs.";
}

columns! {
    /// cells.parquet: one row per cell, totals over the run.
    DiyCell, CELLS, files &[Cells], models &[DiyPolicing];
    Residents = "residents", Setting, Count, Neither, NONE, "Residents", "citizens",
        "Citizens living in the cell.";
    Attractiveness = "attractiveness", Setting, Index, Neither, NONE, "Attractiveness", "mean 1",
        "Base attractiveness A0 of the cell to offenders.";
    Crimes = "crimes", Indicator, Count, Lower, NONE, "Street crimes", "over the run",
        "Street crimes in the cell, all types.";
    CrimesType = "crimes_{type}", Indicator, Count, Lower, NONE, "Street crimes: {type}", "over the run",
        "Street crimes of one type in the cell.";
    Recorded = "recorded", Indicator, Count, Neither, NONE, "Recorded street crimes", "over the run",
        "Street crimes in the cell that police became aware of.";
}

columns! {
    /// events.parquet: one row per case (crime) from day 0.
    DiyEvent, EVENTS, files &[Events], models &[DiyPolicing];
    Case = "case", Key, Id, Neither, NONE, "Case", "",
        "Case id, in the order crimes happened.";
    Tick = "tick", Key, Id, Neither, NONE, "Day", "",
        "Day of the crime, from 0.";
    Cell = "cell", Key, Id, Neither, NONE, "Cell", "",
        "Cell of the crime (cells.parquet's `cell`); for online crimes the victim's home cell.";
    Type = "type", Setting, Label, Neither, NONE, "Crime type", "",
        "The crime type.";
    Offender = "offender", Key, Id, Neither, NONE, "Offender", "",
        "Citizen id of the offender.";
    Victim = "victim", Key, Id, Neither, NONE, "Victim", "",
        "Citizen id of the victim (null when the crime has none).";
    Witnesses = "witnesses", Indicator, Count, Neither, NONE, "Witnesses", "citizens",
        "Residents who witnessed the crime.";
    Reported = "reported", Indicator, Flag, Neither, NONE, "Reported", "",
        "A victim or witness reported the crime.";
    Posted = "posted", Indicator, Flag, Neither, NONE, "Posted online", "",
        "A victim or witness posted about the crime.";
    WatchAlert = "watch_alert", Indicator, Flag, Neither, NONE, "Watch alert", "",
        "A watch member alerted police while it happened.";
    PoliceAwareBy = "police_aware_by", Indicator, Label, Neither, NONE, "Police aware by", "",
        "How police learned of it: `unaware`, `report` or `social_media_desk`.";
    AwareTick = "aware_tick", Indicator, Id, Neither, NONE, "Day police became aware", "",
        "Day police learned of the crime (null if they never did).";
    Evidence = "evidence", Indicator, Index, Higher, NONE, "Evidence quality", "0–1",
        "Evidence quality at the end (the clearance hazard's factor).";
    Status = "status", Indicator, Label, Neither, NONE, "Status", "",
        "`open`, `cleared`, `unsolved`, `compromised`, or `unknown_to_police` for crimes police never learned of.";
    ClosedTick = "closed_tick", Indicator, Id, Neither, NONE, "Day closed", "",
        "Day the case was closed (null while open).";
    ClearedWithCitizens = "cleared_with_citizens", Indicator, Flag, Neither, NONE, "Cleared with citizens' help", "",
        "Cleared after a watch alert or a correct tip.";
    TipHelped = "tip_helped", Indicator, Flag, Neither, NONE, "Helped by a tip", "",
        "A correct tip reached the investigation.";
    Appeal = "appeal", Indicator, Flag, Neither, NONE, "Appeal with images", "",
        "Police released images of the case.";
    Sleuths = "sleuths", Indicator, Count, Neither, NONE, "Sleuths", "citizens",
        "Citizens who investigated the case online.";
    OffenderPubliclyNamed = "offender_publicly_named", Indicator, Flag, Neither, NONE, "Offender publicly named", "",
        "The crowd publicly named the offender.";
    InnocentsPubliclyNamed = "innocents_publicly_named", Indicator, Count, Lower, NONE, "Innocents publicly named", "people",
        "Innocent people the crowd publicly named for this case.";
}
