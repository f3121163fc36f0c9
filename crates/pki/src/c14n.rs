//! XML canonicalisation (W3C C14N 1.0 and Exclusive C14N 1.0, without comments) of a parsed
//! document or element subtree, with one subtree left out (the enveloped-signature transform).
//!
//! Element and attribute names keep the prefixes written in the source; namespace declarations
//! are emitted where the chosen method says and sorted by prefix; attributes are sorted by
//! namespace URI then local name; text and attribute values are escaped as the recommendation
//! prescribes.

use std::collections::BTreeMap;

use roxmltree::{Document, Node, NodeId, NodeType};

/// Which canonicalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// Canonical XML 1.0: every namespace in scope is emitted where it is first needed.
    Inclusive,
    /// Exclusive XML canonicalisation: only visibly utilised namespaces, plus the prefixes of
    /// the `InclusiveNamespaces PrefixList` (`#default` for the default namespace).
    Exclusive(Vec<String>),
}

/// Canonicalises the whole document (comments left out), skipping the subtree `excluded`.
#[must_use]
pub fn document(doc: &Document<'_>, method: &Method, excluded: Option<NodeId>) -> Vec<u8> {
    let mut out = String::new();
    let root = doc.root_element();
    let mut after_root = false;
    for child in doc.root().children() {
        match child.node_type() {
            NodeType::Element => {
                element(child, method, excluded, &BTreeMap::new(), &mut out);
                after_root = true;
            }
            NodeType::PI if child != root => {
                if after_root {
                    out.push('\n');
                }
                pi(child, &mut out);
                if !after_root {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
    out.into_bytes()
}

/// Canonicalises the subtree of `node` (an element), skipping the subtree `excluded`.
#[must_use]
pub fn subtree(node: Node<'_, '_>, method: &Method, excluded: Option<NodeId>) -> Vec<u8> {
    let mut out = String::new();
    element(node, method, excluded, &BTreeMap::new(), &mut out);
    out.into_bytes()
}

/// The qualified name as written in the source: `<ds:Signature` gives `ds:Signature`.
fn source_qname<'a>(node: Node<'a, '_>) -> &'a str {
    let text = node.document().input_text();
    let start = node.range().start + 1;
    let rest = text.get(start..).unwrap_or("");
    let end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
    &rest[..end]
}

fn prefix_of(qname: &str) -> &str {
    qname.split_once(':').map_or("", |(p, _)| p)
}

fn in_scope<'a>(node: Node<'a, '_>, prefix: &str) -> &'a str {
    node.namespaces().find(|ns| ns.name().unwrap_or("") == prefix).map_or("", roxmltree::Namespace::uri)
}

fn element(
    node: Node<'_, '_>,
    method: &Method,
    excluded: Option<NodeId>,
    rendered: &BTreeMap<String, String>,
    out: &mut String,
) {
    if Some(node.id()) == excluded {
        return;
    }
    let qname = source_qname(node);
    let text = node.document().input_text();
    let attributes: Vec<(&str, &str, &str, &str)> = node
        .attributes()
        .map(|a| (a.namespace().unwrap_or(""), a.name(), text.get(a.range_qname()).unwrap_or(a.name()), a.value()))
        .collect();
    let mut wanted: Vec<String> = match method {
        Method::Inclusive => node
            .namespaces()
            .filter(|ns| ns.name() != Some("xml"))
            .map(|ns| ns.name().unwrap_or("").to_owned())
            .chain(std::iter::once(String::new()))
            .collect(),
        Method::Exclusive(list) => std::iter::once(prefix_of(qname).to_owned())
            .chain(attributes.iter().map(|a| prefix_of(a.2).to_owned()).filter(|p| !p.is_empty()))
            .chain(list.iter().map(|p| if p == "#default" { String::new() } else { p.clone() }))
            .collect(),
    };
    wanted.sort();
    wanted.dedup();
    let mut now = rendered.clone();
    let mut declarations = String::new();
    for prefix in wanted.iter().filter(|p| *p != "xml") {
        let uri = in_scope(node, prefix);
        let already = rendered.get(prefix.as_str()).map_or("", String::as_str);
        if uri == already || (uri.is_empty() && !prefix.is_empty()) {
            continue;
        }
        if prefix.is_empty() {
            declarations.push_str(" xmlns=\"");
        } else {
            declarations.push_str(" xmlns:");
            declarations.push_str(prefix);
            declarations.push_str("=\"");
        }
        escape_attribute(uri, &mut declarations);
        declarations.push('"');
        now.insert(prefix.clone(), uri.to_owned());
    }
    out.push('<');
    out.push_str(qname);
    out.push_str(&declarations);
    let mut sorted = attributes;
    sorted.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    for (_, _, name, value) in sorted {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape_attribute(value, out);
        out.push('"');
    }
    out.push('>');
    for child in node.children() {
        match child.node_type() {
            NodeType::Element => element(child, method, excluded, &now, out),
            NodeType::Text => escape_text(child.text().unwrap_or(""), out),
            NodeType::PI => pi(child, out),
            NodeType::Comment | NodeType::Root => {}
        }
    }
    out.push_str("</");
    out.push_str(qname);
    out.push('>');
}

fn pi(node: Node<'_, '_>, out: &mut String) {
    if let Some(pi) = node.pi() {
        out.push_str("<?");
        out.push_str(pi.target);
        if let Some(value) = pi.value.filter(|v| !v.is_empty()) {
            out.push(' ');
            out.push_str(value);
        }
        out.push_str("?>");
    }
}

fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

fn escape_attribute(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail by panicking")]

    use super::*;

    fn exc(xml: &str) -> String {
        let doc = Document::parse(xml).unwrap();
        String::from_utf8(document(&doc, &Method::Exclusive(Vec::new()), None)).unwrap()
    }

    #[test]
    fn exclusive_emits_only_visibly_utilised_namespaces_sorted() {
        let xml = r#"<?xml version="1.0"?><a:r xmlns:a="urn:a" xmlns:b="urn:b" z="1" b:y="2"><c>t &amp; &lt;</c><a:e/></a:r>"#;
        assert_eq!(
            exc(xml),
            r#"<a:r xmlns:a="urn:a" xmlns:b="urn:b" z="1" b:y="2"><c>t &amp; &lt;</c><a:e></a:e></a:r>"#
        );
    }

    #[test]
    fn an_unused_namespace_is_dropped_and_a_default_one_is_redeclared_once() {
        let xml = r#"<r xmlns="urn:d" xmlns:u="urn:unused"><s xmlns="urn:d"><t/></s></r>"#;
        assert_eq!(exc(xml), r#"<r xmlns="urn:d"><s><t></t></s></r>"#);
        let doc = Document::parse(xml).unwrap();
        let inclusive = String::from_utf8(document(&doc, &Method::Inclusive, None)).unwrap();
        assert_eq!(inclusive, r#"<r xmlns="urn:d" xmlns:u="urn:unused"><s><t></t></s></r>"#);
    }

    #[test]
    fn a_subtree_carries_the_namespaces_it_uses_from_its_ancestors() {
        let xml = r#"<r xmlns:ds="urn:ds" xmlns:x="urn:x"><ds:S a="&#13;"><ds:T>&#13;</ds:T></ds:S></r>"#;
        let doc = Document::parse(xml).unwrap();
        let s = doc.root_element().first_element_child().unwrap();
        let out = String::from_utf8(subtree(s, &Method::Exclusive(Vec::new()), None)).unwrap();
        assert_eq!(out, r#"<ds:S xmlns:ds="urn:ds" a="&#xD;"><ds:T>&#xD;</ds:T></ds:S>"#);
    }
}
