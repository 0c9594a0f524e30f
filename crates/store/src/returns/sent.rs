//! The returns sent, as the roll-up, its trends and impact read them: each service's latest
//! version for a set of months. A sent version is never changed or deleted (both schemas refuse
//! it), so a read stays true until another version is sent; counting the versions for the
//! months tells whether one has been, and until then the last read is used again. Every server
//! counts for itself, so a version sent through another is seen at once. When a read is not
//! kept, one request reads it while the others asking at the same moment wait for it.

use std::sync::{Arc, Mutex};

use domain::Month;
use domain::returns::Sent;

use crate::rows::RowExt;
use crate::{Result, Store};

/// How many reads are kept: a few periods are asked for again and again.
const KEPT: usize = 8;

/// One read kept: the months, how many versions they had then, and what was read.
type Kept = (Vec<Month>, i64, Arc<Vec<Sent>>);

/// The reads kept, the latest last, and the turn to read one that is not kept.
#[derive(Default)]
pub(crate) struct SentCache {
    kept: Mutex<Vec<Kept>>,
    reading: tokio::sync::Mutex<()>,
}

impl SentCache {
    pub(crate) fn new() -> Arc<SentCache> {
        Arc::new(SentCache::default())
    }

    fn get(&self, months: &[Month], versions: i64) -> Option<Arc<Vec<Sent>>> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.iter().find(|(m, v, _)| m == months && *v == versions).map(|(.., s)| Arc::clone(s))
    }

    fn put(&self, months: &[Month], versions: i64, sent: Arc<Vec<Sent>>) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.retain(|(m, ..)| m != months);
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push((months.to_vec(), versions, sent));
    }
}

fn placeholders(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// The latest version of each return sent for one of `months`.
    pub(crate) async fn sent(&self, months: &[Month]) -> Result<Arc<Vec<Sent>>> {
        let sql = format!(
            "SELECT count(*) FROM monthly_returns WHERE month IN ({})",
            placeholders(months.len())
        );
        let mut query = sqlx::query_scalar::<_, i64>(&sql);
        for month in months {
            query = query.bind(month.to_string());
        }
        let versions = query.fetch_one(&mut *self.read().await?).await?;
        if let Some(kept) = self.sent_cache.get(months, versions) {
            return Ok(kept);
        }
        let _turn = self.sent_cache.reading.lock().await;
        if let Some(kept) = self.sent_cache.get(months, versions) {
            return Ok(kept);
        }
        let read = Arc::new(self.read_sent(months).await?);
        self.sent_cache.put(months, versions, Arc::clone(&read));
        Ok(read)
    }

    async fn read_sent(&self, months: &[Month]) -> Result<Vec<Sent>> {
        let sql = format!(
            "SELECT r.service_id, s.name, s.region, r.month, r.figures FROM monthly_returns r \
             JOIN services s ON s.id = r.service_id WHERE r.month IN ({}) \
             AND r.version = (SELECT max(m.version) FROM monthly_returns m \
             WHERE m.service_id = r.service_id AND m.month = r.month)",
            placeholders(months.len())
        );
        let mut query = sqlx::query(&sql);
        for month in months {
            query = query.bind(month.to_string());
        }
        let rows = query.fetch_all(&mut *self.read().await?).await?;
        let sent = rows.iter().map(|r| {
            Ok(Sent {
                service_id: r.id("service_id")?,
                service_name: r.text("name")?,
                region: r.text("region")?,
                month: Month::parse(&r.text("month")?)
                    .map_err(|e| sqlx::Error::Decode(e.into()))?,
                figures: serde_json::from_str(&r.text("figures")?)
                    .map_err(|e| sqlx::Error::Decode(e.into()))?,
            })
        });
        Ok(sent.collect::<sqlx::Result<Vec<_>>>()?)
    }
}
