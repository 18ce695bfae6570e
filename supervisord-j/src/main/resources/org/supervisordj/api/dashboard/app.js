// supervisord-j dashboard. Every name and log line is untrusted text: it only ever reaches the
// page through textContent, never as HTML. All URLs are relative, so the page works under a
// reverse proxy's sub-path.
'use strict';

const $ = (id) => document.getElementById(id);
const procs = new Map();      // namespec -> ProcessInfo
const rows = new Map();       // namespec -> {tr, cells}
const eventSeq = new Map();   // namespec -> events seen, so a stale fetch never overwrites a newer event
let clockSkew = 0;            // server epoch seconds minus ours

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

// The API's URL under wherever the page was served from (a reverse proxy's sub-path too), without
// the user:password@ of an address like http://admin:pw@host:9001/: fetch() and EventSource refuse
// URLs that carry credentials, and the browser sends the ones it was given from its own cache.
function apiUrl(path) {
  return new URL('api/v1/' + path, location.origin + location.pathname).href;
}

function api(path, options) {
  const o = Object.assign({headers: {}}, options || {});
  if (o.method === 'POST') {
    o.headers['X-Requested-With'] = 'supervisord-j-dashboard'; // the API's cross-site request guard
    o.headers['Content-Type'] = 'application/json';
  }
  return fetch(apiUrl(path), o);
}

const spec = (namespec) => encodeURIComponent(namespec);

function uptime(p) {
  if (p.state !== 'RUNNING' || !p.start) return '';
  let s = Math.max(0, Math.floor(Date.now() / 1000 + clockSkew - p.start));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const t = [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
  return d ? d + 'd ' + t : t;
}

function health(p) {
  const h = p.health;
  if (!h) return {text: '', cls: ''};
  if (h.waiting_for) return {text: h.waiting_for, cls: ''};
  if (h.finished) return {text: 'finished', cls: 'healthy'};
  if (h.healthy === true) return {text: 'healthy' + (h.status ? ': ' + h.status : ''), cls: 'healthy'};
  if (h.healthy === false) return {text: 'unhealthy (' + (h.failures || 0) + ' failures' + (h.last_result ? ', ' + h.last_result : '') + ')', cls: 'unhealthy'};
  return {text: h.status || h.phase || 'not checked yet', cls: ''};
}

function exitText(p) {
  if (p.spawnerr) return p.spawnerr;
  if (!p.stop) return '';
  return String(p.exitstatus);
}

// ---- the process table --------------------------------------------------------------------

const COLUMNS = ['Name', 'State', 'PID', 'Uptime', 'Restarts', 'Exit', 'Health', 'Actions'];

function render() {
  const groups = $('groups');
  const byGroup = new Map();
  for (const p of procs.values()) {
    if (!byGroup.has(p.group)) byGroup.set(p.group, []);
    byGroup.get(p.group).push(p);
  }
  groups.replaceChildren();
  rows.clear();
  for (const [group, list] of [...byGroup.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const caption = el('caption', {}, el('span', {text: group}),
      el('span', {class: 'toolbar'},
        actionButton('start', group + ':*', 'Start group', 'start group ' + group),
        actionButton('stop', group + ':*', 'Stop group', 'stop group ' + group),
        actionButton('restart', group + ':*', 'Restart group', 'restart group ' + group)));
    const head = el('tr', {});
    for (const c of COLUMNS) head.append(el('th', {scope: 'col', text: c}));
    const body = el('tbody', {});
    for (const p of list.sort((a, b) => a.name.localeCompare(b.name))) body.append(row(p));
    const table = el('table', {'data-group': group}, caption, el('thead', {}, head), body);
    groups.append(table);
  }
  applyFilter();
}

function actionButton(verb, namespec, text, label) {
  const b = el('button', {type: 'button', 'aria-label': label, text: text});
  b.addEventListener('click', () => act(verb, namespec));
  if (verb !== 'start') b.classList.add('danger');
  return b;
}

function row(p) {
  const tr = el('tr', {'data-namespec': p.namespec});
  const cells = {};
  for (const c of COLUMNS) {
    const td = el('td', {'data-label': c, class: 'col-' + c.toLowerCase()});
    cells[c] = td;
    tr.append(td);
  }
  cells.PID.classList.add('num'); cells.Uptime.classList.add('num'); cells.Restarts.classList.add('num');
  const label = p.namespec;
  cells.Actions.append(
    actionButton('start', p.namespec, 'Start', 'start ' + label),
    actionButton('stop', p.namespec, 'Stop', 'stop ' + label),
    actionButton('restart', p.namespec, 'Restart', 'restart ' + label),
    actionButton('signal', p.namespec, 'Signal…', 'send a signal to ' + label));
  const logButton = el('button', {type: 'button', 'aria-label': 'log of ' + label, text: 'Log'});
  logButton.addEventListener('click', () => openLog(p.namespec));
  cells.Actions.append(logButton);
  rows.set(p.namespec, {tr, cells});
  fill(p);
  return tr;
}

function fill(p) {
  const r = rows.get(p.namespec);
  if (!r) return;
  const c = r.cells;
  c.Name.textContent = p.name;
  c.Name.title = p.description || '';
  const badge = el('span', {class: 'state state-' + p.state, text: p.state});
  c.State.replaceChildren(badge);
  if (p.next_retry) c.State.append(' ', el('span', {class: 'muted', text: 'retry soon'}));
  r.tr.dataset.state = p.state;
  c.PID.textContent = p.pid ? String(p.pid) : '';
  c.Uptime.textContent = uptime(p);
  c.Restarts.textContent = String(p.restarts || 0);
  c.Exit.textContent = exitText(p);
  const h = health(p);
  c.Health.textContent = h.text;
  c.Health.className = 'health ' + h.cls;
}

function applyFilter() {
  const q = $('filter').value.trim().toLowerCase();
  let shown = 0;
  for (const [namespec, r] of rows) {
    const p = procs.get(namespec);
    const match = !q || namespec.toLowerCase().includes(q) || p.state.toLowerCase().includes(q);
    r.tr.hidden = !match;
    if (match) shown++;
  }
  for (const t of $('groups').querySelectorAll('table')) {
    t.hidden = ![...t.tBodies[0].rows].some((tr) => !tr.hidden);
  }
  $('empty').hidden = shown > 0 || procs.size === 0;
  const running = [...procs.values()].filter((p) => p.state === 'RUNNING').length;
  $('counts').textContent = '(' + running + ' of ' + procs.size + ' running)';
}

async function refreshAll() {
  const res = await api('processes');
  if (!res.ok) throw new Error('HTTP ' + res.status);
  const list = (await res.json()).processes;
  procs.clear();
  for (const p of list) { procs.set(p.namespec, p); clockSkew = p.now - Date.now() / 1000; }
  render();
}

const pending = new Set();
function refreshOne(namespec) {
  if (pending.has(namespec)) return;
  pending.add(namespec);
  const seq = eventSeq.get(namespec) || 0;
  api('processes/' + spec(namespec)).then((res) => res.ok ? res.json() : null).then((body) => {
    pending.delete(namespec);
    if (!body) return;
    if ((eventSeq.get(namespec) || 0) !== seq) { refreshOne(namespec); return; } // newer news since
    for (const p of body.processes) {
      clockSkew = p.now - Date.now() / 1000;
      const known = procs.has(p.namespec);
      procs.set(p.namespec, p);
      if (known) fill(p); else render();
    }
    applyFilter();
  }, () => pending.delete(namespec));
}

// ---- the live event stream -----------------------------------------------------------------

function noteChange(text) {
  const list = $('changes');
  const time = new Date().toLocaleTimeString();
  list.prepend(el('li', {text: time + ' ' + text}));
  while (list.children.length > 100) list.lastElementChild.remove();
}

function connect() {
  const es = new EventSource(apiUrl('events'));
  const status = $('connection');
  es.addEventListener('open', () => {
    status.textContent = 'live';
    status.className = 'connection live';
    refreshAll().catch((e) => noteChange('could not read the processes: ' + e.message));
  });
  es.addEventListener('error', () => {
    status.textContent = 'disconnected, retrying…';
    status.className = 'connection down';
  });
  es.addEventListener('state', (m) => {
    const e = JSON.parse(m.data);
    eventSeq.set(e.namespec, (eventSeq.get(e.namespec) || 0) + 1);
    const p = procs.get(e.namespec);
    if (p) {
      p.state = e.state;
      if (e.pid !== undefined && (e.state === 'STARTING' || e.state === 'RUNNING')) p.pid = e.pid;
      if (e.state !== 'RUNNING' && e.state !== 'STARTING' && e.state !== 'STOPPING') p.pid = 0;
      fill(p);
    }
    noteChange(e.namespec + ': ' + e.from + ' → ' + e.state + (e.pid ? ' (pid ' + e.pid + ')' : '')
      + (e.exitstatus !== undefined ? ', exit status ' + e.exitstatus : ''));
    refreshOne(e.namespec);
  });
  const byName = (m) => {
    const e = JSON.parse(m.data);
    if (e.groupname && e.processname) {
      const namespec = e.groupname === e.processname ? e.processname : e.groupname + ':' + e.processname;
      eventSeq.set(namespec, (eventSeq.get(namespec) || 0) + 1);
      refreshOne(namespec);
    }
    noteChange((e.processname || e.groupname || '') + ': ' + e.eventname);
  };
  es.addEventListener('PROCESS_HEALTH_HEALTHY', byName);
  es.addEventListener('PROCESS_HEALTH_UNHEALTHY', byName);
  for (const name of ['PROCESS_GROUP_ADDED', 'PROCESS_GROUP_REMOVED']) {
    es.addEventListener(name, (m) => {
      noteChange(JSON.parse(m.data).groupname + ': ' + name);
      refreshAll().catch(() => {});
    });
  }
}

// ---- actions ---------------------------------------------------------------------------------

function confirmAction(text, withSignal) {
  const d = $('confirm');
  $('confirm-text').textContent = text;
  $('confirm-signal-row').hidden = !withSignal;
  return new Promise((resolve) => {
    const done = (ok) => {
      d.close();
      $('confirm-ok').onclick = null; $('confirm-cancel').onclick = null; d.oncancel = null;
      resolve(ok ? {signal: $('confirm-signal').value} : null);
    };
    $('confirm-ok').onclick = () => done(true);
    $('confirm-cancel').onclick = () => done(false);
    d.oncancel = () => done(false);
    d.showModal();
    $('confirm-cancel').focus();
  });
}

async function act(verb, namespec) {
  const what = namespec === 'all' ? 'every process' : namespec;
  let body;
  if (verb === 'signal') {
    const ok = await confirmAction('Send a signal to ' + what + '?', true);
    if (!ok) return;
    body = JSON.stringify({signal: ok.signal});
  } else if (verb !== 'start') {
    if (!await confirmAction(verb[0].toUpperCase() + verb.slice(1) + ' ' + what + '?', false)) return;
  }
  showOutcome([el('p', {class: 'muted', text: verb + ' ' + what + '…'})]);
  try {
    const res = await api('processes/' + spec(namespec) + '/' + verb, {method: 'POST', body: body});
    const answer = await res.json().catch(() => ({}));
    const items = [];
    for (const r of answer.results || []) {
      const ok = r.status === 'OK';
      const item = el('div', {class: 'outcome-item' + (ok ? '' : ' failed')},
        el('strong', {text: r.namespec}), ': ' + verb + ' ' + (ok ? 'OK' : r.status + ' — ' + r.description));
      if (r.stderr_tail) item.append(el('pre', {text: r.stderr_tail}));
      items.push(item);
    }
    if (answer.error && !(answer.results || []).length) {
      items.push(el('div', {class: 'outcome-item failed', text: verb + ' ' + what + ': ' + answer.error.code + ' — ' + answer.error.message}));
    }
    if (!items.length) items.push(el('div', {class: 'outcome-item', text: verb + ' ' + what + ': nothing to do'}));
    showOutcome(items);
  } catch (e) {
    showOutcome([el('div', {class: 'outcome-item failed', text: verb + ' ' + what + ' failed: ' + e.message})]);
  }
}

function showOutcome(nodes) {
  $('outcome').replaceChildren(...nodes);
}

// ---- logs --------------------------------------------------------------------------------------

/** Follows one log through the API's follow=true stream; pausing ends the request, resuming continues at the offset. */
class LogView {
  constructor(pre, status, url) {
    this.pre = pre; this.status = status; this.url = url; this.offset = -8000; this.abort = null;
  }
  start() {
    this.stop();
    const controller = new AbortController();
    this.abort = controller;
    const sep = this.url.includes('?') ? '&' : '?';
    this.status.textContent = 'following';
    api(this.url + sep + 'follow=true&offset=' + this.offset, {signal: controller.signal}).then(async (res) => {
      if (!res.ok) {
        const e = await res.json().catch(() => ({error: {message: 'HTTP ' + res.status}}));
        this.status.textContent = e.error ? e.error.message : 'HTTP ' + res.status;
        return;
      }
      const size = Number(res.headers.get('X-Log-Size'));
      // A tail starts that many bytes before X-Log-Size; a continuation at the offset asked for.
      let at = this.offset < 0 ? Math.max(0, size + this.offset) : this.offset;
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        at += value.length;
        this.offset = at;
        this.append(decoder.decode(value, {stream: true}));
      }
      this.status.textContent = 'ended';
    }).catch((e) => {
      if (e.name !== 'AbortError') this.status.textContent = 'stopped: ' + e.message;
    });
  }
  append(text) {
    const stick = this.pre.scrollTop + this.pre.clientHeight >= this.pre.scrollHeight - 4;
    this.pre.append(document.createTextNode(text));
    while (this.pre.childNodes.length > 2000) this.pre.firstChild.remove();
    if (stick) this.pre.scrollTop = this.pre.scrollHeight;
  }
  stop() {
    if (this.abort) this.abort.abort();
    this.abort = null;
  }
  get running() { return this.abort !== null; }
}

let processLog = null;

function openLog(namespec) {
  if (processLog) processLog.stop();
  $('log-panel').hidden = false;
  $('log-panel').dataset.namespec = namespec;
  $('log-name').textContent = namespec;
  $('log').replaceChildren();
  $('log-pause').textContent = 'Pause';
  $('log-pause').setAttribute('aria-pressed', 'false');
  processLog = new LogView($('log'), $('log-status'),
    'processes/' + spec(namespec) + '/log?stream=' + $('log-stream').value);
  processLog.start();
  $('log').focus();
}

function pauseToggle(view, button) {
  if (!view) return;
  if (view.running) { view.stop(); view.status.textContent = 'paused'; button.textContent = 'Resume'; button.setAttribute('aria-pressed', 'true'); }
  else { view.start(); button.textContent = 'Pause'; button.setAttribute('aria-pressed', 'false'); }
}

let mainLog = null;

// ---- reread / update ---------------------------------------------------------------------

function showChanges(answer, applied) {
  const out = [];
  const list = (title, names) => {
    if (!names || !names.length) return;
    const ul = el('ul', {});
    for (const n of names) ul.append(el('li', {text: n}));
    out.push(el('p', {text: title}), ul);
  };
  if (answer.error) {
    out.push(el('p', {class: 'outcome-item failed', text: answer.error.code + ': ' + answer.error.message}));
    for (const e of answer.errors || []) out.push(el('pre', {text: e}));
  } else {
    list(applied ? 'Added:' : 'Would add:', answer.added);
    list(applied ? 'Changed (restarted):' : 'Would change (restart):', answer.changed);
    list(applied ? 'Removed:' : 'Would remove (stop):', answer.removed);
    list('Warnings:', answer.warnings);
    if (out.length === 0) out.push(el('p', {text: applied ? 'Applied: nothing changed.' : 'No changes: update would do nothing.'}));
  }
  $('reread-result').replaceChildren(...out);
  const changes = !answer.error && ((answer.added || []).length + (answer.changed || []).length + (answer.removed || []).length) > 0;
  $('update').hidden = applied || !changes;
}

async function reread() {
  const res = await api('reread', {method: 'POST'});
  showChanges(await res.json().catch(() => ({error: {code: 'FAILED', message: 'HTTP ' + res.status}})), false);
}

async function update() {
  if (!await confirmAction('Apply the configuration? Changed and removed programs will be stopped.', false)) return;
  const res = await api('update', {method: 'POST'});
  showChanges(await res.json().catch(() => ({error: {code: 'FAILED', message: 'HTTP ' + res.status}})), true);
  refreshAll().catch(() => {});
}

// ---- wiring ------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('filter').addEventListener('input', applyFilter);
  for (const b of document.querySelectorAll('[data-all]')) b.addEventListener('click', () => act(b.dataset.all, 'all'));
  $('log-stream').addEventListener('change', () => { if ($('log-panel').dataset.namespec) openLog($('log-panel').dataset.namespec); });
  $('log-pause').addEventListener('click', () => pauseToggle(processLog, $('log-pause')));
  $('log-close').addEventListener('click', () => { if (processLog) processLog.stop(); processLog = null; $('log-panel').hidden = true; delete $('log-panel').dataset.namespec; });
  $('reread').addEventListener('click', () => reread().catch((e) => showChanges({error: {code: 'FAILED', message: e.message}}, false)));
  $('update').addEventListener('click', () => update().catch((e) => showChanges({error: {code: 'FAILED', message: e.message}}, true)));
  $('mainlog-toggle').addEventListener('click', () => {
    const pre = $('mainlog');
    const show = pre.hidden;
    pre.hidden = !show;
    $('mainlog-pause').hidden = !show;
    $('mainlog-toggle').textContent = show ? 'Hide' : 'Show';
    $('mainlog-toggle').setAttribute('aria-expanded', String(show));
    if (show) { mainLog = new LogView(pre, $('mainlog-status'), 'daemon/log'); mainLog.start(); }
    else if (mainLog) { mainLog.stop(); mainLog = null; $('mainlog-status').textContent = ''; pre.replaceChildren(); }
  });
  $('mainlog-pause').addEventListener('click', () => pauseToggle(mainLog, $('mainlog-pause')));
  api('daemon').then((r) => r.json()).then((d) => {
    $('identifier').textContent = d.identifier + ' · ' + d.version + ' · pid ' + d.pid;
    document.title = d.identifier + ' — supervisord-j';
  }).catch(() => {});
  // Uptimes tick in the browser only; the daemon is asked nothing for them.
  setInterval(() => {
    if (document.hidden) return;
    for (const [namespec, r] of rows) if (procs.get(namespec).state === 'RUNNING') r.cells.Uptime.textContent = uptime(procs.get(namespec));
  }, 1000);
  connect();
});
