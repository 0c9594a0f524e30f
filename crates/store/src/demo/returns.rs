//! The demo's monthly returns: every service's return sent, as counted, for each month from
//! the April before last up to the month before the last one ended, so the roll-up and impact
//! pages have something to show and the last month is left for a new user to send.

use domain::returns::{Period, SubmitInput};
use domain::{Date, Month, PageRequest, Scope};

use crate::{Result, Store};

impl Store {
    /// Sends each service's return for every month from the start of the last financial year
    /// to the month before the last one ended by `until` (and by today). Gives the months sent
    /// for.
    pub async fn send_demo_returns(&self, until: Date) -> Result<Vec<Month>> {
        let end = until.min(Date::today());
        // The last month ended is left to send, so a new user can try sending it.
        let ended =
            if end == end.month().last_day() { end.month() } else { end.month().previous() };
        let last = ended.previous();
        let first = Period::Year(Period::financial_year_start(last.first_day()) - 1).months()[0];
        let mut months = vec![first];
        while months[months.len() - 1] < last {
            let next = months[months.len() - 1].next();
            months.push(next);
        }
        let everything = Scope::Everything;
        let input = SubmitInput { comment: Some("Sent by the demo, as counted.".into()) };
        let mut page = 1;
        loop {
            let services =
                self.services(&everything, &PageRequest::new(Some(page), Some(100), None)).await?;
            for service in &services.items {
                for month in &months {
                    self.submit_return(&everything, service.id, *month, &input).await?;
                }
            }
            if services.items.len() < 100 {
                break;
            }
            page += 1;
        }
        Ok(months)
    }
}
