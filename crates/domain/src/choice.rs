/// A closed list of words from DESIGN.md, stored and sent as its snake_case word.
pub trait Choice: Sized + Copy + 'static {
    /// Every value, in the order a form lists them.
    const ALL: &'static [Self];
    /// The word stored and sent over the API.
    fn as_str(self) -> &'static str;
    /// The words a person reads.
    fn label(self) -> &'static str;

    fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == text.trim())
    }

    /// The choices as a person reads them, for a message: "phone, in person, video or message".
    fn spoken() -> String {
        let labels: Vec<String> = Self::ALL.iter().map(|c| c.label().to_lowercase()).collect();
        match labels.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => labels.join(""),
        }
    }

    /// The valid words, for a message that names them.
    fn words() -> String {
        Self::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// Declares a [`Choice`] enum with its stored word and its label.
#[macro_export]
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $word:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            #[default]
            $($variant,)+
        }

        impl $crate::Choice for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word,)+ }
            }
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::Choice::label(*self))
            }
        }
    };
}
