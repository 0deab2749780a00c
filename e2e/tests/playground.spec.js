import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";

const ec2Example = readFileSync(
  new URL("../../www/examples/ec2-no-roles/task-definition.json", import.meta.url),
  "utf8",
);

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
  expect(testInfo.consoleErrors, "browser console errors").toEqual([]);
});

const rows = (page) => page.getByRole("table", { name: "Actions by role" }).locator("tbody tr");

test("opens with the default example analysed", async ({ page }) => {
  await page.goto("/");
  await expect(rows(page)).toHaveCount(9);
  const pull = rows(page).filter({ hasText: "ecr:BatchGetImage" });
  await expect(pull).toContainText("task execution role");
  await expect(pull).toContainText("arn:aws:ecr:us-east-1:111122223333:repository/web");
  await expect(page.getByText("launch type FARGATE")).toBeVisible();
});

test("a pasted task definition is analysed as it is typed", async ({ page }) => {
  await page.goto("/");
  const editor = page.getByRole("textbox", { name: "Task definition" });
  await editor.fill(ec2Example);
  await expect(rows(page)).toHaveCount(6);
  await expect(rows(page).first()).toContainText("container instance role");
  await expect(rows(page).first()).toContainText("ecr:GetAuthorizationToken");
  await expect(page.getByText("TASK_ROLE_MISSING_EC2_FALLBACK")).toBeVisible();
  await page.screenshot({ path: "screenshots/main.png", fullPage: true });
});

test("bad JSON gets a located error and the page keeps working", async ({ page }) => {
  await page.goto("/");
  const editor = page.getByRole("textbox", { name: "Task definition" });
  await editor.fill('{\n  "family": "web",\n  containerDefinitions: []\n}');
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("line 3, column 3");
  await expect(editor).toHaveAttribute("aria-invalid", "true");
  // The last good analysis stays on screen, marked as stale.
  await expect(page.getByText("Showing the last analysis that worked")).toBeVisible();
  await expect(rows(page)).toHaveCount(9);
  await page.screenshot({ path: "screenshots/error.png", fullPage: true });

  await editor.fill(ec2Example);
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(rows(page)).toHaveCount(6);
});
