// Opens the page of samples/webapp in a real headless Chromium (Debian's, driven by playwright-core) as a visitor
// would, and prints one JSON verdict on stdout for Kumo's functional tests to assert on.
//
//   node webapp-page.mjs URL NAME [LOCALE]
//
// It loads URL, waits for the page's "what the function saw" list to be filled from GET api/request, greets NAME
// through the form (POST api/greetings), then submits an empty name and reads the error the page shows. While the
// page loads and greets, any console error, uncaught exception, failed request or answer of 400 or more is a
// problem; while it submits the empty name, the one expected 400 (and the console line Chromium writes for it) is
// allowed and anything else is a problem. The verdict: {"ok", "problems", "texts" read from the page, "events"}.
// It exits 0 when it could run the page (whatever the verdict) and 1 when it could not (no browser, a timeout).
import { chromium } from "playwright-core";

const [url, name, locale = "en-US"] = process.argv.slice(2);
if (!url || !name) {
  console.error("usage: node webapp-page.mjs URL NAME [LOCALE]");
  process.exit(2);
}

const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const timeout = 30_000;
const events = [];
let phase = "load";

function record(kind, detail) {
  events.push({ phase, kind, ...detail });
}

// Chromium refuses to start as root with its own sandbox; the page is ours and local, so run without it then.
const runningAsRoot = typeof process.getuid === "function" && process.getuid() === 0;
const browser = await chromium.launch({ executablePath, headless: true, args: runningAsRoot ? ["--no-sandbox"] : [], timeout });
try {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on("console", (message) => {
    if (message.type() === "error") {
      record("console-error", { text: message.text(), location: message.location().url });
    }
  });
  page.on("pageerror", (error) => record("page-error", { text: String(error) }));
  page.on("requestfailed", (request) =>
    record("request-failed", { method: request.method(), url: request.url(), text: request.failure()?.errorText ?? "" }));
  page.on("response", (response) => {
    if (response.status() >= 400) {
      record("bad-response", { method: response.request().method(), url: response.url(), status: response.status() });
    }
  });

  const loaded = await page.goto(url, { waitUntil: "load" });
  const texts = { documentStatus: loaded?.status() ?? null, documentType: loaded?.headers()["content-type"] ?? null };
  await page.locator("#request[aria-busy=false]").waitFor();
  texts.title = await page.title();
  texts.userAgent = await page.evaluate(() => navigator.userAgent);
  texts.buttonColour = await page.locator("#greet-button").evaluate((button) => getComputedStyle(button).backgroundColor);
  texts.request = Object.fromEntries(
    await page.locator("#request [data-field]").evaluateAll((cells) => cells.map((cell) => [cell.dataset.field, cell.textContent])));
  texts.requestError = await page.locator("#request-error").textContent();

  phase = "greet";
  await page.locator("#name").fill(name);
  await page.locator("#greet-button").click();
  await page.waitForFunction(
    () => document.getElementById("greeting").textContent !== "" || !document.getElementById("greet-error").hidden);
  texts.greeting = await page.locator("#greeting").textContent();
  texts.greetingDetails = await page.locator("#greeting-details").textContent();
  texts.greetError = await page.locator("#greet-error").textContent();

  phase = "empty-name";
  await page.locator("#name").fill("");
  await page.locator("#greet-button").click();
  await page.locator("#greet-error").waitFor({ state: "visible" });
  texts.emptyNameError = await page.locator("#greet-error").textContent();
  texts.greetingAfterError = await page.locator("#greeting").textContent();
  await page.locator("#greet-button:enabled").waitFor();
  await context.close();

  const problems = [];
  for (const event of events) {
    const expected =
      event.phase === "empty-name" &&
      ((event.kind === "bad-response" && event.status === 400 && event.method === "POST" && event.url.endsWith("/api/greetings")) ||
        (event.kind === "console-error" && event.text.includes("status of 400")));
    if (!expected) {
      problems.push(`${event.phase}: ${event.kind} ${JSON.stringify(event)}`);
    }
  }

  if (!events.some((event) => event.phase === "empty-name" && event.kind === "bad-response")) {
    problems.push("empty-name: the API did not answer 400 to an empty name");
  }

  console.log(JSON.stringify({ ok: problems.length === 0, problems, texts, events }));
} finally {
  await browser.close();
}
