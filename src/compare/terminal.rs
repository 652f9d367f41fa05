//! The comparison in the terminal, at most 100 columns wide and in the chosen language:
//! the verdict of each scenario, then per key indicator one line per scenario.

use super::summary::Row;

/// Lines of at most `width` characters, continuation lines indented by `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let body = text.trim_start_matches(' ');
    let lead = &text[..text.len() - body.len()];
    let mut out = String::new();
    let mut line = lead.to_string();
    for word in body.split(' ') {
        let fresh = line.trim().is_empty();
        if !fresh && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = indent.to_string();
        } else if !fresh {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The terminal's comparison, at most 100 columns wide: the verdict of each scenario, then
/// per key indicator one line per scenario — its mean [95% interval] and, after the first,
/// its difference with ▼/▲ and "better"/"worse" where the difference holds.
pub fn to_terminal(
    names: &[String],
    rows: &[Row],
    robust: &[super::ensemble::RobustRow],
    replicates: u32,
    model: crate::scenario::ModelKind,
    lang: crate::i18n::Lang,
) -> String {
    const WIDTH: usize = 100;
    let verdicts = super::verdict::verdicts(names, rows, robust, model, lang);
    let mut s = String::new();
    for v in &verdicts {
        s.push_str(&wrap(&format!("  {}", v.headline), WIDTH, "    "));
    }
    s.push_str(&wrap(&lang.phrase("terminal_head", &[&replicates.to_string(), &names[0]]), WIDTH, "  "));
    let name_width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let key = super::summary::key_rows(rows, model);
    let mut seen: Vec<&str> = Vec::new();
    for r in &key {
        if seen.contains(&r.indicator.as_str()) {
            continue;
        }
        seen.push(&r.indicator);
        let Some((e, own)) = super::verdict::entry_of(model, &r.indicator) else { continue };
        let label = super::verdict::label(lang, e.label, e.name, e.matches(&r.indicator).unwrap_or(""));
        let unit = lang.text(e.unit);
        s.push_str(&wrap(&if unit.is_empty() { label } else { format!("{label} ({unit})") }, WIDTH, "  "));
        for (i, name) in names.iter().enumerate() {
            let Some(row) = key.iter().find(|x| x.indicator == r.indicator && x.scenario == *name) else {
                continue;
            };
            let n = |x: Option<f64>| x.map_or_else(|| "–".into(), |x| lang.number(x));
            let value = match (own, row.lo, row.hi) {
                (true, _, _) if i == 0 => String::new(),
                (false, Some(lo), Some(hi)) => {
                    format!("{} {}", n(row.mean), lang.bracket(&lang.number(lo), &lang.number(hi)))
                }
                _ => n(row.mean),
            };
            let mut line = format!("  {name:<name_width$}  {value}");
            if i > 0 && !own {
                let f = verdicts[i - 1].findings.iter().find(|f| f.indicator == r.indicator);
                if let Some(f) = f {
                    let arrow = if f.arrow().is_empty() { String::new() } else { format!(" {}", f.arrow()) };
                    let news = f.news(lang).map_or_else(String::new, |n| format!(" {n}"));
                    line.push_str(&format!("   {}{arrow}{news}", f.difference(lang)));
                }
            }
            s.push_str(&wrap(&line, WIDTH, &" ".repeat(name_width + 4)));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::DiyRun;
    use crate::compare::summary::{Replicate, summarize};
    use crate::run::Run;
    use crate::table::{Column, Table};

    #[test]
    fn the_table_fits_100_columns_and_marks_what_holds() {
        let result = |scenario: usize, replicate: u32, x: f64| {
            let mut row = Table::default();
            row.push(DiyRun::CrimesPer1000Year.name(), Column::floats([x]));
            Replicate { scenario, run: Run::with_row(replicate, row) }
        };
        let rs: Vec<Replicate> = [10.0, 20.0, 30.0]
            .iter()
            .enumerate()
            .flat_map(|(r, &a)| [result(0, r as u32, a), result(1, r as u32, a + 1.0)])
            .collect();
        let names = ["a".to_string(), "a scenario with a long name".to_string()];
        let rows = summarize(&names, &rs);
        let t = to_terminal(
            &names,
            &rows,
            &[],
            3,
            crate::scenario::ModelKind::DiyPolicing,
            crate::i18n::Lang::En,
        );
        assert!(t.contains("+1.00 [+1.00, +1.00] ▲ worse"), "{t}");
        assert!(t.contains("Crimes (per 1,000 residents per year)"), "{t}");
        assert!(t.lines().all(|l| l.chars().count() <= 100), "{t}");
        assert_eq!(wrap("  one two three", 9, "    "), "  one two\n    three\n");
    }
}
