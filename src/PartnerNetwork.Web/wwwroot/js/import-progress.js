// Follows a background import: updates the bar and its text every two seconds, and shows the report when the work ends.
(function () {
  const section = document.getElementById('import-waiting');
  if (!section) return;
  const bar = document.getElementById('import-progress');
  const text = document.getElementById('progress-text');
  const template = text.dataset.template;
  async function poll() {
    try {
      const response = await fetch(section.dataset.progressUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) return;
      const state = await response.json();
      if (!state.waiting) { window.location.reload(); return; }
      if (state.total > 0) {
        bar.max = state.total;
        bar.value = state.processed;
        text.textContent = template.replace('{0}', state.processed.toLocaleString()).replace('{1}', state.total.toLocaleString());
      }
    } catch (e) {
      // The network came and went: the next turn tries again.
    }
    setTimeout(poll, 2000);
  }
  setTimeout(poll, 2000);
})();
