/* table.js - sorting, filtering and unfolding of a capreport report's tables. Our own code; no network, no eval. */
'use strict';
(function () {
	/* A cell's sort key: data-v holds the exact value of numeric cells. */
	function key(td, numeric) {
		var v = td ? td.getAttribute('data-v') : null;
		if (v === null)
			v = td ? td.textContent : '';
		if (numeric) {
			var f = v === '' ? NaN : Number(v);
			return isNaN(f) ? null : f;
		}
		return v.toLowerCase();
	}

	function sortTable(table, th, col) {
		var numeric = th.getAttribute('data-type') === 'num';
		var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
		var body = table.tBodies[0];
		var rows = Array.prototype.slice.call(body.rows);
		var keyed = rows.map(function (tr, i) { return { tr: tr, k: key(tr.cells[col], numeric), i: i }; });
		keyed.sort(function (a, b) {
			/* Empty cells last in both directions; ties keep their order. */
			if (a.k === null || b.k === null)
				return a.k === b.k ? a.i - b.i : (a.k === null ? 1 : -1);
			if (a.k < b.k)
				return -dir;
			if (a.k > b.k)
				return dir;
			return a.i - b.i;
		});
		var heads = th.parentNode.cells;
		for (var h = 0; h < heads.length; h++)
			heads[h].removeAttribute('aria-sort');
		th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
		var frag = document.createDocumentFragment();
		keyed.forEach(function (x) { frag.appendChild(x.tr); });
		body.appendChild(frag);
	}

	function filterTable(section, table, text) {
		var q = text.trim().toLowerCase();
		var rows = table.tBodies[0].rows, shown = 0;
		for (var i = 0; i < rows.length; i++) {
			var hit = q === '' || rows[i].textContent.toLowerCase().indexOf(q) >= 0;
			rows[i].hidden = !hit;
			if (hit)
				shown++;
		}
		var count = section.querySelector('.count');
		if (count)
			count.textContent = q === '' ? rows.length + ' rows' : shown + ' of ' + rows.length + ' rows';
	}

	function setup(section) {
		var table = section.querySelector('table.data');
		if (!table || !table.tHead || !table.tBodies.length)
			return;
		var heads = table.tHead.rows[0].cells;
		Array.prototype.forEach.call(heads, function (th, col) {
			var b = th.querySelector('button');
			if (b)
				b.addEventListener('click', function () { sortTable(table, th, col); });
		});
		var input = section.querySelector('input.filter');
		var folded = section.querySelector('details.rows');
		if (input)
			input.addEventListener('input', function () {
				/* Rows found in a folded table are shown. */
				if (folded && input.value.trim() !== '')
					folded.open = true;
				filterTable(section, table, input.value);
			});
	}

	document.addEventListener('DOMContentLoaded', function () {
		Array.prototype.forEach.call(document.querySelectorAll('section.table'), setup);
	});
	/* Paper has no button to unfold a table: print them open. */
	window.addEventListener('beforeprint', function () {
		Array.prototype.forEach.call(document.querySelectorAll('details.rows'), function (d) { d.open = true; });
	});
})();
