//! `diypol discover DIR --indicator NAME --where "< 0"`: scenario discovery on a merged
//! sweep. Which ranges of the swept parameters make the condition hold (a policy contrast
//! fail, crime exceed a level)? PRIM ([`crate::stats::prim`]) answers with boxes: a range
//! per restricted parameter, with their coverage (share of the cases of interest inside)
//! and density (share of the box's cases that are of interest).
//!
//! A case is a parameter point: the condition is tested on the mean of its replicates
//! (the model's expected outcome there, as `diypol sensitivity` does), so replicates,
//! which share their inputs, do not count as separate evidence. `every_run` makes each run
//! a case instead (the condition on single runs: how often it holds, run to run).
//!
//! Writes, into the sweep folder, `discover-<indicator>.csv` (every box of every
//! trajectory, the chosen ones marked) and `discover-<indicator>.png`/`.svg` (the
//! trade-off between coverage and density along the trajectories).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::catalogue::Key;
use crate::error::Error;
use crate::output::charts::{self, Point};
use crate::output::folder::{Folder, FolderKind};
use crate::output::parquet;
use crate::stats::prim::{self, Discovery, Found};
use crate::sweep::plan::recorded;
use crate::table::{Column, Table};

/// What `diypol discover` is asked.
#[derive(Debug, Clone)]
pub struct DiscoverOptions {
    /// A merged sweep folder.
    pub dir: PathBuf,
    pub indicator: String,
    /// The condition as typed after `--where`, e.g. `< 0`.
    pub condition: String,
    /// Each run a case, instead of each point (the mean of its replicates).
    pub every_run: bool,
    pub prim: prim::Options,
}

/// A comparison with a number: `< 0`, `<= -0.5`, `> 10`, `>= 0.2`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Condition {
    pub op: Op,
    pub value: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Below,
    AtMost,
    Above,
    AtLeast,
}

impl Condition {
    pub fn holds(&self, x: f64) -> bool {
        match self.op {
            Op::Below => x < self.value,
            Op::AtMost => x <= self.value,
            Op::Above => x > self.value,
            Op::AtLeast => x >= self.value,
        }
    }
}

impl FromStr for Condition {
    type Err = Error;

    fn from_str(text: &str) -> Result<Condition, Error> {
        let t = text.trim();
        let (op, rest) = [("<=", Op::AtMost), (">=", Op::AtLeast), ("<", Op::Below), (">", Op::Above)]
            .into_iter()
            .find_map(|(sign, op)| t.strip_prefix(sign).map(|rest| (op, rest)))
            .ok_or_else(|| bad_condition(text))?;
        let value: f64 = rest.trim().parse().map_err(|_| bad_condition(text))?;
        if !value.is_finite() {
            return Err(bad_condition(text));
        }
        Ok(Condition { op, value })
    }
}

fn bad_condition(text: &str) -> Error {
    Error::usage(
        format!("--where `{text}` is not a condition: expected <, <=, > or >= and a number"),
        "write e.g. --where \"< 0\" (where the indicator is negative) or --where \">= 0.2\"",
    )
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = match self.op {
            Op::Below => "<",
            Op::AtMost => "<=",
            Op::Above => ">",
            Op::AtLeast => ">=",
        };
        write!(f, "{sign} {}", self.value)
    }
}

/// What `diypol discover` found and wrote.
#[derive(Debug, Clone)]
pub struct DiscoverReport {
    pub dir: PathBuf,
    pub indicator: String,
    pub condition: Condition,
    pub every_run: bool,
    pub prim: prim::Options,
    /// The swept parameters PRIM works on (those with numbers), in the plan's (name) order.
    pub parameters: Vec<String>,
    /// Swept parameters left out: their values are text (categorical).
    pub text_parameters: Vec<String>,
    /// Cases (points or runs) analysed, and of them, cases of interest.
    pub cases: usize,
    pub of_interest: usize,
    /// Cases left out because the indicator is undefined there.
    pub undefined: usize,
    pub discovery: Discovery,
    pub files: Vec<PathBuf>,
}

/// Reads the merged sweep in `opts.dir`, runs PRIM and writes the trajectory and its chart.
pub fn discover(opts: &DiscoverOptions) -> Result<DiscoverReport, Error> {
    let condition: Condition = opts.condition.parse()?;
    check_options(&opts.prim)?;
    let plan = recorded(&opts.dir)?;
    let path = opts.dir.join("runs.parquet");
    if !path.is_file() {
        return Err(Error::usage(
            format!("{} has no runs.parquet: its runs are not merged", opts.dir.display()),
            format!("run `diypol merge {}` first", opts.dir.display()),
        ));
    }
    let runs = parquet::read(&path)?;
    let swept: Vec<String> = plan.parameters.keys().cloned().collect();
    let y = indicator(&runs, &opts.indicator, &swept, &path)?;
    if let Some(missing) = swept.iter().find(|p| runs.get(p).is_none()) {
        return Err(Error::Read {
            path,
            message: format!("the swept parameter `{missing}` is not a column: merge the sweep again"),
        });
    }
    let (parameters, text_parameters): (Vec<String>, Vec<String>) =
        swept.iter().cloned().partition(|p| !matches!(runs.get(p), Some(Column::Str(_))));
    let (x, values) = cases(&runs, &parameters, &y, opts.every_run);
    // A case without a value (or, never in a sweep diypol wrote, without an input) is left out.
    let keep: Vec<usize> =
        (0..values.len()).filter(|&i| values[i].is_finite() && x.iter().all(|c| c[i].is_finite())).collect();
    let undefined = values.len() - keep.len();
    let x: Vec<Vec<f64>> = x.iter().map(|c| keep.iter().map(|&i| c[i]).collect()).collect();
    let interesting: Vec<bool> = keep.iter().map(|&i| condition.holds(values[i])).collect();
    let discovery = prim::discover(&x, &interesting, &opts.prim);
    let mut report = DiscoverReport {
        dir: opts.dir.clone(),
        indicator: opts.indicator.clone(),
        condition,
        every_run: opts.every_run,
        prim: opts.prim,
        parameters,
        text_parameters,
        cases: interesting.len(),
        of_interest: interesting.iter().filter(|&&b| b).count(),
        undefined,
        discovery,
        files: Vec::new(),
    };
    report.files = write(&report)?;
    Ok(report)
}

fn check_options(o: &prim::Options) -> Result<(), Error> {
    let check = |ok: bool, flag: &str, value: f64, range: &str| {
        if ok {
            Ok(())
        } else {
            Err(Error::usage(format!("{flag} {value} is out of range"), format!("{flag} takes {range}")))
        }
    };
    check(
        o.threshold > 0.0 && o.threshold <= 1.0,
        "--threshold",
        o.threshold,
        "a density above 0, at most 1",
    )?;
    check(o.mass_min > 0.0 && o.mass_min < 1.0, "--min-mass", o.mass_min, "a share between 0 and 1")?;
    for (flag, alpha) in [("peel alpha", o.peel_alpha), ("paste alpha", o.paste_alpha)] {
        check(alpha > 0.0 && alpha < 0.5, flag, alpha, "a share between 0 and 0.5")?;
    }
    check(o.max_boxes >= 1, "--boxes", o.max_boxes as f64, "1 or more")
}

/// The indicator's values, run by run; a clear error when it is not a numeric column of
/// the runs (a key or a swept parameter is not an indicator).
fn indicator(runs: &Table, name: &str, swept: &[String], path: &Path) -> Result<Vec<f64>, Error> {
    const KEYS: [Key; 5] = [Key::Scenario, Key::Replicate, Key::Seed, Key::Run, Key::Point];
    let keys: Vec<&str> = KEYS.iter().map(|k| k.name()).collect();
    let is_indicator = |n: &str| !keys.contains(&n) && !swept.iter().any(|p| p == n);
    match runs.get(name) {
        Some(Column::Str(_)) => Err(Error::usage(
            format!("`{name}` in {} is text, not a number", path.display()),
            "choose a numeric indicator with --indicator",
        )),
        Some(c) if is_indicator(name) => Ok(c.as_f64()),
        Some(_) => Err(Error::usage(
            format!("`{name}` is a key or a swept parameter of the sweep, not an indicator"),
            "--indicator names an output of the runs, e.g. one that `diypol indicators` lists",
        )),
        None => {
            let numeric = runs
                .names
                .iter()
                .zip(&runs.columns)
                .filter(|(n, c)| is_indicator(n) && !matches!(c, Column::Str(_)))
                .map(|(n, _)| n.as_str());
            let hint = crate::input::did_you_mean(name, numeric).map_or_else(
                || format!("the indicators are the columns of {} after the swept parameters", path.display()),
                |m| format!("did you mean `{m}`?"),
            );
            Err(Error::usage(format!("no indicator `{name}` in {}", path.display()), hint))
        }
    }
}

/// The cases: their inputs (one column per parameter) and the indicator's value (the
/// mean of a point's finite replicates, NaN where none is finite; or each run's value).
fn cases(runs: &Table, parameters: &[String], y: &[f64], every_run: bool) -> (Vec<Vec<f64>>, Vec<f64>) {
    let columns: Vec<Vec<f64>> =
        parameters.iter().map(|p| runs.get(p).map(Column::as_f64).unwrap_or_default()).collect();
    let point = runs.get(Key::Point.name()).filter(|_| !every_run);
    let Some(point) = point else { return (columns, y.to_vec()) };
    // Runs of a point, in the order the points come.
    let mut groups: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for i in 0..runs.rows() {
        groups.entry(point.f64_at(i) as i64).or_default().push(i);
    }
    let x = columns.iter().map(|c| groups.values().map(|rows| c[rows[0]]).collect()).collect();
    let means = groups
        .values()
        .map(|rows| {
            let v: Vec<f64> = rows.iter().map(|&i| y[i]).filter(|v| v.is_finite()).collect();
            if v.is_empty() { f64::NAN } else { v.iter().sum::<f64>() / v.len() as f64 }
        })
        .collect();
    (x, means)
}

impl DiscoverReport {
    fn unit(&self) -> &'static str {
        if self.every_run { "runs" } else { "points" }
    }

    /// The trajectory table: one row per box of every search.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<String> = [
            "box",
            "step",
            "phase",
            "chosen",
            "cases",
            "cases_of_interest",
            "coverage",
            "density",
            "mass",
            "restricted",
            "restricted_parameters",
        ]
        .map(String::from)
        .to_vec();
        for p in &self.parameters {
            header.extend([format!("{p}_min"), format!("{p}_max")]);
        }
        for p in &self.parameters {
            header.extend([format!("{p}_min_qp"), format!("{p}_max_qp")]);
        }
        w.write_record(&header).expect("in-memory CSV");
        for (b, found) in self.discovery.boxes.iter().enumerate() {
            for (i, s) in found.steps.iter().enumerate() {
                let mut row = vec![
                    (b + 1).to_string(),
                    i.to_string(),
                    s.phase.name().to_string(),
                    (i == found.chosen).to_string(),
                    s.n.to_string(),
                    s.k.to_string(),
                    s.coverage.to_string(),
                    s.density.to_string(),
                    s.mass.to_string(),
                    s.restricted.to_string(),
                    self.restricted(&s.limits).map(|(p, _)| p.as_str()).collect::<Vec<_>>().join(";"),
                ];
                for &(lo, hi) in &s.limits {
                    row.extend([lo.to_string(), hi.to_string()]);
                }
                let text = |q: Option<f64>| q.map_or_else(String::new, |q| q.to_string());
                for &(lo, hi) in &s.quasi_p {
                    row.extend([text(lo), text(hi)]);
                }
                w.write_record(&row).expect("in-memory CSV");
            }
        }
        String::from_utf8(w.into_inner().expect("an in-memory writer")).expect("CSV of UTF-8 text")
    }

    /// The restricted parameters of a box, with their limits.
    fn restricted<'a>(
        &'a self,
        limits: &'a [(f64, f64)],
    ) -> impl Iterator<Item = (&'a String, (f64, f64))> + 'a {
        self.parameters
            .iter()
            .zip(limits.iter().zip(&self.discovery.ranges))
            .filter(|(_, (l, r))| l != r)
            .map(|(p, (l, _))| (p, *l))
    }

    /// The trajectories as points of coverage against density, and a key to the colours
    /// above them (a row of points at density 1.1, one per number of restricted
    /// parameters). `draw_tradeoff` colours a point by its place in the list (its palette
    /// in turn) and skips points that are not finite: each point is put at a place ≡ its
    /// number of restricted parameters (mod the palette's 7 colours), with empty places
    /// between, so that colour tells the number.
    fn chart_points(&self) -> Vec<Point> {
        const COLOURS: usize = 7;
        let mut out: Vec<Point> = Vec::new();
        let mut push = |restricted: usize, x: f64, y: f64, label: String| {
            while out.len() % COLOURS != restricted % COLOURS {
                out.push(Point {
                    label: String::new(),
                    x: (f64::NAN, f64::NAN, f64::NAN),
                    y: (f64::NAN, f64::NAN, f64::NAN),
                });
            }
            out.push(Point { label, x: (x, f64::NAN, f64::NAN), y: (y, f64::NAN, f64::NAN) });
        };
        let mut counts = Vec::new();
        for (b, found) in self.discovery.boxes.iter().enumerate() {
            for (i, s) in found.steps.iter().enumerate() {
                let label = match (i == found.chosen, found.meets_threshold) {
                    (true, true) => format!("box {}", b + 1),
                    (true, false) => format!("densest, below {}", self.prim.threshold),
                    _ => String::new(),
                };
                push(s.restricted, s.coverage, s.density, label);
                counts.push(s.restricted);
            }
        }
        counts.sort();
        counts.dedup();
        for (j, &k) in counts.iter().enumerate() {
            let label = if j == 0 { format!("{k} restricted") } else { k.to_string() };
            push(k, if j == 0 { 0.0 } else { 0.15 + 0.1 * j as f64 }, 1.1, label);
        }
        out
    }
}

/// Writes the CSV and the chart into the sweep folder, replacing those of an earlier
/// discovery on the same indicator (and no other file).
fn write(r: &DiscoverReport) -> Result<Vec<PathBuf>, Error> {
    // Folder names its writers with static strings; one per indicator lives on for the
    // rest of the process (a few bytes, once per command).
    let writer: &'static str = Box::leak(format!("discover-{}", r.indicator).into_boxed_str());
    let mut folder = Folder::open(&r.dir, FolderKind::Sweep, writer, Vec::new())?;
    folder.text(&format!("{writer}.csv"), &r.to_csv())?;
    let title = format!("PRIM trajectories: where {} {}", r.indicator, r.condition);
    folder.chart(writer, |stem| {
        charts::draw_tradeoff(
            stem,
            &title,
            "coverage (share of the cases of interest inside the box)",
            "density (share of the box's cases that are of interest)",
            &r.chart_points(),
        )
    })?;
    folder.commit()
}

/// A quasi-p value: two significant digits, small ones as powers of ten.
fn quasi_p(q: f64) -> String {
    if q < 0.001 { format!("{q:.0e}") } else { format!("{q:.2}") }
}

/// A number for a box limit: three significant digits, no trailing zeros.
fn limit(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return crate::catalogue::format_number(x);
    }
    let decimals = (2 - x.abs().log10().floor() as i32).clamp(0, 12) as usize;
    let s = format!("{x:.decimals$}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

impl fmt::Display for DiscoverReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = self.unit();
        let share = self.of_interest as f64 / self.cases.max(1) as f64;
        let per = if self.every_run { "each run a case" } else { "replicates averaged" };
        writeln!(
            f,
            "where {} {} in {}: {} of {} {unit} ({:.0}%; {per})",
            self.indicator,
            self.condition,
            self.dir.display(),
            self.of_interest,
            self.cases,
            share * 100.0
        )?;
        if self.undefined > 0 {
            writeln!(f, "  {} {unit} left out: {} is undefined there", self.undefined, self.indicator)?;
        }
        if !self.text_parameters.is_empty() {
            writeln!(
                f,
                "  left out (text values; PRIM here takes numbers): {}",
                self.text_parameters.join(", ")
            )?;
        }
        let p = &self.prim;
        writeln!(
            f,
            "  PRIM: peel alpha {}, paste alpha {}, minimum mass {}, density threshold {}\n  qp: a limit's \
             quasi-p value; above 0.05, the box is about as dense without that limit",
            p.peel_alpha, p.paste_alpha, p.mass_min, p.threshold
        )?;
        if self.of_interest == 0 {
            writeln!(f, "\nno box: the condition holds at none of the {unit}")?;
        }
        for (b, found) in self.discovery.boxes.iter().enumerate() {
            if self.of_interest > 0 {
                self.show_box(f, b, found)?;
            }
        }
        writeln!(f, "\nfiles:")?;
        for p in &self.files {
            writeln!(f, "  {}", p.display())?;
        }
        Ok(())
    }
}

impl DiscoverReport {
    fn show_box(&self, f: &mut fmt::Formatter<'_>, b: usize, found: &Found) -> fmt::Result {
        let (unit, s) = (self.unit(), found.chosen());
        let start = &found.steps[0];
        let threshold = self.prim.threshold;
        if !found.meets_threshold && b > 0 {
            return writeln!(
                f,
                "\nno further box: of the {} {unit} left ({} of interest), no box reaches density {threshold} \
                 (the densest: {:.2}; box {} in the CSV)",
                start.n,
                start.k,
                s.density,
                b + 1
            );
        }
        if found.meets_threshold {
            writeln!(f, "\nbox {} (step {} of {}):", b + 1, found.chosen, found.steps.len() - 1)?;
        } else {
            writeln!(f, "\nno box reaches density {threshold}; the densest (step {}) is:", found.chosen)?;
        }
        writeln!(
            f,
            "  coverage {:.2} ({} of the {} cases of interest), density {:.2}, mass {:.2} ({} {unit})",
            s.coverage, s.k, self.of_interest, s.density, s.mass, s.n
        )?;
        if s.restricted == 0 {
            return writeln!(f, "  no parameter restricted: the whole swept space");
        }
        let width = self.restricted(&s.limits).map(|(p, _)| p.chars().count()).max().unwrap_or(0);
        for (p, (lo, hi)) in self.restricted(&s.limits) {
            let j = self.parameters.iter().position(|q| q == p).expect("a parameter");
            let (min, max) = self.discovery.ranges[j];
            let range = match (lo != min, hi != max) {
                (true, true) => format!("{} … {}", limit(lo), limit(hi)),
                (true, false) => format!("≥ {}", limit(lo)),
                _ => format!("≤ {}", limit(hi)),
            };
            let qp: Vec<String> =
                [s.quasi_p[j].0, s.quasi_p[j].1].into_iter().flatten().map(quasi_p).collect();
            writeln!(
                f,
                "  {p:width$}  {range:18}  qp {:12}  (sampled {} … {})",
                qp.join(", "),
                limit(min),
                limit(max)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_read_as_typed() {
        let c: Condition = "<= -0.5".parse().unwrap();
        assert_eq!(c, Condition { op: Op::AtMost, value: -0.5 });
        assert!(c.holds(-0.5) && !c.holds(0.0));
        assert_eq!(">10".parse::<Condition>().unwrap().to_string(), "> 10");
        assert!(" >= 0.2 ".parse::<Condition>().unwrap().holds(0.2));
        assert!(!"< 0".parse::<Condition>().unwrap().holds(0.0));
        for bad in ["0", "=< 0", "== 1", "< ", "< abc", "> NaN", "<< 1"] {
            let e = bad.parse::<Condition>().unwrap_err().to_string();
            assert!(e.contains("--where") && e.contains("hint:"), "{bad}: {e}");
        }
    }

    #[test]
    fn limits_keep_three_significant_digits() {
        assert_eq!(limit(0.021349), "0.0213");
        assert_eq!(limit(2.749), "2.75");
        assert_eq!(limit(1234.5), "1234");
        assert_eq!(limit(0.0), "0");
        assert_eq!((limit(0.2), limit(3.0), limit(-0.5)), ("0.2".into(), "3".into(), "-0.5".into()));
    }

    #[test]
    fn points_average_their_replicates() {
        let mut runs = Table::default();
        runs.push(Key::Point.name(), Column::ints([0, 0, 1, 1]));
        runs.push("a", Column::floats([1.0, 1.0, 2.0, 2.0]));
        let y = [1.0, f64::NAN, 3.0, 5.0];
        let (x, v) = cases(&runs, &["a".to_string()], &y, false);
        assert_eq!((x, v), (vec![vec![1.0, 2.0]], vec![1.0, 4.0]));
        let (x, v) = cases(&runs, &["a".to_string()], &y, true);
        assert_eq!(x[0].len(), 4);
        assert!(v[1].is_nan());
    }
}
