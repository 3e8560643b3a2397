#!/usr/bin/env node
// gallery.js - open a capreport report in Debian's chromium (headless) from file:// and check it.
//
// usage: node gallery.js REPORT_DIR SHOT_DIR [--quick] [--gallery PAGE] [--escape PAGE TEXT]
//   --quick: only the checks of every page (no screenshots, sorting, filtering, phone or print)
//   --gallery PAGE: the page to screenshot and fit to a phone (default index.html)
//   --escape PAGE TEXT: TEXT (from a capture) must show as text on PAGE, at least twice
//
// Every page of the folder is opened: each image must load (naturalWidth > 0),
// every link must point at a file of the folder (and at an id there when it
// names one), nothing may be asked for outside the folder, the console must
// stay free of errors, no dialog may open. On the gallery and a table page it also checks
// that a numeric column header sorts numerically, that the filter box hides
// rows, that the page fits a phone-width screen and that print hides the
// controls, that a long table is folded until its summary or the filter opens
// it. The index of several captures must show each capture's name as a link
// and a strip of its plots, and name them as links in its table too.
// No script but the report's own may be in any page.
// Screenshots go to SHOT_DIR. Exit 0 when every check passes.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
if (args.length < 2) {
	console.error('usage: node gallery.js REPORT_DIR SHOT_DIR [--gallery PAGE] [--escape PAGE TEXT]');
	process.exit(2);
}
const dir = fs.realpathSync(args[0]);
const shots = args[1];
let galleryPage = 'index.html', escapePage = null, escapeText = null, quick = false;
for (let i = 2; i < args.length; i++) {
	if (args[i] === '--quick')
		quick = true;
	else if (args[i] === '--gallery')
		galleryPage = args[++i];
	else if (args[i] === '--escape') {
		escapePage = args[++i];
		escapeText = args[++i];
	}
}
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
	let images = 0, tablePage = null, foldPage = null;
	for (const f of pages) {
		await page.goto(base + f, { waitUntil: 'load' });
		// One round trip per page: what the checks below need.
		const info = await page.evaluate(() => ({
			imgs: Array.from(document.images, (i) => ({ src: i.getAttribute('src'), w: i.naturalWidth, ok: i.complete })),
			scripts: Array.from(document.scripts, (s) => s.getAttribute('src') || 'inline'),
			csp: (document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content || '',
			refs: Array.from(document.querySelectorAll('a[href], link[href], img[src], script[src]'),
				(e) => e.getAttribute('href') || e.getAttribute('src')),
			rows: document.querySelectorAll('table.data tbody tr').length,
			folded: document.querySelectorAll('section.table details.rows').length,
			cardFirst: (() => {
				const card = document.querySelector('main article.card'), table = document.querySelector('main section.table');
				return !card || !table || !!(card.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
			})(),
		}));
		for (const i of info.imgs) {
			images++;
			if (!(i.ok && i.w > 0))
				check(false, f + ': image ' + i.src + ' loads (naturalWidth ' + i.w + ')');
		}
		check(info.scripts.every((s) => s === 'assets/table.js'), f + ': only the report\'s own script (' + info.scripts.join(', ') + ')');
		check(/default-src 'none'/.test(info.csp), f + ': has a Content-Security-Policy that forbids by default');
		const absolute = info.refs.filter((h) => /^[a-z][a-z0-9+.-]*:|^\/\//i.test(h));
		check(absolute.length === 0, f + ': every link is relative' + (absolute.length ? ' (' + absolute.join(', ') + ')' : ''));
		const broken = info.refs.filter((h) => absolute.indexOf(h) < 0).map((h) => h.split('#')[0])
			.filter((h) => h && !fs.existsSync(path.join(dir, decodeURIComponent(h))));
		check(broken.length === 0, f + ': every link points at a file of the folder' + (broken.length ? ' (' + broken.join(', ') + ')' : ''));
		const lost = info.refs.filter((h) => absolute.indexOf(h) < 0 && h.indexOf('#') >= 0).filter((h) => {
			const [file, id] = h.split('#');
			const target = path.join(dir, decodeURIComponent(file || f));
			return !fs.existsSync(target) || fs.readFileSync(target, 'utf8').indexOf('id="' + id + '"') < 0;
		});
		check(lost.length === 0, f + ': every link to a place in a page finds its id' + (lost.length ? ' (' + lost.join(', ') + ')' : ''));
		if (!tablePage && /-conversations\.html$/.test(f) && info.rows > 3)
			tablePage = f;
		if (!foldPage && info.folded > 0)
			foldPage = f;
		check(info.cardFirst, f + ': the plots come before the tables');
	}
	if (!quick)
		await gallery(page, tablePage, images);
	if (!quick)
		await folded(page, foldPage);
	if (!quick && pages.length > 1 && fs.readFileSync(path.join(dir, 'index.html'), 'utf8').indexOf('class="captures"') >= 0)
		await capturesIndex(page);

	check(outside.length === 0, 'no request outside the folder' + (outside.length ? ': ' + outside.join(', ') : ''));
	check(failed.length === 0, 'no request failed' + (failed.length ? ': ' + failed.join(', ') : ''));
	check(consoleErrors.length === 0, 'no console errors' + (consoleErrors.length ? ': ' + consoleErrors.join(' | ') : ''));
	check(dialogs.length === 0, 'no dialog opened' + (dialogs.length ? ': ' + dialogs.join(', ') : ''));
	await context.close();
	fs.rmSync(profile, { recursive: true, force: true });
}

// The gallery page at desktop and phone width, the escaping case, the tables, print.
async function gallery(page, tablePage, images) {
	check(images > 0, 'the report shows images (' + images + ')');

	// The gallery: screenshot at desktop and phone width.
	await page.goto(base + galleryPage, { waitUntil: 'load' });
	await page.screenshot({ path: path.join(shots, 'gallery.png'), fullPage: true });
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(base + galleryPage, { waitUntil: 'load' });
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	check(overflow <= 1, 'the gallery fits a 390 px wide screen (overflow ' + overflow + ' px)');
	await page.screenshot({ path: path.join(shots, 'gallery-phone.png'), fullPage: true });
	await page.setViewportSize({ width: 1280, height: 900 });

	if (escapeText) {
		await page.goto(base + escapePage, { waitUntil: 'load' });
		const text = await page.evaluate(() => document.body.innerText);
		const count = text.split(escapeText).length - 1;
		check(count >= 2, 'the capture\'s comment and interface name are shown as text (' + count + ' times): ' + escapeText);
		const injected = await page.evaluate(() => document.querySelectorAll('main script, main iframe, main object').length);
		check(injected === 0, 'no element came from the capture\'s text');
	}

	await tables(page, tablePage);
}

// A table longer than a screen is folded: its rows hidden until its summary line
// is clicked, or until the filter finds rows in it.
async function folded(page, foldPage) {
	check(foldPage !== null, 'a page folds a long table (' + foldPage + ')');
	if (!foldPage)
		return;
	await page.goto(base + foldPage, { waitUntil: 'load' });
	const section = page.locator('section.table:has(details.rows)').first();
	const rows = section.locator('tbody tr');
	check(!(await rows.first().isVisible()), foldPage + ': the long table starts folded');
	await section.locator('details.rows summary').click();
	check(await rows.first().isVisible(), foldPage + ': its summary line unfolds it');
	await page.goto(base + foldPage, { waitUntil: 'load' });
	const text = (await rows.first().locator('td').first().textContent()).trim();
	await section.locator('input.filter').fill(text);
	check(await section.locator('tbody tr:visible').count() > 0, foldPage + ': the filter "' + text + '" unfolds it to show the rows found');
}

// The index of several captures: a block per capture with its name linking to its
// gallery and a strip of its plots that load; the table names each capture as a link.
async function capturesIndex(page) {
	await page.goto(base + 'index.html', { waitUntil: 'load' });
	const caps = await page.evaluate(() => Array.from(document.querySelectorAll('.captures section.capture'), (s) => ({
		name: (s.querySelector('h2 a') || {}).textContent || null,
		href: (s.querySelector('h2 a') || { getAttribute: () => null }).getAttribute('href'),
		thumbs: Array.from(s.querySelectorAll('.strip a img'), (i) => ({ w: i.naturalWidth, href: i.parentNode.getAttribute('href') })),
		error: !!s.querySelector('.error'),
	})));
	const rows = await page.evaluate(() => Array.from(document.querySelectorAll('#t-captures tbody tr'), (tr) => ({
		name: tr.cells[0].textContent, href: (tr.cells[0].querySelector('a') || { getAttribute: () => null }).getAttribute('href'),
		status: tr.cells[tr.cells.length - 1].textContent,
	})));
	check(caps.length === rows.length && caps.length > 1, 'the index shows every capture (' + caps.length + ' blocks, ' + rows.length + ' rows)');
	const good = caps.filter((c) => !c.error);
	check(good.length > 1 && good.every((c) => c.name && c.href && fs.existsSync(path.join(dir, c.href))),
		'each capture read has its name linking to its gallery: ' + good.map((c) => c.name + ' -> ' + c.href).join(', '));
	check(good.every((c) => c.thumbs.length >= 3 && c.thumbs.every((t) => t.w > 0 && t.href && fs.existsSync(path.join(dir, t.href)))),
		'each capture read has a strip of at least 3 plot thumbnails that load and link to their pages: ' +
		good.map((c) => c.name + ' ' + c.thumbs.length).join(', '));
	const linked = rows.filter((r) => r.href);
	check(linked.length === good.length && linked.every((r) => good.some((c) => c.name === r.name && c.href === r.href)),
		'the table names each capture read as a link to its gallery (' + linked.map((r) => r.name).join(', ') + ')');
	await page.screenshot({ path: path.join(shots, 'index.png'), fullPage: true });
	const first = good[0];
	await page.locator('.captures section.capture h2 a').first().click();
	await page.waitForLoadState('load');
	check(page.url() === base + first.href, 'clicking a capture\'s name opens its gallery (' + page.url() + ')');
}

// Sorting and filtering on a page with a table of conversations.
async function tables(page, tablePage) {
	check(tablePage !== null, 'a conversations page with more than 3 rows to sort and filter');
	if (!tablePage)
		return;
	await page.goto(base + tablePage, { waitUntil: 'load' });
	const section = page.locator('section.table').first();
	// A folded table is unfolded first (folded() checks how).
	if (await section.locator('details.rows').count())
		await section.locator('details.rows summary').click();
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
