'use strict';
// diypol serve: the live what-if page (API in docs/SERVE.md). Plain ES2020, no build step:
// the state lives in `state`, small functions turn it into DOM and ECharts options.

// Okabe–Ito, yellow last: it is the hardest to see on white.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'];
const CONFIG_COLORS = ['#0072B2', '#E69F00']; // A blue, B orange, everywhere
const DIFF_COLOR = '#000000';
// Map ramp white → yellow → orange → vermilion → brown: lightness falls monotonically, so it
// reads the same with any colour vision.
const MAP_RAMP = [[255, 255, 255], [240, 228, 66], [230, 159, 0], [213, 94, 0], [90, 30, 0]];
const FONT = '"DejaVu Sans", system-ui, sans-serif';
const MAP_EVERY = 7; // one crime map a week of simulated time
const SMOOTH_DAYS = 7; // daily counts are noisy: lines show a trailing weekly mean unless asked not to
const SMALL_EVERY_MS = 250; // small multiples redrawn at most this often while a run plays
const YAML_OPTION = '__yaml__'; // the scenario picker's entry for an uploaded scenario
const LEGEND_ICON = 40; // px, the line drawn before each legend name
const LEGEND_GAP = 16; // px between legend items

const query = new URLSearchParams(location.search);
const state = {
  lang: query.get('lang') || 'en',
  token: query.get('token'),
  client: clientId(),
  meta: null,
  scenario: null, // the loaded scenario (its `values` are what `set` is measured against)
  base: null, // {scenario: name} or {yaml: text}: what each config starts from
  bEdited: false, // B's controls were changed by hand since the scenario was loaded
  locks: 0, // loads under way that lock the settings (locked)
  ab: false,
  stream: null, // {controller} of the request whose events are shown
  run: null, // the data of the current run, from its `start` event on (newRun)
  paused: false,
  smooth: true, // lines show the trailing SMOOTH_DAYS mean
  chart: 0, // index of meta.charts shown large
  mapSlide: false, // presenter view shows the map instead of a chart
  presenter: false,
  charts: {main: null, diff: null, small: []},
  smallDrawn: 0, // when the small multiples were last redrawn (performance.now)
  smallStale: false, // days were drawn since
  formats: new Map(),
};

const $ = (selector) => document.querySelector(selector);

// ---------------------------------------------------------------- small helpers

// A random id per tab, kept across reloads of the tab so the server can cancel our own runs.
// getRandomValues, not randomUUID: the page may be served over plain http on a LAN.
function clientId() {
  let id = sessionStorage.getItem('diypol_client');
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem('diypol_client', id);
  }
  return id;
}

// A UI string from meta.ui, the key itself when the catalogue lacks it; {name} placeholders.
function t(key, args = {}) {
  const text = (state.meta && state.meta.ui && state.meta.ui[key]) || key;
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in args ? String(args[name]) : all));
}

// Creates an element: attributes (null ones skipped) and children (strings become text).
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// Intl formats are costly to build and used on every frame: one per language and options.
function numberFormat(options) {
  const key = state.lang + JSON.stringify(options);
  if (!state.formats.has(key)) state.formats.set(key, new Intl.NumberFormat(state.lang, options));
  return state.formats.get(key);
}

// `digits` significant figures (three unless an interval needs more), never an exponent: whole
// numbers kept whole below 100,000, compact above ("2.00M"); shares as percentages, and
// differences of shares in percentage points, so "+2 %" is not read as a relative change.
function formatValue(value, kind, {signed = false, diff = false, digits = 3} = {}) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  const sign = signed ? {signDisplay: 'exceptZero'} : {};
  if (kind === 'share') {
    const fraction = {maximumFractionDigits: Math.max(1, digits - 2), ...sign};
    if (diff) return `${numberFormat(fraction).format(value * 100)} ${t('pp')}`;
    return numberFormat({style: 'percent', ...fraction}).format(value);
  }
  const size = Math.abs(value);
  if (size >= 1e5) {
    return numberFormat({notation: 'compact', minimumSignificantDigits: digits, maximumSignificantDigits: digits, ...sign}).format(value);
  }
  const whole = size >= 10 ** digits;
  return numberFormat({...(whole ? {maximumFractionDigits: 0} : {maximumSignificantDigits: digits}), ...sign}).format(value);
}

// The fewest digits (from three) at which an interval's two ends read differently: a narrow
// interval around 0.661 shows "0.6608 – 0.6612", not "0.661 – 0.661". One that stays a point
// at six digits is shown at three: it has no spread worth reading.
function intervalDigits(stats, kind, options = {}) {
  if (!hasInterval(stats)) return 3;
  for (let digits = 3; digits <= 6; digits++) {
    if (formatValue(stats.lo, kind, {...options, digits}) !== formatValue(stats.hi, kind, {...options, digits})) return digits;
  }
  return 3;
}

function hasInterval(stats) {
  return Boolean(stats) && typeof stats.lo === 'number' && typeof stats.hi === 'number';
}

// Equal as the API sees them: numbers up to the rounding of a number box.
function sameValue(a, b) {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return a === b;
}

// Saves text or a Blob under a name through a temporary <a download>.
function download(name, data, type) {
  const blob = data instanceof Blob ? data : new Blob([data], {type});
  const url = URL.createObjectURL(blob);
  const link = el('a', {href: url, download: name});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function fileStem() {
  const name = (state.scenario && state.scenario.name) || 'scenario';
  return name.replace(/[^\w.-]+/g, '_');
}

// ---------------------------------------------------------------- requests and errors

class ApiError extends Error {
  constructor(status, body) {
    super(body.error);
    this.status = status;
    this.body = body;
  }
}

// Every API request: JSON body, same-origin cookie, the URL's token as a header; a non-2xx
// answer becomes an ApiError carrying the server's {error, hint, problems}.
async function api(path, {method = 'GET', body, signal} = {}) {
  const headers = {};
  if (state.token) headers['x-diypol-token'] = state.token;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, signal, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, {error: t('error_network'), hint: t('error_network_hint')});
  }
  if (!response.ok) throw new ApiError(response.status, await errorBody(response));
  return response;
}

async function errorBody(response) {
  const fallback = {error: `${response.status} ${response.statusText}`.trim()};
  try {
    const body = await response.json();
    return body && body.error ? body : fallback;
  } catch {
    return fallback;
  }
}

function showMessage(error, hint, problems) {
  $('#message-error').textContent = error || '';
  $('#message-hint').textContent = hint || '';
  renderProblems($('#message-problems'), problems);
  $('#message').hidden = false;
}

// An API error in the banner. Its problems are listed under it unless `listed` elsewhere (the
// YAML panel's own list); the error's text then keeps its first line, which names the file.
function showError(error, {listed = false} = {}) {
  if (!(error instanceof ApiError)) return showMessage(String((error && error.message) || error));
  const {problems, hint} = error.body;
  const text = problems && problems.length ? error.body.error.split('\n')[0] : error.body.error;
  showMessage(text, hint, listed ? [] : problems);
}

function hideMessage() {
  $('#message').hidden = true;
}

// Positioned problems as the validator gives them: where, which field, what, and what to do.
function renderProblems(list, problems) {
  list.replaceChildren(...(problems || []).map((p) => {
    const where = [p.file, p.line, p.column].filter((x) => x !== null && x !== undefined && x !== '').join(':');
    return el('li', {},
      where ? el('code', {class: 'where'}, where) : null,
      p.path ? el('code', {class: 'path'}, p.path) : null,
      el('span', {class: 'problem-message'}, p.message || ''),
      p.hint ? el('span', {class: 'hint'}, p.hint) : null);
  }));
}

// ---------------------------------------------------------------- meta, labels, language

async function loadMeta(lang) {
  const kept = state.meta ? snapshotControls() : null;
  const response = await api(`/api/meta?lang=${encodeURIComponent(lang)}`);
  state.meta = await response.json();
  state.lang = state.meta.lang || lang;
  state.formats.clear();
  document.documentElement.lang = state.lang;
  buildLanguages();
  buildScenarioPicker();
  buildControls();
  if (kept) restoreControls(kept);
  buildCards();
  buildChartTabs();
  buildCharts();
  relabel();
  $('#replicates').max = state.meta.limits.max_replicates;
}

// Static strings of index.html: data-ui (text), data-ui-title, data-ui-placeholder.
function relabel() {
  for (const node of document.querySelectorAll('[data-ui]')) node.textContent = t(node.dataset.ui);
  for (const node of document.querySelectorAll('[data-ui-title]')) {
    node.title = t(node.dataset.uiTitle);
    node.setAttribute('aria-label', node.title);
  }
  for (const node of document.querySelectorAll('[data-ui-placeholder]')) node.placeholder = t(node.dataset.uiPlaceholder);
  document.title = t('title');
  renderPause();
  setStatus($('#status').dataset.state);
  renderProgress();
}

function buildLanguages() {
  const select = $('#lang');
  select.replaceChildren(...state.meta.langs.map((code) => {
    // Each language named in itself, so a lost reader can find their own.
    let name = code;
    try { name = new Intl.DisplayNames([code], {type: 'language'}).of(code); } catch { /* keep the code */ }
    return el('option', {value: code}, name);
  }));
  select.value = state.lang;
}

async function switchLanguage(lang) {
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  history.replaceState(null, '', url);
  await locked(async () => {
    try {
      await loadMeta(lang);
      renderAll();
    } catch (error) {
      showError(error);
    }
  });
}

// ---------------------------------------------------------------- scenarios

function buildScenarioPicker() {
  const select = $('#scenario');
  // The page runs diy_policing only: the server refuses civil_violence scenarios.
  const options = state.meta.scenarios
    .filter((s) => s.model === 'diy_policing')
    .map((s) => el('option', {value: s.name, title: s.description}, s.name));
  if (state.base && state.base.yaml !== undefined) {
    options.push(el('option', {value: YAML_OPTION}, t('yaml_loaded', {name: state.scenario.name})));
  }
  select.replaceChildren(...options);
  select.value = state.base && state.base.yaml !== undefined ? YAML_OPTION : (state.scenario ? state.scenario.name : '');
}

async function loadScenario(name) {
  await locked(async () => {
    try {
      const response = await api(`/api/scenarios/${encodeURIComponent(name)}`);
      applyScenario(await response.json(), {scenario: name});
    } catch (error) {
      showError(error);
    }
  });
}

// While a scenario or the page's language loads, the settings and Run are locked: an edit made
// meanwhile would be overwritten when the answer arrives (and a test's clicks wait for it).
async function locked(task) {
  const lock = (delta) => {
    state.locks += delta;
    $('#settings').disabled = $('#run').disabled = state.locks > 0;
  };
  lock(1);
  try {
    await task();
  } finally {
    lock(-1);
  }
}

async function loadYaml(yaml) {
  const problems = $('#problems');
  renderProblems(problems, []);
  await locked(async () => {
    try {
      const response = await api('/api/scenario', {method: 'POST', body: {yaml}});
      applyScenario(await response.json(), {yaml});
    } catch (error) {
      const listed = error instanceof ApiError && Boolean(error.body.problems);
      if (listed) {
        renderProblems(problems, error.body.problems);
        $('#yaml-panel').open = true;
      }
      showError(error, {listed});
    }
  });
}

// A loaded scenario sets both columns (B is A again until edited) and the seed.
function applyScenario(scenario, base) {
  state.scenario = scenario;
  state.base = base;
  state.bEdited = false;
  for (const config of [0, 1]) {
    for (const control of state.meta.controls) writeControl(config, control, valueOf(scenario, control));
  }
  $('#seed').value = scenario.seed;
  $('#scenario-description').textContent = describeScenario(scenario);
  buildScenarioPicker();
  markAllChanged();
  hideMessage();
  if (!state.run) renderCharts();
}

function describeScenario(scenario) {
  if (scenario.description) return scenario.description;
  const listed = state.meta.scenarios.find((s) => s.name === scenario.name);
  return (listed && listed.description) || '';
}

// The scenario's value of a control; one it does not list keeps the control's default.
function valueOf(scenario, control) {
  return scenario && control.path in scenario.values ? scenario.values[control.path] : control.default;
}

// ---------------------------------------------------------------- controls (from meta.controls)

function controlsRoot(config) {
  return config === 0 ? $('#controls-a') : $('#controls-b');
}

function buildControls() {
  const groups = [...new Set(state.meta.controls.map((c) => c.group))];
  for (const config of [0, 1]) {
    const root = controlsRoot(config);
    const heading = el('h2', {class: `config-tag tag-${config ? 'b' : 'a'} column-heading`}, config ? 'B' : 'A');
    root.replaceChildren(heading, ...groups.map((group) => buildGroup(config, group)));
  }
}

function buildGroup(config, group) {
  const section = el('details', {class: 'group', 'data-group': group, open: true},
    el('summary', {}, t(`group_${group}`)),
    ...state.meta.controls.filter((c) => c.group === group).map((c) => buildControl(config, c)));
  // A and B list the same controls: opening a group in one opens it in the other, so rows line up.
  section.addEventListener('toggle', () => {
    const twin = controlsRoot(1 - config).querySelector(`details[data-group="${group}"]`);
    if (twin && twin.open !== section.open) twin.open = section.open;
  });
  return section;
}

function buildControl(config, control) {
  const id = `c${config}-${control.path}`;
  const common = {id, 'data-path': control.path, title: control.description};
  const row = el('div', {class: 'control', 'data-control': control.path});
  const label = el('label', {for: id, title: control.description}, control.label);
  if (control.kind === 'bool' && !control.nullable) {
    row.append(el('label', {class: 'check', title: control.description}, el('input', {type: 'checkbox', ...common}), control.label));
  } else if (control.kind === 'enum' || control.kind === 'bool') {
    row.append(label, buildSelect(control, common));
  } else {
    row.append(...buildNumber(control, common, label));
  }
  row.addEventListener('input', (event) => onControlInput(config, control, event));
  row.addEventListener('change', () => normaliseNumber(config, control));
  return row;
}

// Enums, and bools that may be left to the stance (— from stance — / yes / no).
function buildSelect(control, common) {
  const options = control.kind === 'enum'
    ? control.values.map((v) => el('option', {value: v.value}, v.label))
    : [el('option', {value: 'true'}, t('yes')), el('option', {value: 'false'}, t('no'))];
  if (control.nullable) options.unshift(el('option', {value: ''}, `— ${t('from_stance')} —`));
  return el('select', common, ...options);
}

// A slider and a number box kept in step; a nullable number also gets a "from stance" box.
function buildNumber(control, common, label) {
  const limits = {min: control.min, max: control.max, step: control.step || (control.kind === 'integer' ? 1 : 'any')};
  const slider = el('input', {type: 'range', ...limits, 'data-slider-for': common['data-path'], title: control.description, 'aria-label': control.label, tabindex: '-1'});
  const box = el('input', {type: 'number', ...limits, ...common, inputmode: 'decimal'});
  const head = el('div', {class: 'control-head'}, label);
  if (control.nullable) {
    head.append(el('label', {class: 'check stance', title: control.description},
      el('input', {type: 'checkbox', 'data-stance-for': common['data-path']}), t('from_stance')));
  }
  return [head, el('div', {class: 'control-input'}, slider, box)];
}

function controlParts(config, path) {
  const row = controlsRoot(config).querySelector(`[data-control="${CSS.escape(path)}"]`);
  return {
    row,
    input: row.querySelector('[data-path]'),
    slider: row.querySelector('[data-slider-for]'),
    stance: row.querySelector('[data-stance-for]'),
  };
}

function onControlInput(config, control, event) {
  const {input, slider, stance} = controlParts(config, control.path);
  if (event.target === slider) input.value = slider.value;
  if (event.target === input && slider && input.value !== '') slider.value = input.value;
  if (stance) input.disabled = slider.disabled = stance.checked;
  if (config === 1) state.bEdited = true;
  markChanged(config, control);
}

// On commit, a number box left empty or out of range goes back inside the control's range.
function normaliseNumber(config, control) {
  const {input, slider} = controlParts(config, control.path);
  if (!slider || input.disabled) return;
  let value = input.valueAsNumber;
  if (!Number.isFinite(value)) value = valueOf(state.scenario, control) ?? control.default ?? control.min;
  value = Math.min(control.max ?? value, Math.max(control.min ?? value, value));
  if (control.kind === 'integer') value = Math.round(value);
  input.value = slider.value = value;
  markChanged(config, control);
}

// The control's value as the API wants it: string, number, bool, or null ("from stance").
function readControl(config, control) {
  const {input, stance} = controlParts(config, control.path);
  if (control.kind === 'enum') return input.value === '' ? null : input.value;
  if (control.kind === 'bool') {
    if (input.type === 'checkbox') return input.checked;
    return input.value === '' ? null : input.value === 'true';
  }
  if (stance && stance.checked) return null;
  const value = input.valueAsNumber;
  if (!Number.isFinite(value)) return valueOf(state.scenario, control);
  return control.kind === 'integer' ? Math.round(value) : value;
}

function writeControl(config, control, value) {
  const {input, slider, stance} = controlParts(config, control.path);
  if (control.kind === 'enum') {
    input.value = value === null ? '' : value;
  } else if (control.kind === 'bool') {
    if (input.type === 'checkbox') input.checked = Boolean(value);
    else input.value = value === null ? '' : String(value);
  } else {
    if (stance) stance.checked = value === null;
    input.disabled = slider.disabled = value === null;
    // Left to the stance, the boxes keep a number to start from when it is unticked.
    if (value !== null) input.value = slider.value = value;
    else if (input.value === '') input.value = slider.value = control.default ?? control.min;
  }
}

function snapshotControls() {
  return [0, 1].map((config) => new Map(state.meta.controls.map((c) => [c.path, readControl(config, c)])));
}

function restoreControls(kept) {
  kept.forEach((values, config) => {
    for (const control of state.meta.controls) {
      if (values.has(control.path)) writeControl(config, control, values.get(control.path));
    }
  });
  markAllChanged();
}

// Marks the controls that differ from the scenario, so the room sees what "what if" changed.
function markChanged(config, control) {
  if (!state.scenario) return;
  const {row} = controlParts(config, control.path);
  row.classList.toggle('changed', !sameValue(readControl(config, control), valueOf(state.scenario, control)));
}

function markAllChanged() {
  for (const config of [0, 1]) for (const control of state.meta.controls) markChanged(config, control);
}

// `set` of a config: only what differs from the scenario's own values.
function setOf(config) {
  const set = {};
  for (const control of state.meta.controls) {
    const value = readControl(config, control);
    if (!sameValue(value, valueOf(state.scenario, control))) set[control.path] = value;
  }
  return set;
}

function configOf(config) {
  return {...state.base, set: setOf(config)};
}

function copyAtoB() {
  for (const control of state.meta.controls) writeControl(1, control, readControl(0, control));
  for (const control of state.meta.controls) markChanged(1, control);
}

function setAB(on) {
  state.ab = on;
  $('#ab').checked = on;
  if (on && !state.bEdited && state.meta) copyAtoB();
  $('#controls-b').hidden = !on;
  document.body.classList.toggle('ab', on);
}

// ---------------------------------------------------------------- running and the event stream

function runBody() {
  return {
    client: state.client,
    configs: (state.ab ? [0, 1] : [0]).map(configOf),
    replicates: clampReplicates(),
    map_every: MAP_EVERY,
    seed: seedOf(),
  };
}

// The seed box's seed; left empty, the server takes the first config's.
function seedOf() {
  const seed = $('#seed').valueAsNumber;
  return Number.isInteger(seed) && seed >= 0 ? seed : undefined;
}

function clampReplicates() {
  const max = state.meta.limits.max_replicates;
  const asked = Math.round($('#replicates').valueAsNumber);
  const replicates = Number.isFinite(asked) ? Math.min(max, Math.max(1, asked)) : 10;
  $('#replicates').value = replicates;
  return replicates;
}

// Starts a run, aborting the one shown (the server cancels that client's old run too).
async function startRun() {
  if (!state.scenario || $('#run').disabled) return;
  if (state.stream) state.stream.controller.abort();
  const stream = {controller: new AbortController()};
  state.stream = stream;
  hideMessage();
  setPaused(false);
  setStatus('running');
  try {
    const response = await api('/api/run', {method: 'POST', body: runBody(), signal: stream.controller.signal});
    await readEvents(response.body, (name, data) => {
      if (state.stream === stream) onEvent(name, data);
    });
    if (state.stream === stream && $('#status').dataset.state === 'running') {
      setStatus('error');
      showMessage(t('error_stream_ended'), t('error_network_hint'));
    }
  } catch (error) {
    // A newer run replaced this one: its status is the one that counts.
    if (state.stream !== stream || error.name === 'AbortError') return;
    setStatus('error');
    showError(error);
  }
}

// Server-sent events read from a fetch body (EventSource cannot POST): `event:` and `data:`
// lines, a blank line ends a frame. A lone \r at the end of a chunk waits for a possible \n.
async function readEvents(body, onFrame) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let name = 'message';
  let data = [];
  for (;;) {
    const {value, done} = await reader.read();
    if (done) return;
    pending += decoder.decode(value, {stream: true});
    const lines = pending.split(/\r\n|\n|\r(?!$)/);
    pending = lines.pop();
    for (const line of lines) {
      if (line === '') {
        if (data.length) onFrame(name, JSON.parse(data.join('\n')));
        name = 'message';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = text;
      else if (field === 'data') data.push(text);
    }
  }
}

const EVENTS = {
  // The server runs a few simulations at once; this one waits its turn.
  queued: () => setStatus('queued'),
  start: onStart,
  burnin: (d) => { state.run.burnin[d.config] = d; renderProgress(); },
  day: (d) => state.run.days[d.config].push(d),
  map: (d) => state.run.maps[d.config].push(d),
  run: onRunEvent,
  summary: (d) => { state.run.summary = d; renderCards(); },
  done: () => { catchUp(); setStatus('done'); },
  cancelled: (d) => { setStatus('cancelled'); showMessage(t('run_cancelled'), d.reason); },
  error: (d) => { setStatus('error'); showMessage(d.error, d.hint, d.problems); },
};

function onEvent(name, data) {
  const handler = EVENTS[name];
  if (handler && (name === 'start' || name === 'queued' || state.run)) handler(data);
}

// Everything a run shows, per config: buffered days, days drawn, points per column, maps.
function newRun(start) {
  const configs = start.configs;
  const index = new Map(start.columns.map((name, i) => [name, i]));
  const columns = [...new Set(state.meta.charts.flatMap((c) => c.series.map((s) => s.column)))].filter((c) => index.has(c));
  return {
    configs,
    replicates: start.replicates,
    index,
    columns,
    days: configs.map(() => []),
    shown: configs.map(() => 0),
    points: configs.map(() => Object.fromEntries(columns.map((c) => [c, []]))),
    smoothed: configs.map(() => Object.fromEntries(columns.map((c) => [c, []]))),
    maps: configs.map(() => []),
    mapShown: configs.map(() => null),
    burnin: configs.map(() => null),
    runs: configs.map(() => []),
    summary: null,
  };
}

function onStart(start) {
  state.run = newRun(start);
  document.body.classList.toggle('ab-run', start.configs.length > 1);
  sizeMaps();
  renderAll();
}

function onRunEvent(event) {
  state.run.runs[event.config][event.replicate] = event;
  if (event.replicate === 0) renderExports();
  renderCards();
}

function setStatus(status) {
  const node = $('#status');
  node.dataset.state = status;
  // The state's own word is its key ("done", "running", …): tests read it in English.
  node.textContent = t(status);
}

// ---------------------------------------------------------------- playback

function speed() {
  const value = $('#speed').value;
  return value === 'all' ? Infinity : Number(value);
}

// Draws up to `days` more buffered days of each config; true when something new is drawn.
function advance(run, days) {
  let moved = false;
  run.configs.forEach((config, c) => {
    const target = Math.min(run.days[c].length, run.shown[c] + days);
    for (let i = run.shown[c]; i < target; i++) {
      const day = run.days[c][i];
      for (const column of run.columns) {
        const points = run.points[c][column];
        points.push([day.day, day.values[run.index.get(column)]]);
        run.smoothed[c][column].push([day.day, trailingMean(points)]);
      }
    }
    moved = moved || target > run.shown[c];
    run.shown[c] = target;
  });
  return moved;
}

// The mean of the last SMOOTH_DAYS values drawn (fewer at the start), missing days left out.
function trailingMean(points) {
  let sum = 0;
  let n = 0;
  for (let i = Math.max(0, points.length - SMOOTH_DAYS); i < points.length; i++) {
    const v = points[i][1];
    if (typeof v === 'number') { sum += v; n++; }
  }
  return n ? sum / n : null;
}

// The map shown follows playback: the newest map of a day already drawn.
function syncMaps(run) {
  let changed = false;
  run.configs.forEach((config, c) => {
    const drawn = run.shown[c] ? run.days[c][run.shown[c] - 1].day : -1;
    while (run.maps[c].length && run.maps[c][0].day <= drawn) {
      run.mapShown[c] = run.maps[c].shift();
      changed = true;
    }
  });
  if (changed) renderMaps();
}

function playback(now) {
  requestAnimationFrame(playback);
  const run = state.run;
  if (!run) return;
  if (!state.paused && advance(run, speed())) drawFrame();
  updateSmallCharts(now);
  syncMaps(run);
}

// At speed "all" the next frame would draw what is left anyway: drawing it at once (on "done",
// on choosing "all") means the page never shows a chart a frame short of what it says.
function catchUp() {
  const run = state.run;
  if (!run) return;
  if (speed() === Infinity && !state.paused && advance(run, Infinity)) drawFrame();
  syncMaps(run);
  renderProgress();
}

function step() {
  setPaused(true);
  if (state.run && advance(state.run, speed())) drawFrame();
}

function drawFrame() {
  updateChartData();
  state.smallStale = true;
  renderProgress();
}

function setPaused(paused) {
  state.paused = paused;
  renderPause();
}

function renderPause() {
  const button = $('#pause');
  button.textContent = state.paused ? t('play') : t('pause');
  button.setAttribute('aria-pressed', String(state.paused));
}

// Burn-in bars while a config is still warming up, then the day drawn.
function renderProgress() {
  const run = state.run;
  const box = $('#burnin');
  const warming = run ? run.configs.map((config, c) => (run.days[c].length ? null : run.burnin[c])) : [];
  box.hidden = !warming.some(Boolean);
  box.replaceChildren(...warming.map((b, c) => b && el('span', {class: 'burnin-item'},
    run.configs.length > 1 ? el('span', {class: `config-tag tag-${c ? 'b' : 'a'}`}, run.configs[c].label) : null,
    el('progress', {max: b.ticks, value: b.tick}),
    `${t('burn_in')} ${b.tick}/${b.ticks}`)));
  const drawn = run ? Math.max(...run.shown) : 0;
  $('#day').textContent = run && drawn ? t('day_of', {day: drawn, days: Math.max(...run.configs.map((c) => c.days))}) : '';
}

// ---------------------------------------------------------------- charts

function buildChartTabs() {
  $('#chart-tabs').replaceChildren(...state.meta.charts.map((chart, i) => {
    const tab = el('button', {type: 'button', role: 'tab', 'data-chart': chart.id}, chart.title);
    tab.addEventListener('click', () => selectChart(i));
    return tab;
  }));
}

function buildCharts() {
  disposeCharts();
  state.charts.main = createChart($('#chart-main'));
  state.charts.diff = createChart($('#chart-diff'));
  const small = $('#charts-small');
  small.replaceChildren();
  state.charts.small = state.meta.charts.map((chart, i) => {
    // The caption is HTML, not a chart title, so a long title ends in "…" instead of overflowing.
    const box = el('div', {class: 'chart'});
    const figure = el('figure', {class: 'chart-small', 'data-chart': chart.id, role: 'button', tabindex: '0', title: chart.title},
      el('figcaption', {}, chart.title), box);
    figure.addEventListener('click', () => selectChart(i));
    figure.addEventListener('keydown', (e) => { if (e.key === 'Enter') selectChart(i); });
    small.append(figure);
    return createChart(box);
  });
  state.chart = Math.min(state.chart, state.meta.charts.length - 1);
  renderCharts();
}

// One observer for every chart: a chart follows its box (layout, presenter view, A/B); the
// main chart's legend may wrap differently, and the difference chart's title was laid out
// for its width (none while hidden), so their options are laid out again.
const resizer = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const chart = echarts.getInstanceByDom(entry.target);
    if (chart) chart.resize();
    if (chart && (chart === state.charts.main || chart === state.charts.diff)) renderMainCharts();
  }
});

function createChart(node) {
  resizer.observe(node);
  return echarts.init(node, null, {renderer: 'canvas'});
}

function disposeCharts() {
  const {main, diff, small} = state.charts;
  for (const chart of [main, diff, ...small]) {
    if (!chart) continue;
    resizer.unobserve(chart.getDom());
    chart.dispose();
  }
}

function selectChart(i) {
  state.chart = i;
  state.mapSlide = false;
  renderCharts();
}

// Presenter slides: every chart, then the map; ←/→ wrap around.
function nextSlide(delta) {
  const count = state.meta.charts.length;
  if (!state.presenter) return selectChart((state.chart + delta + count) % count);
  const position = ((state.mapSlide ? count : state.chart) + delta + count + 1) % (count + 1);
  state.mapSlide = position === count;
  if (!state.mapSlide) state.chart = position;
  renderCharts();
}

function renderSlide() {
  const id = state.meta.charts[state.chart].id;
  document.body.classList.toggle('map-slide', state.presenter && state.mapSlide);
  $('#chart-main').dataset.chart = id;
  for (const tab of $('#chart-tabs').children) tab.setAttribute('aria-selected', String(tab.dataset.chart === id));
  state.charts.small.forEach((chart, i) => chart.getDom().parentElement.classList.toggle('selected', i === state.chart));
}

// Sizes of chart text: base, and large for the back of the room. The presenter view is laid
// out for 1080 lines and scales with the screen's height (app.css does the same with --u),
// so 1280 × 720 shows the same picture as 1920 × 1080.
function sizes(kind) {
  if (kind === 'small') return {title: 18, sub: 16, axis: 16, legend: 16, line: 2};
  if (!state.presenter) return {title: 24, sub: 18, axis: 18, legend: 18, line: 3};
  const u = window.innerHeight / 1080;
  return {title: Math.round(48 * u), sub: Math.round(30 * u), axis: Math.round(30 * u), legend: Math.round(30 * u), line: 4 * u};
}

// The configs to draw: the running ones, or a lone A before any run.
function shownConfigs() {
  return state.run ? state.run.configs : [{label: 'A'}];
}

function lastDay() {
  const days = state.run ? Math.max(...state.run.configs.map((c) => c.days)) : (state.scenario && state.scenario.days);
  return days ? days - 1 : null;
}

// One line per series and config: series keep their colour, A solid and B dashed; a chart of
// one series shows A blue and B orange instead.
function lineSeries(chart, kind) {
  const configs = shownConfigs();
  const multi = chart.series.length > 1;
  const size = sizes(kind);
  return configs.flatMap((config, c) => chart.series.map((s, i) => {
    const color = multi ? PALETTE[i % PALETTE.length] : CONFIG_COLORS[c];
    return {
      type: 'line', symbol: 'none', animation: false,
      name: multi ? s.label : (configs.length > 1 ? config.label : s.label),
      color,
      lineStyle: {width: size.line, type: c === 0 ? 'solid' : 'dashed', color},
      data: pointsOf(c, s.column),
    };
  }));
}

function pointsOf(config, column) {
  const run = state.run;
  const drawn = run && (state.smooth ? run.smoothed : run.points)[config];
  return (drawn && drawn[column]) || [];
}

// B − A day by day, over the days both have drawn.
function diffSeries(chart) {
  const multi = chart.series.length > 1;
  const size = sizes('main');
  return chart.series.map((s, i) => {
    const a = pointsOf(0, s.column);
    const b = pointsOf(1, s.column);
    const n = Math.min(a.length, b.length);
    const data = new Array(n);
    for (let k = 0; k < n; k++) data[k] = [a[k][0], b[k][1] - a[k][1]];
    const color = multi ? PALETTE[i % PALETTE.length] : DIFF_COLOR;
    return {
      type: 'line', symbol: 'none', animation: false, name: s.label, color,
      lineStyle: {width: size.line, color}, data,
      markLine: i === 0 ? {silent: true, symbol: 'none', label: {show: false}, lineStyle: {color: '#555', type: 'solid', width: 1.5}, data: [{yAxis: 0}]} : undefined,
    };
  });
}

function axisStyle(size) {
  return {
    axisLabel: {fontSize: size.axis, fontFamily: FONT, color: '#222', hideOverlap: true},
    axisLine: {lineStyle: {color: '#444'}},
    splitLine: {lineStyle: {color: '#e3e3e3'}},
    nameTextStyle: {fontSize: size.axis, fontFamily: FONT, color: '#222'},
  };
}

// A full ECharts option: chart `kind` main, diff or small, for a chart `width` px wide. The
// diff chart sits under the main one and shares its colours, so it goes without legend, unit
// or axis name.
function chartOption(chart, kind, width) {
  const size = sizes(kind);
  const full = kind === 'main';
  const ab = shownConfigs().length > 1;
  const series = kind === 'diff' ? diffSeries(chart) : lineSeries(chart, kind);
  const title = {main: chart.title, diff: t('diff_title', {title: chart.title}), small: ''}[kind];
  const titleSize = kind === 'diff' ? size.sub : size.title;
  const titleLines = title ? textLines(title, `bold ${titleSize}px ${FONT}`, width - 24) : 0;
  const legendNames = full && (chart.series.length > 1 || ab) ? [...new Set(series.map((s) => s.name))] : [];
  const legendHeight = legendNames.length ? legendRows(legendNames, size.legend, width) * (size.legend * 1.3 + LEGEND_GAP) : 0;
  const subtext = full ? [chart.unit, state.smooth ? t('smooth') : '', ab ? t('ab_key') : ''].filter(Boolean).join(' · ') : '';
  const top = kind === 'small' ? 12 : titleLines * titleSize * 1.2 + (subtext ? size.sub + 20 : 0) + 20;
  // containLabel keeps the tick labels inside the grid; below them: the axis name, the legend.
  const bottom = full ? legendHeight + size.axis + 16 : 8;
  return {
    animation: false,
    textStyle: {fontFamily: FONT},
    color: PALETTE,
    title: {
      text: title, subtext, left: 8, top: 4, itemGap: 10,
      textStyle: {fontSize: titleSize, fontFamily: FONT, color: '#111', fontWeight: 'bold', width: width - 24, overflow: 'break', lineHeight: Math.round(titleSize * 1.2)},
      subtextStyle: {fontSize: size.sub, fontFamily: FONT, color: '#444'},
    },
    legend: {show: legendNames.length > 0, data: legendNames, bottom: 4, left: 'center', padding: [0, 8],
      icon: 'rect', itemWidth: LEGEND_ICON, itemHeight: Math.max(4, size.line * 1.5), itemGap: LEGEND_GAP,
      textStyle: {fontSize: size.legend, fontFamily: FONT, color: '#222'}},
    tooltip: kind === 'small' ? {show: false} : {trigger: 'axis', textStyle: {fontSize: size.axis, fontFamily: FONT},
      valueFormatter: (v) => formatValue(v)},
    grid: {left: 12, right: 28, top, bottom, containLabel: true},
    xAxis: {
      type: 'value', min: 0, max: lastDay(), splitNumber: kind === 'small' ? 3 : 6,
      name: full ? t('day') : '', nameLocation: 'middle', nameGap: size.axis + 14,
      ...axisStyle(size),
      // The last day (729) is no round number: its label would crowd the last round one.
      axisLabel: {...axisStyle(size).axisLabel, showMaxLabel: false},
    },
    yAxis: {
      type: 'value', scale: kind === 'diff', splitNumber: full ? 5 : 3,
      ...axisStyle(size),
      axisLabel: {...axisStyle(size).axisLabel, formatter: (v) => formatValue(v)},
    },
    series,
  };
}

const measurer = document.createElement('canvas').getContext('2d');

// Lines a title wraps to at this width (ECharts breaks it; the grid must leave it room).
function textLines(text, font, width) {
  measurer.font = font;
  let lines = 1;
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && measurer.measureText(next).width > width) { lines++; line = word; } else line = next;
  }
  return lines;
}

// Lines the legend wraps to at this width, so the grid leaves it room (ECharts does not).
function legendRows(names, fontSize, width) {
  measurer.font = `${fontSize}px ${FONT}`;
  const room = width - 16;
  let rows = 1;
  let x = 0;
  for (const name of names) {
    const item = LEGEND_ICON + 5 + measurer.measureText(name).width;
    if (x > 0 && x + item > room) { rows++; x = 0; }
    x += item + LEGEND_GAP;
  }
  return rows;
}

// Full options: after a start, a chart switch, a language, presenter or size change.
function renderCharts() {
  if (!state.meta || !state.charts.main) return;
  renderMainCharts();
  state.charts.small.forEach((c, i) => c.setOption(chartOption(state.meta.charts[i], 'small', c.getWidth()), true));
  renderSlide();
}

function renderMainCharts() {
  const chart = state.meta.charts[state.chart];
  const {main, diff} = state.charts;
  main.setOption(chartOption(chart, 'main', main.getWidth()), true);
  diff.setOption(chartOption(chart, 'diff', diff.getWidth()), true);
}

// Each frame only the data moves: series merged by position, axes and styles kept.
function updateChartData() {
  const chart = state.meta.charts[state.chart];
  state.charts.main.setOption(seriesData(lineSeries(chart, 'main')));
  if (state.run.configs.length > 1) state.charts.diff.setOption(seriesData(diffSeries(chart)));
}

function seriesData(series) {
  return {series: series.map((s) => ({data: s.data}))};
}

// The small multiples follow a few times a second, which looks the same and leaves the frames
// to the chart the room is watching.
function updateSmallCharts(now) {
  if (!state.smallStale || now - state.smallDrawn < SMALL_EVERY_MS) return;
  state.smallDrawn = now;
  state.smallStale = false;
  state.charts.small.forEach((c, i) => c.setOption(seriesData(lineSeries(state.meta.charts[i], 'small'))));
}

// ---------------------------------------------------------------- crime maps

function mapCanvases() {
  return [$('#map-a'), $('#map-b')];
}

// One canvas pixel per cell, scaled up by CSS without smoothing.
function sizeMaps() {
  const configs = state.run.configs;
  mapCanvases().forEach((canvas, c) => {
    const config = configs[c] || configs[0];
    canvas.width = config.width;
    canvas.height = config.height;
    canvas.style.aspectRatio = `${config.width} / ${config.height}`;
    canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
  });
  renderMaps();
}

// A and B share one scale so the same colour means the same count; square-root so that the
// few hot cells do not wash out the rest.
function renderMaps() {
  const run = state.run;
  const shown = run ? run.mapShown : [];
  let max = 0;
  for (const map of shown) if (map) for (const v of map.values) if (v > max) max = v;
  shown.forEach((map, c) => { if (map) paintMap(mapCanvases()[c], map.values, max); });
  const day = shown.find(Boolean);
  $('#map-day').textContent = day ? `· ${t('day')} ${day.day + 1}` : '';
  $('#map-max').textContent = day ? formatValue(max) : '';
}

function paintMap(canvas, values, max) {
  const context = canvas.getContext('2d');
  const image = context.createImageData(canvas.width, canvas.height);
  for (let i = 0; i < values.length && i * 4 < image.data.length; i++) {
    const [r, g, b] = rampColor(max > 0 ? Math.sqrt(values[i] / max) : 0);
    image.data.set([r, g, b, 255], i * 4);
  }
  context.putImageData(image, 0, 0);
}

function rampColor(x) {
  const position = Math.min(1, Math.max(0, x)) * (MAP_RAMP.length - 1);
  const i = Math.min(MAP_RAMP.length - 2, Math.floor(position));
  const f = position - i;
  return MAP_RAMP[i].map((v, k) => Math.round(v + (MAP_RAMP[i + 1][k] - v) * f));
}

// ---------------------------------------------------------------- headline cards

function buildCards() {
  $('#cards').replaceChildren(...state.meta.cards.map((card) => el('article', {class: 'card', 'data-indicator': card.indicator},
    el('h3', {class: 'card-label', title: card.label}, card.label),
    el('div', {class: 'card-unit', title: card.unit}, card.unit),
    el('div', {class: 'card-configs'}, ...[0, 1].map((c) => el('div', {class: `card-row config-${c}`},
      el('span', {class: `config-tag tag-${c ? 'b' : 'a'}`}, c ? 'B' : 'A'),
      el('span', {class: 'card-value', 'data-indicator': card.indicator, 'data-config': String(c), 'data-value': ''}, '—'),
      el('span', {class: 'card-ci'})))),
    el('div', {class: 'card-row card-diff'},
      el('span', {class: 'config-tag tag-diff'}, t('diff')),
      el('span', {class: 'card-diff-main'},
        el('span', {class: 'card-diff-value', 'data-indicator': card.indicator, 'data-diff': ''}, '—'), ' ', el('span', {class: 'card-verdict'})),
      el('span', {class: 'card-ci'})),
    el('div', {class: 'card-n'}))));
  balanceCards();
  renderCards();
}

// Cards in even rows (8 cards: 4 + 4, not 6 + 2): as many columns of at least 170 px as fit,
// then evened out. The presenter view stacks up to four cards in its side column, two abreast
// beyond.
function balanceCards() {
  const box = $('#cards');
  const count = box.children.length;
  if (!count) return;
  const gap = parseFloat(getComputedStyle(box).columnGap) || 0;
  const fit = state.presenter ? (count <= 4 ? 1 : 2) : Math.max(1, Math.floor((box.clientWidth + gap) / (170 + gap)));
  box.style.setProperty('--cols', String(Math.ceil(count / Math.ceil(count / fit))));
}

// Cards from the latest summary, or from replicate 0 before any summary.
function renderCards() {
  const run = state.run;
  const summaries = new Map(((run && run.summary && run.summary.cards) || []).map((s) => [s.indicator, s]));
  const count = replicateCount(run);
  for (const card of state.meta.cards) {
    const node = $(`#cards .card[data-indicator="${CSS.escape(card.indicator)}"]`);
    const summary = summaries.get(card.indicator);
    const first = (c) => run && run.runs[c] && run.runs[c][0] && run.runs[c][0].indicators[card.indicator];
    [0, 1].forEach((c) => renderCardRow(node.querySelector(`.config-${c}`), card, first(c), summary && summary[c ? 'b' : 'a'], run));
    const a0 = first(0);
    const b0 = first(1);
    const diff = summary ? summary.diff : (typeof a0 === 'number' && typeof b0 === 'number' ? {mean: b0 - a0} : null);
    renderDiffRow(node, card, diff, summary);
    node.querySelector('.card-n').textContent = count;
  }
  $('#replicate-count').textContent = count;
}

// "3 of 10 replicates": the summary's n, or the replicates finished before the first summary.
function replicateCount(run) {
  if (!run) return '';
  const n = run.summary ? run.summary.n : run.runs[0].filter(Boolean).length;
  return t('replicates_so_far', {n, total: run.replicates});
}

function renderCardRow(row, card, first, stats, run) {
  const value = row.querySelector('.card-value');
  // data-value stays replicate 0's exact value whatever the text shows (tests compare it).
  value.dataset.value = typeof first === 'number' ? String(first) : '';
  const mean = stats ? stats.mean : first;
  const digits = intervalDigits(stats, card.kind);
  value.textContent = run ? formatValue(mean, card.kind, {digits}) : '—';
  renderInterval(row.querySelector('.card-ci'), stats, card.kind, {digits});
}

// "95% CI lo – hi", once there are two replicates to have an interval.
function renderInterval(node, stats, kind, options) {
  if (!hasInterval(stats)) return node.replaceChildren();
  const bound = (v) => formatValue(v, kind, options);
  node.replaceChildren(el('span', {class: 'ci-label'}, t('ci95')), ` ${bound(stats.lo)} – ${bound(stats.hi)}`);
}

// B − A with ✓/✗ once its interval excludes 0, judged by the card's better direction.
function renderDiffRow(node, card, diff, summary) {
  const options = {signed: true, diff: true};
  const digits = intervalDigits(diff, card.kind, options);
  const value = node.querySelector('.card-diff-value');
  value.dataset.diff = diff && typeof diff.mean === 'number' ? String(diff.mean) : '';
  value.textContent = diff ? formatValue(diff.mean, card.kind, {...options, digits}) : '—';
  renderInterval(node.querySelector('.card-diff .card-ci'), diff, card.kind, {...options, digits});
  const verdict = verdictOf(card, summary ? diff : null);
  const mark = node.querySelector('.card-verdict');
  mark.textContent = verdict ? (verdict === 'better' ? '✓' : '✗') : '';
  mark.title = verdict ? t(verdict) : '';
  node.dataset.verdict = verdict || '';
}

function verdictOf(card, diff) {
  if (!hasInterval(diff) || !(diff.lo > 0 || diff.hi < 0)) return null;
  if (card.better !== 'lower' && card.better !== 'higher') return null;
  const up = diff.mean > 0;
  return up === (card.better === 'higher') ? 'better' : 'worse';
}

// ---------------------------------------------------------------- exports

function renderExports() {
  const run = state.run;
  const id = (c) => run && run.runs[c] && run.runs[c][0] && run.runs[c][0].id;
  for (const [c, suffix] of [[0, ''], [1, '-b']]) {
    $(`#export-csv${suffix}`).disabled = !id(c);
    $(`#export-parquet${suffix}`).disabled = !id(c);
  }
}

function exportedChartName(extension) {
  return `${fileStem()}-${state.meta.charts[state.chart].id}.${extension}`;
}

async function exportPng() {
  const url = state.charts.main.getDataURL({type: 'png', pixelRatio: 2, backgroundColor: '#fff'});
  download(exportedChartName('png'), await (await fetch(url)).blob());
}

// The same option rendered server-side style into an SVG string (no DOM, exact vectors).
function exportSvg() {
  const main = state.charts.main;
  const svgChart = echarts.init(null, null, {renderer: 'svg', ssr: true, width: main.getWidth(), height: main.getHeight()});
  svgChart.setOption({...chartOption(state.meta.charts[state.chart], 'main', main.getWidth()), backgroundColor: '#fff'});
  const svg = svgChart.renderToSVGString();
  svgChart.dispose();
  download(exportedChartName('svg'), svg, 'image/svg+xml');
}

async function exportYaml(config) {
  try {
    const response = await api('/api/export/yaml', {method: 'POST', body: {config: configOf(config), seed: seedOf()}});
    download(`${fileStem()}-${config ? 'B' : 'A'}.yaml`, await response.text(), 'text/yaml');
  } catch (error) {
    showError(error);
  }
}

async function exportTicks(config, format) {
  const first = state.run && state.run.runs[config][0];
  if (!first) return;
  try {
    const response = await api(`/api/export/${encodeURIComponent(first.id)}/ticks.${format}`);
    download(`${fileStem()}-${config ? 'B' : 'A'}-ticks.${format}`, await response.blob());
  } catch (error) {
    showError(error);
  }
}

// ---------------------------------------------------------------- presenter view and keys

function setPresenter(on) {
  state.presenter = on;
  document.body.classList.toggle('presenter', on);
  if (!on) state.mapSlide = false;
  const root = document.documentElement;
  // Full screen where the browser allows it; the view works the same without.
  if (on && !document.fullscreenElement && root.requestFullscreen) root.requestFullscreen().catch(() => {});
  if (!on && document.fullscreenElement) document.exitFullscreen().catch(() => {});
  balanceCards();
  renderCharts();
}

function toggleHelp(show = $('#help').hidden) {
  $('#help').hidden = !show;
  if (show) $('#help-close').focus();
}

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === 'Escape') {
    if (!$('#help').hidden) toggleHelp(false);
    else if (state.presenter) setPresenter(false);
    return;
  }
  // Keys typed into a field belong to the field.
  if (event.target.closest('input, textarea, select, [contenteditable]')) return;
  const actions = {
    p: () => setPresenter(!state.presenter),
    ArrowRight: () => nextSlide(1), PageDown: () => nextSlide(1),
    ArrowLeft: () => nextSlide(-1), PageUp: () => nextSlide(-1),
    ' ': () => setPaused(!state.paused),
    r: startRun,
    a: () => setAB(!state.ab),
    '?': () => toggleHelp(),
  };
  const action = actions[event.key.length === 1 ? event.key.toLowerCase() : event.key];
  if (!action) return;
  // Space would also press a focused button, and the arrows would scroll.
  event.preventDefault();
  action();
}

// ---------------------------------------------------------------- wiring and start

function renderAll() {
  renderCharts();
  renderCards();
  renderMaps();
  renderExports();
  renderProgress();
}

function wire() {
  new ResizeObserver(balanceCards).observe($('#cards'));
  // Presenter sizes follow the screen's height: re-lay the charts' text when it changes.
  window.addEventListener('resize', () => { if (state.presenter) renderCharts(); });
  $('#lang').addEventListener('change', (e) => switchLanguage(e.target.value));
  $('#scenario').addEventListener('change', (e) => { if (e.target.value !== YAML_OPTION) loadScenario(e.target.value); });
  $('#ab').addEventListener('change', (e) => setAB(e.target.checked));
  $('#run').addEventListener('click', startRun);
  $('#pause').addEventListener('click', () => setPaused(!state.paused));
  $('#speed').addEventListener('change', catchUp);
  $('#smooth').addEventListener('change', (e) => { state.smooth = e.target.checked; renderCharts(); });
  $('#step').addEventListener('click', step);
  $('#presenter').addEventListener('click', () => setPresenter(!state.presenter));
  $('#help-open').addEventListener('click', () => toggleHelp(true));
  $('#help-close').addEventListener('click', () => toggleHelp(false));
  $('#help').addEventListener('click', (e) => { if (e.target === e.currentTarget) toggleHelp(false); });
  $('#message-close').addEventListener('click', hideMessage);
  $('#yaml-load').addEventListener('click', () => loadYaml($('#yaml').value));
  $('#yaml-file').addEventListener('change', onYamlFile);
  $('#export-png').addEventListener('click', exportPng);
  $('#export-svg').addEventListener('click', exportSvg);
  $('#export-yaml').addEventListener('click', () => exportYaml(0));
  $('#export-yaml-b').addEventListener('click', () => exportYaml(1));
  $('#export-csv').addEventListener('click', () => exportTicks(0, 'csv'));
  $('#export-csv-b').addEventListener('click', () => exportTicks(1, 'csv'));
  $('#export-parquet').addEventListener('click', () => exportTicks(0, 'parquet'));
  $('#export-parquet-b').addEventListener('click', () => exportTicks(1, 'parquet'));
  document.addEventListener('keydown', onKey);
  // Leaving full screen with the browser's own Esc leaves the presenter view too.
  document.addEventListener('fullscreenchange', () => { if (!document.fullscreenElement && state.presenter) setPresenter(false); });
}

async function onYamlFile(event) {
  const file = event.target.files[0];
  if (!file) return;
  $('#yaml').value = await file.text();
  event.target.value = '';
  loadYaml($('#yaml').value);
}

async function init() {
  wire();
  // Canvas text is drawn once: wait for the bundled font so charts never show a fallback.
  await document.fonts.load(`16px ${FONT}`).catch(() => {});
  try {
    await loadMeta(state.lang);
    const listed = state.meta.scenarios.filter((s) => s.model === 'diy_policing').map((s) => s.name);
    const wanted = query.get('scenario');
    const first = listed.includes(wanted) ? wanted : (listed.includes('baseline') ? 'baseline' : listed[0]);
    if (first) await loadScenario(first);
  } catch (error) {
    showError(error);
  }
  requestAnimationFrame(playback);
}

init();
