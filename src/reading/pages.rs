//! Fixed-layout books (e-magazines, comics): each page a picture, shown whole, across the
//! window's width, or enlarged up to 800 % and moved about with the keyboard.

/// How large a page picture is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageZoom {
    /// The whole page in the window.
    #[default]
    FitPage,
    /// The page as wide as the window (scroll down for the rest).
    FitWidth,
    /// A percentage of the whole-page size (100–800).
    Percent(u16),
}

/// Zoom steps in percent of the whole-page size.
pub const ZOOM_STEPS: [u16; 9] = [100, 125, 150, 200, 250, 300, 400, 600, 800];

impl PageZoom {
    /// The next larger zoom; `None` at 800 %.
    pub fn larger(self, page: (f32, f32), view: (f32, f32)) -> Option<PageZoom> {
        let now = self.percent(page, view);
        ZOOM_STEPS.iter().find(|&&p| f32::from(p) > now + 0.5).map(|&p| PageZoom::Percent(p))
    }

    /// The next smaller zoom; `None` at the whole page.
    pub fn smaller(self, page: (f32, f32), view: (f32, f32)) -> Option<PageZoom> {
        let now = self.percent(page, view);
        match ZOOM_STEPS.iter().rev().find(|&&p| f32::from(p) < now - 0.5) {
            Some(100) => Some(PageZoom::FitPage),
            Some(&p) => Some(PageZoom::Percent(p)),
            None => None,
        }
    }

    /// This zoom in percent of the whole-page size.
    pub fn percent(self, page: (f32, f32), view: (f32, f32)) -> f32 {
        100.0 * self.scale(page, view) / PageZoom::FitPage.scale(page, view)
    }

    /// Pixels of the view per pixel of a page picture `page` (width, height) in a view of
    /// `view` (width, height).
    pub fn scale(self, page: (f32, f32), view: (f32, f32)) -> f32 {
        let (w, h) = (page.0.max(1.0), page.1.max(1.0));
        let fit_page = (view.0 / w).min(view.1 / h);
        match self {
            PageZoom::FitPage => fit_page,
            PageZoom::FitWidth => view.0 / w,
            PageZoom::Percent(p) => fit_page * f32::from(p) / 100.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: (f32, f32) = (600.0, 900.0);
    const VIEW: (f32, f32) = (1000.0, 600.0);

    #[test]
    fn the_whole_page_or_its_width_fills_the_view() {
        assert!((PageZoom::FitPage.scale(PAGE, VIEW) - 600.0 / 900.0).abs() < 1e-6);
        assert!((PageZoom::FitWidth.scale(PAGE, VIEW) - 1000.0 / 600.0).abs() < 1e-6);
        assert!((PageZoom::Percent(800).percent(PAGE, VIEW) - 800.0).abs() < 1e-3);
    }

    #[test]
    fn zoom_steps_up_to_800_and_back_to_the_whole_page() {
        let mut zoom = PageZoom::FitPage;
        let mut seen = vec![];
        while let Some(next) = zoom.larger(PAGE, VIEW) {
            seen.push(next);
            zoom = next;
        }
        assert_eq!(seen.len(), ZOOM_STEPS.len() - 1);
        assert_eq!(zoom, PageZoom::Percent(800));
        while let Some(next) = zoom.smaller(PAGE, VIEW) {
            zoom = next;
        }
        assert_eq!(zoom, PageZoom::FitPage);
        // Fit width is 250 % of the whole page here: the next step up is 300 %.
        assert_eq!(PageZoom::FitWidth.larger(PAGE, VIEW), Some(PageZoom::Percent(300)));
        assert_eq!(PageZoom::FitWidth.smaller(PAGE, VIEW), Some(PageZoom::Percent(200)));
    }
}
