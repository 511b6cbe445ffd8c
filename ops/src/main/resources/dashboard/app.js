// The Belay dashboard: polls /api/topology, follows /api/events/stream, draws its own charts.
// Plain browser JavaScript, no build step and nothing fetched from elsewhere.
'use strict';

(function () {
  const POLL_MS = 1000;
  const WINDOW_MS = 120000;          // the charts show the last two minutes
  const MAX_SAMPLES = 240;           // per series; more than the window holds at one per second
  const MAX_EVENTS = 100;
  const STREAM_RETRY_MS = 3000;
  const TOKEN_KEY = 'belay.adminToken';

  const panels = new Map();          // group name -> GroupPanel
  const events = [];                 // newest first
  const eventKeys = new Set();
  let token = sessionStorage.getItem(TOKEN_KEY) || '';
  let streamAbort = null;
  let pollTimer = null;

  // ---- HTTP ---------------------------------------------------------------------------

  function headers(extra) {
    const result = Object.assign({ Accept: 'application/json' }, extra || {});
    if (token) {
      result.Authorization = 'Bearer ' + token;
    }
    return result;
  }

  async function api(method, path, body) {
    const response = await fetch(path, {
      method: method,
      headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    let data = null;
    try {
      data = await response.json();
    } catch (ignored) {
      // an empty or non-JSON body; the status says enough
    }
    if (response.status === 401) {
      showTokenForm(data && data.error);
    }
    if (!response.ok) {
      const error = new Error((data && data.error) || ('HTTP ' + response.status));
      error.status = response.status;
      throw error;
    }
    return data;
  }

  // ---- DOM helpers --------------------------------------------------------------------

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(function ([name, value]) {
      if (value === undefined || value === null) {
        return;
      }
      if (name === 'text') {
        node.textContent = value;
      } else if (name === 'class') {
        node.className = value;
      } else {
        node.setAttribute(name, value);
      }
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  function setStatus(state, text) {
    const status = document.getElementById('connection-status');
    status.dataset.state = state;
    status.textContent = text;
  }

  function clock(date) {
    return date.toLocaleTimeString([], { hour12: false });
  }

  function formatBytes(bytes) {
    if (bytes === null || bytes === undefined) {
      return '–';
    }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (unit === 0 ? String(Math.round(value)) : value.toFixed(value < 10 ? 1 : 0))
      + ' ' + units[unit];
  }

  function formatNumber(value) {
    if (value >= 1e6) {
      return (value / 1e6).toFixed(value < 1e7 ? 1 : 0) + 'M';
    }
    if (value >= 1e4) {
      return (value / 1e3).toFixed(value < 1e5 ? 1 : 0) + 'k';
    }
    return String(Math.round(value));
  }

  function formatSeconds(seconds) {
    if (seconds === null || seconds === undefined) {
      return '–';
    }
    return seconds < 10 ? seconds.toFixed(1) + ' s' : Math.round(seconds) + ' s';
  }

  function capitalized(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  // ---- Charts -------------------------------------------------------------------------

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  // Rounds a maximum up to 1, 2 or 5 times a power of ten, so the axis reads easily.
  function niceCeiling(value) {
    if (value <= 0) {
      return 1;
    }
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    const steps = [1, 2, 5, 10];
    for (let i = 0; i < steps.length; i++) {
      if (value <= steps[i] * power) {
        return steps[i] * power;
      }
    }
    return 10 * power;
  }

  function drawChart(canvas, series, format) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0 || height === 0) {
      return;
    }
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);

    const left = 56;
    const right = 10;
    const top = 10;
    const bottom = 24;
    const plotWidth = width - left - right;
    const plotHeight = height - top - bottom;
    const now = Date.now();
    const start = now - WINDOW_MS;
    let max = 0;
    series.forEach(function (line) {
      line.points.forEach(function (point) {
        if (point.t >= start) {
          max = Math.max(max, point.v);
        }
      });
    });
    const ceiling = niceCeiling(max);
    const muted = cssVar('--muted');
    g.font = '11px system-ui, sans-serif';
    g.lineWidth = 1;

    // Grid and y labels at 0, half and the top.
    [0, 0.5, 1].forEach(function (fraction) {
      const y = top + plotHeight - fraction * plotHeight;
      g.strokeStyle = cssVar('--grid');
      g.beginPath();
      g.moveTo(left, Math.round(y) + 0.5);
      g.lineTo(left + plotWidth, Math.round(y) + 0.5);
      g.stroke();
      g.fillStyle = muted;
      g.textAlign = 'right';
      g.textBaseline = 'middle';
      g.fillText(format(ceiling * fraction), left - 8, y);
    });
    // x labels: the window's start, its middle and now.
    g.textBaseline = 'top';
    [[0, '−2 min', 'left'], [0.5, '−1 min', 'center'], [1, 'now', 'right']].forEach(function (tick) {
      g.textAlign = tick[2];
      g.fillText(tick[1], left + tick[0] * plotWidth, top + plotHeight + 6);
    });

    let drawn = 0;
    series.forEach(function (line) {
      const visible = line.points.filter(function (point) {
        return point.t >= start;
      });
      if (visible.length === 0) {
        return;
      }
      g.strokeStyle = line.color;
      g.lineWidth = 2;
      g.lineJoin = 'round';
      g.beginPath();
      visible.forEach(function (point, index) {
        const x = left + ((point.t - start) / WINDOW_MS) * plotWidth;
        const y = top + plotHeight - (point.v / ceiling) * plotHeight;
        if (index === 0) {
          g.moveTo(x, y);
        } else {
          g.lineTo(x, y);
        }
      });
      if (visible.length === 1) {
        // A single sample is a dot, so the chart shows something from the first poll on.
        const only = visible[0];
        g.arc(left + ((only.t - start) / WINDOW_MS) * plotWidth,
          top + plotHeight - (only.v / ceiling) * plotHeight, 1.5, 0, 2 * Math.PI);
      }
      g.stroke();
      drawn++;
    });
    if (drawn === 0) {
      g.fillStyle = muted;
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      g.font = '13px system-ui, sans-serif';
      g.fillText('Waiting for data…', left + plotWidth / 2, top + plotHeight / 2);
    }
  }

  function pushSample(points, t, v) {
    points.push({ t: t, v: v });
    while (points.length > MAX_SAMPLES || (points.length > 0 && points[0].t < t - WINDOW_MS)) {
      points.shift();
    }
  }

  // ---- One group ----------------------------------------------------------------------

  function GroupPanel(name) {
    this.name = name;
    this.commands = [];
    this.lag = new Map();            // replica address -> points
    this.lastTotal = null;
    this.lastTime = null;
    this.build();
  }

  GroupPanel.prototype.build = function () {
    const name = this.name;
    this.epoch = el('strong', { id: 'epoch-' + name, 'data-testid': 'epoch', text: '–' });
    this.leader = el('strong', { id: 'leader-' + name, 'data-testid': 'leader', text: '–' });
    this.master = el('strong', { id: 'master-' + name, 'data-testid': 'master-address', text: '–' });
    this.settings = el('dl', { class: 'settings', 'data-testid': 'settings' });
    this.button = el('button', {
      type: 'button', class: 'button', id: 'switchover-' + name, 'data-testid': 'switchover',
      'data-group': name, text: 'Planned switchover',
      'aria-describedby': 'switchover-result-' + name,
    });
    this.result = el('p', {
      id: 'switchover-result-' + name, class: 'result', 'data-testid': 'switchover-result',
      role: 'status', 'aria-live': 'polite',
    });
    this.backends = el('div', { class: 'backends', 'data-testid': 'backends' });
    this.commandsCanvas = el('canvas', {
      id: 'chart-commands-' + name, 'data-testid': 'chart-commands', role: 'img',
      'aria-label': 'Commands per second for ' + name + ': no data yet',
    });
    this.commandsNow = el('span', { class: 'chart-now', id: 'commands-now-' + name });
    this.lagCanvas = el('canvas', {
      id: 'chart-lag-' + name, 'data-testid': 'chart-lag', role: 'img',
      'aria-label': 'Replication lag for ' + name + ': no data yet',
    });
    this.lagNow = el('span', { class: 'chart-now', id: 'lag-now-' + name });
    this.legend = el('ul', { class: 'legend', 'aria-hidden': 'true' });

    const titleId = 'group-title-' + name;
    this.root = el('section', {
      class: 'group', 'data-testid': 'group', 'data-group': name, 'aria-labelledby': titleId,
    }, [
      el('div', { class: 'group-header' }, [
        el('div', {}, [
          el('h2', { class: 'group-title', id: titleId, text: name }),
          el('p', { class: 'group-meta' }, [
            el('span', {}, ['Epoch ', this.epoch]),
            el('span', {}, ['Leader ', this.leader]),
            el('span', {}, ['Master ', this.master]),
          ]),
          this.settings,
        ]),
        el('div', { class: 'switchover' }, [this.button, this.result]),
      ]),
      this.backends,
      el('div', { class: 'charts' }, [
        el('figure', { class: 'chart' }, [
          el('figcaption', {}, [el('span', { text: 'Commands per second' }), this.commandsNow]),
          this.commandsCanvas,
        ]),
        el('figure', { class: 'chart' }, [
          el('figcaption', {}, [el('span', { text: 'Replication lag' }), this.lagNow]),
          this.lagCanvas,
          this.legend,
        ]),
      ]),
    ]);
    this.button.addEventListener('click', this.switchover.bind(this));
  };

  GroupPanel.prototype.update = function (group, now) {
    this.epoch.textContent = String(group.epoch);
    this.leader.textContent = group.leader || 'none';
    this.master.textContent = group.master || 'none';
    this.root.dataset.epoch = String(group.epoch);
    this.root.dataset.master = group.master || '';

    const settings = group.settings;
    this.settings.replaceChildren.apply(this.settings, [
      ['Read policy', settings.readPolicy],
      ['Max replica lag', settings.maxReplicaLag],
      ['Consistency', settings.consistency],
      ['Durability', settings.durability],
    ].map(function (pair) {
      return el('div', {}, [el('dt', { text: pair[0] }), el('dd', { text: pair[1] })]);
    }));

    const ordered = group.backends.slice().sort(function (a, b) {
      return (a.role === 'master' ? 0 : 1) - (b.role === 'master' ? 0 : 1);
    });
    this.backends.replaceChildren.apply(this.backends, ordered.map(backendCard));
    this.sample(group, now);
  };

  GroupPanel.prototype.sample = function (group, now) {
    if (this.lastTotal !== null && group.commandsTotal >= this.lastTotal && now > this.lastTime) {
      const perSecond = (group.commandsTotal - this.lastTotal) * 1000 / (now - this.lastTime);
      pushSample(this.commands, now, perSecond);
      this.commandsNow.textContent = formatNumber(perSecond) + '/s';
      this.commandsCanvas.setAttribute('aria-label', 'Commands per second for ' + this.name
        + ': ' + formatNumber(perSecond) + ' now');
    }
    this.lastTotal = group.commandsTotal;
    this.lastTime = now;

    const lag = this.lag;
    const summary = [];
    group.backends.forEach(function (backend) {
      if (backend.role !== 'replica') {
        return;
      }
      if (!lag.has(backend.address)) {
        lag.set(backend.address, []);
      }
      pushSample(lag.get(backend.address), now, backend.lagBytes);
      summary.push(backend.address + ' ' + formatBytes(backend.lagBytes));
    });
    const worst = group.backends.filter(function (backend) {
      return backend.role === 'replica';
    }).reduce(function (most, backend) {
      return Math.max(most, backend.lagBytes);
    }, 0);
    this.lagNow.textContent = 'max ' + formatBytes(worst);
    this.lagCanvas.setAttribute('aria-label', 'Replication lag for ' + this.name + ': '
      + (summary.length ? summary.join(', ') : 'no replicas'));
  };

  GroupPanel.prototype.draw = function () {
    drawChart(this.commandsCanvas, [{ color: cssVar('--chart-1'), points: this.commands }],
      formatNumber);
    const lines = [];
    const legend = [];
    let index = 0;
    this.lag.forEach(function (points, address) {
      const color = cssVar('--chart-' + ((index % 5) + 1));
      index++;
      lines.push({ color: color, points: points });
      const swatch = el('span', { class: 'legend-swatch' });
      swatch.style.background = color;
      legend.push(el('li', {}, [swatch, address]));
    });
    this.legend.replaceChildren.apply(this.legend, legend);
    drawChart(this.lagCanvas, lines, formatBytes);
  };

  GroupPanel.prototype.switchover = async function () {
    const name = this.name;
    if (!window.confirm('Start a planned switchover of ' + name + '?\n\n'
        + 'Writes are held for a moment while the most up-to-date replica is promoted.')) {
      return;
    }
    this.button.disabled = true;
    this.button.setAttribute('aria-busy', 'true');
    this.result.className = 'result';
    this.result.textContent = 'Switching over…';
    try {
      const answer = await api('POST', '/api/groups/' + encodeURIComponent(name) + '/failover');
      this.result.classList.add('result--ok');
      this.result.textContent = 'Done: the new master is ' + answer.master;
    } catch (error) {
      this.result.classList.add('result--error');
      this.result.textContent = 'Switchover failed: ' + error.message;
    } finally {
      this.button.disabled = false;
      this.button.removeAttribute('aria-busy');
      pollSoon(0);
    }
  };

  function backendCard(backend) {
    const isMaster = backend.role === 'master';
    const stats = [
      ['Offset', String(backend.replicationOffset), 'offset'],
    ];
    if (isMaster) {
      stats.push(['Replicas', String(backend.connectedReplicas), 'connected-replicas']);
    } else {
      stats.push(['Lag', formatBytes(backend.lagBytes) + ' · ' + formatSeconds(backend.lagSeconds),
        'lag']);
    }
    stats.push(['Full resyncs', String(backend.fullResyncs), 'full-resyncs']);
    stats.push(['Partial resyncs', String(backend.partialResyncs), 'partial-resyncs']);

    return el('article', {
      class: 'card', 'data-testid': 'backend-card', 'data-role': backend.role,
      'data-state': backend.state, 'data-address': backend.address,
      'aria-label': backend.address + ', ' + backend.role + ', ' + backend.state,
    }, [
      el('div', { class: 'card-header' }, [
        el('h3', { class: 'card-address', text: backend.address }),
        el('span', { class: 'badge badge--' + backend.role, 'data-testid': 'role',
          text: capitalized(backend.role) }),
        el('span', { class: 'badge badge--' + backend.state, 'data-testid': 'state',
          text: backend.state.toUpperCase() }),
      ]),
      el('dl', { class: 'card-stats' }, stats.map(function (stat) {
        return el('div', {}, [
          el('dt', { text: stat[0] }),
          el('dd', { 'data-testid': stat[2], text: stat[1] }),
        ]);
      })),
    ]);
  }

  // ---- Topology polling ---------------------------------------------------------------

  function render(topology) {
    const container = document.getElementById('groups');
    const now = Date.now();
    const seen = new Set();
    topology.groups.forEach(function (group) {
      seen.add(group.name);
      let panel = panels.get(group.name);
      if (!panel) {
        panel = new GroupPanel(group.name);
        panels.set(group.name, panel);
      }
      panel.update(group, now);
      container.append(panel.root);   // keeps the order of the topology
    });
    panels.forEach(function (panel, name) {
      if (!seen.has(name)) {
        panel.root.remove();
        panels.delete(name);
      }
    });
    const empty = document.getElementById('groups-empty');
    empty.hidden = topology.groups.length > 0;
    empty.textContent = 'No groups are configured on this node.';
    panels.forEach(function (panel) {
      panel.draw();
    });
  }

  async function poll() {
    try {
      render(await api('GET', '/api/topology'));
      setStatus('live', 'Live · updated ' + clock(new Date()));
    } catch (error) {
      setStatus('error', error.status === 401 ? 'Admin token required'
        : 'Cannot reach this Belay node: ' + error.message + ' (retrying)');
    }
    pollSoon(POLL_MS);
  }

  function pollSoon(delay) {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, delay);
  }

  // ---- Events -------------------------------------------------------------------------

  function eventKey(event) {
    return [event.time, event.group, event.type, event.message].join('\u0000');
  }

  function eventTone(type) {
    if (type === '+switch-master' || type.indexOf('failover') >= 0) {
      return 'switch';
    }
    if (type.charAt(0) === '+' && /down|fail|tilt/.test(type)) {
      return 'bad';
    }
    if (type.charAt(0) === '-' && /down|tilt/.test(type)) {
      return 'good';
    }
    return 'neutral';
  }

  function addEvents(list) {
    let added = false;
    list.forEach(function (event) {
      const key = eventKey(event);
      if (!eventKeys.has(key)) {
        eventKeys.add(key);
        events.push(event);
        added = true;
      }
    });
    if (!added) {
      return;
    }
    events.sort(function (a, b) {
      return Date.parse(b.time) - Date.parse(a.time);
    });
    while (events.length > MAX_EVENTS) {
      eventKeys.delete(eventKey(events.pop()));
    }
    renderEvents();
  }

  function renderEvents() {
    const list = document.getElementById('events');
    document.getElementById('events-empty').hidden = events.length > 0;
    list.replaceChildren.apply(list, events.map(function (event) {
      const time = new Date(event.time);
      return el('li', { class: 'event', 'data-testid': 'event', 'data-type': event.type }, [
        el('time', { datetime: event.time, text: clock(time) }),
        el('span', { class: 'event-type event-type--' + eventTone(event.type), text: event.type }),
        el('span', { class: 'event-group', text: event.group || '—' }),
        el('span', { class: 'event-message', text: event.message }),
      ]);
    }));
  }

  function sleep(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  // Server-Sent Events read through fetch, because EventSource cannot send the token.
  async function followEvents() {
    for (;;) {
      streamAbort = new AbortController();
      try {
        addEvents(await api('GET', '/api/events'));
        const response = await fetch('/api/events/stream', {
          headers: headers({ Accept: 'text/event-stream' }),
          cache: 'no-store',
          signal: streamAbort.signal,
        });
        if (response.status === 401) {
          showTokenForm();
        }
        if (!response.ok || !response.body) {
          throw new Error('HTTP ' + response.status);
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) {
            break;
          }
          buffer += chunk.value.replace(/\r\n?/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            handleMessage(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (ignored) {
        // the stream ended or the node is away; reconnect below and reload what was missed
      }
      await sleep(STREAM_RETRY_MS);
    }
  }

  function handleMessage(block) {
    const data = block.split('\n').filter(function (line) {
      return line.indexOf('data:') === 0;
    }).map(function (line) {
      return line.slice(line.charAt(5) === ' ' ? 6 : 5);
    }).join('\n');
    if (data) {
      try {
        addEvents([JSON.parse(data)]);
      } catch (ignored) {
        // not an event this page understands
      }
    }
  }

  // ---- Admin token --------------------------------------------------------------------

  function showTokenForm(message) {
    const form = document.getElementById('token-form');
    document.getElementById('token-message').textContent = token
      ? 'The admin token was refused' + (message ? ' (' + message + ')' : '') + '. Enter it again.'
      : 'This node requires an admin token.';
    if (form.hidden) {
      form.hidden = false;
      document.getElementById('token-input').focus();
    }
  }

  function onTokenSubmit(submit) {
    submit.preventDefault();
    const input = document.getElementById('token-input');
    token = input.value.trim();
    input.value = '';
    sessionStorage.setItem(TOKEN_KEY, token);
    document.getElementById('token-form').hidden = true;
    if (streamAbort) {
      streamAbort.abort();
    }
    pollSoon(0);
  }

  document.getElementById('token-form').addEventListener('submit', onTokenSubmit);
  window.addEventListener('resize', function () {
    panels.forEach(function (panel) {
      panel.draw();
    });
  });
  poll();
  followEvents();
}());
