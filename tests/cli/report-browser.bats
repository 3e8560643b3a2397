#!/usr/bin/env bats
# report-browser.bats - the report opened from file:// in a real headless chromium (tests/browser/gallery.js).
load helpers

BROWSER_DIR=$ROOT/tests/browser

setup_file() {
	# playwright-core drives Debian's chromium; npm never downloads a browser here.
	if [ ! -d "$BROWSER_DIR/node_modules/playwright-core" ]; then
		(cd "$BROWSER_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) >&2
	fi
	copy_samples
	"$CAPREPORT" -q report -o "$WORK/multi" "$WORK/mixed.pcapng" "$WORK/midnight-gap.pcap" \
		"$WORK/bad/html-comment.pcapng" "$WORK/mptcp.pcapng" >/dev/null
	"$CAPREPORT" -q report --no-plots -o "$WORK/small" "$WORK/bad/html-comment.pcapng" >/dev/null
	SHOTS=${BATS_FILE_TMPDIR}/screenshots
	mkdir -p "$SHOTS"
	export SHOTS
}

@test "chromium opens the report from file://: images load, sorting and filtering work, nothing leaves the folder, <script> text stays text" {
	[ -x /usr/bin/chromium ] || skip "chromium is not installed (scripts/install-deps.sh installs it)"
	run node "$BROWSER_DIR/gallery.js" "$WORK/multi" "$SHOTS" --gallery mixed.html \
		--escape html-comment.html '<script>alert(1)</script>'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"all checks passed"* ]]
	[[ "$output" == *"ok - one click sorts ascending by number"* ]]
	[[ "$output" == *"ok - no dialog opened"* ]]
	# The index of several captures, the folded tables, the links into pages.
	[[ "$output" == *"ok - each capture read has a strip of at least 3 plot thumbnails that load"* ]]
	[[ "$output" == *"ok - the table names each capture read as a link to its gallery"* ]]
	[[ "$output" == *"ok - a page folds a long table"* ]]
	[[ "$output" == *"the long table starts folded"* ]]
	[[ "$output" == *"ok - mptcp-mptcp.html: every link to a place in a page finds its id"* ]]
	[ -s "$SHOTS/index.png" ]
	# The screenshots are kept with the test's files.
	[ -s "$SHOTS/gallery.png" ]
	[ -s "$SHOTS/gallery-phone.png" ]
	[ -s "$SHOTS/table.png" ]
	echo "# screenshots: $SHOTS" >&3
}

@test "the browser check fails on a page that loads from outside the folder or carries a script of its own" {
	[ -x /usr/bin/chromium ] || skip "chromium is not installed"
	cp -R "$WORK/small" "$BATS_TEST_TMPDIR/broken"
	sed -i 's|</main>|<img src="http://192.0.2.1/x.png" alt="x"><script>alert(1)</script></main>|' \
		"$BATS_TEST_TMPDIR/broken/index.html"
	run node "$BROWSER_DIR/gallery.js" "$BATS_TEST_TMPDIR/broken" "$BATS_TEST_TMPDIR" --quick
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not ok - index.html: only the report's own script"* ]]
	[[ "$output" == *"not ok - no request outside the folder: http://192.0.2.1/x.png"* ]]
	[[ "$output" == *"not ok - index.html: every link is relative"* ]]
	# The policy stopped the inline script: no dialog, and the console says why.
	[[ "$output" == *"ok - no dialog opened"* ]]
	[[ "$output" == *"not ok - no console errors"*"Content Security Policy"* ]]
}
