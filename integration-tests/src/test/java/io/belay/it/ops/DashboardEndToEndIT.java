package io.belay.it.ops;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.NodeProcess;
import io.belay.it.harness.Redis;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import redis.clients.jedis.Jedis;

/**
 * The dashboard of a real {@code belay} (the embedded default: a master and two replicas, the
 * proxy, the ops server, one process) in Debian's headless chromium: the page shows the group as
 * the backends are, the switchover button promotes a replica for real, and the page shows the
 * backend that now answers {@code role:master}, while writes through the proxy keep working.
 */
class DashboardEndToEndIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path tmp;

  private Process belay;
  private int proxyPort;
  private int httpPort;
  private final List<Integer> backendPorts = new ArrayList<>();
  private Path profile;
  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeEach
  void start() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
            + " (Debian: apt-get install chromium chromium-driver)");
    proxyPort = NodeProcess.freePort();
    httpPort = NodeProcess.freePort();
    for (int i = 0; i < 3; i++) {
      backendPorts.add(NodeProcess.freePort());
    }
    String ports = backendPorts.get(0) + "," + backendPorts.get(1) + "," + backendPorts.get(2);
    belay = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("belay.jar", "../ops/target/belay.jar"), "--port", Integer.toString(proxyPort),
        "--backend-ports", ports, "--http-port", Integer.toString(httpPort), "--data-dir", tmp.resolve("data").toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("belay.log").toFile()).start();
    HttpClient http = HttpClient.newHttpClient();
    eventually(Duration.ofSeconds(60), () -> assertEquals(200, http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()));

    profile = Files.createTempDirectory("belay-chromium-");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--window-size=1280,1500", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterEach
  void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
    belay.destroy();
    if (!belay.waitFor(30, TimeUnit.SECONDS)) {
      belay.destroyForcibly();
    }
  }

  @Test
  void shouldShowTheBackendThatIsMasterAfterTheSwitchoverButton() throws Exception {
    driver.get("http://127.0.0.1:" + httpPort + "/");
    wait.until(d -> cards().size() == 3);
    String before = masterCard().getAttribute("data-address");
    assertEquals("master", role(before), "the card marked master is the backend that says role:master");

    try (Jedis j = Redis.connect(proxyPort)) {
      j.set("before-switchover", "kept");
    }
    driver.findElement(By.id("switchover-mymaster")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();

    wait.until(d -> !before.equals(masterCard().getAttribute("data-address")));
    String after = masterCard().getAttribute("data-address");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(
        By.id("switchover-result-mymaster"), "the new master is " + after));
    assertNotEquals(before, after);
    eventually(WAIT, () -> {
      assertEquals("master", role(after), after + " was promoted");
      assertEquals("slave", role(before), before + " follows the new master");
    });
    wait.until(d -> cards().stream().anyMatch(c -> before.equals(c.getAttribute("data-address"))
        && "replica".equals(c.getAttribute("data-role"))));
    try (Jedis j = Redis.connect(proxyPort)) {
      assertEquals("kept", j.get("before-switchover"), "nothing acknowledged before the switchover is lost");
      assertEquals("OK", j.set("after-switchover", "accepted"));
    }
    assertEquals("accepted", Redis.get(Integer.parseInt(after.substring(after.lastIndexOf(':') + 1)),
        "after-switchover"), "the write went to the new master");
  }

  private List<WebElement> cards() {
    return driver.findElements(By.cssSelector(
        "[data-testid=group][data-group=mymaster] [data-testid=backend-card]"));
  }

  private WebElement masterCard() {
    return driver.findElement(By.cssSelector(
        "[data-testid=group][data-group=mymaster] [data-testid=backend-card][data-role=master]"));
  }

  /** What the backend at {@code host:port} says of itself. */
  private static String role(String address) {
    return Redis.info(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)), "replication").get("role");
  }
}
