use serde::Serialize;

/// Which slice of a list to read: a page number (from 1) and an optional search text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
    pub search: Option<String>,
    /// Whether every match is counted for the page's total. A list that shows only its latest
    /// few, with nothing to page through, need not count them: a service's run to thousands.
    pub counted: bool,
}

impl PageRequest {
    pub const MAX_PER_PAGE: u32 = 100;

    /// Clamps the page to 1.. and the size to 1..=100; a blank search is no search.
    pub fn new(page: Option<u32>, per_page: Option<u32>, search: Option<&str>) -> Self {
        let search = search.map(str::trim).filter(|s| !s.is_empty()).map(|s| {
            let capped: String = s.chars().take(100).collect();
            capped
        });
        PageRequest {
            page: page.unwrap_or(1).max(1),
            per_page: per_page.unwrap_or(25).clamp(1, Self::MAX_PER_PAGE),
            search,
            counted: true,
        }
    }

    /// The first `n` of a list, uncounted: the page's total is then the number it holds.
    pub fn first(n: u32) -> Self {
        PageRequest { counted: false, ..PageRequest::new(Some(1), Some(n), None) }
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.per_page)
    }

    /// The search as a SQL `LIKE` pattern, lower-cased, with the wildcards in it escaped.
    pub fn like_pattern(&self) -> Option<String> {
        self.search.as_ref().map(|s| {
            let escaped =
                s.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            format!("%{escaped}%")
        })
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest::new(None, None, None)
    }
}

/// One page of a list, with the total so a reader knows how many pages there are.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(u64::from(self.per_page.max(1)))).max(1) as u32
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            per_page: self.per_page,
            total: self.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_request_is_clamped_and_its_search_escaped() {
        let request = PageRequest::new(Some(0), Some(10_000), Some("  50%_off "));
        assert_eq!((request.page, request.per_page), (1, 100));
        assert_eq!(request.like_pattern().as_deref(), Some("%50\\%\\_off%"));
        assert_eq!(PageRequest::new(None, None, Some("   ")).search, None);
    }

    #[test]
    fn the_page_count_rounds_up_and_is_never_zero() {
        let page = Page::<u8> { items: vec![], page: 1, per_page: 25, total: 51 };
        assert_eq!(page.pages(), 3);
        assert_eq!(Page::<u8> { total: 0, ..page }.pages(), 1);
    }
}
