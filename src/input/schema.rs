//! Checks a located YAML tree against the scenario's JSON Schema (the same schema
//! `diypol schema` prints), collecting every problem instead of stopping at the first.
//!
//! Only the schema keywords schemars emits for our types are interpreted: `$ref`, `type`,
//! `properties`, `additionalProperties`, `items`, `enum`, `const`, `oneOf`/`anyOf`,
//! `minimum`/`maximum` and integer formats. A general JSON Schema validator would not give
//! positions in the YAML source or did-you-mean hints, which are the point here.

use serde_json::{Map, Value as J};

use super::problems::{Problem, did_you_mean};
use super::yaml::{MAX_EXACT_FLOAT, Node, Value};

pub struct SchemaChecker<'s> {
    root: &'s J,
}

impl<'s> SchemaChecker<'s> {
    pub fn new(root: &'s J) -> Self {
        SchemaChecker { root }
    }

    fn resolve(&self, schema: &'s J) -> &'s J {
        let mut s = schema;
        // `$ref` chains are short (one level for our types); bound them anyway.
        for _ in 0..8 {
            match s.get("$ref").and_then(J::as_str) {
                Some(r) => {
                    let name = r.rsplit('/').next().unwrap_or(r);
                    match self.root.get("$defs").and_then(|d| d.get(name)) {
                        Some(def) => s = def,
                        None => return s,
                    }
                }
                None => return s,
            }
        }
        s
    }

    /// The sub-schema of a dotted parameter path (`policy.patrol`), if the path exists.
    pub fn schema_at(&self, path: &str) -> Result<&'s J, (String, Vec<String>)> {
        let mut s = self.resolve(self.root);
        let mut walked = String::new();
        for seg in path.split('.') {
            let props = s.get("properties").and_then(J::as_object);
            let next = props
                .and_then(|p| p.get(seg))
                .or_else(|| s.get("additionalProperties").filter(|a| a.is_object()));
            match next {
                Some(n) => s = self.resolve(strip_nullable(self, n)),
                None => {
                    let known = props.map(|p| p.keys().cloned().collect()).unwrap_or_default();
                    return Err((walked, known));
                }
            }
            if !walked.is_empty() {
                walked.push('.');
            }
            walked.push_str(seg);
        }
        Ok(s)
    }

    pub fn check(&self, node: &Node, schema: &'s J, path: &str, out: &mut Vec<Problem>) {
        let schema = self.resolve(schema);
        if let Some(branches) = schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(J::as_array) {
            return self.check_branches(node, branches, path, out);
        }
        if let Some(values) = schema.get("enum").and_then(J::as_array) {
            return check_enum(node, values, path, out);
        }
        if let Some(c) = schema.get("const") {
            return check_enum(node, std::slice::from_ref(c), path, out);
        }
        if let Some(expected) = schema.get("type")
            && !type_matches(node, expected)
        {
            let (message, hint) = match node.value {
                Value::Float(f) if f.fract() == 0.0 && type_matches(&Node { value: Value::Int(0), loc: node.loc }, expected) => (
                    format!("a number this large (about {f:e}) cannot be read exactly as a whole number"),
                    "write the number in full, without a decimal point or exponent (at most 18446744073709551615)"
                        .to_string(),
                ),
                _ => (
                    format!("expected {}, found {}", describe_type(expected), node.show()),
                    hint_of(schema).unwrap_or_else(|| "check the value's type".into()),
                ),
            };
            out.push(Problem::new(node.loc, path, message).hint(hint));
            return;
        }
        match &node.value {
            Value::Map(entries) => self.check_object(entries, schema, path, out),
            Value::Seq(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.check(item, item_schema, &join(path, &i.to_string()), out);
                    }
                }
            }
            Value::Int(i)
                if schema.get("type").is_some_and(|t| {
                    t == "integer" || t.as_array().is_some_and(|a| a.iter().any(|x| x == "integer"))
                }) =>
            {
                check_int_range(node, *i, schema, path, out)
            }
            Value::Int(i) => check_range(node, *i as f64, schema, path, out),
            Value::Float(f) => {
                if !f.is_finite() {
                    out.push(
                        Problem::new(node.loc, path, "must be a finite number")
                            .hint(hint_of(schema).unwrap_or_else(|| "write a plain number".into())),
                    );
                } else {
                    check_range(node, *f, schema, path, out)
                }
            }
            _ => {}
        }
    }

    fn check_object(
        &self,
        entries: &[(String, super::yaml::Loc, Node)],
        schema: &'s J,
        path: &str,
        out: &mut Vec<Problem>,
    ) {
        let empty = Map::new();
        let props = schema.get("properties").and_then(J::as_object).unwrap_or(&empty);
        let additional = schema.get("additionalProperties");
        for (key, key_loc, value) in entries {
            let sub = join(path, key);
            if let Some(s) = props.get(key) {
                self.check(value, s, &sub, out);
            } else if let Some(a) = additional.filter(|a| a.is_object()) {
                self.check(value, a, &sub, out);
            } else if !props.is_empty() || additional == Some(&J::Bool(false)) {
                let names: Vec<&str> = props.keys().map(String::as_str).collect();
                let hint = match did_you_mean(key, names.iter().copied()) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => format!("known fields here: {}", names.join(", ")),
                };
                out.push(Problem::new(*key_loc, &sub, format!("unknown field `{key}`")).hint(hint));
            }
        }
    }

    fn check_branches(&self, node: &Node, branches: &'s [J], path: &str, out: &mut Vec<Problem>) {
        let mut best: Option<Vec<Problem>> = None;
        for b in branches {
            let mut trial = Vec::new();
            self.check(node, b, path, &mut trial);
            if trial.is_empty() {
                return;
            }
            if best.as_ref().is_none_or(|p| trial.len() < p.len()) {
                best = Some(trial);
            }
        }
        // Variants of a unit enum: one message listing them all beats one per variant.
        // schemars groups undocumented variants into one `enum` branch and gives each
        // documented one a `const` branch: list the values of both.
        let consts: Vec<J> = branches
            .iter()
            .flat_map(|b| {
                let b = self.resolve(b);
                let values = b.get("enum").and_then(J::as_array).cloned().unwrap_or_default();
                b.get("const").cloned().into_iter().chain(values)
            })
            .collect();
        let only_null_other = branches.iter().all(|b| {
            let b = self.resolve(b);
            b.get("const").is_some() || b.get("enum").is_some() || b.get("type") == Some(&J::from("null"))
        });
        if !consts.is_empty() && only_null_other {
            check_enum(node, &consts, path, out);
        } else if let Some(p) = best {
            out.extend(p);
        }
    }
}

/// For `Option<T>` schemas (`anyOf: [T, null]`), the non-null branch.
fn strip_nullable<'s>(c: &SchemaChecker<'s>, s: &'s J) -> &'s J {
    let s = c.resolve(s);
    if let Some(branches) = s.get("anyOf").or_else(|| s.get("oneOf")).and_then(J::as_array) {
        let non_null: Vec<&J> = branches.iter().filter(|b| b.get("type") != Some(&J::from("null"))).collect();
        if non_null.len() == 1 {
            return non_null[0];
        }
    }
    s
}

fn join(path: &str, seg: &str) -> String {
    if path.is_empty() { seg.to_string() } else { format!("{path}.{seg}") }
}

fn hint_of(schema: &J) -> Option<String> {
    schema.get("description").and_then(J::as_str).map(|d| d.replace('\n', " "))
}

fn type_matches(node: &Node, expected: &J) -> bool {
    let one = |t: &str| match (t, &node.value) {
        ("number", Value::Int(_) | Value::Float(_)) => true,
        ("integer", Value::Int(_)) => true,
        // `3.0` is an integer written as a float; accept it.
        ("integer", Value::Float(f)) => f.fract() == 0.0 && f.abs() <= MAX_EXACT_FLOAT,
        (t, _) => t == node.type_name(),
    };
    match expected {
        J::String(t) => one(t),
        J::Array(ts) => ts.iter().filter_map(J::as_str).any(one),
        _ => true,
    }
}

fn describe_type(expected: &J) -> String {
    let word = |t: &str| match t {
        "number" => "a number",
        "integer" => "a whole number",
        "boolean" => "true or false",
        "string" => "a string",
        "array" => "a list",
        "object" => "a mapping",
        "null" => "null",
        _ => "a value",
    };
    match expected {
        J::String(t) => word(t).to_string(),
        J::Array(ts) => ts.iter().filter_map(J::as_str).map(word).collect::<Vec<_>>().join(" or "),
        _ => "a value".into(),
    }
}

fn check_enum(node: &Node, values: &[J], path: &str, out: &mut Vec<Problem>) {
    let given = node.to_json();
    if values.contains(&given) {
        return;
    }
    let names: Vec<String> =
        values.iter().map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())).collect();
    let mut hint = format!("expected one of: {}", names.join(", "));
    if let Some(s) = given.as_str()
        && let Some(m) = did_you_mean(s, names.iter().map(String::as_str))
    {
        hint = format!("did you mean `{m}`? ({hint})");
    }
    out.push(Problem::new(node.loc, path, format!("unknown value {}", node.show())).hint(hint));
}

/// The range check of integers, exact to the last unit (2^64 is not u64::MAX, although
/// both are the same f64).
fn check_int_range(node: &Node, i: i128, schema: &J, path: &str, out: &mut Vec<Problem>) {
    let bound = |k: &str, up: bool| {
        let v = schema.get(k)?;
        v.as_i64()
            .map(i128::from)
            .or_else(|| v.as_u64().map(i128::from))
            .or_else(|| v.as_f64().map(|f| if up { f.floor() as i128 } else { f.ceil() as i128 }))
    };
    let (mut lo, mut hi) = (bound("minimum", false), bound("maximum", true));
    let cap = match schema.get("format").and_then(J::as_str) {
        Some("uint8") => Some((0, u8::MAX as i128)),
        Some("uint16") => Some((0, u16::MAX as i128)),
        Some("uint32") => Some((0, u32::MAX as i128)),
        Some("uint64") | Some("uint") => Some((0, u64::MAX as i128)),
        Some("int32") => Some((i32::MIN as i128, i32::MAX as i128)),
        Some("int64") | Some("int") => Some((i64::MIN as i128, i64::MAX as i128)),
        _ => None,
    };
    if let Some((l, h)) = cap {
        lo = Some(lo.map_or(l, |x| x.max(l)));
        hi = Some(hi.map_or(h, |x| x.min(h)));
    }
    if lo.is_some_and(|l| i < l) || hi.is_some_and(|h| i > h) {
        out.push(out_of_range(node, lo, hi, schema, path));
        return;
    }
    // Exclusive bounds (none in diypol's schemas today) are checked as numbers.
    check_range(node, i as f64, schema, path, out);
}

fn check_range(node: &Node, x: f64, schema: &J, path: &str, out: &mut Vec<Problem>) {
    let num = |k: &str| schema.get(k).and_then(J::as_f64);
    let mut lo = num("minimum");
    let mut hi = num("maximum");
    match schema.get("format").and_then(J::as_str) {
        Some("uint32") => {
            lo = lo.or(Some(0.0));
            hi = Some(hi.unwrap_or(u32::MAX as f64).min(u32::MAX as f64));
        }
        Some("uint64") => {
            lo = lo.or(Some(0.0));
            hi = Some(hi.unwrap_or(u64::MAX as f64).min(u64::MAX as f64));
        }
        _ => {}
    }
    let below = lo.is_some_and(|l| x < l) || num("exclusiveMinimum").is_some_and(|l| x <= l);
    let above = hi.is_some_and(|h| x > h) || num("exclusiveMaximum").is_some_and(|h| x >= h);
    if below || above {
        out.push(out_of_range(node, lo, hi, schema, path));
    }
}

/// "X is out of range", with the range and the field's description as the hint.
fn out_of_range<T: std::fmt::Display>(
    node: &Node,
    lo: Option<T>,
    hi: Option<T>,
    schema: &J,
    path: &str,
) -> Problem {
    let range = match (lo, hi) {
        (Some(l), Some(h)) => format!("between {l} and {h}"),
        (Some(l), None) => format!("at least {l}"),
        (None, Some(h)) => format!("at most {h}"),
        (None, None) => "in range".into(),
    };
    let mut hint = format!("must be {range}");
    if let Some(d) = hint_of(schema) {
        hint = format!("{hint}; {d}");
    }
    Problem::new(node.loc, path, format!("{} is out of range", node.show())).hint(hint)
}
