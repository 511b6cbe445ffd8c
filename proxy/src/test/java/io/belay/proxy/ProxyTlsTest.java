package io.belay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.belay.proxy.testing.FakeBackend;
import io.belay.proxy.testing.ProxyFixture;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendView;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingSettings;
import io.belay.routing.RoutingTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** Client connections over TLS, with a self-signed certificate made by openssl for the test. */
class ProxyTlsTest {

  private static final BackendRef MASTER = new BackendRef("fake-master", "127.0.0.1", 7001);

  @TempDir
  Path dir;

  private final FakeBackend master = new FakeBackend(null);
  private Path cert;
  private Path key;
  private ProxyFixture proxy;

  @BeforeEach
  void makeCertificate() throws Exception {
    cert = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    int exit = run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1",
        "-keyout", key.toString(), "-out", cert.toString()));
    assumeTrue(exit == 0 && Files.exists(cert), "openssl could not make a certificate");
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    master.close();
  }

  private void start(ClientTls tls) throws Exception {
    RoutingTable table = RoutingTable.of("fake", 1, MASTER, List.of(),
        List.of(BackendView.master(MASTER, 0)));
    proxy = ProxyFixture.start(new RoutingHolder(table), RoutingSettings.DEFAULTS,
        ProxyFixture.options().withEventLoops(1).withTls(tls),
        group -> group.registerInProcess(MASTER.address(), master));
  }

  @Test
  void shouldServeAClientThatTrustsTheCertificate() throws Exception {
    start(new ClientTls(cert, key));
    DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
        .ssl(true).sslSocketFactory(trusting(cert)).timeoutMillis(10_000).build();
    try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", proxy.port()), config)) {
      assertEquals("OK", jedis.set("k", "v"));
      assertEquals("v", jedis.get("k"));
    }
    assertEquals(List.of("SET k v", "GET k"), master.log());
  }

  @Test
  void shouldNotServeAPlaintextClient() throws Exception {
    start(new ClientTls(cert, key));
    String answer;
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("SET k v\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      answer = readUntilClosed(socket.getInputStream());
    }
    assertFalse(answer.contains("+OK") || answer.contains("+PONG") || answer.startsWith("-"),
        () -> "a plaintext client got a Redis reply: " + answer);
    assertEquals(List.of(), master.log(), "nothing reached the backend");
  }

  @Test
  void shouldAnswerRedisCliOverTls() throws Exception {
    assumeTrue(redisCliSpeaksTls(), "redis-cli without TLS support");
    start(new ClientTls(cert, key));
    Path out = dir.resolve("redis-cli.out");
    ProcessBuilder cli = new ProcessBuilder("redis-cli", "--tls", "--cacert", cert.toString(),
        "-h", "127.0.0.1", "-p", Integer.toString(proxy.port()), "ping")
        .redirectErrorStream(true).redirectOutput(out.toFile());
    Process p = cli.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "redis-cli did not finish");
    assertEquals("PONG", Files.readString(out).strip());
  }

  @Test
  void shouldFailToStartWhenTheKeyIsNotAKey() throws Exception {
    // a certificate given as the key: the proxy must refuse to start, not accept clients and
    // fail every handshake
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> start(new ClientTls(cert, cert)));
    assertTrue(String.valueOf(e.getCause().getMessage()).contains("PRIVATE KEY"),
        () -> "not about the key: " + e.getCause());
  }

  /** An SSL socket factory that trusts exactly the certificate in {@code pem}. */
  private static SSLSocketFactory trusting(Path pem) throws Exception {
    Certificate certificate;
    try (InputStream in = Files.newInputStream(pem)) {
      certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("proxy", certificate);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context.getSocketFactory();
  }

  /** Whatever the server sends before it closes; a reset counts as closed. */
  private static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        got.write(buf, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // the server reset the connection: closed as well
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }

  private boolean redisCliSpeaksTls() throws Exception {
    try {
      Path help = dir.resolve("redis-cli.help");
      Process p = new ProcessBuilder("redis-cli", "--help").redirectErrorStream(true)
          .redirectOutput(help.toFile()).start();
      return p.waitFor(10, TimeUnit.SECONDS) && Files.readString(help).contains("--tls");
    } catch (IOException notInstalled) {
      return false;
    }
  }

  private int run(List<String> command) throws Exception {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("openssl.out").toFile()).start();
      return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException notInstalled) {
      return -1;
    }
  }
}
