//! How the site handles sign-in (session limits, whether it is served over HTTPS) and where
//! people reach it.

use store::accounts::Limits;

#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// How long sessions last.
    pub limits: Limits,
    /// Served over HTTPS: cookies are `Secure` with the `__Host-` prefix, and HSTS is sent.
    pub https: bool,
    /// The site's address as people reach it, when it is set (`--public-url`); otherwise an
    /// address shown whole is built from the address the browser asked for.
    pub public_url: Option<String>,
}

impl Settings {
    pub fn cookie_name(&self) -> &'static str {
        if self.https { "__Host-constellate_session" } else { "constellate_session" }
    }

    /// The `Set-Cookie` value that holds a session.
    pub fn session_cookie(&self, secret: &str) -> String {
        let secure = if self.https { "; Secure" } else { "" };
        format!("{}={secret}; Path=/; HttpOnly; SameSite=Lax{secure}", self.cookie_name())
    }

    /// The `Set-Cookie` value that removes it.
    pub fn cleared_cookie(&self) -> String {
        let secure = if self.https { "; Secure" } else { "" };
        format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}", self.cookie_name())
    }
}
