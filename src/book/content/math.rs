//! MathML as one line of text: `y − y₁ = (y₂ − y₁)/(x₂ − x₁)(x − x₁)`, shown in the
//! reader's type at the reader's size and colours, with the book's spoken form
//! (`alttext`) for voices and screen readers.

use super::super::dom::{Element, Node, collapse_whitespace};
use super::super::model::Inline;

/// The inline for a `<math>` element.
pub fn inline(el: &Element) -> Inline {
    let linear = linear(el).trim().to_owned();
    let spoken = el.attr("alttext").map(collapse_whitespace).filter(|a| !a.is_empty());
    Inline::Math { linear, spoken }
}

/// The children that are elements.
fn elements(el: &Element) -> impl Iterator<Item = &Element> {
    el.children.iter().filter_map(|c| match c {
        Node::Element(e) => Some(e),
        Node::Text(_) => None,
    })
}

/// Whether `text` is one token (needs no brackets around it as a fraction part).
fn is_atom(text: &str) -> bool {
    text.chars().count() <= 1 || text.chars().all(|c| c.is_alphanumeric() || c == '.')
}

fn bracketed(text: String) -> String {
    if is_atom(&text) { text } else { format!("({text})") }
}

/// Subscript or superscript digits and signs where Unicode has them, else `_(…)` / `^(…)`.
fn script(text: &str, sub: bool) -> String {
    let map = |c: char| -> Option<char> {
        let (digits, plus, minus) = if sub {
            ("₀₁₂₃₄₅₆₇₈₉", '₊', '₋')
        } else {
            ("⁰¹²³⁴⁵⁶⁷⁸⁹", '⁺', '⁻')
        };
        match c {
            '0'..='9' => digits.chars().nth(c as usize - '0' as usize),
            '+' => Some(plus),
            '-' | '−' => Some(minus),
            'n' if !sub => Some('ⁿ'),
            'i' if !sub => Some('ⁱ'),
            _ => None,
        }
    };
    text.chars().map(map).collect::<Option<String>>().unwrap_or_else(|| {
        let mark = if sub { '_' } else { '^' };
        format!("{mark}{}", bracketed(text.to_owned()))
    })
}

/// The linear text of a MathML element.
pub fn linear(el: &Element) -> String {
    let parts: Vec<String> = elements(el).map(linear).collect();
    let part = |i: usize| parts.get(i).cloned().unwrap_or_default();
    match el.local_name() {
        "mi" | "mn" | "mtext" | "ms" => collapse_whitespace(&el.text()),
        "mo" => {
            let op = collapse_whitespace(&el.text());
            match op.as_str() {
                "(" | ")" | "[" | "]" | "{" | "}" | "|" | "," | "" | "\u{2061}" | "\u{2062}" => op,
                _ => format!(" {op} "),
            }
        }
        "mspace" => " ".to_owned(),
        "mfrac" => format!("{}/{}", bracketed(part(0)), bracketed(part(1))),
        "msub" => format!("{}{}", part(0), script(&part(1), true)),
        "msup" => format!("{}{}", part(0), script(&part(1), false)),
        "msubsup" => format!("{}{}{}", part(0), script(&part(1), true), script(&part(2), false)),
        "msqrt" => format!("√{}", bracketed(parts.concat())),
        "mroot" => format!("{}√{}", script(&part(1), false), bracketed(part(0))),
        "annotation" | "annotation-xml" => String::new(),
        "semantics" => part(0),
        _ => parts.concat().replace("  ", " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::xml;

    fn math(source: &str) -> Inline {
        let root = xml::parse(source.as_bytes(), "t.xhtml").unwrap();
        inline(&root)
    }

    #[test]
    fn the_point_slope_form_reads_on_one_line_and_speaks_its_alttext() {
        let source = r#"<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="y minus y sub 1 equals">
            <mrow><mi>y</mi><mo>−</mo><msub><mi>y</mi><mn>1</mn></msub><mo>=</mo>
            <mfrac><mrow><msub><mi>y</mi><mn>2</mn></msub><mo>−</mo><msub><mi>y</mi><mn>1</mn></msub></mrow>
                   <mrow><msub><mi>x</mi><mn>2</mn></msub><mo>−</mo><msub><mi>x</mi><mn>1</mn></msub></mrow></mfrac>
            <mrow><mo>(</mo><mi>x</mi><mo>−</mo><msub><mi>x</mi><mn>1</mn></msub><mo>)</mo></mrow></mrow></math>"#;
        let Inline::Math { linear, spoken } = math(source) else { panic!("not math") };
        assert_eq!(linear, "y − y₁ = (y₂ − y₁)/(x₂ − x₁)(x − x₁)");
        assert_eq!(spoken.as_deref(), Some("y minus y sub 1 equals"));
    }

    #[test]
    fn roots_powers_and_long_scripts() {
        let source = r#"<math><msqrt><msup><mi>a</mi><mn>2</mn></msup><mo>+</mo><msup><mi>b</mi><mi>k</mi></msup></msqrt>
            <msub><mi>x</mi><mi>max</mi></msub></math>"#;
        let Inline::Math { linear, spoken } = math(source) else { panic!("not math") };
        assert_eq!(linear, "√(a² + b^k)x_max");
        assert_eq!(spoken, None);
    }
}
