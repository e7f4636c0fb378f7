//! Test helpers: a strict well-formedness check built on `quick-xml` that also
//! collects elements, their attributes and their direct text for assertions.

#![allow(dead_code)]

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// One parsed element.
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// Text directly inside the element, entity references resolved.
    pub text: String,
    /// Index of the parent element in [`Doc::elements`].
    pub parent: Option<usize>,
}

impl Element {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|t| t == class))
    }

    pub fn num(&self, key: &str) -> f64 {
        self.attr(key)
            .unwrap_or_else(|| panic!("{} has no {key}", self.name))
            .parse()
            .unwrap()
    }
}

/// A parsed SVG document.
#[derive(Debug)]
pub struct Doc {
    pub elements: Vec<Element>,
}

impl Doc {
    pub fn root(&self) -> &Element {
        &self.elements[0]
    }

    pub fn by_class(&self, class: &str) -> Vec<&Element> {
        self.elements.iter().filter(|e| e.has_class(class)).collect()
    }

    pub fn by_name(&self, name: &str) -> Vec<&Element> {
        self.elements.iter().filter(|e| e.name == name).collect()
    }

    /// Texts of all `<text>` elements, in document order.
    pub fn texts(&self) -> Vec<&str> {
        self.by_name("text").into_iter().map(|e| e.text.as_str()).collect()
    }

    /// Texts of all `<title>` elements (tooltips and the document title).
    pub fn titles(&self) -> Vec<&str> {
        self.by_name("title").into_iter().map(|e| e.text.as_str()).collect()
    }

    /// Direct children of element `index`.
    pub fn children(&self, index: usize) -> Vec<&Element> {
        self.elements.iter().filter(|e| e.parent == Some(index)).collect()
    }

    /// Width and height from the root's `viewBox`.
    pub fn size(&self) -> (f64, f64) {
        let view_box: Vec<f64> = self
            .root()
            .attr("viewBox")
            .unwrap()
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(view_box.len(), 4);
        (view_box[2], view_box[3])
    }
}

fn element(start: &BytesStart, parent: Option<usize>) -> Element {
    let name = start.name().as_ref().to_string();
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.unwrap_or_else(|e| panic!("bad attribute on <{name}>: {e}"));
        let key = attr.key.as_ref().to_string();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .unwrap()
            .into_owned();
        attrs.push((key, value));
    }
    Element {
        name,
        attrs,
        text: String::new(),
        parent,
    }
}

/// Parses `svg`, panicking with a description unless it is one well-formed `<svg>`
/// element that uses only predefined entities and XML-legal characters.
pub fn parse(svg: &str) -> Doc {
    for ch in svg.chars() {
        let c = ch as u32;
        assert!(
            c >= 0x20 || matches!(ch, '\t' | '\n' | '\r'),
            "illegal character U+{c:04X} in output"
        );
        assert!(ch != '\u{FFFE}' && ch != '\u{FFFF}', "illegal character in output");
    }
    let mut reader = Reader::from_str(svg);
    let mut elements: Vec<Element> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut roots = 0;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"));
        match event {
            Event::Start(start) | Event::Empty(start) if stack.is_empty() && roots > 0 => {
                panic!("second root element <{:?}>", start.name())
            }
            Event::Start(start) => {
                if stack.is_empty() {
                    roots += 1;
                }
                elements.push(element(&start, stack.last().copied()));
                stack.push(elements.len() - 1);
            }
            Event::Empty(start) => {
                if stack.is_empty() {
                    roots += 1;
                }
                elements.push(element(&start, stack.last().copied()));
            }
            Event::End(_) => {
                stack.pop().expect("end tag without start");
            }
            Event::Text(text) => {
                let content = text.xml10_content();
                match stack.last() {
                    Some(&top) => elements[top].text.push_str(&content),
                    None => assert!(content.trim().is_empty(), "text outside the root: {content:?}"),
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().expect("bad character reference") {
                    Some(ch) => ch.to_string(),
                    None => {
                        let name = reference.xml10_content();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .unwrap_or_else(|| panic!("undefined entity &{name};"))
                            .to_string()
                    }
                };
                let top = *stack.last().expect("reference outside the root");
                elements[top].text.push_str(&resolved);
            }
            Event::Eof => break,
            Event::CData(_) | Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {
                panic!("unexpected markup in chart output")
            }
        }
    }
    assert!(stack.is_empty(), "unclosed elements at end of input");
    assert_eq!(roots, 1, "expected exactly one root element");
    let doc = Doc { elements };
    let root = doc.root();
    assert_eq!(root.name, "svg");
    assert_eq!(root.attr("xmlns"), Some("http://www.w3.org/2000/svg"));
    assert_eq!(root.attr("version"), Some("1.1"));
    assert_eq!(root.attr("role"), Some("img"));
    assert_eq!(root.attr("width"), Some("100%"));
    assert!(root.attr("preserveAspectRatio").is_some());
    assert!(
        root.attr("font-family")
            .unwrap()
            .starts_with("\"PingFang SC\",\"Noto Sans CJK SC\"")
    );
    let first_child = doc.children(0)[0].clone();
    assert_eq!(
        first_child.name, "title",
        "the first child of <svg> must be its <title>"
    );
    assert_eq!(Some(first_child.text.as_str()), root.attr("aria-label"));
    check_numbers(&doc);
    doc
}

/// Every geometric attribute is a finite number with at most two decimals and lies
/// within the `viewBox` (with a one-pixel allowance).
fn check_numbers(doc: &Doc) {
    let (width, height) = doc.size();
    for e in &doc.elements[1..] {
        for (key, value) in &e.attrs {
            let horizontal = matches!(key.as_str(), "x" | "x1" | "x2" | "cx");
            let vertical = matches!(key.as_str(), "y" | "y1" | "y2" | "cy");
            let other = matches!(
                key.as_str(),
                "width" | "height" | "r" | "rx" | "stroke-width" | "font-size"
            );
            if key == "d" {
                check_path(value, width, height);
            } else if horizontal || vertical || other {
                let n = number(value);
                let limit = if horizontal { width } else { height.max(width) };
                assert!(
                    (-1.0..=limit + 1.0).contains(&n),
                    "{key}={value} outside 0..{limit} on <{}>",
                    e.name
                );
                if vertical {
                    assert!(n <= height + 1.0, "{key}={value} below the viewBox height {height}");
                }
            }
        }
    }
}

fn check_path(d: &str, width: f64, height: f64) {
    let numbers: Vec<f64> = d
        .split(|c: char| c.is_ascii_alphabetic() || c == ' ' || c == ',')
        .filter(|s| !s.is_empty())
        .map(number)
        .collect();
    for pair in numbers.chunks(2) {
        assert_eq!(pair.len(), 2, "odd number of coordinates in path {d}");
        assert!(
            (-1.0..=width + 1.0).contains(&pair[0]),
            "path x {} outside the viewBox: {d}",
            pair[0]
        );
        assert!(
            (-1.0..=height + 1.0).contains(&pair[1]),
            "path y {} outside the viewBox: {d}",
            pair[1]
        );
    }
}

fn number(text: &str) -> f64 {
    let n: f64 = text.parse().unwrap_or_else(|_| panic!("not a number: {text:?}"));
    assert!(n.is_finite(), "non-finite number {text}");
    if let Some((_, decimals)) = text.split_once('.') {
        assert!(decimals.len() <= 2, "more than two decimals: {text}");
    }
    n
}
