//! Whether two addresses name the same page, as Hypothesis decides it (`h/util/uri.py`,
//! `normalize`): annotation files name the page they were made on, and the same page is reached
//! by several spellings of its address.
//!
//! For `http` and `https` addresses none of these matter: the scheme (`http` or `https`), a
//! leading `www.`, the host's case, the default port, trailing slashes, the fragment, the order
//! of the query's parameters, and tracking parameters (`utm_*`, `fbclid`, `gclid`, WebTrends'
//! `WT.*`). A page reached through Hypothesis' proxy (`https://via.hypothes.is/https://…`) is the
//! page itself. Other addresses (`urn:`, `doi:`, files) compare as written, trimmed.
//!
//! Hand-written rather than with the `url` crate: the core is in the page, and `url` brings
//! IDNA's Unicode tables with it (about 200 KB) to parse hosts this comparison only lowercases.
//! Unlike Hypothesis, a leading `www.` is also dropped (Hypothesis keeps it; the same site
//! publishes under both) and percent-escapes are compared as written.

/// The prefix of Hypothesis' proxy: `https://via.hypothes.is/https://example.org` is
/// `https://example.org`.
const PROXY_PREFIX: &str = "https://via.hypothes.is/";

/// Whether `a` and `b` name the same page (see the module's summary).
pub fn same_source(a: &str, b: &str) -> bool {
    normalised_source(a) == normalised_source(b)
}

/// `address` in the one spelling [`same_source`] compares: for a web address,
/// `http(s)://host[:port]/path[?sorted query without tracking]`; any other address trimmed.
pub fn normalised_source(address: &str) -> String {
    let mut address = address.trim();
    if let Some(proxied) = address.strip_prefix(PROXY_PREFIX) {
        if web_address_rest(proxied).is_some() {
            address = proxied;
        }
    }
    let Some((scheme, rest)) = web_address_rest(address) else {
        return address.to_owned();
    };
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path_and_query) = rest.split_at(authority_end);
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let host = normalised_authority(authority, &scheme);
    if host.is_empty() {
        return address.to_owned();
    }
    let path = path.trim_end_matches('/');
    let query = normalised_query(query);
    let query = if query.is_empty() { String::new() } else { format!("?{query}") };
    format!("http(s)://{host}{path}{query}")
}

/// For an `http:` or `https:` address, its scheme in lower case and what follows `://`.
fn web_address_rest(address: &str) -> Option<(String, &str)> {
    let (scheme, rest) = address.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    (scheme == "http" || scheme == "https").then_some((scheme, rest))
}

/// The host in lower case without a leading `www.`, with its port unless it is the scheme's
/// default, and with the user's name and password as written.
fn normalised_authority(authority: &str, scheme: &str) -> String {
    let (user, host_and_port) = authority.rsplit_once('@').map_or(("", authority), |(user, host)| (user, host));
    // An IPv6 host is in brackets and holds colons of its own.
    let port_at = if host_and_port.starts_with('[') {
        host_and_port.find(']').and_then(|end| host_and_port[end..].find(':').map(|colon| end + colon))
    } else {
        host_and_port.rfind(':')
    };
    let (host, port) = match port_at {
        Some(colon) => (&host_and_port[..colon], &host_and_port[colon + 1..]),
        None => (host_and_port, ""),
    };
    let host = host.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let default_port = if scheme == "https" { "443" } else { "80" };
    let port = if port.is_empty() || port == default_port { String::new() } else { format!(":{port}") };
    let user = if user.is_empty() { String::new() } else { format!("{user}@") };
    format!("{user}{host}{port}")
}

/// Whether a query parameter only tracks the visit and does not choose the page.
fn is_tracking_parameter(name: &str) -> bool {
    name.starts_with("utm_") || name.starts_with("WT.") || name == "fbclid" || name == "gclid"
}

/// The query's parameters sorted by name (a stable sort, so repeated names keep their order),
/// tracking parameters left out.
fn normalised_query(query: &str) -> String {
    let mut parameters: Vec<&str> = query
        .split('&')
        .filter(|parameter| !parameter.is_empty())
        .filter(|parameter| !is_tracking_parameter(parameter.split('=').next().unwrap_or_default()))
        .collect();
    parameters.sort_by_key(|parameter| parameter.split('=').next().unwrap_or_default());
    parameters.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://canada.ca/en/global-affairs/news/2021/06/statement.html";

    #[test]
    fn spellings_of_one_page_are_the_same_source() {
        let check = |address: &str| assert!(same_source(PAGE, address), "{address} is {PAGE}");
        check(PAGE);
        check("https://www.canada.ca/en/global-affairs/news/2021/06/statement.html");
        check("http://canada.ca/en/global-affairs/news/2021/06/statement.html");
        check("HTTPS://WWW.Canada.CA/en/global-affairs/news/2021/06/statement.html");
        check("https://canada.ca:443/en/global-affairs/news/2021/06/statement.html");
        check("http://canada.ca:80/en/global-affairs/news/2021/06/statement.html");
        check("https://canada.ca/en/global-affairs/news/2021/06/statement.html/");
        check("https://canada.ca/en/global-affairs/news/2021/06/statement.html#contacts");
        check("https://canada.ca/en/global-affairs/news/2021/06/statement.html?utm_source=x&utm_medium=email");
        check("https://canada.ca/en/global-affairs/news/2021/06/statement.html?fbclid=IwAR0&gclid=Cj0");
        check("  https://www.canada.ca/en/global-affairs/news/2021/06/statement.html?  ");
        check("https://via.hypothes.is/https://www.canada.ca/en/global-affairs/news/2021/06/statement.html");
        assert!(same_source("https://example.org/p?b=2&a=1", "http://example.org/p?a=1&b=2&utm_term=z"));
        assert!(same_source("https://example.org", "https://example.org/"));
        assert!(same_source("urn:x-pdf:abc", " urn:x-pdf:abc"));
    }

    #[test]
    fn other_pages_are_other_sources() {
        let check = |address: &str| assert!(!same_source(PAGE, address), "{address} is not {PAGE}");
        check("https://canada.ca/en/global-affairs/news/2021/06/other.html");
        check("https://canada.ca/fr/global-affairs/news/2021/06/statement.html");
        check("https://canada.ca:8443/en/global-affairs/news/2021/06/statement.html");
        check("https://gc.ca/en/global-affairs/news/2021/06/statement.html");
        check("https://canada.ca/en/global-affairs/news/2021/06/statement.html?page=2");
        check("https://canada.ca/en/global-affairs/news/2021/06/STATEMENT.html");
        check("urn:sha256:0123");
        check("");
        assert!(!same_source("https://example.org/p?a=1", "https://example.org/p?a=2"));
        assert!(!same_source("urn:x-pdf:abc", "urn:x-pdf:ABC"));
    }

    #[test]
    fn the_normalised_spelling_is_readable() {
        let check = |address: &str, expected: &str| assert_eq!(normalised_source(address), expected, "{address}");
        check("https://www.Example.org:443/a/b/?z=1&utm_campaign=c&a=2#top", "http(s)://example.org/a/b?a=2&z=1");
        check("http://user@[::1]:8080/x", "http(s)://user@[::1]:8080/x");
        check("http://[::1]/x", "http(s)://[::1]/x");
        check("mailto:someone@example.org", "mailto:someone@example.org");
        check("https://", "https://");
    }
}
