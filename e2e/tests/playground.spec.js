import { test, expect } from "@playwright/test";
import { readFileSync, readdirSync, existsSync } from "node:fs";

const examplesDir = new URL("../../www/examples/", import.meta.url);
const read = (name, file) => {
  const url = new URL(`${name}/${file}`, examplesDir);
  return existsSync(url) ? readFileSync(url, "utf8") : "";
};
const axeSource = readFileSync(new URL("../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

// Every test: the page makes no request off loopback and logs no error.
test.beforeEach(async ({ page }, testInfo) => {
  testInfo.offOrigin = [];
  testInfo.consoleErrors = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["127.0.0.1", "localhost"].includes(url.hostname) && url.protocol !== "data:") {
      testInfo.offOrigin.push(r.url());
    }
  });
  page.on("console", (m) => m.type() === "error" && testInfo.consoleErrors.push(m.text()));
  page.on("pageerror", (e) => testInfo.consoleErrors.push(String(e)));
});

test.afterEach(async ({}, testInfo) => {
  expect(testInfo.offOrigin, "requests that left loopback").toEqual([]);
  const unexpected = testInfo.consoleErrors.filter((e) => !testInfo.expectedConsole?.test(e));
  expect(unexpected, "browser console errors").toEqual([]);
});

const rows = (page) => page.getByRole("table", { name: "Actions by role" }).locator("tbody tr");
const editor = (page, name) => page.getByRole("textbox", { name, exact: true });
const tab = (page, name) => page.getByRole("tab", { name });

async function fill(page, name, text) {
  await tab(page, name).click();
  await editor(page, name).fill(text);
}

test("opens with the default example analysed", async ({ page }) => {
  await page.goto("/");
  const pull = rows(page).filter({ hasText: "ecr:BatchGetImage" });
  await expect(pull).toContainText("task execution role");
  await expect(pull).toContainText("arn:aws:ecr:us-east-1:111122223333:repository/web");
  await expect(pull).toContainText("allowed");
  await expect(page.getByText("Launch type FARGATE")).toBeVisible();
  await expect(page.locator(".badge")).toBeVisible();
  await expect(page.locator("pre.highlight .tok-key").first()).toBeVisible();
  await page.screenshot({ path: "screenshots/main-light.png", fullPage: true });
});

test("dark theme follows the system and the toggle", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await tab(page, "Role map").click();
  await expect(page.locator(".role-map svg")).toBeVisible();
  // Every action's resource is in the map's text, the ECR repository's among them.
  await expect(page.locator(".role-map text.resource", { hasText: "arn:aws:ecr:us-east-1:111122223333:repository/web" }).first()).toBeVisible();
  expect(await page.locator(".role-map text.resource").count()).toBeGreaterThanOrEqual(await page.locator(".role-map text.action").count());
  await page.screenshot({ path: "screenshots/main-dark.png", fullPage: true });
  await page.getByRole("button", { name: "Dark theme" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
});

for (const name of readdirSync(examplesDir).sort()) {
  test(`example ${name}: pasted, analysed, mapped`, async ({ page }) => {
    await page.goto("/");
    await fill(page, "Task definition", read(name, "task-definition.json"));
    await fill(page, "Service", read(name, "service.json"));
    await fill(page, "Roles & policies", read(name, "roles.json"));
    await fill(page, "App actions", read(name, "app-actions.json"));
    await expect(page.locator(".input-errors")).toHaveCount(0);
    await expect(page.locator(".findings, .no-findings").first()).toBeVisible();
    await tab(page, "Role map").click();
    const actions = page.locator(".role-map text.action");
    expect(await actions.count()).toBeGreaterThan(0);
    for (const text of await actions.allTextContents()) expect(text).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
  });
}

test("EC2 without a task role falls back to the instance role", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Example").selectOption("ec2-no-roles");
  await expect(rows(page).first()).toContainText("container instance role");
  await expect(page.getByText("TASK_ROLE_MISSING_EC2_FALLBACK")).toBeVisible();
  await tab(page, "Role map").click();
  await expect(page.locator(".role-map .actor-label", { hasText: "the EC2 host" }).first()).toBeVisible();
});

for (const width of [1280, 1024]) {
  test(`the results fit ${width} px: no cut columns, one-line action names`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/");
    await expect(rows(page).first()).toBeVisible();
    const fit = await page.evaluate(() => {
      const scroll = document.querySelector(".table-scroll");
      const names = [...document.querySelectorAll("button.action-name")];
      return {
        overflow: scroll.scrollWidth - scroll.clientWidth,
        wrapped: names.filter((b) => b.getClientRects().length !== 1 || b.offsetHeight > 24).map((b) => b.textContent),
      };
    });
    expect(fit.overflow).toBeLessThanOrEqual(0);
    expect(fit.wrapped).toEqual([]);
    // An ARN breaks only after `:` or `/`: each of its pieces stays on one line.
    const pieces = page.locator("td.resource code.arn > span");
    for (const height of await pieces.evaluateAll((spans) => spans.map((s) => s.getClientRects().length))) {
      expect(height).toBe(1);
    }
    await tab(page, "Role map").click();
    const map = await page.locator(".map-scroll").evaluate((m) => m.scrollWidth - m.clientWidth);
    expect(map).toBeLessThanOrEqual(0);
    if (width === 1024) await page.screenshot({ path: "screenshots/main-1024.png", fullPage: true });
  });
}

test("suggested policies: per role, copyable, compared with what was pasted", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await tab(page, "Suggested policies").click();
  const execution = page.locator(".suggestion", { hasText: "role/ecsTaskExecutionRole" });
  await expect(execution.getByRole("heading", { name: "Identity policy" })).toBeVisible();
  await expect(execution.getByRole("heading", { name: "Trust policy" })).toBeVisible();
  await expect(execution.locator("pre.json").first()).toContainText('"ecr:BatchGetImage"');
  await expect(execution.locator("pre.json .tok-key").first()).toBeVisible();
  // Their inline policy is compared line by line: the suggestion adds lines, theirs has more.
  const diff = execution.locator(".policy-diff");
  await expect(diff.locator(".line.add").first()).toBeVisible();
  await expect(diff.locator("summary")).toContainText("lines to add");
  await execution.getByRole("button", { name: /^Copy the identity policy/ }).click();
  await expect(execution.getByRole("status").first()).toHaveText("Copied.");
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  expect(copied.Version).toBe("2012-10-17");
  expect(JSON.stringify(copied.Statement)).toContain("ecr:BatchGetImage");
  expect(JSON.stringify(copied.Statement)).toContain("arn:aws:ecr:us-east-1:111122223333:repository/web");
  await expect(page).toHaveURL(/#v1:/);
  await page.screenshot({ path: "screenshots/policies.png", fullPage: true });
  // The view is part of the share link.
  await page.waitForTimeout(300);
  const fresh = await context.newPage();
  await fresh.goto(page.url());
  await expect(tab(fresh, "Suggested policies")).toHaveAttribute("aria-selected", "true");
  await fresh.close();
});

test("bad JSON gets a located error and the page keeps working", async ({ page }) => {
  await page.goto("/");
  const before = await rows(page).count();
  const td = editor(page, "Task definition");
  await td.fill('{\n  "family": "web",\n  containerDefinitions: []\n}');
  const alert = page.locator(".input-errors[role=alert]");
  await expect(alert).toContainText("line 3, column 3");
  await expect(td).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".gutter .error")).toHaveText("3");
  await expect(page.getByText("Showing the last analysis that worked")).toBeVisible();
  await expect(rows(page)).toHaveCount(before);
  await page.screenshot({ path: "screenshots/error.png", fullPage: true });
  await td.fill(read("ec2-no-roles", "task-definition.json"));
  await expect(page.locator(".input-errors")).toHaveCount(0);
});

test("an internal error shows a banner, keeps the input, and the page goes on", async ({ page }, testInfo) => {
  // `?panic-test=1` panics on purpose once the page has rendered.
  await page.goto("/?panic-test=1");
  const td = editor(page, "Task definition");
  const before = await td.inputValue();
  const banner = page.locator(".panic-banner[role=alert]");
  await expect(banner).toContainText("internal error");
  await expect(banner).toContainText("Your input is still in the editor");
  await page.screenshot({ path: "screenshots/panic.png", fullPage: true });
  expect(await td.inputValue()).toBe(before);
  // The panic happened outside the app's own updates: editing still re-analyses.
  await td.fill(read("ec2-no-roles", "task-definition.json"));
  await expect(page.getByText("Launch type EC2")).toBeVisible();
  // The deliberate panic, and the trap that ends it, are all the console reports.
  expect(testInfo.consoleErrors.length).toBeGreaterThan(0);
  testInfo.expectedConsole = /panic-test|internal error|RuntimeError: unreachable/;
});

test("a large task definition is shown plain and stays editable", async ({ page }) => {
  await page.goto("/");
  const containers = Array.from({ length: 150 }, (_, i) => ({
    name: `app-${i}`,
    image: `111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/svc-${i}:1.0.${i}`,
    essential: i === 0,
    environment: Array.from({ length: 8 }, (_, k) => ({ name: `SETTING_${k}`, value: `value-${i}-${k}` })),
    logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": `/ecs/shop/${i}`, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app" } },
  }));
  const text = JSON.stringify({
    family: "shop", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "4096", memory: "8192",
    executionRoleArn: "arn:aws:iam::111122223333:role/shop-exec", containerDefinitions: containers,
  }, null, 2);
  expect(text.length).toBeGreaterThan(64 * 1024);
  // As a paste delivers it: one input event with the whole text (Playwright's fill inserts it
  // character by character, which takes minutes at this size).
  await editor(page, "Task definition").evaluate((area, value) => {
    area.value = value;
    area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  }, text);
  // Past 64 KB the editor drops its highlighted copy: the textarea shows its own text.
  await expect(page.locator(".code.plain")).toHaveCount(1);
  const lines = text.split("\n").length;
  await expect(page.locator(".gutter.plain")).toContainText(`\n${lines}`);
  // 150 containers: the analysis and its 600 rows take a few seconds on a busy 2-core machine.
  await expect(rows(page).filter({ hasText: "arn:aws:ecr:us-east-1:111122223333:repository/shop/svc-149" }).first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("button", { name: "Format" })).toBeEnabled();
});

test("a finding and a deciding statement jump into the editors", async ({ page }) => {
  await page.goto("/");
  await page.locator(".finding button.place").first().click();
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    return { label: el.getAttribute("aria-label"), selected: el.value.slice(el.selectionStart, el.selectionEnd) };
  });
  expect(focused.selected.length).toBeGreaterThan(0);
  await rows(page).filter({ hasText: "secretsmanager:GetSecretValue" }).getByRole("button").click();
  const detail = page.locator("#action-detail");
  await expect(detail).toContainText("ReadDatabaseSecret");
  await detail.getByRole("button", { name: "jump to line" }).last().click();
  await expect(tab(page, "Roles & policies")).toHaveAttribute("aria-selected", "true");
  const line = await page.evaluate(() => {
    const el = document.activeElement;
    return el.value.slice(el.selectionStart, el.selectionEnd);
  });
  expect(line).toContain("ReadDatabaseSecret");
});

test("table sorts and filters", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: /^Action/ }).click();
  const names = await page.locator("button.action-name").allTextContents();
  expect(names).toEqual([...names].sort());
  await page.getByLabel("Decision").selectOption("denied");
  for (const text of await rows(page).allTextContents()) expect(text).toContain("denied");
  await page.getByLabel("Decision").selectOption("");
  await page.getByLabel("Role", { exact: true }).selectOption("task");
  for (const text of await rows(page).allTextContents()) expect(text).toMatch(/^task role/);
});

test("a share link round-trips into a fresh page", async ({ page, context }) => {
  await page.goto("/");
  await fill(page, "App actions", '[{"action": "dynamodb:GetItem", "resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Sessions"}]');
  await tab(page, "Role map").click();
  await expect(page).toHaveURL(/#v1:/);
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#v1:/);
  await page.waitForTimeout(400);
  const url = page.url();
  const fresh = await context.newPage();
  await fresh.goto(url);
  await expect(fresh.locator(".role-map text.action", { hasText: "dynamodb:GetItem" })).toBeVisible();
  await expect(tab(fresh, "App actions")).toHaveAttribute("aria-selected", "true");
  await fresh.close();
});

test("a damaged link says so and opens the default example", async ({ page }) => {
  await page.goto("/#v1:AAAA-tampered");
  await expect(page.getByRole("alert").filter({ hasText: "damaged" })).toBeVisible();
  await expect(rows(page).filter({ hasText: "ecr:BatchGetImage" })).toHaveCount(1);
});

test("embed mode shows the map and findings, with a way back", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Embed" }).click();
  const snippet = await page.locator("#embed-snippet textarea").inputValue();
  const src = snippet.match(/src="([^"]+)"/)[1];
  expect(src).toContain("?embed=1#v1:");
  await page.goto(src);
  await expect(page.locator(".role-map svg")).toBeVisible();
  await expect(page.locator(".role-map text.resource", { hasText: "arn:aws:ecr:" }).first()).toBeVisible();
  await expect(page.locator(".findings")).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Open in rolecall" })).toHaveAttribute("href", /#v1:/);
  await page.screenshot({ path: "screenshots/embed.png", fullPage: true });
});

test("keyboard only: pick a tab, edit, open an explanation", async ({ page }) => {
  await page.goto("/");
  await tab(page, "Task definition").focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(tab(page, "Roles & policies")).toBeFocused();
  await expect(tab(page, "Roles & policies")).toHaveAttribute("aria-selected", "true");
  const first = page.locator("button.action-name").first();
  await first.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#action-detail")).toBeVisible();
  await expect(first).toHaveAttribute("aria-expanded", "true");
});

test("keyboard only: the role map's actions open their explanation", async ({ page }) => {
  await page.goto("/");
  await tab(page, "Role map").click();
  const action = page.getByRole("button", { name: /^ecr:BatchGetImage on arn:aws:ecr:us-east-1:111122223333:repository\/web: allowed/ });
  await action.focus();
  await expect(action).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#action-detail")).toBeVisible();
  await expect(page.locator("#action-detail")).toContainText("ecr:BatchGetImage");
  await page.screenshot({ path: "screenshots/role-map-keyboard.png", fullPage: true });
  // Tab moves from one action to the next.
  await action.focus();
  await page.keyboard.press("Tab");
  await expect(page.locator(".role-map .map-action:focus")).toHaveCount(1);
});

test("no serious accessibility violations", async ({ page }) => {
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/");
    await page.locator("button.action-name").first().click();
    await page.evaluate(axeSource);
    for (const view of ["Table", "Role map", "Suggested policies"]) {
      await tab(page, view).click();
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      const serious = result.violations
        .filter((v) => ["serious", "critical"].includes(v.impact))
        .map((v) => `${scheme} ${view}: ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      expect(serious).toEqual([]);
    }
  }
});

test("the content security policy blocks outbound connections", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(rows(page).first()).toBeVisible();
  const blocked = await page.evaluate(async () => {
    try {
      await fetch("https://example.com/");
      return false;
    } catch {
      return true;
    }
  });
  expect(blocked).toBe(true);
  // The refusal is logged as an error: that is the point of this test, not a fault.
  testInfo.consoleErrors = testInfo.consoleErrors.filter((e) => !e.includes("example.com"));
  // One policy, which pins Trunk's loader and the inlined stylesheet by hash: no
  // 'unsafe-inline', and an injected inline script does not run nor an injected style apply.
  const policy = page.locator("meta[http-equiv=Content-Security-Policy]");
  await expect(policy).toHaveCount(1);
  const content = await policy.getAttribute("content");
  expect(content).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  expect(content).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
  expect(content).not.toContain("unsafe-inline");
  const ran = await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__injected = true";
    document.body.append(s);
    return window.__injected === true;
  });
  expect(ran).toBe(false);
  const styled = await page.evaluate(() => {
    const s = document.createElement("style");
    s.textContent = "body { outline: 7px solid rgb(1, 2, 3) }";
    document.head.append(s);
    return getComputedStyle(document.body).outlineWidth === "7px";
  });
  expect(styled).toBe(false);
  testInfo.consoleErrors = testInfo.consoleErrors.filter((e) => !e.includes("Content Security Policy"));
});
