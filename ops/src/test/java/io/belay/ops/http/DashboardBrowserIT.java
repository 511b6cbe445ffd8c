package io.belay.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless chromium, driven through its own
 * chromedriver so that nothing is downloaded at test time.
 */
class DashboardBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static Vertx vertx;
  private FakeNode node;
  private Path profile;
  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeAll
  static void startVertx() {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
            + " (Debian: apt-get install chromium chromium-driver)");
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    if (vertx != null) {
      ServerFixture.await(vertx.close());
    }
  }

  @BeforeEach
  void startBrowser() throws IOException {
    node = ServerFixture.threeNodeGroup().group("sessions", "127.0.0.1:7000", "127.0.0.1:7001");
    node.commandsPerSecond = 1800;
    profile = Files.createTempDirectory("belay-chromium-");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--window-size=1280,1500", "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, WAIT);
    // Polling re-renders what changed; an element found a moment ago may have been replaced.
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterEach
  void stopBrowser() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  @Test
  void shouldShowTheNewMasterAfterAPlannedSwitchover() throws IOException {
    node.publish(new Event(Instant.now().minusSeconds(90), "mymaster", "+sdown",
        "slave 127.0.0.1:6382 127.0.0.1 6382 @ mymaster 127.0.0.1 6380"));
    node.publish(new Event(Instant.now().minusSeconds(80), "mymaster", "-sdown",
        "slave 127.0.0.1:6382 127.0.0.1 6382 @ mymaster 127.0.0.1 6380"));
    try (ServerFixture fixture = ServerFixture.start(vertx, node)) {
      driver.get(fixture.server.url() + "/");

      wait.until(d -> cards("mymaster").size() == 3);
      assertEquals("127.0.0.1:6380", masterCard("mymaster").getAttribute("data-address"));
      assertEquals(2, cards("sessions").size());
      assertEquals("1", driver.findElement(By.id("epoch-mymaster")).getText());
      assertEquals("node-a", driver.findElement(By.id("leader-mymaster")).getText());
      wait.until(d -> events().size() == 2);

      driver.findElement(By.id("switchover-mymaster")).click();
      wait.until(ExpectedConditions.alertIsPresent()).accept();

      wait.until(d -> "127.0.0.1:6381".equals(masterCard("mymaster").getAttribute("data-address")));
      wait.until(ExpectedConditions.textToBePresentInElementLocated(
          By.id("switchover-result-mymaster"), "the new master is 127.0.0.1:6381"));
      wait.until(d -> "2".equals(driver.findElement(By.id("epoch-mymaster")).getText()));
      wait.until(d -> events().stream()
          .anyMatch(event -> "+switch-master".equals(event.getAttribute("data-type"))));
      assertEquals("replica", cards("mymaster").stream()
          .filter(card -> "127.0.0.1:6380".equals(card.getAttribute("data-address")))
          .findFirst().orElseThrow().getAttribute("data-role"));

      // A few polls, so the charts have lines in the screenshot.
      wait.until(d -> driver.findElement(By.id("commands-now-mymaster")).getText().endsWith("/s"));
      sleepQuietly(Duration.ofSeconds(4));
      Path screenshot = Path.of("target", "dashboard.png");
      Files.createDirectories(screenshot.getParent());
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), screenshot,
          StandardCopyOption.REPLACE_EXISTING);

      assertNoBrowserErrors();
    }
  }

  @Test
  void shouldAskForTheAdminTokenAndThenShowTheGroups() {
    try (ServerFixture fixture = ServerFixture.startWithToken(vertx, node, "s3cret-token")) {
      driver.get(fixture.server.url() + "/");

      WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(
          By.id("token-form")));
      assertTrue(cards("mymaster").isEmpty());
      driver.findElement(By.id("token-input")).sendKeys("s3cret-token");
      form.findElement(By.cssSelector("button[type=submit]")).click();

      wait.until(d -> cards("mymaster").size() == 3);
      wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("token-form")));
      assertEquals("live", driver.findElement(By.id("connection-status"))
          .getAttribute("data-state"));
    }
  }

  private List<WebElement> cards(String group) {
    return driver.findElements(By.cssSelector(
        "[data-testid=group][data-group=" + group + "] [data-testid=backend-card]"));
  }

  private WebElement masterCard(String group) {
    return driver.findElement(By.cssSelector("[data-testid=group][data-group=" + group
        + "] [data-testid=backend-card][data-role=master]"));
  }

  private List<WebElement> events() {
    return driver.findElements(By.cssSelector("[data-testid=event]"));
  }

  /** Script errors and refused resources (a CSP violation among them) show up as SEVERE. */
  private void assertNoBrowserErrors() {
    List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .collect(Collectors.toList());
    assertTrue(severe.isEmpty(), "browser console errors: " + severe);
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
