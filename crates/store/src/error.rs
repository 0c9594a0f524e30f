/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such record within the caller's scope.
    #[error("not found")]
    NotFound,
    /// A rule of the model was broken; each field says why.
    #[error(transparent)]
    Invalid(#[from] domain::Error),
    /// The database URL or the schema is wrong.
    #[error("configuration: {0}")]
    Config(String),
    /// The caller can see the record but their role may not make this change.
    #[error("your role does not allow this change")]
    Forbidden,
    /// Someone else got there first (the last bed, or an answer to the same request); the
    /// field says what happened.
    #[error("conflict: {0}")]
    Conflict(domain::Error),
    /// The demo fills an empty database only.
    #[error("the database already holds data; the demo fills an empty database only")]
    NotEmpty,
    #[error("database: {0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for Error {
    /// Notes on the way an error that may mean a broken connection: see `connections::note`.
    fn from(error: sqlx::Error) -> Self {
        crate::connections::note(&error);
        Error::Database(error)
    }
}

impl Error {
    pub(crate) fn field(field: &str, message: impl Into<String>) -> Self {
        Error::Invalid(domain::Error::field(field, message))
    }

    pub(crate) fn conflict(field: &str, message: impl Into<String>) -> Self {
        Error::Conflict(domain::Error::field(field, message))
    }

    /// A referenced record that is missing (or outside the scope) is a wrong field, not a missing
    /// page: the form or body named it.
    pub(crate) fn or_field(self, field: &str, message: &str) -> Self {
        match self {
            Error::NotFound => Error::field(field, message),
            other => other,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
