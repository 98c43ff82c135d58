package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.Color;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;

/**
 * ISSUE18 §3: the approval page is drawn by the realm's login theme. A custom login theme (a folder in the node's
 * {@code themes/}, extending keycloak.v2, changing the title and colours) is the realm's; Debian's headless Chromium
 * (as docs/screenshots.sh drives it) signs in on the page and finds the theme's title and colours, a request that
 * arrives while the page is open appears without a reload, a 390 px wide phone screen has no horizontal scroll, and
 * the language menu's {@code kc_locale=de} shows the German messages.
 */
@FapiKitServer
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("approval page in the realm's login theme (ISSUE18 §3)")
class ApprovalPageThemeIT {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String THEME = "fapi-kit-it-bank";
    static final String TITLE = "Test Bank approvals";
    /** The custom theme's primary button colour, as the browser computes it. */
    static final String BANK_RED = "rgb(170, 17, 34)";
    static final String BANK_NAVY = "rgb(12, 34, 56)";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static CibaRealm realm;
    private static ChromeDriver driver;
    private static Path shots;

    @BeforeAll
    static void themeRealmAndBrowser(FapiKit kit) throws IOException {
        Assumptions.assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "Debian's chromium and chromium-driver are needed: apt-get install -y chromium chromium-driver");
        installTheme(kit.server().home().resolve("themes").resolve(THEME));
        realm = CibaRealm.create(kit, "theme-page");
        realm.realmSettings(Map.of("loginTheme", THEME, "internationalizationEnabled", true,
                "supportedLocales", List.of("en", "de"), "defaultLocale", "en"));
        shots = Path.of("target", "approval-page-theme");
        Files.createDirectories(shots);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // the test CA is not in Chromium's trust store; the server asks for (but does not need) a client certificate
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                "--window-size=1280,800", "--lang=en-US", "--disable-gpu", "--force-device-scale-factor=1");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).withSilent(true).build(), options);
    }

    @AfterAll
    static void close() {
        if (driver != null) driver.quit();
        if (realm != null) realm.kit.admin().delete("realms/" + realm.name);
    }

    /** A login theme as a bank would write one: keycloak.v2 plus its own style sheet and title. */
    private static void installTheme(Path theme) throws IOException {
        Path login = theme.resolve("login");
        Files.createDirectories(login.resolve("resources/css"));
        Files.createDirectories(login.resolve("messages"));
        Files.writeString(login.resolve("theme.properties"), """
                parent=keycloak.v2
                import=common/keycloak
                styles=css/styles.css css/bank.css
                """);
        Files.writeString(login.resolve("resources/css/bank.css"), """
                #keycloak-bg { background: %s; }
                .pf-v5-c-button.pf-m-primary { --pf-v5-c-button--m-primary--BackgroundColor: %s; background-color: %s; }
                """.formatted(BANK_NAVY, BANK_RED, BANK_RED));
        Files.writeString(login.resolve("messages/messages_en.properties"), "loginTitle=" + TITLE + "\n");
        Files.writeString(login.resolve("messages/messages_de.properties"), "loginTitle=" + TITLE + " (DE)\n");
    }

    @Test
    @Order(1)
    @DisplayName("signing in on the page shows the request in the custom theme: its title, its colours, the bundle's heading")
    void customThemeApplies() throws IOException {
        realm.startAs("speaker", "login_hint", "alice", "binding_message", "THEME-ONE");
        driver.get(realm.approvalPage());
        await().atMost(WAIT).until(() -> !driver.findElements(By.id("username")).isEmpty());
        assertThat(driver.getTitle()).as("the custom theme's login page").isEqualTo(TITLE);
        driver.findElement(By.id("username")).sendKeys("alice");
        driver.findElement(By.id("password")).sendKeys("alice-pw");
        driver.findElement(By.id("kc-login")).click();
        await().atMost(WAIT).until(() -> !driver.findElements(By.id("fapi-kit-ciba-approvals")).isEmpty());

        assertThat(driver.getTitle()).isEqualTo(TITLE);
        assertThat(driver.findElement(By.cssSelector("h1#kc-page-title")).getText()).isEqualTo("Approve sign-in requests");
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("THEME-ONE").contains("Signed in as alice");
        WebElement approve = driver.findElement(By.cssSelector("button[value=approve]"));
        assertThat(Color.fromString(approve.getCssValue("background-color")).asRgb()).as("the theme's button colour").isEqualTo(BANK_RED);
        assertThat(Color.fromString(driver.findElement(By.id("keycloak-bg")).getCssValue("background-color")).asRgb())
                .as("the theme's page background").isEqualTo(BANK_NAVY);
        // keycloak.v2's PatternFly styles load under the page's CSP (a PatternFly class has its layout)
        assertThat(approve.getAttribute("class")).contains("pf-v5-c-button");
        assertThat(approve.getCssValue("cursor")).isEqualTo("pointer");
        // keyboard: the decision buttons are reached with Tab, each names the request it decides
        assertThat(approve.getAttribute("aria-describedby")).startsWith("request-");
        assertThat(driver.findElement(By.id(approve.getAttribute("aria-describedby"))).getText()).startsWith("Request from");
        Files.write(shots.resolve("desktop.png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @Order(2)
    @DisplayName("a request that arrives while the page is open appears without a reload (same-origin script, strict CSP)")
    void newRequestAppears() {
        assertThat(driver.getPageSource()).doesNotContain("THEME-TWO");
        realm.startAs("speaker", "login_hint", "alice", "binding_message", "THEME-TWO");
        // the page's refresh script may replace the list (and the body) between finding an element and reading it
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreException(StaleElementReferenceException.class)
                .until(() -> driver.findElement(By.tagName("body")).getText().contains("THEME-TWO"));
        assertThat(driver.getCurrentUrl()).isEqualTo(realm.approvalPage());
    }

    @Test
    @Order(3)
    @DisplayName("on a 390 px wide phone screen the page has no horizontal scroll")
    void phoneWidth() throws IOException {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        try {
            driver.get(realm.approvalPage());
            await().atMost(WAIT).until(() -> !driver.findElements(By.id("fapi-kit-ciba-approvals")).isEmpty());
            long viewport = (Long) driver.executeScript("return document.documentElement.clientWidth;");
            long content = (Long) driver.executeScript("return document.documentElement.scrollWidth;");
            assertThat(viewport).isEqualTo(390);
            assertThat(content).as("no horizontal scroll at 390 px").isLessThanOrEqualTo(viewport);
            assertThat(driver.findElement(By.cssSelector("button[value=approve]")).isDisplayed()).isTrue();
            Files.write(shots.resolve("phone.png"), driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    @Order(4)
    @DisplayName("with kc_locale=de (the theme's language menu) the page speaks German; the realm's other locales fall back to English")
    void germanMessages() {
        driver.get(realm.approvalPage() + "?kc_locale=de");
        await().atMost(WAIT).until(() -> !driver.findElements(By.id("fapi-kit-ciba-approvals")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("h1#kc-page-title")).getText()).isEqualTo("Anmeldeanfragen freigeben");
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
        assertThat(driver.findElement(By.cssSelector("button[value=approve]")).getText()).isEqualTo("Freigeben");
        assertThat(driver.getTitle()).isEqualTo(TITLE + " (DE)");

        realm.realmSettings(Map.of("supportedLocales", List.of("en", "de", "fr")));
        driver.get(realm.approvalPage() + "?kc_locale=fr");
        await().atMost(WAIT).until(() -> !driver.findElements(By.id("fapi-kit-ciba-approvals")).isEmpty());
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
        assertThat(driver.findElement(By.cssSelector("h1#kc-page-title")).getText()).isEqualTo("Approve sign-in requests");
        driver.get(realm.approvalPage() + "?kc_locale=en");
        realm.denyAll("alice");
    }
}
