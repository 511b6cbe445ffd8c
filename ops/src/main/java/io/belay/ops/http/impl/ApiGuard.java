package io.belay.ops.http.impl;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Stands in front of every {@code /api/*} request. Three checks, each against a way a
 * failover could be triggered by someone who should not:
 * <ul>
 *   <li>the admin token, when one is configured, compared in constant time;</li>
 *   <li>on a loopback bind, the Host header must name a loopback host, so a web page whose
 *       DNS name was re-bound to 127.0.0.1 cannot reach the API from the operator's
 *       browser;</li>
 *   <li>a POST or PUT carrying an Origin must come from this server's own origin, so another
 *       site's form cannot post a failover (a POST without a body needs no CORS
 *       preflight).</li>
 * </ul>
 */
public final class ApiGuard implements Handler<RoutingContext> {

  private static final String BEARER = "bearer ";

  private final Optional<byte[]> tokenDigest;
  private final boolean loopbackBind;
  private final String bindHost;

  public ApiGuard(String bindHost, Optional<String> adminToken) {
    this.bindHost = stripBrackets(bindHost);
    this.loopbackBind = isLoopbackName(this.bindHost);
    this.tokenDigest = adminToken.map(ApiGuard::sha256);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    if (loopbackBind && authority != null && !isAllowedHost(authority.host())) {
      Responses.error(ctx, 403, "host '" + authority.host()
          + "' refused: this server is bound to loopback; use 127.0.0.1 or localhost");
      return;
    }
    HttpMethod method = ctx.request().method();
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin != null && method != HttpMethod.GET && method != HttpMethod.HEAD
        && !sameOrigin(origin, authority)) {
      Responses.error(ctx, 403, "cross-origin request refused: origin '" + origin
          + "' is not this server");
      return;
    }
    if (tokenDigest.isPresent()) {
      String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
      if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        unauthorized(ctx, "admin token required: send 'Authorization: Bearer <token>'", "");
        return;
      }
      byte[] given = sha256(header.substring(BEARER.length()).strip());
      // Comparing digests keeps the time independent of both the content and the length.
      if (!MessageDigest.isEqual(given, tokenDigest.get())) {
        unauthorized(ctx, "invalid admin token", ", error=\"invalid_token\"");
        return;
      }
    }
    ctx.next();
  }

  private static void unauthorized(RoutingContext ctx, String message, String challengeExtra) {
    ctx.response().putHeader("WWW-Authenticate",
        "Bearer realm=\"belay\"" + challengeExtra);
    Responses.json(ctx, 401, new JsonObject().put("error", message));
  }

  private boolean isAllowedHost(String host) {
    String name = stripBrackets(host);
    return isLoopbackName(name) || name.equalsIgnoreCase(bindHost);
  }

  private static boolean sameOrigin(String origin, HostAndPort authority) {
    if (authority == null) {
      return false;
    }
    try {
      URI uri = new URI(origin);
      if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
        return false;
      }
      int originPort = uri.getPort() < 0 ? 80 : uri.getPort();
      int requestPort = authority.port() < 0 ? 80 : authority.port();
      return stripBrackets(uri.getHost()).equalsIgnoreCase(stripBrackets(authority.host()))
          && originPort == requestPort;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** Loopback by name only: resolving here would hand the decision to DNS again. */
  static boolean isLoopbackName(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    return name.equals("localhost") || name.endsWith(".localhost") || name.equals("::1")
        || name.equals("0:0:0:0:0:0:0:1") || name.matches("127(\\.\\d{1,3}){3}");
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
        : host;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
