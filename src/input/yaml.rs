//! A YAML document as a tree that remembers where every value and key was written, so
//! every problem can be reported at its file:line:column, all problems at once.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// The largest whole number a float holds exactly (2^53): beyond it `1e19` and
/// `18446744073709551616` are the same float, so neither is read as an integer.
pub const MAX_EXACT_FLOAT: f64 = 9_007_199_254_740_992.0;

/// 1-based position in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loc {
    pub line: u64,
    pub column: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// Any integer YAML can write that a parameter may take (u64 seeds included).
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in file order, each key with its own location.
    Map(Vec<(String, Loc, Node)>),
}

impl Node {
    /// The JSON type name used in schema checks and messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        }
    }

    /// Whether this document is a sweep plan rather than a scenario: `base` (or
    /// `contrast`) and `parameters` and no `model` (the two kinds share only `version`).
    pub fn is_sweep_plan(&self) -> bool {
        (self.get("base").is_some() || self.get("contrast").is_some())
            && self.get("parameters").is_some()
            && self.get("model").is_none()
            && !self.is_calibration_spec()
    }

    /// Whether this document is a calibration spec: `parameters` and `targets`, no `model`.
    pub fn is_calibration_spec(&self) -> bool {
        self.get("targets").is_some() && self.get("parameters").is_some() && self.get("model").is_none()
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, n)| n),
            _ => None,
        }
    }

    /// The deepest node on a dotted path (`a.b.0.c`), for locating semantic errors.
    pub fn locate(&self, path: &str) -> Loc {
        let mut node = self;
        for seg in path.split('.').filter(|s| !s.is_empty()) {
            let next = match &node.value {
                Value::Map(_) => node.get(seg),
                Value::Seq(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node.loc
    }

    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => match (i64::try_from(*i), u64::try_from(*i)) {
                (Ok(v), _) => J::from(v),
                (_, Ok(v)) => J::from(v),
                _ => serde_json::Number::from_f64(*i as f64).map(J::Number).unwrap_or(J::Null),
            },
            // A whole number written as a float (`days: 60.0`, `seed: 1e3`) is that integer:
            // integer parameters take it, and a float parameter takes an integer too.
            Value::Float(f) if f.fract() == 0.0 && f.abs() <= MAX_EXACT_FLOAT => J::from(*f as i64),
            Value::Float(f) => serde_json::Number::from_f64(*f).map(J::Number).unwrap_or(J::Null),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                J::Object(entries.iter().map(|(k, _, n)| (k.clone(), n.to_json())).collect())
            }
        }
    }

    /// The value as a whole number, whether written `5` or `5.0`.
    pub fn integer(&self) -> Option<i128> {
        match self.value {
            Value::Int(i) => Some(i),
            Value::Float(f) if f.fract() == 0.0 && f.abs() <= MAX_EXACT_FLOAT => Some(f as i128),
            _ => None,
        }
    }

    /// A short rendering of a scalar for messages.
    pub fn show(&self) -> String {
        match &self.value {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Str(s) => format!("\"{s}\""),
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a mapping".into(),
        }
    }
}

fn loc(l: &serde_saphyr::Location) -> Loc {
    Loc { line: l.line(), column: l.column() }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<Value>::deserialize(d)?;
        Ok(Node { loc: loc(&s.referenced), value: s.value })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(n) = seq.next_element::<Node>()? {
            items.push(n);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key.value, loc(&key.referenced), value));
        }
        Ok(Value::Map(entries))
    }
}

/// Parses YAML text into a located tree; a syntax error comes back with its position.
pub fn parse(text: &str) -> Result<Node, (Loc, String)> {
    if text.trim().is_empty() {
        return Err((Loc { line: 1, column: 1 }, "the file is empty".into()));
    }
    serde_saphyr::from_str::<Node>(text).map_err(|e| {
        let at = e.location().map(|l| loc(&l)).unwrap_or(Loc { line: 1, column: 1 });
        let msg = e.without_snippet().to_string();
        // The library appends its own position; ours is printed in front already.
        let msg = match msg.rfind(" at line ") {
            Some(i) => msg[..i].to_string(),
            None => msg,
        };
        (at, msg)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let n = parse("version: 1\npolicy:\n  patrol: hotspot\n  x: [1, 2.5]\n").unwrap();
        let p = n.get("policy").unwrap();
        let patrol = p.get("patrol").unwrap();
        assert_eq!(patrol.value, Value::Str("hotspot".into()));
        assert_eq!(patrol.loc.line, 3);
        assert_eq!(n.locate("policy.x.1").line, 4);
        assert_eq!(n.locate("policy.nothing").line, p.loc.line);
    }

    #[test]
    fn syntax_error_has_a_line() {
        let (at, msg) = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(at.line >= 2, "{at:?} {msg}");
    }
}
