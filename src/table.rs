//! Plain columns and tables: what the recorders fill, what outputs write and what
//! comparisons stack. Nulls are explicit (`None`); NaN never reaches a file.

use std::ops::Not;

/// A column of values, one per row. Integers are signed 64-bit so that differences of
/// counts never wrap in the tools that read the files.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    Int(Vec<Option<i64>>),
    /// Seeds: any u64.
    UInt(Vec<Option<u64>>),
    Float(Vec<Option<f64>>),
    Bool(Vec<Option<bool>>),
    Str(Vec<Option<String>>),
}

impl Column {
    /// Integers, none missing.
    pub fn ints(values: impl IntoIterator<Item = i64>) -> Column {
        Column::Int(values.into_iter().map(Some).collect())
    }

    /// Floats; a non-finite value (an undefined ratio) becomes null.
    pub fn floats(values: impl IntoIterator<Item = f64>) -> Column {
        Column::Float(values.into_iter().map(|x| x.is_finite().then_some(x)).collect())
    }

    pub fn bools(values: impl IntoIterator<Item = bool>) -> Column {
        Column::Bool(values.into_iter().map(Some).collect())
    }

    pub fn strs<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Column {
        Column::Str(values.into_iter().map(|s| Some(s.into())).collect())
    }

    pub fn len(&self) -> usize {
        match self {
            Column::Int(v) => v.len(),
            Column::UInt(v) => v.len(),
            Column::Float(v) => v.len(),
            Column::Bool(v) => v.len(),
            Column::Str(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Values as f64 for charts and summaries: null (and text) as NaN, booleans as 0 or 1.
    pub fn as_f64(&self) -> Vec<f64> {
        (0..self.len()).map(|i| self.f64_at(i)).collect()
    }

    /// The value of row `i` as f64 (NaN when null or text).
    pub fn f64_at(&self, i: usize) -> f64 {
        let v = match self {
            Column::Int(v) => v[i].map(|x| x as f64),
            Column::UInt(v) => v[i].map(|x| x as f64),
            Column::Float(v) => v[i],
            Column::Bool(v) => v[i].map(|b| b as u8 as f64),
            Column::Str(_) => None,
        };
        v.unwrap_or(f64::NAN)
    }

    /// The value of row `i` as text (numbers formatted, null as empty).
    pub fn text_at(&self, i: usize) -> String {
        match self {
            Column::Str(v) => v[i].clone().unwrap_or_default(),
            Column::Int(v) => v[i].map_or_else(String::new, |x| x.to_string()),
            Column::UInt(v) => v[i].map_or_else(String::new, |x| x.to_string()),
            Column::Float(v) => v[i].map_or_else(String::new, |x| x.to_string()),
            Column::Bool(v) => v[i].map_or_else(String::new, |x| x.to_string()),
        }
    }

    pub fn is_null(&self, i: usize) -> bool {
        match self {
            Column::Int(v) => v[i].is_none(),
            Column::UInt(v) => v[i].is_none(),
            Column::Float(v) => v[i].is_none(),
            Column::Bool(v) => v[i].is_none(),
            Column::Str(v) => v[i].is_none(),
        }
    }

    /// A column of `rows` nulls of the same type.
    fn nulls_like(&self, rows: usize) -> Column {
        match self {
            Column::Int(_) => Column::Int(vec![None; rows]),
            Column::UInt(_) => Column::UInt(vec![None; rows]),
            Column::Float(_) => Column::Float(vec![None; rows]),
            Column::Bool(_) => Column::Bool(vec![None; rows]),
            Column::Str(_) => Column::Str(vec![None; rows]),
        }
    }

    fn append(&mut self, other: &Column) {
        match (self, other) {
            (Column::Int(a), Column::Int(b)) => a.extend_from_slice(b),
            (Column::UInt(a), Column::UInt(b)) => a.extend_from_slice(b),
            (Column::Float(a), Column::Float(b)) => a.extend_from_slice(b),
            (Column::Bool(a), Column::Bool(b)) => a.extend_from_slice(b),
            (Column::Str(a), Column::Str(b)) => a.extend_from_slice(b),
            (Column::Float(a), b) => {
                a.extend((0..b.len()).map(|i| Some(b.f64_at(i)).filter(|x| !x.is_nan())))
            }
            (Column::Str(a), b) => a.extend((0..b.len()).map(|i| b.is_null(i).not().then(|| b.text_at(i)))),
            (a, b) => unreachable!("stacking {a:?} with {b:?}: widened before"),
        }
    }

    /// The type two columns stacked together take: the same type, or floats for mixed
    /// numbers, or text.
    fn widen(a: &Column, b: &Column) -> Column {
        use Column::*;
        match (a, b) {
            (Int(_), Int(_))
            | (UInt(_), UInt(_))
            | (Float(_), Float(_))
            | (Bool(_), Bool(_))
            | (Str(_), Str(_)) => a.nulls_like(0),
            (Str(_), _) | (_, Str(_)) => Str(Vec::new()),
            _ => Float(Vec::new()),
        }
    }
}

/// A named set of equally long columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub names: Vec<String>,
    pub columns: Vec<Column>,
}

impl Table {
    pub fn get(&self, name: &str) -> Option<&Column> {
        self.names.iter().position(|n| n == name).map(|i| &self.columns[i])
    }

    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }

    pub fn push(&mut self, name: impl Into<String>, column: Column) {
        self.names.push(name.into());
        self.columns.push(column);
    }

    /// This table's columns after `first`'s (identifiers in front of data).
    pub fn after(mut self, first: Table) -> Table {
        let mut t = first;
        t.names.append(&mut self.names);
        t.columns.append(&mut self.columns);
        t
    }
}

/// Stacks tables with the same meaning (runs of one model) into one. Columns are matched
/// by name, in the order they first appear; a column missing from some tables (a crime
/// type only one scenario has) is kept, with nulls there.
pub fn concat(tables: &[&Table]) -> Table {
    let mut names: Vec<&str> = Vec::new();
    for t in tables {
        for n in &t.names {
            if !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
    }
    let mut out = Table::default();
    for name in names {
        let present: Vec<&Column> = tables.iter().filter_map(|t| t.get(name)).collect();
        let mut column = present[1..].iter().fold(present[0].nulls_like(0), |acc, c| Column::widen(&acc, c));
        for t in tables {
            match t.get(name) {
                Some(c) => column.append(c),
                None => {
                    let nulls = column.nulls_like(t.rows());
                    column.append(&nulls);
                }
            }
        }
        out.push(name, column);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concat_keeps_columns_missing_from_some_tables() {
        let mut a = Table::default();
        a.push("n", Column::ints([1, 2]));
        let mut b = Table::default();
        b.push("n", Column::ints([3]));
        b.push("extra", Column::floats([0.5]));
        let t = concat(&[&a, &b]);
        assert_eq!(t.get("n"), Some(&Column::ints([1, 2, 3])));
        assert_eq!(t.get("extra"), Some(&Column::Float(vec![None, None, Some(0.5)])));
    }

    #[test]
    fn mixed_numbers_stack_as_floats_and_nan_is_null() {
        let mut a = Table::default();
        a.push("x", Column::ints([1]));
        let mut b = Table::default();
        b.push("x", Column::floats([f64::NAN, 2.5]));
        assert_eq!(concat(&[&a, &b]).get("x"), Some(&Column::Float(vec![Some(1.0), None, Some(2.5)])));
    }
}
