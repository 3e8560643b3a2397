#!/bin/sh
# report-images.sh - the two pictures of the README: samples/gallery.png (the gallery of mixed.pcapng in
# headless chromium) and samples/heatmap.png (its conversation heatmap). Needs chromium and tests/browser's npm packages.
set -eu
cd "$(dirname "$0")/.."
BIN=${CAPREPORT:-$PWD/build/capreport}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/report-images.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp samples/mixed.pcapng "$tmp/"
"$BIN" -q report --no-workbook -o "$tmp/rep" "$tmp/mixed.pcapng" >/dev/null
[ -d tests/browser/node_modules/playwright-core ] ||
	(cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
cp "$tmp/rep/plots/mixed-heatmap.png" samples/heatmap.png
REPORT="$tmp/rep" OUT="$PWD/samples/gallery.png" NODE_PATH="$PWD/tests/browser/node_modules" node -e '
const { chromium } = require("playwright-core");
const fs = require("fs"), os = require("os"), path = require("path");
(async () => {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), "capreport-chromium-"));
	const ctx = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true,
		viewport: { width: 1100, height: 900 }, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
	const page = await ctx.newPage();
	await page.goto("file://" + process.env.REPORT + "/index.html", { waitUntil: "load" });
	await page.screenshot({ path: process.env.OUT });
	await ctx.close();
	fs.rmSync(profile, { recursive: true, force: true });
})();'
ls -l samples/gallery.png samples/heatmap.png
