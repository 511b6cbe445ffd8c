package io.belay.it.ops;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.EmbeddedDefault;
import io.belay.it.harness.Redis;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
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

  private EmbeddedDefault belay;
  private Path profile;
  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeEach
  void start() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
            + " (Debian: apt-get install chromium chromium-driver)");
    belay = EmbeddedDefault.start(tmp);

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
    if (belay != null) {
      belay.close();
    }
  }

  @Test
  void shouldShowTheBackendThatIsMasterAfterTheSwitchoverButton() throws Exception {
    driver.get(belay.url("/"));
    wait.until(d -> cards().size() == 3);
    String before = masterCard().getAttribute("data-address");
    assertEquals("master", role(before), "the card marked master is the backend that says role:master");

    try (Jedis j = Redis.connect(belay.proxyPort())) {
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
    try (Jedis j = Redis.connect(belay.proxyPort())) {
      assertEquals("kept", j.get("before-switchover"), "nothing acknowledged before the switchover is lost");
      // as after any promotion, the new master takes writes once a replica acked it
      eventually(WAIT, () -> assertEquals("OK", j.set("after-switchover", "accepted")));
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
