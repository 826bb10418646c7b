// Runs every journey in journeys/ against a running Mentorhub with the demo data
// (MENTORHUB_BASE_URL), in Debian's Chromium, at desktop and phone sizes. Each
// visited page is checked with axe-core (no serious or critical violations) and
// screenshots go to MENTORHUB_SCREENSHOTS (default: ./screenshots).
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const BASE = process.env.MENTORHUB_BASE_URL;
const OUT = process.env.MENTORHUB_SCREENSHOTS || path.join(__dirname, 'screenshots');
const CHROMIUM = process.env.MENTORHUB_CHROMIUM || '/usr/bin/chromium';
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const ONLY = process.env.MENTORHUB_JOURNEY || '';

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844, isMobile: true, hasTouch: true },
};

class Journey {
  constructor(browser, viewportName, journeyName, phoneToo = false) {
    this.browser = browser;
    this.viewportName = viewportName;
    this.journeyName = journeyName;
    // Journeys that change scarce demo data run once, at desktop size, and also
    // check and photograph each screenshot's page at phone size.
    this.phoneToo = phoneToo;
    this.pagesChecked = 0;
  }

  async open() {
    const vp = VIEWPORTS[this.viewportName];
    // bypassCSP only lets the test inject axe; the product's CSP is asserted elsewhere.
    this.context = await this.browser.newContext({
      viewport: { width: vp.width, height: vp.height },
      isMobile: !!vp.isMobile,
      hasTouch: !!vp.hasTouch,
      bypassCSP: true,
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    this.page = await this.context.newPage();
    this.page.setDefaultTimeout(15000);
    return this.page;
  }

  async close() {
    if (this.context) await this.context.close();
  }

  url(p) {
    return BASE + p;
  }

  async goto(p) {
    const response = await this.page.goto(this.url(p));
    await this.checkPage();
    return response;
  }

  // axe-core on the current page: zero serious or critical violations.
  async checkPage() {
    await this.page.evaluate(AXE);
    const result = await this.page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    this.pagesChecked += 1;
    if (bad.length) {
      throw new Error(`accessibility violations on ${this.page.url()}: ${JSON.stringify(bad, null, 1)}`);
    }
    const bytes = await this.page.evaluate(() => document.documentElement.outerHTML.length);
    if (bytes > 100 * 1024) throw new Error(`${this.page.url()} is ${bytes} bytes of HTML (limit 100 KB)`);
  }

  async signIn(email, password = 'mentorhub-demo') {
    await this.goto('/login');
    await this.page.getByLabel('Email address').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.waitForLoadState('load');
  }

  async signOut() {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await this.page.waitForLoadState('load');
  }

  async screenshot(name) {
    fs.mkdirSync(OUT, { recursive: true });
    await this.page.screenshot({ path: path.join(OUT, `${this.journeyName}-${name}-${this.viewportName}.png`), fullPage: true });
    if (this.phoneToo && this.viewportName !== 'phone') {
      const vp = VIEWPORTS[this.viewportName];
      await this.page.setViewportSize({ width: VIEWPORTS.phone.width, height: VIEWPORTS.phone.height });
      try {
        await this.checkPage();
        await this.page.screenshot({ path: path.join(OUT, `${this.journeyName}-${name}-phone.png`), fullPage: true });
      } finally {
        await this.page.setViewportSize({ width: vp.width, height: vp.height });
      }
    }
  }

  // Submits the form the button is in, as a click, and checks the page it leads to.
  async submit(buttonName, within) {
    const scope = within || this.page;
    await Promise.all([
      this.page.waitForNavigation({ waitUntil: 'load' }),
      scope.getByRole('button', { name: buttonName, exact: true }).first().click(),
    ]);
    await this.checkPage();
  }

  // Follows a link by its visible name and checks the page it leads to.
  async follow(linkName, within) {
    const scope = within || this.page;
    await Promise.all([
      this.page.waitForNavigation({ waitUntil: 'load' }),
      scope.getByRole('link', { name: linkName, exact: true }).first().click(),
    ]);
    await this.checkPage();
  }

  async expectHeading(text) {
    const h1 = (await this.page.locator('h1').first().innerText()).trim();
    if (!h1.includes(text)) throw new Error(`expected the page heading to say ${JSON.stringify(text)} on ${this.page.url()}, it says ${JSON.stringify(h1)}`);
  }

  // The path of the current page, without the host.
  path() {
    return new URL(this.page.url()).pathname;
  }

  async expectText(text) {
    const body = await this.page.locator('body').innerText();
    if (!body.includes(text)) throw new Error(`expected to see ${JSON.stringify(text)} on ${this.page.url()}`);
  }

  async expectTextIn(locator, text) {
    const t = await locator.innerText();
    if (!t.includes(text)) throw new Error(`expected ${JSON.stringify(text)} in ${locator} on ${this.page.url()}, found ${JSON.stringify(t.slice(0, 300))}`);
  }

  async expectNoText(text) {
    const html = await this.page.content();
    if (html.includes(text)) throw new Error(`${JSON.stringify(text)} must not appear on ${this.page.url()}`);
  }
}

async function main() {
  if (!BASE) throw new Error('set MENTORHUB_BASE_URL to a running server with demo data');
  const files = fs.readdirSync(path.join(__dirname, 'journeys')).filter((f) => f.endsWith('.js')).sort();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const journey = require(path.join(__dirname, 'journeys', file));
    if (ONLY && !journey.name.includes(ONLY)) continue;
    for (const viewport of journey.viewports || Object.keys(VIEWPORTS)) {
      const j = new Journey(browser, viewport, journey.name, !!journey.phoneToo);
      const label = `${journey.name} (${viewport})`;
      try {
        await j.open();
        await journey.run(j);
        console.log(`ok   ${label}: ${j.pagesChecked} page(s) checked`);
        passed += 1;
      } catch (e) {
        const where = j.page ? ` (at ${j.page.url()})` : '';
        console.log(`FAIL ${label}: ${e.message}${where}`);
        try { await j.screenshot('failure'); } catch (_) { /* best effort */ }
        failed += 1;
      } finally {
        await j.close();
      }
    }
  }
  await browser.close();
  console.log(`browser journeys: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
