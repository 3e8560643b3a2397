#!/usr/bin/env node
// gallery.js - open a capreport report in Debian's chromium (headless) from file:// and check it.
//
// usage: node gallery.js REPORT_DIR SHOT_DIR [--escape TEXT]
//   --escape TEXT: a small capture; check TEXT instead of sorting and filtering
//
// Every page of the folder is opened: each image must load (naturalWidth > 0),
// nothing may be asked for outside the folder, the console must stay free of
// errors, no dialog may open. On the gallery and a table page it also checks
// that a numeric column header sorts numerically, that the filter box hides
// rows, that the page fits a phone-width screen and that print hides the
// controls. With --escape TEXT, TEXT must be visible as text on the gallery
// and no script but the report's own may be in any page.
// Screenshots go to SHOT_DIR. Exit 0 when every check passes.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
if (args.length < 2) {
	console.error('usage: node gallery.js REPORT_DIR SHOT_DIR [--escape TEXT]');
	process.exit(2);
}
const dir = fs.realpathSync(args[0]);
const shots = args[1];
const escapeText = args[2] === '--escape' ? args[3] : null;
const base = 'file://' + dir + '/';
let failures = 0;

function check(ok, what) {
	console.log((ok ? 'ok - ' : 'not ok - ') + what);
	if (!ok)
		failures++;
}

async function main() {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'capreport-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		viewport: { width: 1280, height: 900 },
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	const outside = [], consoleErrors = [], dialogs = [], failed = [];
	context.on('request', (req) => {
		const url = req.url();
		if (!url.startsWith(base) && !url.startsWith('data:'))
			outside.push(url);
	});
	context.on('requestfailed', (req) => failed.push(req.url() + ' (' + (req.failure() || {}).errorText + ')'));

	const page = await context.newPage();
	page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
	page.on('pageerror', (e) => consoleErrors.push(String(e)));
	page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });

	const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
	check(pages.includes('index.html'), 'the folder has index.html');
	let images = 0, tablePage = null;
	for (const f of pages) {
		await page.goto(base + f, { waitUntil: 'load' });
		const imgs = await page.$$eval('img', (list) => list.map((i) => ({ src: i.getAttribute('src'), w: i.naturalWidth, ok: i.complete })));
		for (const i of imgs) {
			images++;
			if (!(i.ok && i.w > 0))
				check(false, f + ': image ' + i.src + ' loads (naturalWidth ' + i.w + ')');
		}
		const scripts = await page.$$eval('script', (list) => list.map((s) => s.getAttribute('src') || 'inline'));
		check(scripts.every((s) => s === 'assets/table.js'), f + ': only the report\'s own script (' + scripts.join(', ') + ')');
		const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content).catch(() => '');
		check(/default-src 'none'/.test(csp), f + ': has a Content-Security-Policy that forbids by default');
		const hrefs = await page.$$eval('a[href], link[href], img[src], script[src]',
			(list) => list.map((e) => e.getAttribute('href') || e.getAttribute('src')));
		const absolute = hrefs.filter((h) => /^[a-z][a-z0-9+.-]*:|^\/\//i.test(h));
		check(absolute.length === 0, f + ': every link is relative' + (absolute.length ? ' (' + absolute.join(', ') + ')' : ''));
		const broken = hrefs.map((h) => h.split('#')[0]).filter((h) => h && !fs.existsSync(path.join(dir, decodeURIComponent(h))));
		check(broken.length === 0, f + ': every link points at a file of the folder' + (broken.length ? ' (' + broken.join(', ') + ')' : ''));
		const rows = await page.$$eval('table.data tbody tr', (r) => r.length);
		if (!tablePage && /-conversations\.html$/.test(f) && rows > 3)
			tablePage = f;
	}
	check(images > 0, 'the report shows images (' + images + ')');

	// The gallery: screenshot at desktop and phone width.
	await page.goto(base + 'index.html', { waitUntil: 'load' });
	await page.screenshot({ path: path.join(shots, 'gallery.png'), fullPage: true });
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(base + 'index.html', { waitUntil: 'load' });
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	check(overflow <= 1, 'the gallery fits a 390 px wide screen (overflow ' + overflow + ' px)');
	await page.screenshot({ path: path.join(shots, 'gallery-phone.png'), fullPage: true });
	await page.setViewportSize({ width: 1280, height: 900 });

	if (escapeText) {
		await page.goto(base + 'index.html', { waitUntil: 'load' });
		const text = await page.evaluate(() => document.body.innerText);
		const count = text.split(escapeText).length - 1;
		check(count >= 2, 'the capture\'s comment and interface name are shown as text (' + count + ' times): ' + escapeText);
		const injected = await page.evaluate(() => document.querySelectorAll('main script, main iframe, main object').length);
		check(injected === 0, 'no element came from the capture\'s text');
	}

	if (!escapeText)
		await tables(page, tablePage);

	check(outside.length === 0, 'no request outside the folder' + (outside.length ? ': ' + outside.join(', ') : ''));
	check(failed.length === 0, 'no request failed' + (failed.length ? ': ' + failed.join(', ') : ''));
	check(consoleErrors.length === 0, 'no console errors' + (consoleErrors.length ? ': ' + consoleErrors.join(' | ') : ''));
	check(dialogs.length === 0, 'no dialog opened' + (dialogs.length ? ': ' + dialogs.join(', ') : ''));
	await context.close();
	fs.rmSync(profile, { recursive: true, force: true });
}

// Sorting and filtering on a page with a table of conversations.
async function tables(page, tablePage) {
	check(tablePage !== null, 'a conversations page with more than 3 rows to sort and filter');
	if (!tablePage)
		return;
	await page.goto(base + tablePage, { waitUntil: 'load' });
	const section = page.locator('section.table').first();
	const heads = await section.locator('thead th').evaluateAll((ths) => ths.map((t) => ({ name: t.textContent, type: t.getAttribute('data-type') })));
	const col = heads.findIndex((h) => h.name === 'packets' && h.type === 'num');
	check(col >= 0, tablePage + ': a numeric column "packets" to sort');
	const values = () => section.locator('tbody tr').evaluateAll((trs, c) => trs.map((tr) => Number(tr.cells[c].getAttribute('data-v'))), col);
	const before = await values();
	const numeric = [...before].sort((a, b) => a - b);
	const lexical = [...before].map(String).sort().map(Number);
	check(JSON.stringify(numeric) !== JSON.stringify(lexical), 'the column has values whose text order differs from their numeric order (' + numeric.join(' ') + ')');
	await section.locator('thead th').nth(col).locator('button').click();
	const asc = await values();
	check(JSON.stringify(asc) === JSON.stringify(numeric), 'one click sorts ascending by number: ' + asc.join(' '));
	await section.locator('thead th').nth(col).locator('button').click();
	const desc = await values();
	check(JSON.stringify(desc) === JSON.stringify([...numeric].reverse()), 'a second click sorts descending: ' + desc.join(' '));
	check(await section.locator('thead th').nth(col).getAttribute('aria-sort') === 'descending', 'the header says how it is sorted');

	const total = await section.locator('tbody tr').count();
	const firstCell = (await section.locator('tbody tr').first().locator('td').first().textContent()).trim();
	await section.locator('input.filter').fill(firstCell);
	const visible = await section.locator('tbody tr:visible').count();
	const visibleText = await section.locator('tbody tr:visible').evaluateAll((trs) => trs.map((t) => t.textContent));
	check(visible > 0 && visible < total, 'the filter "' + firstCell + '" hides rows: ' + visible + ' of ' + total + ' shown');
	check(visibleText.every((t) => t.includes(firstCell)), 'every row left holds the filter text');
	check((await section.locator('.count').textContent()).includes(visible + ' of ' + total), 'the count says how many rows are shown');
	await section.locator('input.filter').fill('no row holds this text');
	check(await section.locator('tbody tr:visible').count() === 0, 'a filter matching nothing hides every row');
	await section.locator('input.filter').fill('');
	check(await section.locator('tbody tr:visible').count() === total, 'clearing the filter shows every row again');
	await page.screenshot({ path: path.join(shots, 'table.png') });

	await page.emulateMedia({ media: 'print' });
	const printHidden = await page.evaluate(() => getComputedStyle(document.querySelector('input.filter')).display === 'none' &&
		getComputedStyle(document.querySelector('header.top nav')).display === 'none');
	check(printHidden, 'print hides the filter boxes and the navigation');
	await page.emulateMedia({ media: 'screen' });
}

main().then(() => {
	console.log(failures ? failures + ' checks failed' : 'all checks passed');
	process.exit(failures ? 1 : 0);
}, (e) => {
	console.error('browser test failed: ' + (e && e.stack ? e.stack : e));
	process.exit(1);
});
