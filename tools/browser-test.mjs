// Browser check of an article page as the module serves it: the share bar
// must be usable with a mouse, a keyboard and a screen reader, and its
// links must share the page's canonical URL.  Run by tools/browser-test.sh.
//
//   node tools/browser-test.mjs BASE_URL [ARTICLE_PATH]
//
// Environment: BROWSER_NODE_DIR (where playwright-core is installed, default
// build/node), CHROMIUM (default /usr/bin/chromium), SCREENSHOT_DIR (default
// build/screenshots), SHARE_NETWORKS (the networks the bar must offer,
// default the demo's eight), EXPECT_CANONICAL (the canonical URL the page
// must declare; by default whatever its <link rel="canonical"> says).
//
// Prints one line per check and then "browser: N passed, M failed"; exits 1
// when a check failed.

import { createRequire } from 'node:module';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)),
                             '..');
const NODE_DIR = process.env.BROWSER_NODE_DIR
                 || path.join(PROJECT, 'build', 'node');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOT_DIR = process.env.SCREENSHOT_DIR
                 || path.join(PROJECT, 'build', 'screenshots');
const DEFAULT_ARTICLE = '/world/europe/varnholm-ferry-link-reopens.html';
const SHARE_SELECTOR = 'nav[data-article-share]';
const LINK_SELECTOR = SHARE_SELECTOR + ' a';

// Where each network's share link may point.  A link is recognised by the
// start of its href (or a pattern: Mastodon has no central site, and a share
// goes to some instance's /share); a bar link matching none of these fails.
const NETWORKS = {
    x:        ['https://x.com/intent/', 'https://twitter.com/intent/'],
    facebook: ['https://www.facebook.com/sharer/sharer.php?',
               'https://www.facebook.com/sharer.php?'],
    telegram: ['https://t.me/share/url?', 'https://telegram.me/share/url?'],
    whatsapp: ['https://wa.me/?', 'https://api.whatsapp.com/send?'],
    bluesky:  ['https://bsky.app/intent/compose?'],
    mastodon: ['https://share.joinmastodon.org/#text=',
               'https://mastodonshare.com/?', 'https://s2f.kytta.dev/?',
               'https://toot.kytta.dev/?', 'web+mastodon://share?',
               /^https:\/\/[a-z0-9.-]+\/share\?/i],
    reddit:   ['https://www.reddit.com/submit?', 'https://reddit.com/submit?'],
    email:    ['mailto:'],
};

const LAUNCH_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
];

const VIEWPORTS = {
    desktop: { viewport: { width: 1280, height: 900 } },
    phone:   { viewport: { width: 390, height: 844 }, isMobile: true,
               hasTouch: true },
};

let passed = 0;
let failed = 0;

function check(ok, what, detail) {
    if (ok) {
        passed++;
        console.log(`ok   ${what}`);
    } else {
        failed++;
        console.log(`FAIL ${what}${detail ? ': ' + detail : ''}`);
    }
    return ok;
}

function finish() {
    console.log(`browser: ${passed} passed, ${failed} failed`);
    process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

// RFC 3986 percent-encoding of everything but the unreserved characters,
// with upper-case hex digits: what the module is expected to emit.
function encodeStrict(s) {
    return encodeURIComponent(s).replace(/[!'()*]/g,
        (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function upperHex(s) {
    return s.replace(/%[0-9a-fA-F]{2}/g, (m) => m.toUpperCase());
}

function networkOf(href) {
    for (const [name, prefixes] of Object.entries(NETWORKS)) {
        if (prefixes.some((p) => (p instanceof RegExp ? p.test(href)
                                                      : href.startsWith(p)))) {
            return name;
        }
    }
    return null;
}

// The accessible name and role Chromium computes for each element matching
// selector, in document order.
async function axInfo(page, selector) {
    const cdp = await page.context().newCDPSession(page);
    try {
        await cdp.send('DOM.enable');
        await cdp.send('Accessibility.enable');
        const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
        const { nodeIds } = await cdp.send('DOM.querySelectorAll',
                                           { nodeId: root.nodeId, selector });
        const out = [];
        for (const nodeId of nodeIds) {
            const { nodes } = await cdp.send('Accessibility.getPartialAXTree',
                                             { nodeId, fetchRelatives: false });
            const node = nodes.find((n) => !n.ignored) || nodes[0] || {};
            out.push({
                role: node.role ? String(node.role.value) : '',
                name: node.name ? String(node.name.value).trim() : '',
            });
        }
        return out;
    } finally {
        await cdp.detach();
    }
}

// Whether the element is rendered, has a size, lies within the screen's
// width without scrolling sideways and is what a click at its centre would
// hit.  The width is the device's: a mobile layout viewport grows with a
// page that overflows.
async function visibility(locator, width) {
    return locator.evaluate((el, width) => {
        el.scrollIntoView({ block: 'center', inline: 'nearest' });
        window.scrollTo(0, window.scrollY);
        const r = el.getBoundingClientRect();
        const cs = getComputedStyle(el);
        if (r.width < 1 || r.height < 1) {
            return `size ${r.width}x${r.height}`;
        }
        if (cs.visibility !== 'visible' || Number(cs.opacity) === 0) {
            return `visibility ${cs.visibility}, opacity ${cs.opacity}`;
        }
        if (r.left < 0 || r.right > width + 0.5) {
            return `outside the screen (${Math.round(r.left)}..`
                   + `${Math.round(r.right)} of ${width} px)`;
        }
        const hit = document.elementFromPoint(r.left + r.width / 2,
                                              r.top + r.height / 2);
        if (!hit || !(el === hit || el.contains(hit))) {
            return 'covered by ' + (hit ? hit.tagName.toLowerCase()
                                          + (hit.className ? '.'
                                             + hit.className : '')
                                        : 'nothing');
        }
        return '';
    }, width);
}

async function loadPage(browser, url, viewport, external) {
    const context = await browser.newContext(VIEWPORTS[viewport]);
    const page = await context.newPage();
    const origin = new URL(url).origin;
    page.on('request', (req) => {
        const u = req.url();
        if (!u.startsWith('data:') && !u.startsWith('blob:')
            && new URL(u).origin !== origin) {
            external.add(u);
        }
    });
    page.on('pageerror', (e) => console.log(`note ${viewport}: page error: `
                                            + e.message));
    const response = await page.goto(url, { waitUntil: 'load',
                                            timeout: 20000 });
    return { context, page, response };
}

async function screenshot(page, name) {
    const shot = path.join(SHOT_DIR, name);
    mkdirSync(SHOT_DIR, { recursive: true });
    await page.evaluate(() => {
        if (document.activeElement) {
            document.activeElement.blur();
        }
        window.scrollTo(0, 0);
    });
    await page.screenshot({ path: shot, fullPage: true });
    check(existsSync(shot) && statSync(shot).size > 0,
          `screenshot ${path.relative(PROJECT, shot)}`);
}

async function desktopChecks(browser, url, external) {
    const { context, page, response } = await loadPage(browser, url,
                                                       'desktop', external);
    try {
        await shareChecks(page, url, response);
        await screenshot(page, 'article-desktop.png');
    } finally {
        await context.close();
    }
}

async function shareChecks(page, url, response) {
    check(response && response.status() === 200,
          `GET ${url} answers 200`,
          response ? `status ${response.status()}` : 'no response');

    const bars = await page.locator(SHARE_SELECTOR).count();
    if (!check(bars === 1, `the page has one ${SHARE_SELECTOR}`,
               `found ${bars}`) && bars === 0) {
        return;
    }

    const nav = await axInfo(page, SHARE_SELECTOR);
    check(nav[0] && nav[0].role === 'navigation' && nav[0].name !== '',
          'the share bar is a navigation landmark with a name',
          nav[0] ? `role "${nav[0].role}", name "${nav[0].name}"`
                 : 'not in the accessibility tree');

    const canon = await page.evaluate(() => {
        const all = document.querySelectorAll('link[rel~="canonical" i]');
        return [...all].map((l) => l.getAttribute('href') || '');
    });
    check(canon.length === 1,
          'the page declares one <link rel="canonical">',
          `found ${canon.length}`);
    let canonical = canon.length ? new URL(canon[0], url).href : null;
    if (process.env.EXPECT_CANONICAL) {
        check(canonical === process.env.EXPECT_CANONICAL,
              `the canonical URL is ${process.env.EXPECT_CANONICAL}`,
              `it is ${canonical}`);
        canonical = process.env.EXPECT_CANONICAL;
    }
    if (canonical) {
        check(/^https?:\/\//.test(canon[0] || canonical),
              'the canonical URL is absolute', `href "${canon[0]}"`);
    }

    const links = page.locator(LINK_SELECTOR);
    const n = await links.count();
    if (!check(n > 0, 'the share bar has links', 'it has none')) {
        return;
    }
    await page.evaluate((sel) => {
        document.querySelectorAll(sel).forEach((a, i) => {
            a.dataset.browserTest = String(i);
        });
    }, LINK_SELECTOR);

    const ax = await axInfo(page, LINK_SELECTOR);
    const seen = new Map();
    const hrefs = [];
    for (let i = 0; i < n; i++) {
        const link = links.nth(i);
        const href = (await link.getAttribute('href')) || '';
        hrefs.push(href);
        const label = ax[i] && ax[i].name ? `"${ax[i].name}"`
                                          : `link ${i + 1}`;

        const why = await visibility(link, page.viewportSize().width);
        check(why === '', `desktop: share ${label} is visible`, why);

        check(ax[i] && ax[i].role === 'link' && ax[i].name !== '',
              `share link ${i + 1} is a link with an accessible name`,
              ax[i] ? `role "${ax[i].role}", name "${ax[i].name}"`
                    : 'not in the accessibility tree');

        const net = networkOf(href);
        if (check(net !== null,
                  `share ${label} points at a known share URL`,
                  `href "${href}"`)) {
            seen.set(net, (seen.get(net) || 0) + 1);
        }
        if (canonical) {
            const enc = encodeStrict(canonical);
            check(upperHex(href).includes(enc),
                  `share ${label} carries the encoded canonical URL`,
                  `"${enc}" not in "${href}"`);
        }
    }

    const expected = (process.env.SHARE_NETWORKS
                      || Object.keys(NETWORKS).join(' '))
                     .split(/[\s,]+/).filter(Boolean);
    for (const net of expected) {
        check(seen.get(net) === 1, `the bar has one ${net} link`,
              `it has ${seen.get(net) || 0}`);
    }

    // Tab from the top of the page until every share link has had the
    // focus or the focus has gone round the whole page.
    await page.evaluate(() => {
        if (document.activeElement) {
            document.activeElement.blur();
        }
        window.scrollTo(0, 0);
    });
    const focusable = await page.evaluate(() => document.querySelectorAll(
        'a[href], button, input, select, textarea, [tabindex]').length);
    const reached = new Set();
    for (let t = 0; t < focusable + 10 && reached.size < n; t++) {
        await page.keyboard.press('Tab');
        const idx = await page.evaluate(() => {
            const a = document.activeElement;
            return a && a.dataset ? a.dataset.browserTest : undefined;
        });
        if (idx !== undefined) {
            reached.add(Number(idx));
        }
    }
    for (let i = 0; i < n; i++) {
        check(reached.has(i),
              `share link ${i + 1} is reached with Tab`,
              `href "${hrefs[i]}" never had the focus`);
    }
}

async function phoneChecks(browser, url, external) {
    const { context, page } = await loadPage(browser, url, 'phone', external);
    try {
        const links = page.locator(LINK_SELECTOR);
        const n = await links.count();
        for (let i = 0; i < n; i++) {
            const why = await visibility(links.nth(i),
                                         page.viewportSize().width);
            check(why === '', `phone: share link ${i + 1} is visible`, why);
        }
        const overflow = await page.evaluate(
            (w) => document.documentElement.scrollWidth - w,
            page.viewportSize().width);
        check(overflow <= 0, 'phone: the page does not scroll sideways',
              `${overflow}px wider than the screen`);
        await screenshot(page, 'article-phone.png');
    } finally {
        await context.close();
    }
}

async function main() {
    const base = process.argv[2];
    const article = process.argv[3] || DEFAULT_ARTICLE;
    if (!base) {
        console.error('usage: node tools/browser-test.mjs BASE_URL '
                      + '[ARTICLE_PATH]');
        process.exit(2);
    }
    const url = new URL(article, base.endsWith('/') ? base : base + '/').href;

    // A hung browser must not hang the test run.
    setTimeout(() => {
        check(false, 'the browser test finishes within 120 s');
        finish();
    }, 120000).unref();

    let chromium;
    try {
        const require = createRequire(path.join(NODE_DIR, 'package.json'));
        ({ chromium } = require('playwright-core'));
    } catch (e) {
        check(false, `load playwright-core from ${NODE_DIR}`, e.message);
        finish();
    }

    let browser;
    try {
        browser = await chromium.launch({ executablePath: CHROMIUM,
                                          headless: true,
                                          args: LAUNCH_ARGS });
    } catch (e) {
        check(false, `launch ${CHROMIUM}`, e.message.split('\n')[0]);
        finish();
    }

    const external = new Set();
    try {
        await desktopChecks(browser, url, external);
        await phoneChecks(browser, url, external);
        check(external.size === 0, 'the page makes no request to other hosts',
              [...external].slice(0, 5).join(' '));
    } catch (e) {
        check(false, 'the browser test ran to its end',
              e.message.split('\n')[0]);
    } finally {
        await browser.close();
    }
    finish();
}

main();
