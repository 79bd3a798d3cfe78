//! The pictures of a book as the reader shows them: decoded once (a raster picture off
//! the interface thread where it can be, ahead of the reader), kept within a memory
//! budget, and SVG drawings kept as drawings.

use crate::book::Publication;

/// Decodes the picture at `href` in `publication`.
pub(super) fn decode(publication: &Publication, href: &str) -> Option<Picture> {
    let bytes = publication.read_resource(href).ok()?;
    // A raster format is known by its first bytes; only other files are read as SVG (reading
    // a JPEG as XML first cost a guess of its character set over every byte).
    let Ok(format) = image::guess_format(&bytes) else {
        let size = svg_size(&bytes)?;
        let drawing = Drawing::Vector(iced::widget::svg::Handle::from_memory(bytes));
        return Some(Picture { drawing, size });
    };
    let picture = image::load_from_memory_with_format(&bytes, format).ok()?;
    let (width, height) = (picture.width(), picture.height());
    #[allow(clippy::cast_precision_loss)]
    let size = (width as f32, height as f32);
    let handle = iced::widget::image::Handle::from_rgba(width, height, rgba(picture));
    Some(Picture { drawing: Drawing::Raster(handle), size })
}

/// The picture's pixels as RGBA bytes. Grey and RGB pictures (most JPEGs) are widened here
/// directly: `image`'s general conversion (colour-space aware, rounding every sample) took
/// several times as long for a comic page.
fn rgba(picture: image::DynamicImage) -> Vec<u8> {
    use image::DynamicImage;
    let widen = |samples: &[u8], channels: usize, pixel: fn(&[u8]) -> [u8; 4]| {
        let mut out = Vec::with_capacity(samples.len() / channels * 4);
        for sample in samples.chunks_exact(channels) {
            out.extend_from_slice(&pixel(sample));
        }
        out
    };
    match picture {
        DynamicImage::ImageLuma8(grey) => widen(grey.as_raw(), 1, |p| match *p {
            [v] => [v, v, v, u8::MAX],
            _ => [0; 4],
        }),
        DynamicImage::ImageLumaA8(grey) => widen(grey.as_raw(), 2, |p| match *p {
            [v, a] => [v, v, v, a],
            _ => [0; 4],
        }),
        DynamicImage::ImageRgb8(rgb) => widen(rgb.as_raw(), 3, |p| match *p {
            [r, g, b] => [r, g, b, u8::MAX],
            _ => [0; 4],
        }),
        DynamicImage::ImageRgba8(rgba) => rgba.into_raw(),
        other => other.into_rgba8().into_raw(),
    }
}

/// Decoded pictures by href (`None`: not a picture we can show), the least recently
/// used given up first once they pass [`PICTURE_BUDGET`] bytes (a comic page is some 6 MB;
/// the pictures in view are always the most recently used, so they stay).
#[derive(Debug, Default)]
pub(super) struct Pictures {
    /// Each picture, with when it was last used.
    entries: std::collections::HashMap<String, (Option<Picture>, u64)>,
    /// A use counter.
    clock: u64,
}

impl Pictures {
    pub(super) fn get(&mut self, href: &str) -> Option<Option<Picture>> {
        self.clock += 1;
        let entry = self.entries.get_mut(href)?;
        entry.1 = self.clock;
        Some(entry.0.clone())
    }

    pub(super) fn contains(&self, href: &str) -> bool {
        self.entries.contains_key(href)
    }

    pub(super) fn insert(&mut self, href: &str, picture: Option<Picture>) {
        self.clock += 1;
        self.entries.insert(href.to_owned(), (picture, self.clock));
        while self.bytes() > PICTURE_BUDGET && self.entries.len() > 1 {
            let oldest = self.entries.iter().min_by_key(|(_, (_, used))| *used).map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                self.entries.remove(&oldest);
            }
        }
    }

    fn bytes(&self) -> usize {
        self.entries.values().filter_map(|(p, _)| p.as_ref()).map(Picture::bytes).sum()
    }
}

/// Keeps a decoded picture.
pub(super) fn keep(images: &std::sync::Mutex<Pictures>, href: &str, picture: Option<Picture>) {
    if let Ok(mut images) = images.lock() {
        images.insert(href, picture);
    }
}

/// Most bytes of decoded pictures kept at once.
const PICTURE_BUDGET: usize = 48 << 20;

/// A decoded picture and its size in pixels.
#[derive(Debug, Clone)]
pub struct Picture {
    /// What the renderer draws.
    pub drawing: Drawing,
    /// Width and height in pixels.
    pub size: (f32, f32),
}

impl Picture {
    /// About how much memory it holds decoded (RGBA for pixels; a drawing is small).
    fn bytes(&self) -> usize {
        match self.drawing {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Drawing::Raster(_) => (self.size.0 * self.size.1 * 4.0) as usize,
            Drawing::Vector(_) => 0,
        }
    }
}

/// A picture as the renderer takes it.
#[derive(Debug, Clone)]
pub enum Drawing {
    /// Pixels (JPEG, PNG, GIF, WebP), decoded.
    Raster(iced::widget::image::Handle),
    /// An SVG drawing, drawn sharp at any size.
    Vector(iced::widget::svg::Handle),
}

/// The size an SVG drawing asks for: its `width` and `height` in pixels, else its
/// `viewBox`; `None` when it is not SVG we can read.
fn svg_size(bytes: &[u8]) -> Option<(f32, f32)> {
    let root = crate::book::xml::parse(bytes, "picture.svg").ok()?;
    if !root.is("svg") {
        return None;
    }
    let length = |name: &str| {
        let value = root.attr(name)?.trim().trim_end_matches("px");
        value.parse::<f32>().ok().filter(|v| *v > 0.0)
    };
    if let (Some(w), Some(h)) = (length("width"), length("height")) {
        return Some((w, h));
    }
    let view_box: Vec<f32> =
        root.attr("viewBox")?.split([' ', ',']).filter_map(|v| v.trim().parse().ok()).collect();
    match view_box.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((*w, *h)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Drawing, PICTURE_BUDGET, Picture, Pictures, rgba, svg_size};

    fn page(side: f32) -> Option<Picture> {
        let handle = iced::widget::image::Handle::from_rgba(1, 1, vec![0; 4]);
        Some(Picture { drawing: Drawing::Raster(handle), size: (side, side) })
    }

    #[test]
    fn pictures_in_use_stay_and_the_least_recently_used_go_past_the_budget() {
        let mut pictures = Pictures::default();
        // Each "page" holds 16 MB decoded: three fit the 48 MB budget.
        for name in ["1", "2", "3"] {
            pictures.insert(name, page(2048.0));
        }
        assert_eq!(pictures.get("1").map(|p| p.is_some()), Some(true), "page 1 used again");
        pictures.insert("4", page(2048.0));
        assert!(pictures.contains("1") && pictures.contains("3") && pictures.contains("4"));
        assert!(!pictures.contains("2"), "the least recently used went");
        assert!(pictures.bytes() <= PICTURE_BUDGET);
        // Pictures that could not be read are remembered and cost nothing.
        pictures.insert("broken", None);
        assert_eq!(pictures.get("broken").map(|p| p.is_none()), Some(true));
    }

    #[test]
    fn an_svg_drawing_says_its_size_by_attributes_or_view_box() {
        let sized = br#"<svg xmlns="http://www.w3.org/2000/svg" width="150px" height="120"/>"#;
        assert_eq!(svg_size(sized), Some((150.0, 120.0)));
        let boxed = br#"<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 1189, 841"/>"#;
        assert_eq!(svg_size(boxed), Some((1189.0, 841.0)));
        assert_eq!(svg_size(b"\x89PNG not svg"), None);
        assert_eq!(svg_size(br#"<html xmlns="http://www.w3.org/1999/xhtml"/>"#), None);
    }

    #[test]
    fn grey_and_colour_pictures_widen_to_the_same_pixels_as_the_general_conversion() {
        use image::{DynamicImage, GrayAlphaImage, GrayImage, RgbImage};
        let grey = GrayImage::from_fn(7, 5, |x, y| image::Luma([(x * 37 + y * 11) as u8]));
        let grey_alpha = GrayAlphaImage::from_fn(3, 4, |x, y| image::LumaA([(x * 80) as u8, (y * 60) as u8]));
        let colour = RgbImage::from_fn(6, 2, |x, y| image::Rgb([(x * 40) as u8, (y * 100) as u8, 250]));
        for picture in [
            DynamicImage::ImageLuma8(grey),
            DynamicImage::ImageLumaA8(grey_alpha),
            DynamicImage::ImageRgb8(colour),
            DynamicImage::ImageLuma16(image::ImageBuffer::from_pixel(2, 2, image::Luma([40_000u16]))),
        ] {
            let expected = picture.to_rgba8().into_raw();
            assert_eq!(rgba(picture), expected);
        }
    }
}
