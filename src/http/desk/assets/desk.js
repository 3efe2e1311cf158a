// The desk works without this file. It adds: live progress, confirmations, a
// searchable zone picker, the editor's own time, and in the composer: drag and
// drop and keyboard moves, a live preview of unsaved changes, saving and adding
// stories without leaving the page, and refusals shown beside their fields.
// Served as is, with no build. formatEta mirrors src/editions/edition-service.ts.
'use strict';

document.documentElement.classList.add('js');

function formatEta(s) {
  if (s === null) return '—';
  if (s === 0) return 'done';
  if (s < 90) return s + ' s';
  if (s < 5400) return Math.round(s / 60) + ' min';
  return (s / 3600).toFixed(1) + ' h';
}

function csrfOf(form) {
  const input = form.querySelector('input[name=_csrf]') || document.querySelector('input[name=_csrf]');
  return input ? input.value : '';
}

/** POSTs a form's fields and reads the JSON answer; a network failure is an answer too. */
async function postForm(url, data) {
  try {
    const res = await fetch(url, { method: 'POST', body: data, credentials: 'same-origin', headers: { accept: 'application/json' } });
    const body = await res.json().catch(() => ({ ok: false, message: 'The server answered with something we could not read. Try again.' }));
    return body;
  } catch {
    return { ok: false, message: 'The desk cannot reach the server. Your changes are still here; try again in a moment.' };
  }
}

/* Progress: figures follow the send; a new status brings new actions, so the page is drawn again. */
function followProgress(panel) {
  const initial = panel.dataset.status;
  const bar = panel.querySelector('progress');
  const tick = async () => {
    try {
      const res = await fetch(panel.dataset.url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (res.ok) {
        const p = await res.json();
        if (p.status !== initial) return void location.reload();
        for (const el of panel.querySelectorAll('[data-field]')) {
          const f = el.dataset.field;
          el.textContent = f === 'eta' ? formatEta(p.etaSeconds) : f === 'status' ? String(p.status).replace(/_/g, ' ') : String(p[f]);
        }
        if (bar) {
          bar.max = Math.max(p.recipients, 1);
          bar.value = p.sent + p.failed + p.skipped;
        }
      }
    } catch {
      // The server restarting is not the editor's problem: try again on the next tick.
    }
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
}

/* Zones: a search box that narrows the select (the select alone works without this file). */
function zoneSearch(box) {
  const select = box.querySelector('select');
  const input = document.createElement('input');
  input.type = 'search';
  input.className = 'zone-filter';
  input.placeholder = 'Search zones: city or region';
  input.setAttribute('aria-label', 'Search time zones');
  input.setAttribute('aria-controls', select.id);
  select.before(input);
  input.addEventListener('input', () => {
    const q = input.value.trim().toLowerCase().replace(/\s+/g, '_');
    let first = null;
    for (const group of select.querySelectorAll('optgroup')) {
      let any = false;
      for (const option of group.querySelectorAll('option')) {
        const hit = !q || option.value.toLowerCase().includes(q) || option.textContent.toLowerCase().includes(q.replace(/_/g, ' '));
        option.hidden = !hit;
        if (hit) {
          any = true;
          first = first || option;
        }
      }
      group.hidden = !any;
    }
    // Typing a zone picks the first match, so the editor need not open the list.
    if (q && first && select.selectedOptions[0] && select.selectedOptions[0].hidden) select.value = first.value;
  });
}

/* The review page: the moment in the editor's own zone too. */
function editorTime() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone) document.cookie = 'bs_tz=' + encodeURIComponent(zone) + '; path=/desk; SameSite=Strict; max-age=31536000';
  for (const hint of document.querySelectorAll('[data-local-time-hint]')) {
    const instant = hint.dataset.instant;
    if (!instant || !zone) continue;
    const when = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
    hint.textContent = 'Your zone (' + zone + '): ' + when.replace(' at ', ', ');
  }
}

/* ---------- The composer ---------- */

function composer(form) {
  const lineup = form.querySelector('#lineup');
  const pool = form.querySelector('#pool');
  const status = form.querySelector('#lineup-status');
  const saveState = form.querySelector('#save-state');
  const panel = document.getElementById('preview');
  const frame = document.getElementById('preview-frame');
  const previewState = document.getElementById('preview-state');
  let dirty = false;
  let previewKey = null;
  let timer = null;
  let pending = null;

  const cards = (list) => [...list.querySelectorAll(':scope > li.story')];
  const headline = (card) => card.dataset.headline;
  const announce = (text) => {
    status.textContent = '';
    setTimeout(() => (status.textContent = text), 50);
  };

  /** Roles, positions, order numbers and move buttons from where the cards now are. */
  function renumber() {
    const inLineup = cards(lineup);
    inLineup.forEach((card, i) => setRole(card, i === 0 ? 'lead' : 'teaser', i));
    cards(pool).forEach((card) => setRole(card, 'spare', 0));
    const count = document.querySelector('#pool-title .count');
    if (count) count.textContent = String(cards(pool).length);
  }

  function setRole(card, role, position) {
    card.dataset.role = role;
    card.classList.remove('lead', 'teaser', 'spare');
    card.classList.add(role);
    card.querySelector('input[name=lead]').checked = role === 'lead';
    card.querySelector('input[name=teaser]').checked = role === 'teaser';
    card.querySelector('input[name^=order_]').value = role === 'teaser' ? String(position) : '';
    const facts = card.querySelector('.facts');
    let label = facts.querySelector('.role');
    if (role === 'spare') label && label.remove();
    else {
      if (!label) {
        label = document.createElement('span');
        label.className = 'role';
        facts.prepend(label, ' ');
      }
      label.textContent = role === 'lead' ? 'Lead' : 'Teaser ' + position;
    }
    let moves = card.querySelector('.moves');
    if (role === 'teaser' && !moves) {
      moves = document.createElement('span');
      moves.className = 'moves';
      for (const dir of ['up', 'down']) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'icon';
        b.dataset.move = dir;
        b.textContent = dir === 'up' ? '↑' : '↓';
        b.setAttribute('aria-label', 'Move “' + headline(card) + '” ' + dir);
        moves.append(b);
      }
      card.querySelector('.handle').before(moves);
    } else if (role !== 'teaser' && moves) moves.remove();
    if (moves) for (const b of moves.querySelectorAll('button')) b.disabled = (b.dataset.move === 'up' && position <= 1) || (b.dataset.move === 'down' && position >= cards(lineup).length - 1);
  }

  // The no-script buttons submit the form; here they move the card in place.
  for (const b of form.querySelectorAll('.moves button')) {
    b.type = 'button';
    b.dataset.move = b.value.endsWith(':up') ? 'up' : 'down';
    b.removeAttribute('name');
  }

  function moveBy(card, step) {
    const list = cards(lineup);
    const at = list.indexOf(card);
    const to = at + step;
    if (at < 1 || to < 1 || to >= list.length) return;
    if (step < 0) list[to].before(card);
    else list[to].after(card);
    changed();
    announce('“' + headline(card) + '” is now teaser ' + to + ' of ' + (list.length - 1) + '.');
  }

  form.addEventListener('click', (event) => {
    const b = event.target.closest('button[data-move]');
    if (!b) return;
    const card = b.closest('li.story');
    moveBy(card, b.dataset.move === 'up' ? -1 : 1);
    // Keep the keyboard where it was: on the same button of the moved card.
    const again = card.querySelector('button[data-move=' + b.dataset.move + ']');
    (again && !again.disabled ? again : card.querySelector('button[data-move]:not([disabled])') || card.querySelector('input[name=teaser]')).focus();
  });

  // Alt+↑ / Alt+↓ on anything inside a teaser card moves it.
  form.addEventListener('keydown', (event) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    const card = event.target.closest('#lineup li.story.teaser');
    if (!card) return;
    event.preventDefault();
    moveBy(card, event.key === 'ArrowUp' ? -1 : 1);
    event.target.focus();
  });

  form.addEventListener('change', (event) => {
    const input = event.target;
    const card = input.closest && input.closest('li.story');
    if (card && input.name === 'lead' && input.checked) {
      const old = cards(lineup)[0];
      if (old !== card) {
        // The old lead becomes the first teaser; the new one takes the top.
        lineup.prepend(card);
        if (old) card.after(old);
        announce('“' + headline(card) + '” is the lead now; “' + (old ? headline(old) : '') + '” is the first teaser.');
      }
    } else if (card && input.name === 'teaser') {
      if (input.checked && card.parentElement === pool) {
        lineup.append(card);
        announce('“' + headline(card) + '” added as teaser ' + (cards(lineup).length - 1) + '.');
      } else if (!input.checked && card.parentElement === lineup && card.dataset.role === 'teaser') {
        pool.prepend(card);
        announce('“' + headline(card) + '” taken out of the edition.');
      }
    }
    changed();
  });
  form.addEventListener('input', (event) => {
    // Ticks and choices are handled on 'change', which comes after: renumbering here would undo them.
    if (event.target.type === 'radio' || event.target.type === 'checkbox') return;
    if (event.target.name === 'subject' || event.target.name === 'preheader') event.target.dataset.typed = '1';
    changed();
  });

  /* Drag and drop, by the handle, for mouse, pen and touch. */
  let drag = null;
  lineup.addEventListener('pointerdown', (event) => {
    const handle = event.target.closest('.handle');
    const card = handle && handle.closest('li.story.teaser');
    if (!card) return;
    event.preventDefault();
    drag = { card, pointer: event.pointerId };
    card.classList.add('dragging');
    handle.setPointerCapture(event.pointerId);
  });
  lineup.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.pointer) return;
    const teasers = cards(lineup).slice(1).filter((c) => c !== drag.card);
    const below = teasers.find((c) => {
      const r = c.getBoundingClientRect();
      return event.clientY < r.top + r.height / 2;
    });
    if (below) below.before(drag.card);
    else lineup.append(drag.card);
  });
  const drop = (event) => {
    if (!drag || event.pointerId !== drag.pointer) return;
    const card = drag.card;
    drag = null;
    card.classList.remove('dragging');
    changed();
    announce('“' + headline(card) + '” is now teaser ' + cards(lineup).indexOf(card) + ' of ' + (cards(lineup).length - 1) + '.');
  };
  lineup.addEventListener('pointerup', drop);
  lineup.addEventListener('pointercancel', drop);

  /* Refusals beside their fields. */
  const fieldElement = (name) =>
    name === 'stories' ? lineup : name === 'form' ? form.querySelector('.savebar') : form.querySelector('[name=' + name + ']');
  function clearErrors() {
    for (const p of form.querySelectorAll('.field-error[data-live]')) p.remove();
    for (const el of form.querySelectorAll('[aria-invalid=true]')) {
      el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-describedby');
    }
  }
  function showErrors(errors, message) {
    clearErrors();
    const entries = Object.entries(errors || { form: message });
    for (const [name, text] of entries) {
      const target = fieldElement(name) || form.querySelector('.savebar');
      const p = document.createElement('p');
      p.className = 'field-error';
      p.dataset.live = '1';
      p.id = 'compose-' + name + '-error-live';
      p.setAttribute('role', 'alert');
      p.textContent = text;
      if (target === lineup) lineup.before(p);
      else target.after(p);
      if (target.matches && target.matches('input, textarea, select')) {
        target.setAttribute('aria-invalid', 'true');
        target.setAttribute('aria-describedby', p.id);
      }
    }
  }

  /**
   * The form as the server should read it. A subject or preheader that follows the
   * lead, and that the editor has not typed in, is left out: the value shown is the
   * server's own making, not the editor's words.
   */
  function formData(submitter) {
    const data = submitter ? new FormData(form, submitter) : new FormData(form);
    for (const name of ['subject', 'preheader']) {
      const input = form.querySelector('[name=' + name + ']');
      if (input.dataset.follows === '1' && input.dataset.typed !== '1') data.delete(name);
    }
    return data;
  }

  /* What the server says of the subject and preheader: made from the lead, or the editor's own. */
  function showWords(answer) {
    for (const name of ['subject', 'preheader']) {
      const input = form.querySelector('[name=' + name + ']');
      const follows = answer.follows && answer.follows[name];
      if (answer.follows) input.dataset.follows = follows ? '1' : '0';
      if (follows && document.activeElement !== input && input.dataset.typed !== '1') input.value = answer[name];
      const note = form.querySelector('[data-note=' + name + ']');
      if (note && answer.notes) {
        note.firstChild.nodeValue = answer.notes[name] + ' ';
        note.classList.toggle('stale', Boolean(answer.notes.stale && answer.notes.stale[name]));
        const again = note.querySelector('button');
        if (again) again.hidden = Boolean(follows);
      }
    }
  }

  /* The preview follows every change, unsaved: the server keeps the draft aside and renders it. */
  function previewUrl() {
    const width = panel.dataset.width;
    const base = frame.getAttribute('src').split('?')[0];
    const sections = panel.dataset.sections ? '&sections=' + encodeURIComponent(panel.dataset.sections) : '';
    return base + '?tier=' + panel.dataset.tier + '&format=' + (width === 'text' ? 'text' : 'html') + sections + (previewKey ? '&state=' + previewKey : '');
  }
  function showPreview() {
    frame.className = 'preview w-' + panel.dataset.width;
    frame.title = 'Preview for a ' + panel.dataset.tier + ' reader, ' + (panel.dataset.width === 'text' ? 'plain text' : panel.dataset.width + ' px wide');
    // replace(): the preview's states are not pages the Back button should step through.
    frame.contentWindow.location.replace(previewUrl());
  }
  async function refreshPreview() {
    const answer = (pending = postForm(panel.dataset.livePreview, formData()));
    const result = await answer;
    if (answer !== pending) return; // a newer change overtook this one
    if (!result.ok) {
      showErrors(result.errors, result.message);
      previewState.textContent = 'The preview shows the last version that could be sent: see the problem marked in the form.';
      return;
    }
    clearErrors();
    previewKey = result.state;
    showWords(result);
    showPreview();
    previewState.textContent = dirty ? 'Showing your unsaved changes.' : 'Showing the saved draft.';
  }
  function changed() {
    renumber();
    dirty = true;
    saveState.textContent = 'Unsaved changes';
    clearTimeout(timer);
    timer = setTimeout(refreshPreview, 350);
  }

  for (const link of panel.querySelectorAll('.toolbar a')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      if (link.closest('[aria-label="Preview reader"]')) panel.dataset.tier = link.dataset.tier;
      else panel.dataset.width = link.dataset.width;
      for (const other of panel.querySelectorAll('.toolbar a')) {
        const on = other.closest('[aria-label="Preview reader"]') ? other.dataset.tier === panel.dataset.tier : other.dataset.width === panel.dataset.width;
        other.classList.toggle('on', on);
        other.setAttribute('aria-current', on ? 'true' : 'false');
      }
      document.querySelector('.composer').dataset.previewWidth = panel.dataset.width;
      showPreview();
    });
  }
  document.querySelector('.composer').dataset.previewWidth = panel.dataset.width;

  /* Saving without leaving the page. */
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const data = formData(event.submitter && event.submitter.name ? event.submitter : undefined);
    saveState.textContent = 'Saving…';
    const result = await postForm(form.action, data);
    if (!result.ok) {
      saveState.textContent = 'Not saved';
      showErrors(result.errors, result.message);
      const first = form.querySelector('[aria-invalid=true]') || form.querySelector('.field-error[data-live]');
      if (first) first.focus ? first.focus() : first.scrollIntoView();
      return;
    }
    clearErrors();
    dirty = false;
    for (const input of form.querySelectorAll('[data-typed]')) delete input.dataset.typed;
    showWords(result);
    saveState.textContent = 'Saved at ' + new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    previewKey = null;
    showPreview();
    previewState.textContent = 'Showing the saved draft.';
  });
  window.addEventListener('beforeunload', (event) => {
    if (dirty) event.preventDefault();
  });

  /* Adding a story lands it at the top of "more stories", without a reload. */
  for (const add of document.querySelectorAll('form[data-add-story]')) {
    add.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = add.querySelector('button[type=submit]');
      button.disabled = true;
      const result = await postForm(add.action, new FormData(add));
      button.disabled = false;
      for (const old of add.querySelectorAll('.field-error')) old.remove();
      const note = document.createElement('p');
      note.className = result.ok ? 'flash ok' : 'field-error';
      note.setAttribute('role', result.ok ? 'status' : 'alert');
      note.textContent = result.message;
      add.append(note);
      if (!result.ok) return;
      setTimeout(() => note.remove(), 8000);
      add.reset();
      if (result.cards) {
        const holder = document.createElement('ul');
        holder.innerHTML = result.cards;
        const fresh = [...holder.children];
        pool.prepend(...fresh);
        renumber();
        if (fresh[0]) fresh[0].classList.add('new');
      }
    });
  }

  renumber();
}

document.addEventListener('DOMContentLoaded', () => {
  const panel = document.getElementById('progress');
  if (panel && panel.dataset.live === '1') followProgress(panel);
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  for (const box of document.querySelectorAll('[data-zone-search]')) zoneSearch(box);
  editorTime();
  const compose = document.getElementById('compose');
  if (compose && document.getElementById('preview')) composer(compose);
});
