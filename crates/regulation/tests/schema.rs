//! The published JSON Schema (`regulations/schema.json`) describes the format the reader takes:
//! every encoded act validates against it, and the deliberately broken file does not. A small
//! validator for the keywords the schema uses (`type`, `properties`, `required`,
//! `additionalProperties`, `items`, `enum`, `const`, `oneOf`, `$ref`) keeps the test free of a
//! schema library.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use serde_json::{Map, Value};

fn to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect()),
    }
}

/// Every violation of `schema` by `value`, as `path: problem`.
fn validate(root: &Value, schema: &Value, value: &Value, path: &str, out: &mut Vec<String>) {
    let Some(s) = schema.as_object() else { return };
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let target = r.trim_start_matches("#/").split('/').fold(root, |v, k| &v[k]);
        return validate(root, target, value, path, out);
    }
    if let Some(variants) = s.get("oneOf").and_then(Value::as_array) {
        let matching = variants
            .iter()
            .filter(|v| {
                let mut errors = Vec::new();
                validate(root, v, value, path, &mut errors);
                errors.is_empty()
            })
            .count();
        if matching != 1 {
            out.push(format!("{path}: matches {matching} of the oneOf alternatives"));
        }
        return;
    }
    if let Some(c) = s.get("const")
        && c != value
    {
        out.push(format!("{path}: must be {c}"));
    }
    if let Some(allowed) = s.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        out.push(format!("{path}: {value} is not one of {allowed:?}"));
    }
    let ok_type = match s.get("type").and_then(Value::as_str) {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("boolean") => value.is_boolean(),
        _ => true,
    };
    if !ok_type {
        out.push(format!("{path}: expected {}", s["type"]));
        return;
    }
    if let (Some(items), Some(array)) = (s.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate() {
            validate(root, items, v, &format!("{path}[{i}]"), out);
        }
    }
    if let Some(object) = value.as_object() {
        object_rules(root, s, object, path, out);
    }
}

fn object_rules(root: &Value, s: &Map<String, Value>, object: &Map<String, Value>, path: &str, out: &mut Vec<String>) {
    let empty = Map::new();
    let properties = s.get("properties").and_then(Value::as_object).unwrap_or(&empty);
    for required in s.get("required").and_then(Value::as_array).into_iter().flatten() {
        if let Some(k) = required.as_str()
            && !object.contains_key(k)
        {
            out.push(format!("{path}: missing `{k}`"));
        }
    }
    for (k, v) in object {
        match properties.get(k) {
            Some(p) => validate(root, p, v, &format!("{path}.{k}"), out),
            None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                out.push(format!("{path}: unknown property `{k}`"));
            }
            None => {}
        }
    }
}

fn problems(file: &str, schema: &Value) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let value = to_json(toml::from_str::<toml::Value>(&text).unwrap());
    let mut out = Vec::new();
    validate(schema, schema, &value, "", &mut out);
    out
}

#[test]
fn every_encoded_act_validates_against_the_published_schema_and_the_broken_one_does_not() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(format!("{root}/schema.json")).unwrap()).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    for file in files {
        let found = problems(&file.display().to_string(), &schema);
        assert!(found.is_empty(), "{}:\n{}", file.display(), found.join("\n"));
    }
    let broken = problems(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/broken/many-faults.toml"), &schema);
    for expected in ["unknown property `colour`", "`steps`", "unknown property `duration`", "\"chief\" is not one of"] {
        assert!(broken.iter().any(|p| p.contains(expected)), "{expected} in {broken:#?}");
    }
}
