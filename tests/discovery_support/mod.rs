//! Real services on loopback for the discovery tests, started inside the test binary:
//! - a DNS server (hickory-server, an authoritative in-memory zone for `test.`) that answers
//!   A/MX/SRV records the tests add;
//! - an HTTP and HTTPS server on `<web ip>:80` and `:443` whose certificates are issued on the fly
//!   for the requested name by a test CA (rcgen), serving routes the tests add (fixtures, redirects,
//!   hostile replies: huge, trickling, never answering);
//! - small IMAP/POP3/SMTP listeners on the standard ports of a fresh loopback address, with real
//!   TLS and STARTTLS, for the guessing source;
//! - black holes: a DNS server that never answers and TCP listeners that accept and never speak.
//!
//! The code under test reaches all of it only through the seams: `NetConfig { dns_server,
//! ca_file, ispdb_url }` or the CLI flags `--dns-server`, `--ca-file`, `--ispdb-url`.
//! Each test binary owns a block of 127.0.10.0/24 (the worktree's loopback range), so binaries
//! never collide.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

use hickory_server::Server;
use hickory_server::proto::rr::rdata::{A, MX, SOA, SRV};
use hickory_server::proto::rr::{LowerName, Name, RData, Record};
use hickory_server::store::in_memory::InMemoryZoneHandler;
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneHandler, ZoneType};
use mailsetup::engine::net::NetConfig;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::{ServerConfig, ServerConnection, StreamOwned};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The host name of the test ISPDB (served by the HTTPS server).
pub const ISPDB_HOST: &str = "ispdb.example.test";

/// A clientConfig fixture from tests/fixtures/clientconfig.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clientconfig").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

fn named_thread(name: &str, work: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().name(name.to_string()).spawn(work).expect("start a test service thread");
}

/// What the test HTTP(S) server answers for one URL.
#[derive(Clone, Debug)]
pub enum Reply {
    /// 200 with this body and content type.
    Body { content_type: &'static str, body: Vec<u8> },
    /// Any other status, empty body.
    Status(u16),
    /// 302 to this location.
    Redirect(String),
    /// Wait, then answer.
    Delayed(Duration, Box<Reply>),
    /// Read the request and never answer (hold the connection open).
    Hang,
    /// 200 without a length, then `chunk` every `interval`, up to `total_bytes`.
    Trickle { chunk: Vec<u8>, interval: Duration, total_bytes: usize },
    /// 200 announcing this Content-Length, then a slow trickle of bytes.
    AnnouncedLength(usize),
}

impl Reply {
    /// A clientConfig fixture served as text/xml.
    pub fn xml(fixture_name: &str) -> Reply {
        Reply::Body { content_type: "text/xml; charset=utf-8", body: fixture(fixture_name) }
    }
}

/// (https, host, path) → reply.
type Routes = Mutex<HashMap<(bool, String, String), Reply>>;

/// One request the HTTP(S) server received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub https: bool,
    pub host: String,
    pub target: String,
}

/// A DNS server that never answers, counting what it receives.
pub struct DnsBlackHole {
    pub addr: SocketAddr,
    packets: Arc<AtomicUsize>,
}

impl DnsBlackHole {
    /// How many UDP packets and TCP connections arrived.
    pub fn received(&self) -> usize {
        self.packets.load(Ordering::SeqCst)
    }
}

/// A TCP listener that accepts and never speaks, counting connections.
pub struct TcpBlackHole {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
}

impl TcpBlackHole {
    /// How many connections arrived.
    pub fn received(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Starts a TCP black hole on `addr` (port 0 for any).
pub fn tcp_black_hole(addr: SocketAddr) -> TcpBlackHole {
    let listener = TcpListener::bind(addr).unwrap_or_else(|e| panic!("cannot bind the TCP black hole on {addr}: {e}"));
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    named_thread("tcp-black-hole", move || {
        let mut held = vec![];
        for stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    TcpBlackHole { addr, connections }
}

/// Starts a DNS black hole (UDP and TCP on the same port) on `ip`.
pub fn dns_black_hole(ip: Ipv4Addr) -> DnsBlackHole {
    let udp = UdpSocket::bind((ip, 0)).unwrap_or_else(|e| panic!("cannot bind the DNS black hole on {ip}: {e}"));
    let addr = udp.local_addr().unwrap();
    let packets = Arc::new(AtomicUsize::new(0));
    let counter = packets.clone();
    named_thread("dns-black-hole-udp", move || {
        let mut buf = [0u8; 2048];
        while udp.recv_from(&mut buf).is_ok() {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });
    if let Ok(tcp) = TcpListener::bind(addr) {
        let counter = packets.clone();
        named_thread("dns-black-hole-tcp", move || {
            let mut held = vec![];
            for stream in tcp.incoming().flatten() {
                counter.fetch_add(1, Ordering::SeqCst);
                held.push(stream);
            }
        });
    }
    DnsBlackHole { addr, packets }
}

/// The test CA: issues a certificate for any name on request.
#[derive(Debug)]
struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
    pem: String,
}

impl TestCa {
    fn new() -> TestCa {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, "mailsetup discovery test CA");
        params.key_usages =
            vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        let pem = issuer.pem();
        TestCa { issuer, pem }
    }

    /// A certificate for `name` signed by this CA (or self-signed when `trusted` is false).
    fn certified_key(&self, name: &str, trusted: bool) -> Arc<CertifiedKey> {
        let key = KeyPair::generate().unwrap();
        let params = CertificateParams::new(vec![name.to_string()]).unwrap();
        let (cert, chain_tail) = if trusted {
            (params.signed_by(&key, &self.issuer).unwrap(), vec![self.issuer.der().clone()])
        } else {
            (params.self_signed(&key).unwrap(), vec![])
        };
        let mut chain: Vec<CertificateDer<'static>> = vec![cert.der().clone()];
        chain.extend(chain_tail);
        let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let signing_key = rustls::crypto::ring::sign::any_supported_type(&key_der).unwrap();
        Arc::new(CertifiedKey::new(chain, signing_key))
    }
}

/// Picks (and caches) a certificate for the SNI name of each TLS connection.
#[derive(Debug)]
struct SniCertificates {
    ca: Arc<TestCa>,
    untrusted: Arc<Mutex<HashSet<String>>>,
    cache: Mutex<HashMap<(String, bool), Arc<CertifiedKey>>>,
}

impl ResolvesServerCert for SniCertificates {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let name = hello.server_name()?.to_ascii_lowercase();
        let trusted = !self.untrusted.lock().unwrap().contains(&name);
        let mut cache = self.cache.lock().unwrap();
        Some(cache.entry((name.clone(), trusted)).or_insert_with(|| self.ca.certified_key(&name, trusted)).clone())
    }
}

/// All the test services of one test binary.
pub struct World {
    /// The DNS server to pass as `--dns-server`.
    pub dns: SocketAddr,
    /// The test CA to pass as `--ca-file`.
    pub ca_file: PathBuf,
    /// The ISPDB base URL to pass as `--ispdb-url`.
    pub ispdb_url: String,
    /// Where the HTTP(S) server listens (ports 80 and 443).
    pub web_ip: Ipv4Addr,
    /// An address whose ports 80, 443, 993, 143, 995, 110, 465 and 587 accept and never answer.
    pub black_hole_ip: Ipv4Addr,
    zone: Arc<InMemoryZoneHandler>,
    dns_runtime: tokio::runtime::Handle,
    routes: Arc<Routes>,
    seen: Arc<Mutex<Vec<Seen>>>,
    untrusted: Arc<Mutex<HashSet<String>>>,
    tls: Arc<ServerConfig>,
    next_ip: AtomicU8,
    block: u8,
}

/// The mail ports the black hole and the guess listeners use.
const MAIL_PORTS: [u16; 6] = [993, 143, 995, 110, 465, 587];

/// The test world of this binary; `block` is the first address of its slice of 127.0.10.0/24.
pub fn world(block: u8) -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    let world = WORLD.get_or_init(|| World::start(block));
    assert_eq!(world.block, block, "one test binary, one address block");
    world
}

impl World {
    fn start(block: u8) -> World {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let web_ip = Ipv4Addr::new(127, 0, 10, block + 1);
        let black_hole_ip = Ipv4Addr::new(127, 0, 10, block + 2);

        let ca = Arc::new(TestCa::new());
        let dir = std::env::temp_dir().join(format!("mailsetup-discovery-tests-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let ca_file = dir.join("test-ca.pem");
        std::fs::write(&ca_file, &ca.pem).unwrap();
        let untrusted = Arc::new(Mutex::new(HashSet::new()));
        let resolver = Arc::new(SniCertificates {
            ca: ca.clone(),
            untrusted: untrusted.clone(),
            cache: Mutex::new(HashMap::new()),
        });
        let tls = Arc::new(
            ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_cert_resolver(resolver),
        );

        let (dns, zone, dns_runtime) = start_dns(web_ip);
        let world = World {
            dns,
            ca_file,
            ispdb_url: format!("https://{ISPDB_HOST}/v1.1/"),
            web_ip,
            black_hole_ip,
            zone,
            dns_runtime,
            routes: Arc::default(),
            seen: Arc::default(),
            untrusted,
            tls,
            next_ip: AtomicU8::new(block + 10),
            block,
        };
        world.add_a(ISPDB_HOST, web_ip);
        for (port, https) in [(443, true), (80, false)] {
            let listener = TcpListener::bind((web_ip, port)).unwrap_or_else(|e| {
                panic!("cannot bind the test web server on {web_ip}:{port}: {e} (the tests run as root on the worktree's 127.0.10.x addresses)")
            });
            let routes = world.routes.clone();
            let seen = world.seen.clone();
            let tls = world.tls.clone();
            named_thread(&format!("test-web-{port}"), move || {
                for stream in listener.incoming().flatten() {
                    let (routes, seen, tls) = (routes.clone(), seen.clone(), tls.clone());
                    named_thread("test-web-conn", move || serve_http(stream, https, &tls, &routes, &seen));
                }
            });
        }
        for port in [443, 80].into_iter().chain(MAIL_PORTS) {
            tcp_black_hole(SocketAddr::from((black_hole_ip, port)));
        }
        world
    }

    /// The network seams pointing at these services.
    pub fn net_config(&self) -> NetConfig {
        NetConfig {
            dns_server: Some(self.dns),
            ca_file: Some(self.ca_file.clone()),
            ispdb_url: Some(self.ispdb_url.clone()),
        }
    }

    /// A loopback address no other test of this binary uses.
    pub fn fresh_ip(&self) -> Ipv4Addr {
        let last = self.next_ip.fetch_add(1, Ordering::SeqCst);
        assert!(last < self.block.saturating_add(120), "ran out of test addresses");
        Ipv4Addr::new(127, 0, 10, last)
    }

    fn upsert(&self, record: Record) {
        let zone = self.zone.clone();
        assert!(self.dns_runtime.block_on(async move { zone.upsert(record, 1).await }), "DNS record refused");
    }

    /// Adds an A record.
    pub fn add_a(&self, name: &str, ip: Ipv4Addr) {
        self.upsert(Record::from_rdata(fqdn(name), 60, RData::A(A(ip))));
    }

    /// Adds an MX record.
    pub fn add_mx(&self, domain: &str, preference: u16, exchange: &str) {
        self.upsert(Record::from_rdata(fqdn(domain), 60, RData::MX(MX::new(preference, fqdn(exchange)))));
    }

    /// Adds an SRV record (`target` "." means "not offered").
    pub fn add_srv(&self, name: &str, priority: u16, weight: u16, port: u16, target: &str) {
        let target = if target == "." { Name::root() } else { fqdn(target) };
        self.upsert(Record::from_rdata(fqdn(name), 60, RData::SRV(SRV::new(priority, weight, port, target))));
    }

    /// Serves `reply` at `url` (`https://host/path` or `http://…`; the query is ignored when matching).
    pub fn serve(&self, url: &str, reply: Reply) {
        let (https, rest) = match url.split_once("://") {
            Some(("https", rest)) => (true, rest),
            Some(("http", rest)) => (false, rest),
            _ => panic!("not an http(s) URL: {url}"),
        };
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let path = format!("/{}", path.split('?').next().unwrap_or_default());
        self.routes.lock().unwrap().insert((https, host.to_ascii_lowercase(), path), reply);
    }

    /// Serves `reply` as the ISPDB entry of `domain`.
    pub fn serve_ispdb(&self, domain: &str, reply: Reply) {
        self.serve(&format!("{}{domain}", self.ispdb_url), reply);
    }

    /// Points `name` at the web server.
    pub fn host_on_web(&self, name: &str) {
        self.add_a(name, self.web_ip);
    }

    /// Makes the HTTPS server present a self-signed (untrusted) certificate for `name`.
    pub fn untrust(&self, name: &str) {
        self.untrusted.lock().unwrap().insert(name.to_ascii_lowercase());
    }

    /// Requests the web server received for `host`.
    pub fn requests_for(&self, host: &str) -> Vec<Seen> {
        self.seen.lock().unwrap().iter().filter(|s| s.host == host).cloned().collect()
    }

    /// Starts mail listeners on the standard ports of a fresh address; returns the address.
    pub fn mail_listeners(&self, spec: MailSpec) -> MailListeners {
        let ip = self.fresh_ip();
        let commands = Arc::new(Mutex::new(vec![]));
        let plan: [(u16, Option<Mode>); 6] = [
            (993, spec.imaps.then_some(Mode::ImplicitTls)),
            (143, spec.imap_starttls.map(Mode::Starttls)),
            (995, spec.pop3s.then_some(Mode::ImplicitTls)),
            (110, spec.pop3_starttls.map(Mode::Starttls)),
            (465, spec.smtps.then_some(Mode::ImplicitTls)),
            (587, spec.submission_starttls.map(Mode::Starttls)),
        ];
        for (port, mode) in plan {
            let Some(mode) = mode else { continue };
            let listener = TcpListener::bind((ip, port)).unwrap_or_else(|e| panic!("cannot bind {ip}:{port}: {e}"));
            let tls = self.tls.clone();
            let commands = commands.clone();
            named_thread(&format!("test-mail-{port}"), move || {
                for stream in listener.incoming().flatten() {
                    let (tls, commands) = (tls.clone(), commands.clone());
                    named_thread("test-mail-conn", move || serve_mail(stream, port, mode, &tls, &commands));
                }
            });
        }
        MailListeners { ip, commands }
    }
}

/// Which mail ports to open; `Some(advertise)` for a STARTTLS port says whether it offers STARTTLS.
#[derive(Clone, Copy, Debug, Default)]
pub struct MailSpec {
    pub imaps: bool,
    pub imap_starttls: Option<bool>,
    pub pop3s: bool,
    pub pop3_starttls: Option<bool>,
    pub smtps: bool,
    pub submission_starttls: Option<bool>,
}

/// Running mail listeners.
pub struct MailListeners {
    pub ip: Ipv4Addr,
    commands: Arc<Mutex<Vec<(u16, String)>>>,
}

impl MailListeners {
    /// Every command received, with the port it came in on.
    pub fn commands(&self) -> Vec<(u16, String)> {
        self.commands.lock().unwrap().clone()
    }
}

#[derive(Clone, Copy, Debug)]
enum Mode {
    ImplicitTls,
    /// STARTTLS port; `true` when STARTTLS is advertised and works.
    Starttls(bool),
}

fn fqdn(name: &str) -> Name {
    Name::from_ascii(format!("{}.", name.trim_end_matches('.'))).unwrap()
}

fn start_dns(ip: Ipv4Addr) -> (SocketAddr, Arc<InMemoryZoneHandler>, tokio::runtime::Handle) {
    let origin = fqdn("test");
    let mut zone = InMemoryZoneHandler::empty(origin.clone(), ZoneType::Primary, AxfrPolicy::Deny);
    let soa = SOA::new(fqdn("ns.test"), fqdn("hostmaster.test"), 1, 3600, 600, 86400, 60);
    assert!(zone.upsert_mut(Record::from_rdata(origin.clone(), 60, RData::SOA(soa)), 1));
    let zone = Arc::new(zone);
    let mut catalog = Catalog::new();
    catalog.upsert(LowerName::from(origin), vec![zone.clone() as Arc<dyn ZoneHandler>]);

    let udp = UdpSocket::bind((ip, 0)).unwrap_or_else(|e| panic!("cannot bind the test DNS server on {ip}: {e}"));
    let addr = udp.local_addr().unwrap();
    let tcp = TcpListener::bind(addr).ok();
    udp.set_nonblocking(true).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let handle = runtime.handle().clone();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    named_thread("test-dns", move || {
        runtime.block_on(async move {
            let mut server = Server::new(catalog);
            server.register_socket(tokio::net::UdpSocket::from_std(udp).unwrap());
            if let Some(tcp) = tcp {
                tcp.set_nonblocking(true).unwrap();
                server.register_listener(tokio::net::TcpListener::from_std(tcp).unwrap(), Duration::from_secs(5), 4096);
            }
            ready_tx.send(()).unwrap();
            let _ = server.block_until_done().await;
        });
    });
    ready_rx.recv_timeout(Duration::from_secs(10)).expect("the test DNS server did not start");
    (addr, zone, handle)
}

/// Either side of a test server connection.
enum ServerStream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
}

impl ServerStream {
    fn accept_tls(tcp: TcpStream, tls: &Arc<ServerConfig>) -> Option<ServerStream> {
        let conn = ServerConnection::new(tls.clone()).ok()?;
        let mut stream = StreamOwned::new(conn, tcp);
        while stream.conn.is_handshaking() {
            stream.conn.complete_io(&mut stream.sock).ok()?;
        }
        Some(ServerStream::Tls(Box::new(stream)))
    }

    fn into_tcp(self) -> TcpStream {
        match self {
            ServerStream::Plain(tcp) => tcp,
            ServerStream::Tls(tls) => tls.sock,
        }
    }
}

impl Read for ServerStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            ServerStream::Plain(s) => s.read(buf),
            ServerStream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for ServerStream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            ServerStream::Plain(s) => s.write(buf),
            ServerStream::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            ServerStream::Plain(s) => s.flush(),
            ServerStream::Tls(s) => s.flush(),
        }
    }
}

fn read_line(stream: &mut impl Read) -> Option<String> {
    let mut line = vec![];
    let mut byte = [0u8; 1];
    while line.len() < 8192 {
        match stream.read(&mut byte) {
            Ok(1) => {
                if byte[0] == b'\n' {
                    return Some(String::from_utf8_lossy(&line).trim_end_matches('\r').to_string());
                }
                line.push(byte[0]);
            }
            _ => return None,
        }
    }
    None
}

fn serve_http(tcp: TcpStream, https: bool, tls: &Arc<ServerConfig>, routes: &Routes, seen: &Mutex<Vec<Seen>>) {
    tcp.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let stream = if https { ServerStream::accept_tls(tcp, tls) } else { Some(ServerStream::Plain(tcp)) };
    let Some(mut stream) = stream else { return };
    let Some(request_line) = read_line(&mut stream) else { return };
    let mut host = String::new();
    while let Some(line) = read_line(&mut stream) {
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("host") {
                host = value.trim().split(':').next().unwrap_or_default().to_ascii_lowercase();
            }
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/").to_string();
    seen.lock().unwrap().push(Seen { https, host: host.clone(), target: target.clone() });
    let path = target.split('?').next().unwrap_or("/").to_string();
    let reply = routes.lock().unwrap().get(&(https, host, path)).cloned().unwrap_or(Reply::Status(404));
    send_reply(&mut stream, reply);
}

fn send_reply(stream: &mut ServerStream, reply: Reply) {
    let _ = match reply {
        Reply::Body { content_type, body } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body)).and_then(|()| stream.flush())
        }
        Reply::Status(code) => {
            let head = format!("HTTP/1.1 {code} Test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            stream.write_all(head.as_bytes()).and_then(|()| stream.flush())
        }
        Reply::Redirect(location) => {
            let head =
                format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            stream.write_all(head.as_bytes()).and_then(|()| stream.flush())
        }
        Reply::Delayed(delay, reply) => {
            std::thread::sleep(delay);
            send_reply(stream, *reply);
            Ok(())
        }
        Reply::Hang => {
            std::thread::sleep(Duration::from_secs(60));
            Ok(())
        }
        Reply::Trickle { chunk, interval, total_bytes } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n";
            let mut result = stream.write_all(head.as_bytes()).and_then(|()| stream.flush());
            let mut sent = 0;
            while result.is_ok() && sent < total_bytes {
                result = stream.write_all(&chunk).and_then(|()| stream.flush());
                sent += chunk.len();
                std::thread::sleep(interval);
            }
            result
        }
        Reply::AnnouncedLength(length) => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {length}\r\n\r\n");
            let mut result = stream.write_all(head.as_bytes()).and_then(|()| stream.flush());
            for _ in 0..300 {
                if result.is_err() {
                    break;
                }
                result = stream.write_all(b" ").and_then(|()| stream.flush());
                std::thread::sleep(Duration::from_millis(100));
            }
            result
        }
    };
}

fn serve_mail(tcp: TcpStream, port: u16, mode: Mode, tls: &Arc<ServerConfig>, commands: &Mutex<Vec<(u16, String)>>) {
    tcp.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let (mut stream, advertise) = match mode {
        Mode::ImplicitTls => match ServerStream::accept_tls(tcp, tls) {
            Some(s) => (s, false),
            None => return,
        },
        Mode::Starttls(advertise) => (ServerStream::Plain(tcp), advertise),
    };
    let protocol = match port {
        993 | 143 => "imap",
        995 | 110 => "pop3",
        _ => "smtp",
    };
    let greeting = match protocol {
        "imap" => "* OK test IMAP server ready\r\n",
        "pop3" => "+OK test POP3 server ready\r\n",
        _ => "220 mail.test ESMTP test server\r\n",
    };
    if stream.write_all(greeting.as_bytes()).is_err() {
        return;
    }
    while let Some(line) = read_line(&mut stream) {
        commands.lock().unwrap().push((port, line.clone()));
        let upper = line.to_ascii_uppercase();
        let mut words = upper.split_whitespace();
        let (tag, verb) = match protocol {
            "imap" => (
                line.split_whitespace().next().unwrap_or("*").to_string(),
                words.nth(1).unwrap_or_default().to_string(),
            ),
            _ => (String::new(), words.next().unwrap_or_default().to_string()),
        };
        let starttls_word = if advertise { " STARTTLS" } else { "" };
        let (answer, upgrade, close) = match (protocol, verb.as_str()) {
            ("imap", "CAPABILITY") => {
                (format!("* CAPABILITY IMAP4rev1{starttls_word} AUTH=PLAIN\r\n{tag} OK done\r\n"), false, false)
            }
            ("imap", "STARTTLS") if advertise => (format!("{tag} OK begin TLS\r\n"), true, false),
            ("imap", "LOGOUT") => (format!("* BYE\r\n{tag} OK bye\r\n"), false, true),
            ("imap", _) => (format!("{tag} BAD unknown\r\n"), false, false),
            ("pop3", "CAPA") => {
                (format!("+OK capabilities\r\nUSER\r\n{}.\r\n", if advertise { "STLS\r\n" } else { "" }), false, false)
            }
            ("pop3", "STLS") if advertise => ("+OK begin TLS\r\n".to_string(), true, false),
            ("pop3", "QUIT") => ("+OK bye\r\n".to_string(), false, true),
            ("pop3", _) => ("-ERR unknown\r\n".to_string(), false, false),
            ("smtp", "EHLO") => (
                format!("250-mail.test hello\r\n{}250 AUTH PLAIN\r\n", if advertise { "250-STARTTLS\r\n" } else { "" }),
                false,
                false,
            ),
            ("smtp", "STARTTLS") if advertise => ("220 go ahead\r\n".to_string(), true, false),
            ("smtp", "QUIT") => ("221 bye\r\n".to_string(), false, true),
            _ => ("502 unknown\r\n".to_string(), false, false),
        };
        if stream.write_all(answer.as_bytes()).and_then(|()| stream.flush()).is_err() || close {
            return;
        }
        if upgrade {
            match ServerStream::accept_tls(stream.into_tcp(), tls) {
                Some(upgraded) => stream = upgraded,
                None => return,
            }
        }
    }
}
