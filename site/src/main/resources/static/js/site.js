// Highlights code blocks (highlight.js, loaded before this file), labels heading anchors for screen readers, and
// replaces an author's avatar that cannot be loaded with the author's initial.
(function () {
  if (window.hljs) {
    window.hljs.highlightAll();
  }
  document.querySelectorAll('a.heading-anchor').forEach(function (a) {
    a.setAttribute('aria-label', 'Link to “' + a.parentElement.textContent.trim() + '”');
  });
  function initial(img) {
    var author = document.querySelector('.post-meta .author');
    var span = document.createElement('span');
    span.className = 'avatar-initial';
    span.setAttribute('aria-hidden', 'true');
    span.textContent = author ? author.textContent.trim().charAt(0).toUpperCase() : '?';
    img.replaceWith(span);
  }
  document.querySelectorAll('img.avatar').forEach(function (img) {
    if (img.complete && img.naturalWidth === 0) {
      initial(img);
    } else {
      img.addEventListener('error', function () { initial(img); });
    }
  });
})();
