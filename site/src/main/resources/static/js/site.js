// Highlights code blocks (highlight.js, loaded before this file) and labels heading anchors for screen readers.
(function () {
  if (window.hljs) {
    window.hljs.highlightAll();
  }
  document.querySelectorAll('a.heading-anchor').forEach(function (a) {
    var heading = a.parentElement;
    a.setAttribute('aria-label', 'Link to “' + heading.textContent.trim() + '”');
  });
})();
