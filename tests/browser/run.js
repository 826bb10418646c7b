// Runs every journey in journeys/ against a running Mentorhub with the demo data
// (MENTORHUB_BASE_URL), in Debian's Chromium, on a desktop and on an emulated
// phone. Each visited page is checked with axe-core (no serious or critical
// violations) and screenshots go to MENTORHUB_SCREENSHOTS (default:
// ./screenshots). Email the app sent is read from MENTORHUB_MAIL_DIR (.eml files).
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const BASE = process.env.MENTORHUB_BASE_URL;
const OUT = process.env.MENTORHUB_SCREENSHOTS || path.join(__dirname, 'screenshots');
const CHROMIUM = process.env.MENTORHUB_CHROMIUM || '/usr/bin/chromium';
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const ONLY = process.env.MENTORHUB_JOURNEY || '';

const MAIL_DIR = process.env.MENTORHUB_MAIL_DIR || '';

// What each kind of device is, as a browser context emulates it. The phone is a
// real mobile emulation: its screen, pixel density, touch, the mobile viewport
// rules (the page's <meta name="viewport">) and a phone browser's user agent.
const DEVICES = {
  desktop: {
    viewport: { width: 1280, height: 800 },
  },
  phone: {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  },
};

function newContext(browser, device) {
  // bypassCSP only lets the test inject axe; the product's CSP is asserted elsewhere.
  return browser.newContext({
    ...DEVICES[device],
    bypassCSP: true,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
}

// The page as it stands, typed values and ticked boxes included, as HTML: what
// the phone is shown when it photographs a page the desktop reached (often the
// answer to a form, which cannot simply be loaded again).
function snapshotWithFormState() {
  const clone = document.documentElement.cloneNode(true);
  const live = document.querySelectorAll('input, textarea, select');
  const copies = clone.querySelectorAll('input, textarea, select');
  live.forEach((el, i) => {
    const copy = copies[i];
    if (el.tagName === 'TEXTAREA') {
      copy.textContent = el.value;
    } else if (el.tagName === 'SELECT') {
      Array.from(el.options).forEach((o, k) => copy.options[k].toggleAttribute('selected', o.selected));
    } else if (el.type === 'checkbox' || el.type === 'radio') {
      copy.toggleAttribute('checked', el.checked);
    } else if (el.type !== 'file') {
      copy.setAttribute('value', el.value);
    }
  });
  return `<!doctype html>\n${clone.outerHTML}`;
}

class Journey {
  constructor(browser, viewportName, journeyName, phoneToo = false) {
    this.browser = browser;
    this.viewportName = viewportName;
    this.journeyName = journeyName;
    // Journeys that change scarce demo data run once, on the desktop, and also
    // check and photograph each screenshot's page on the emulated phone.
    this.phoneToo = phoneToo;
    this.pagesChecked = 0;
  }

  async open() {
    this.context = await newContext(this.browser, this.viewportName);
    this.page = await this.context.newPage();
    this.page.setDefaultTimeout(15000);
    return this.page;
  }

  async close() {
    if (this.phone) await this.phone.close();
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
  async checkPage(page = this.page) {
    await page.evaluate(AXE);
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    this.pagesChecked += 1;
    if (bad.length) {
      throw new Error(`accessibility violations on ${page.url()}: ${JSON.stringify(bad, null, 1)}`);
    }
    const bytes = await page.evaluate(() => document.documentElement.outerHTML.length);
    if (bytes > 100 * 1024) throw new Error(`${page.url()} is ${bytes} bytes of HTML (limit 100 KB)`);
    // On a phone nothing is wider than the screen (tables scroll inside their frame).
    const screen = page.viewportSize();
    if (screen && screen.width <= DEVICES.phone.viewport.width) {
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (wide > screen.width + 1) throw new Error(`${page.url()} is ${wide}px wide on a ${screen.width}px phone screen`);
    }
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
    if (this.phoneToo && this.viewportName !== 'phone') await this.phoneScreenshot(name);
  }

  // The page the desktop is on, shown on the emulated phone with the same
  // session, checked and photographed there.
  async phoneScreenshot(name) {
    if (!this.phone) {
      this.phone = await newContext(this.browser, 'phone');
      this.phonePage = await this.phone.newPage();
      this.phonePage.setDefaultTimeout(15000);
    }
    await this.phone.clearCookies();
    await this.phone.addCookies(await this.context.cookies());
    const html = await this.page.evaluate(snapshotWithFormState);
    const url = this.page.url();
    const address = url.split('#')[0];
    const thisPage = (u) => u.href.split('#')[0] === address;
    const serve = (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    await this.phonePage.route(thisPage, serve, { times: 1 });
    try {
      await this.phonePage.goto(url, { waitUntil: 'load' });
    } finally {
      await this.phonePage.unroute(thisPage, serve);
    }
    await this.checkPage(this.phonePage);
    await this.phonePage.screenshot({ path: path.join(OUT, `${this.journeyName}-${name}-phone.png`), fullPage: true });
  }

  // The newest email to `address` whose text matches `pattern`, as delivered to
  // MENTORHUB_MAIL_DIR; waits for the delivery (a few seconds at most).
  async email(address, pattern) {
    if (!MAIL_DIR) throw new Error('set MENTORHUB_MAIL_DIR to the folder the app delivers email to');
    for (let waited = 0; waited < 20000; waited += 250) {
      const files = fs.existsSync(MAIL_DIR) ? fs.readdirSync(MAIL_DIR).filter((f) => f.endsWith('.eml')).sort().reverse() : [];
      for (const file of files) {
        const text = readEmail(fs.readFileSync(path.join(MAIL_DIR, file), 'utf8'));
        if (text.toLowerCase().includes(address.toLowerCase()) && pattern.test(text)) return text;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`no email to ${address} matching ${pattern} arrived in ${MAIL_DIR}`);
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

// An .eml file as readable text: quoted-printable and base64 parts decoded.
function readEmail(raw) {
  const unfolded = raw.replace(/=\r?\n/g, '');
  const qp = unfolded.replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  const b64 = (raw.match(/^[A-Za-z0-9+/]{16,}={0,2}\r?$/gm) || []).map((l) => l.trim()).join('');
  const decoded = b64 ? Buffer.from(b64, 'base64').toString('utf8') : '';
  return `${raw}\n${qp}\n${decoded}`;
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
    for (const viewport of journey.viewports || Object.keys(DEVICES)) {
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
