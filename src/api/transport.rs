//! What a transport failure was, in words a person can act on.

/// The innermost cause of a transport error, which says what actually happened
/// ("Connection refused") where the outer layers only say "error sending request".
pub fn describe_transport(e: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = e;
    while let Some(inner) = source.source() {
        source = inner;
    }
    let inner = source.to_string();
    match e.url() {
        Some(url) => format!(
            "{inner} ({}:{})",
            url.host_str().unwrap_or("?"),
            url.port_or_known_default().unwrap_or(0)
        ),
        None => inner,
    }
}
