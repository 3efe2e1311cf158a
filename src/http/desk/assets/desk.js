// The desk works without this file; it adds live progress and confirmations.
// formatEta mirrors formatEta in src/editions/edition-service.ts (this file is served as is, with no build).
'use strict';

function formatEta(s) {
  if (s === null) return '—';
  if (s === 0) return 'done';
  if (s < 90) return s + ' s';
  if (s < 5400) return Math.round(s / 60) + ' min';
  return (s / 3600).toFixed(1) + ' h';
}

function followProgress(panel) {
  const initial = panel.dataset.status;
  const bar = panel.querySelector('progress');
  const tick = async () => {
    try {
      const res = await fetch(panel.dataset.url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (res.ok) {
        const p = await res.json();
        for (const el of panel.querySelectorAll('[data-field]')) {
          const f = el.dataset.field;
          el.textContent = f === 'eta' ? formatEta(p.etaSeconds) : f === 'status' ? String(p.status).replace(/_/g, ' ') : String(p[f]);
        }
        bar.max = Math.max(p.recipients, 1);
        bar.value = p.sent + p.failed + p.skipped;
        // A new status brings new actions (resume, retry…): show the page for it.
        if (p.status !== initial) return void location.reload();
      }
    } catch {
      // The server restarting is not the editor's problem: try again on the next tick.
    }
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
}

document.addEventListener('DOMContentLoaded', () => {
  const panel = document.getElementById('progress');
  if (panel && panel.dataset.live === '1') followProgress(panel);
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
});
