//! WCAG 2 contrast ratio between two colours.

use super::Rgb;

fn channel(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

fn luminance(c: Rgb) -> f64 {
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// The WCAG 2 contrast ratio of two colours, from 1.0 to 21.0.
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ratios() {
        let cases = [
            (Rgb(0, 0, 0), Rgb(255, 255, 255), 21.0),
            (Rgb(255, 255, 255), Rgb(255, 255, 255), 1.0),
            (Rgb(0x76, 0x76, 0x76), Rgb(255, 255, 255), 4.54),
            (Rgb(255, 255, 0), Rgb(0, 0, 0), 19.56),
        ];
        for (a, b, want) in cases {
            let got = contrast_ratio(a, b);
            assert!((got - want).abs() < 0.01, "{a:?}/{b:?}: {got} != {want}");
        }
    }
}
