// The lab page without the machine: hints one at a time and then the solution, paste buttons, and the live preview
// in dev mode. Paste buttons send a "lab:paste" event ({detail: {text}}) that a terminal on the page can take; with
// none listening, the commands go to the clipboard. After a live reload the page sends "lab:updated".
(() => {
  'use strict';
  const lab = () => document.getElementById('lab');

  /**
   * Shows a step's next hint and moves the focus to it (a screen reader reads it). After the last one the button
   * goes and the step's solution is offered in its place: a student tries every hint before reading the answer.
   */
  function showNextHint(next) {
    const box = next.closest('.lab-hints');
    const hints = [...box.querySelectorAll('.lab-hint')];
    const hidden = hints.find((h) => h.hidden);
    if (hidden) {
      hidden.hidden = false;
      hidden.setAttribute('tabindex', '-1');
      hidden.focus();
    }
    const left = hints.filter((h) => h.hidden).length;
    if (left > 0) {
      next.textContent = `Show another hint (${left} left)`;
      return;
    }
    next.hidden = true;
    const later = box.querySelector('.lab-solution-later'); // a live region: screen readers hear the change
    if (later) later.textContent = hints.length === 1 ? 'The solution is below, if you want it.'
      : 'That was the last hint. The solution is below, if you want it.';
    const solution = box.closest('.lab-step')?.querySelector('.lab-solution');
    if (solution) solution.hidden = false;
  }

  document.addEventListener('click', (event) => {
    const next = event.target.closest('.lab-hint-next');
    if (next) {
      showNextHint(next);
      return;
    }
    const paste = event.target.closest('.lab-paste');
    if (paste) {
      const text = paste.dataset.paste;
      const taken = !document.dispatchEvent(new CustomEvent('lab:paste', { detail: { text }, cancelable: true }));
      if (!taken && navigator.clipboard) {
        navigator.clipboard.writeText(text).then(() => { paste.textContent = 'Copied'; }, () => {});
      }
    }
  });

  // Live preview: the server re-reads the labs when a file changes; poll this lab's version and redraw on change.
  const root = lab();
  if (root && root.dataset.live === 'true') {
    const id = root.dataset.labId;
    let version = root.dataset.version;
    const poll = async () => {
      try {
        const response = await fetch(`/labs/${encodeURIComponent(id)}/version`, { cache: 'no-store' });
        const now = (await response.text()).trim();
        if (response.ok && now !== version) {
          const page = await fetch(`/labs/${encodeURIComponent(id)}/`, { cache: 'no-store' });
          const html = new DOMParser().parseFromString(await page.text(), 'text/html');
          const fresh = html.getElementById('lab');
          if (fresh) {
            lab().replaceWith(document.adoptNode(fresh));
            document.title = html.title;
            version = fresh.dataset.version;
            if (window.hljs) document.querySelectorAll('#lab pre code').forEach((c) => window.hljs.highlightElement(c));
            document.dispatchEvent(new CustomEvent('lab:updated', { detail: { id, version } }));
          }
        }
      } catch (e) {
        // the server restarts or is gone: try again on the next tick
      }
      setTimeout(poll, 1000);
    };
    setTimeout(poll, 1000);
  }
})();
