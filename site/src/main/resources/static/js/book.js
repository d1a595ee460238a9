// The book's pages: left and right arrow keys turn pages; the search box searches the whole book from a JSON index
// written when the book was rendered (/book/searchindex.json), so it works in the static export too.
(function () {
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var link = e.key === 'ArrowLeft' ? document.querySelector('a[rel="prev"]')
      : e.key === 'ArrowRight' ? document.querySelector('a[rel="next"]') : null;
    if (link) {
      e.preventDefault();
      window.location.href = link.href;
    }
  });

  var input = document.getElementById('book-search-input');
  var results = document.getElementById('book-search-results');
  // The search answers as one types; Enter must not submit the form (here, not in an inline handler: the CSP).
  document.querySelectorAll('form.book-search').forEach(function (form) {
    form.addEventListener('submit', function (e) { e.preventDefault(); });
  });
  if (!input || !results) return;
  var index = null;
  var loading = null;

  function load() {
    if (!loading) {
      loading = fetch(input.getAttribute('data-index')).then(function (r) { return r.json(); })
        .then(function (docs) {
          index = docs.map(function (d) {
            return { doc: d, title: d.title.toLowerCase(), text: d.text.toLowerCase() };
          });
        });
    }
    return loading;
  }

  function words(query) {
    return query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
  }

  function score(entry, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var inTitle = entry.title.indexOf(terms[i]) >= 0;
      var at = entry.text.indexOf(terms[i]);
      if (!inTitle && at < 0) return 0;
      total += (inTitle ? 10 : 0) + (at >= 0 ? 1 + Math.min(5, entry.text.split(terms[i]).length - 1) : 0);
    }
    return total;
  }

  function snippet(text, term) {
    var at = text.toLowerCase().indexOf(term);
    if (at < 0) return text.slice(0, 140);
    var start = Math.max(0, at - 60);
    return (start > 0 ? '…' : '') + text.slice(start, at + 80) + '…';
  }

  function show() {
    var terms = words(input.value);
    results.textContent = '';
    if (terms.length === 0 || !index) {
      results.hidden = true;
      return;
    }
    var hits = index.map(function (e) { return { e: e, s: score(e, terms) }; })
      .filter(function (h) { return h.s > 0; })
      .sort(function (a, b) { return b.s - a.s; }).slice(0, 12);
    if (hits.length === 0) {
      var none = document.createElement('li');
      none.className = 'none';
      none.textContent = 'Nothing in the book matches “' + input.value.trim() + '”.';
      results.appendChild(none);
    }
    hits.forEach(function (h) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = h.e.doc.url;
      var where = document.createElement('span');
      where.className = 'where';
      where.textContent = h.e.doc.page;
      var title = document.createElement('strong');
      title.textContent = h.e.doc.title;
      var text = document.createElement('span');
      text.className = 'snippet';
      text.textContent = snippet(h.e.doc.text, terms[0]);
      a.appendChild(where);
      a.appendChild(title);
      a.appendChild(text);
      li.appendChild(a);
      results.appendChild(li);
    });
    results.hidden = false;
  }

  input.addEventListener('focus', load);
  input.addEventListener('input', function () { load().then(show); });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') {
      input.value = '';
      show();
    } else if (e.key === 'Enter') {
      var first = results.querySelector('a');
      if (first) window.location.href = first.href;
    }
  });
})();
