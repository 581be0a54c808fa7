//! A minimal HTTP/1.1 GET for settings files (ISPDB, autoconfig): every host name resolved
//! through [`Net`] (so `--dns-server` applies), TLS verified against [`Net::trust_roots`] (so
//! `--ca-file` applies), one deadline for connect + every read, a body size cap enforced while
//! reading, and redirects followed only to https.
//!
//! NOTE: hand-written on purpose instead of ureq 3. ureq cannot take our `RootCertStore`
//! (Mozilla + system roots + `--ca-file` trust anchors): it accepts only a certificate list or its
//! own WebPki/platform verifiers, so using it would mean a custom `Connector` *and* a custom
//! `Resolver` from its `unversioned` (semver-exempt) API, and its per-read timeouts cannot express
//! "this whole download ends at this instant" against a server that trickles bytes. The subset
//! needed here — one GET with `Connection: close`, identity encoding, Content-Length / chunked /
//! close-delimited bodies, a few redirects — is small, and keeps the deadline, the cap and the
//! redirect rule in one place we control.

use super::stream::{DeadlineStream, TlsError, is_timeout_kind};
use super::{Net, NetError, remaining};
use std::io::{self, Read, Write};
use std::time::Instant;

/// Largest response head (status line + headers) accepted.
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Longest chunk-size line accepted in a chunked body.
const MAX_CHUNK_LINE_BYTES: usize = 1024;
/// Most redirects followed by [`Net::http_get`].
pub const MAX_HTTP_REDIRECTS: usize = 3;
/// How much is read from the socket at a time.
const READ_CHUNK_BYTES: usize = 16 * 1024;

/// A successful (2xx) HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// The Content-Type header's media type, lower case, without parameters (`text/xml`).
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// The URL that finally answered (after redirects).
    pub url: String,
    /// True when any request in the chain went over plain http (the answer could have been altered).
    pub via_plain_http: bool,
}

/// Why a GET produced no usable response. Host names are included; nothing secret is.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum HttpError {
    #[error("not a usable http(s) URL: {url}")]
    BadUrl { url: String },
    #[error(transparent)]
    Net {
        #[from]
        source: NetError,
    },
    #[error(transparent)]
    Tls {
        #[from]
        source: TlsError,
    },
    #[error("{host} did not answer in time")]
    Timeout { host: String },
    #[error("the connection to {host} failed: {detail}")]
    Io { host: String, detail: String },
    #[error("{host} sent a malformed HTTP response: {detail}")]
    Malformed { host: String, detail: String },
    #[error("{host} answered HTTP {status}")]
    Status { host: String, status: u16 },
    #[error("the response from {host} is larger than {limit_bytes} bytes")]
    TooLarge { host: String, limit_bytes: usize },
    #[error("{host} redirected to {location}, which is not https, so it was not followed")]
    InsecureRedirect { host: String, location: String },
    #[error("more than {limit} redirects, starting at {url}")]
    TooManyRedirects { url: String, limit: usize },
}

impl HttpError {
    /// True when a deadline ran out (DNS, connect, TLS or reading).
    pub fn is_timeout(&self) -> bool {
        match self {
            HttpError::Timeout { .. } => true,
            HttpError::Net { source } => source.is_timeout(),
            HttpError::Tls { source } => source.is_timeout(),
            _ => false,
        }
    }
}

/// A parsed `http://` or `https://` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HttpUrl {
    pub https: bool,
    /// ASCII host (punycode for IDN), or an IP literal without brackets.
    pub host: String,
    pub port: u16,
    /// Path and query, always starting with `/`; no fragment.
    pub target: String,
}

impl HttpUrl {
    /// Parses an absolute http(s) URL. User info (`user@host`) is refused.
    pub fn parse(url: &str) -> Result<HttpUrl, HttpError> {
        let bad = || HttpError::BadUrl { url: url.to_string() };
        let url = url.trim();
        let (https, rest) = if let Some(rest) = strip_prefix_ignore_case(url, "https://") {
            (true, rest)
        } else if let Some(rest) = strip_prefix_ignore_case(url, "http://") {
            (false, rest)
        } else {
            return Err(bad());
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, target) = rest.split_at(authority_end);
        if authority.is_empty() || authority.contains('@') || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (host, after) = v6.split_once(']').ok_or_else(bad)?;
            host.parse::<std::net::Ipv6Addr>().map_err(|_| bad())?;
            (host.to_string(), after.strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), Some(p)),
                None => (authority.to_string(), None),
            }
        };
        let port = match port {
            None | Some("") => {
                if https {
                    443
                } else {
                    80
                }
            }
            Some(p) => match p.parse::<u16>() {
                Ok(p) if p != 0 => p,
                _ => return Err(bad()),
            },
        };
        let host = if host.contains(':') {
            host
        } else {
            crate::engine::email_address::domain_to_ascii(&host).map_err(|_| bad())?
        };
        let target = if target.starts_with('/') { target.to_string() } else { format!("/{target}") };
        Ok(HttpUrl { https, host, port, target })
    }

    /// The `Host` header value.
    fn host_header(&self) -> String {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        let default_port = if self.https { 443 } else { 80 };
        if self.port == default_port { host } else { format!("{host}:{}", self.port) }
    }

    /// The URL as text.
    pub fn to_url(&self) -> String {
        format!("{}://{}{}", if self.https { "https" } else { "http" }, self.host_header(), self.target)
    }

    /// Resolves a `Location` header against this URL.
    fn join(&self, location: &str) -> Result<HttpUrl, HttpError> {
        let location = location.trim();
        if strip_prefix_ignore_case(location, "https://").is_some()
            || strip_prefix_ignore_case(location, "http://").is_some()
        {
            return HttpUrl::parse(location);
        }
        if let Some(rest) = location.strip_prefix("//") {
            return HttpUrl::parse(&format!("{}://{rest}", if self.https { "https" } else { "http" }));
        }
        let target = if location.starts_with('/') {
            location.to_string()
        } else {
            let path = self.target.split('?').next().unwrap_or("/");
            let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
            format!("{dir}{location}")
        };
        HttpUrl::parse(&format!("{}://{}{}", if self.https { "https" } else { "http" }, self.host_header(), target))
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

impl Net {
    /// GETs `url` and returns a 2xx response whose body is at most `max_body_bytes`, all before
    /// `deadline`. Redirects (at most [`MAX_HTTP_REDIRECTS`]) are followed only to https URLs;
    /// any other status is [`HttpError::Status`].
    pub fn http_get(&self, url: &str, deadline: Instant, max_body_bytes: usize) -> Result<HttpResponse, HttpError> {
        let mut current = HttpUrl::parse(url)?;
        let mut via_plain_http = false;
        for _ in 0..=MAX_HTTP_REDIRECTS {
            via_plain_http |= !current.https;
            let reply = self.get_once(&current, deadline, max_body_bytes)?;
            match reply {
                Reply::Redirect { location } => {
                    let next = current.join(&location).map_err(|_| HttpError::Malformed {
                        host: current.host.clone(),
                        detail: format!("unusable redirect location {location:?}"),
                    })?;
                    if !next.https {
                        return Err(HttpError::InsecureRedirect { host: current.host, location: next.to_url() });
                    }
                    current = next;
                }
                Reply::Done { status, content_type, body } => {
                    if !(200..300).contains(&status) {
                        return Err(HttpError::Status { host: current.host, status });
                    }
                    return Ok(HttpResponse { status, content_type, body, url: current.to_url(), via_plain_http });
                }
            }
        }
        Err(HttpError::TooManyRedirects { url: url.to_string(), limit: MAX_HTTP_REDIRECTS })
    }

    fn get_once(&self, url: &HttpUrl, deadline: Instant, max_body_bytes: usize) -> Result<Reply, HttpError> {
        let tcp = self.connect_tcp(&url.host, url.port, deadline)?;
        let mut conn =
            if url.https { self.tls_handshake(tcp, &url.host, deadline)? } else { DeadlineStream::new(tcp, deadline) };
        let request = format!(
            "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: mailsetup/{}\r\nAccept: text/xml, application/xml\r\n\
             Accept-Encoding: identity\r\nConnection: close\r\n\r\n",
            url.target,
            url.host_header(),
            env!("CARGO_PKG_VERSION"),
        );
        let io_error = |e: io::Error| {
            if is_timeout_kind(e.kind()) {
                HttpError::Timeout { host: url.host.clone() }
            } else {
                HttpError::Io { host: url.host.clone(), detail: e.to_string() }
            }
        };
        conn.write_all(request.as_bytes()).and_then(|()| conn.flush()).map_err(io_error)?;
        let mut wire = Wire { conn, buf: Vec::new(), start: 0, eof: false, host: &url.host, deadline };
        read_response(&mut wire, max_body_bytes)
    }
}

/// One HTTP exchange's outcome before the redirect policy is applied.
#[derive(Debug)]
enum Reply {
    Redirect { location: String },
    Done { status: u16, content_type: Option<String>, body: Vec<u8> },
}

/// Buffered reading from a connection, bounded by the deadline.
struct Wire<'a, R> {
    conn: R,
    buf: Vec<u8>,
    start: usize,
    eof: bool,
    host: &'a str,
    deadline: Instant,
}

impl<R: Read> Wire<'_, R> {
    fn buffered(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
        if self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        }
    }

    /// Reads more bytes into the buffer; returns false at end of stream.
    fn fill(&mut self) -> Result<bool, HttpError> {
        if self.eof {
            return Ok(false);
        }
        if remaining(self.deadline).is_none() {
            return Err(HttpError::Timeout { host: self.host.to_string() });
        }
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        let old_len = self.buf.len();
        self.buf.resize(old_len + READ_CHUNK_BYTES, 0);
        let result = match self.conn.read(&mut self.buf[old_len..]) {
            // NOTE: many servers close without a TLS close_notify; a truncated body then fails
            // to parse as XML, so treating this as the end of the stream is safe here.
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(0),
            other => other,
        };
        let n = match result {
            Ok(n) => n,
            Err(e) => {
                self.buf.truncate(old_len);
                return Err(if is_timeout_kind(e.kind()) {
                    HttpError::Timeout { host: self.host.to_string() }
                } else {
                    HttpError::Io { host: self.host.to_string(), detail: e.to_string() }
                });
            }
        };
        self.buf.truncate(old_len + n);
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }

    fn malformed(&self, detail: &str) -> HttpError {
        HttpError::Malformed { host: self.host.to_string(), detail: detail.to_string() }
    }

    /// Reads up to and including the first `\r\n\r\n`; returns the head without it.
    fn read_head(&mut self) -> Result<Vec<u8>, HttpError> {
        let (too_long, closed) =
            ("the response headers are too long", "the connection closed before the headers ended");
        self.read_until(b"\r\n\r\n", MAX_HEAD_BYTES, too_long, closed)
    }

    /// Reads one line ending in `\r\n` (returned without it), at most `max` bytes.
    fn read_line(&mut self, max: usize) -> Result<Vec<u8>, HttpError> {
        let (too_long, closed) = ("a chunk header is too long", "the connection closed in the middle of the body");
        self.read_until(b"\r\n", max, too_long, closed)
    }

    /// Reads up to and including the first `delimiter` and returns what came before it, which
    /// may be at most `max` bytes; `too_long` and `closed` are the reasons when it is not there.
    fn read_until(&mut self, delimiter: &[u8], max: usize, too_long: &str, closed: &str) -> Result<Vec<u8>, HttpError> {
        loop {
            if let Some(end) = find(self.buffered(), delimiter) {
                let found = self.buffered()[..end].to_vec();
                self.consume(end + delimiter.len());
                return Ok(found);
            }
            if self.buffered().len() > max {
                return Err(self.malformed(too_long));
            }
            if !self.fill()? {
                return Err(self.malformed(closed));
            }
        }
    }

    /// Appends exactly `n` bytes to `out`.
    fn read_exact_into(&mut self, mut n: usize, out: &mut Vec<u8>) -> Result<(), HttpError> {
        while n > 0 {
            if self.buffered().is_empty() && !self.fill()? {
                return Err(self.malformed("the connection closed in the middle of the body"));
            }
            let take = n.min(self.buffered().len());
            out.extend_from_slice(&self.buffered()[..take]);
            self.consume(take);
            n -= take;
        }
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The parts of a response head this client uses.
#[derive(Debug, Default, PartialEq, Eq)]
struct Head {
    status: u16,
    content_type: Option<String>,
    content_length: Option<usize>,
    chunked: bool,
    location: Option<String>,
}

fn parse_head(head: &[u8]) -> Result<Head, String> {
    let text = std::str::from_utf8(head).map_err(|_| "the headers are not text".to_string())?;
    let mut lines = text.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.") {
        return Err(format!("not an HTTP/1.x status line: {:?}", truncate(status_line, 60)));
    }
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .filter(|s| (100..600).contains(s))
        .ok_or_else(|| format!("bad status line {:?}", truncate(status_line, 60)))?;
    let mut parsed = Head { status, ..Head::default() };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("bad header line {:?}", truncate(line, 60)));
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => {
                let media = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
                parsed.content_type = Some(media);
            }
            "content-length" => {
                let length = value.parse::<usize>().map_err(|_| format!("bad Content-Length {value:?}"))?;
                if parsed.content_length.is_some_and(|l| l != length) {
                    return Err("conflicting Content-Length headers".into());
                }
                parsed.content_length = Some(length);
            }
            "transfer-encoding" => {
                let last = value.rsplit(',').next().unwrap_or_default().trim().to_ascii_lowercase();
                if last == "chunked" {
                    parsed.chunked = true;
                } else if last != "identity" {
                    return Err(format!("unsupported Transfer-Encoding {value:?}"));
                }
            }
            "location" => parsed.location = Some(value.to_string()),
            _ => {}
        }
    }
    Ok(parsed)
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

fn read_response<R: Read>(wire: &mut Wire<'_, R>, max_body_bytes: usize) -> Result<Reply, HttpError> {
    let head = loop {
        let raw = wire.read_head()?;
        let head = parse_head(&raw).map_err(|detail| wire.malformed(&detail))?;
        // Skip interim 1xx responses (e.g. 100 Continue).
        if head.status >= 200 {
            break head;
        }
    };
    if (300..400).contains(&head.status) && head.status != 304 {
        if let Some(location) = head.location {
            return Ok(Reply::Redirect { location });
        }
    }
    let too_large = || HttpError::TooLarge { host: wire.host.to_string(), limit_bytes: max_body_bytes };
    let mut body = Vec::new();
    if !(200..300).contains(&head.status) {
        // The body of an error page is not needed.
        return Ok(Reply::Done { status: head.status, content_type: head.content_type, body });
    }
    if head.chunked {
        loop {
            let line = wire.read_line(MAX_CHUNK_LINE_BYTES)?;
            let line = String::from_utf8_lossy(&line);
            let size_text = line.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size_text, 16)
                .map_err(|_| wire.malformed(&format!("bad chunk size {:?}", truncate(size_text, 20))))?;
            if size == 0 {
                break;
            }
            if body.len().saturating_add(size) > max_body_bytes {
                return Err(too_large());
            }
            wire.read_exact_into(size, &mut body)?;
            if !wire.read_line(2)?.is_empty() {
                return Err(wire.malformed("a chunk is longer than its size"));
            }
        }
    } else if let Some(length) = head.content_length {
        if length > max_body_bytes {
            return Err(too_large());
        }
        wire.read_exact_into(length, &mut body)?;
    } else {
        loop {
            let take = wire.buffered().len();
            if body.len() + take > max_body_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(wire.buffered());
            wire.consume(take);
            if !wire.fill()? {
                break;
            }
        }
    }
    Ok(Reply::Done { status: head.status, content_type: head.content_type, body })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn response(raw: &[u8], max: usize) -> Result<Reply, HttpError> {
        let deadline = Instant::now() + Duration::from_secs(2);
        let mut wire = Wire { conn: raw, buf: Vec::new(), start: 0, eof: false, host: "h.test", deadline };
        read_response(&mut wire, max)
    }

    fn body_of(reply: Reply) -> Vec<u8> {
        match reply {
            Reply::Done { body, .. } => body,
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn urls_are_parsed_with_ports_queries_and_idn_hosts() {
        let u = HttpUrl::parse("https://autoconfig.example.test/mail/config-v1.1.xml?emailaddress=a%40b").unwrap();
        assert_eq!((u.https, u.host.as_str(), u.port), (true, "autoconfig.example.test", 443));
        assert_eq!(u.target, "/mail/config-v1.1.xml?emailaddress=a%40b");
        let u = HttpUrl::parse("HTTP://Почта.рф:8080").unwrap();
        assert_eq!((u.https, u.host.as_str(), u.port, u.target.as_str()), (false, "xn--80a1acny.xn--p1ai", 8080, "/"));
        assert_eq!(u.to_url(), "http://xn--80a1acny.xn--p1ai:8080/");
        let u = HttpUrl::parse("https://[::1]:8443/x#frag").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.target.as_str()), ("::1", 8443, "/x"));
        assert_eq!(u.host_header(), "[::1]:8443");
    }

    #[test]
    fn unusable_urls_are_refused() {
        for bad in
            ["ftp://x.test/", "https://", "https://user@x.test/", "https://x.test:0/", "https://x .test/", "x.test"]
        {
            assert!(matches!(HttpUrl::parse(bad), Err(HttpError::BadUrl { .. })), "{bad}");
        }
    }

    #[test]
    fn redirect_locations_are_resolved_against_the_current_url() {
        let base = HttpUrl::parse("https://a.test/dir/file.xml?x=1").unwrap();
        assert_eq!(base.join("https://b.test/y").unwrap().to_url(), "https://b.test/y");
        assert_eq!(base.join("//c.test/z").unwrap().to_url(), "https://c.test/z");
        assert_eq!(base.join("/root.xml").unwrap().to_url(), "https://a.test/root.xml");
        assert_eq!(base.join("other.xml").unwrap().to_url(), "https://a.test/dir/other.xml");
        assert!(!base.join("http://d.test/").unwrap().https);
    }

    #[test]
    fn content_length_bodies_are_read_exactly() {
        let raw = b"HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: 5\r\n\r\nhelloEXTRA";
        match response(raw, 100).unwrap() {
            Reply::Done { status, content_type, body } => {
                assert_eq!((status, content_type.as_deref(), body.as_slice()), (200, Some("text/xml"), &b"hello"[..]));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn chunked_bodies_are_decoded() {
        let raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n";
        assert_eq!(body_of(response(raw, 100).unwrap()), b"Wikipedia");
    }

    #[test]
    fn close_delimited_bodies_are_read_to_the_end() {
        let raw = b"HTTP/1.0 200 OK\r\n\r\nall of it";
        assert_eq!(body_of(response(raw, 100).unwrap()), b"all of it");
    }

    #[test]
    fn bodies_over_the_cap_are_refused_in_every_framing() {
        let by_length = b"HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n";
        assert!(matches!(response(by_length, 100), Err(HttpError::TooLarge { limit_bytes: 100, .. })));
        let chunked =
            format!("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{}", "10\r\n0123456789abcdef\r\n".repeat(8));
        assert!(matches!(response(chunked.as_bytes(), 100), Err(HttpError::TooLarge { .. })));
        let until_close = format!("HTTP/1.1 200 OK\r\n\r\n{}", "x".repeat(101));
        assert!(matches!(response(until_close.as_bytes(), 100), Err(HttpError::TooLarge { .. })));
    }

    #[test]
    fn redirects_and_errors_are_reported_as_such() {
        let raw = b"HTTP/1.1 301 Moved\r\nLocation: https://b.test/x\r\nContent-Length: 0\r\n\r\n";
        assert!(matches!(response(raw, 100).unwrap(), Reply::Redirect { location } if location == "https://b.test/x"));
        let raw = b"HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno!";
        assert!(matches!(response(raw, 100).unwrap(), Reply::Done { status: 404, .. }));
        let raw = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        assert_eq!(body_of(response(raw, 100).unwrap()), b"ok");
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        for raw in [
            &b"SSH-2.0-OpenSSH\r\n\r\n"[..],
            b"HTTP/1.1 abc\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            b"HTTP/1.1 200 OK\r\n",
        ] {
            assert!(
                matches!(response(raw, 100), Err(HttpError::Malformed { .. })),
                "{:?}",
                String::from_utf8_lossy(raw)
            );
        }
        let endless_head = vec![b'a'; MAX_HEAD_BYTES * 2];
        assert!(matches!(response(&endless_head, 100), Err(HttpError::Malformed { .. })));
    }
}
