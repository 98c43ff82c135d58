package dev.fapikit.tools.screenshots;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven through {@code /usr/bin/chromedriver} (Selenium Manager downloads nothing), on the
 * server's pages: Keycloak's admin console (a React SPA, so every step waits for what it needs) and FAPI Kit's
 * approval page. Viewport 1280×800.
 */
final class Console implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Elements a user clicks; a step names them by their visible text. */
    private static final String CLICKABLE = "self::button or self::a or @role='tab' or @role='option' or @role='menuitem'"
            + " or @role='treeitem'";

    private final ChromeDriver driver;
    private final String baseUrl;

    Console(String baseUrl) {
        this.baseUrl = baseUrl;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // the dev CA is not in Chromium's trust store; the server asks for (but does not need) a client certificate
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                "--window-size=" + WIDTH + "," + HEIGHT, "--lang=en-US", "--hide-scrollbars", "--disable-gpu",
                "--force-device-scale-factor=1");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).withSilent(true).build();
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
    }

    /**
     * One navigation step, {@code <verb> <argument>}:
     * <ul>
     *   <li>{@code console <realm>}: the admin console of that realm (signing in as the admin when asked)</li>
     *   <li>{@code page <path>}: a page of the server, e.g. {@code /realms/fapi-ciba/fapi-kit-ciba/approvals}</li>
     *   <li>{@code login <user>/<password>}: fills and submits Keycloak's login form</li>
     *   <li>{@code signout}: forgets every cookie of the browser (all sessions), so the next {@code login} may be
     *       another user</li>
     *   <li>{@code nav <text>}: the link of the console's side navigation with that text</li>
     *   <li>{@code tab <text>}: the tab with that text</li>
     *   <li>{@code link <text>}: a link with that text in the page (a table row's name)</li>
     *   <li>{@code click <text>}: a button, link, tab, menu item or option with that text, e.g. a select showing
     *       its current value</li>
     *   <li>{@code search <text>}: types the text into the page's search field and submits it</li>
     *   <li>{@code scroll <text>}: scrolls the text into view</li>
     *   <li>{@code wait <text>}: waits until the text is visible</li>
     *   <li>{@code width <px>}: a phone screen that wide (mobile emulation, 844 px high) for this screen's remaining
     *       steps and its screenshot; {@link #desktop()} restores 1280×800</li>
     * </ul>
     */
    void step(String step) {
        int space = step.indexOf(' ');
        String verb = space < 0 ? step : step.substring(0, space);
        String arg = space < 0 ? "" : step.substring(space + 1).trim();
        switch (verb) {
            case "console" -> console(arg);
            case "page" -> driver.get(baseUrl + arg);
            case "signout" -> driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
            case "login" -> login(arg.substring(0, arg.indexOf('/')), arg.substring(arg.indexOf('/') + 1));
            case "nav" -> click(find("//nav//a[normalize-space(.)=" + literal(arg) + "]", arg));
            // tabs beyond the tab bar's width are scrolled out of sight: a script click reaches them
            case "tab" -> scriptClick(find("//*[@role='tab'][normalize-space(.)=" + literal(arg) + "]", arg));
            case "link" -> click(find("//main//a[normalize-space(.)=" + literal(arg) + "]", arg));
            case "click" -> click(find("//*[" + CLICKABLE + "][normalize-space(.)=" + literal(arg) + "]"
                    + " | //*[" + CLICKABLE + "][.//*[normalize-space(.)=" + literal(arg) + "]][not(.//*[" + CLICKABLE + "])]", arg));
            case "search" -> search(arg);
            case "scroll" -> scrollTo(arg);
            case "wait" -> waitForText(List.of(arg));
            case "width" -> width(Integer.parseInt(arg));
            default -> throw new IllegalArgumentException("unknown step verb '" + verb + "' in: " + step);
        }
    }

    private void width(int px) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", px, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        driver.navigate().refresh();
    }

    /** The desktop viewport (1280×800) again, after a screen that used {@code width}. */
    void desktop() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
    }

    /** The texts of {@code expected} that are not visible within the wait time (empty: all are). */
    List<String> waitForText(List<String> expected) {
        long end = System.nanoTime() + WAIT.toNanos();
        List<String> missing;
        do {
            String visible = normalize(visibleText());
            missing = expected.stream().filter(t -> !visible.contains(normalize(t))).toList();
            if (missing.isEmpty()) {
                return missing;
            }
            sleep(300);
        } while (System.nanoTime() < end);
        return missing;
    }

    /** The page's rendered text plus the values of its fields (a select's or input's current value). */
    String visibleText() {
        return (String) driver.executeScript("return document.body.innerText + '\\n' + Array.from("
                + "document.querySelectorAll('input:not([type=hidden]),textarea')).map(e => e.value).join('\\n');");
    }

    void screenshot(Path file, String focus) {
        if (focus != null) {
            scrollTo(focus);
        }
        sleep(800); // animations (tabs, menus) settle
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    private void console(String realm) {
        driver.get("about:blank"); // a fresh start of the SPA: a changed fragment alone keeps the previous realm
        driver.get(baseUrl + "/admin/master/console/#/" + realm);
        long end = System.nanoTime() + WAIT.toNanos() * 2;
        while (System.nanoTime() < end) {
            if (!driver.findElements(By.id("username")).isEmpty() && !driver.findElements(By.id("password")).isEmpty()) {
                login(Screenshots.ADMIN_USER, Screenshots.ADMIN_PASSWORD);
            }
            if (!visible("//nav//a").isEmpty()) {
                return;
            }
            sleep(300);
        }
        throw new StepFailed("the admin console did not show its navigation (at " + driver.getCurrentUrl() + ")");
    }

    private void login(String user, String password) {
        WebElement username = find("//input[@id='username']", "the login form");
        username.clear();
        username.sendKeys(user);
        WebElement pass = find("//input[@id='password']", "the password field");
        pass.clear();
        pass.sendKeys(password);
        click(find("//*[@id='kc-login']", "the sign-in button"));
    }

    private void search(String text) {
        WebElement field = find("//main//input[@type='search' or contains(@placeholder, 'Search') or contains(@aria-label, 'earch')]",
                "a search field");
        field.clear();
        field.sendKeys(text, org.openqa.selenium.Keys.ENTER);
        sleep(800);
    }

    private void scrollTo(String text) {
        WebElement e = find("(//body//*[contains(normalize-space(.), " + literal(text) + ")][not(*[contains(normalize-space(.), "
                + literal(text) + ")])])[1]", text);
        driver.executeScript("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -80);", e);
        sleep(300);
    }

    /** The first visible element matching {@code xpath}, waiting for it; one inside {@code <main>} wins over others. */
    private WebElement find(String xpath, String what) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            List<WebElement> found = visible(xpath);
            Optional<WebElement> inMain = found.stream().filter(this::inMain).findFirst();
            if (inMain.isPresent()) {
                return inMain.get();
            }
            if (!found.isEmpty()) {
                return found.get(0);
            }
            sleep(300);
        }
        throw new StepFailed("nothing visible named '" + what + "' (at " + driver.getCurrentUrl() + ")");
    }

    private List<WebElement> visible(String xpath) {
        List<WebElement> result = new ArrayList<>();
        for (WebElement e : driver.findElements(By.xpath(xpath))) {
            try {
                if (e.isDisplayed()) {
                    result.add(e);
                }
            } catch (StaleElementReferenceException ignored) {
                // re-rendered meanwhile
            }
        }
        return result;
    }

    private boolean inMain(WebElement e) {
        try {
            return Boolean.TRUE.equals(driver.executeScript("return arguments[0].closest('main') !== null;", e));
        } catch (StaleElementReferenceException ex) {
            return false;
        }
    }

    private void click(WebElement e) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
        try {
            e.click();
        } catch (ElementClickInterceptedException ex) {
            ((JavascriptExecutor) driver).executeScript("arguments[0].click();", e);
        }
        sleep(400);
    }

    private void scriptClick(WebElement e) {
        driver.executeScript("arguments[0].click();", e);
        sleep(400);
    }

    private static String normalize(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    /** An XPath string literal for any text, quotes included. */
    private static String literal(String s) {
        if (!s.contains("'")) {
            return "'" + s + "'";
        }
        return "concat('" + s.replace("'", "', \"'\", '") + "')";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    /** A navigation step found nothing to act on. */
    static final class StepFailed extends RuntimeException {
        StepFailed(String message) {
            super(message);
        }
    }
}
