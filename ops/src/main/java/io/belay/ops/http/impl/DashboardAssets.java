package io.belay.ops.http.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's files, read from the jar once at start. A fixed list rather than a
 * static directory handler: nothing on the file system next to the process is ever served.
 */
public final class DashboardAssets {

  static final String ROOT = "dashboard/";

  /** The page only talks to its own origin and may not be framed (it has a failover button). */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
      + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
      + "base-uri 'none'; form-action 'self'";

  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "app.js", "text/javascript; charset=utf-8",
      "chart.js", "text/javascript; charset=utf-8",
      "style.css", "text/css; charset=utf-8");

  private final Map<String, Asset> assets;

  private DashboardAssets(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /** Reads the files; blocking, so callers run it off the event loop. */
  public static DashboardAssets load() {
    Map<String, Asset> assets = new LinkedHashMap<>();
    ClassLoader loader = DashboardAssets.class.getClassLoader();
    FILES.forEach((name, type) -> {
      try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
        if (in == null) {
          throw new IllegalStateException("dashboard file missing from the jar: " + ROOT + name);
        }
        assets.put(name, new Asset(type, Buffer.buffer(in.readAllBytes())));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + ROOT + name, e);
      }
    });
    return new DashboardAssets(assets);
  }

  public void mount(Router router) {
    router.get("/").handler(ctx -> serve(ctx, "index.html"));
    assets.keySet().forEach(name -> router.get("/" + name).handler(ctx -> serve(ctx, name)));
  }

  private void serve(RoutingContext ctx, String name) {
    Asset asset = assets.get(name);
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType())
        // Small files, and a new jar must show at once after an upgrade.
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Frame-Options", "DENY")
        .end(asset.body());
  }

  private record Asset(String contentType, Buffer body) {
  }
}
