//! A read: one of the store's reading connections (see `connections`), taken in turn.

use crate::connections::Held;
use crate::{Result, Store};

/// A read in progress; the connection goes back when it is dropped.
pub(crate) type Read = Held;

impl Store {
    /// A connection to read with, its turn come: use it as `&mut *store.read().await?`.
    pub(crate) async fn read(&self) -> Result<Read> {
        self.readers.take().await
    }
}
