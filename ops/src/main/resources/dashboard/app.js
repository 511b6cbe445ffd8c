// The Belay dashboard: polls /api/topology, follows /api/events/stream, draws its own charts.
// Plain browser JavaScript, no build step and nothing fetched from elsewhere.
'use strict';

(function () {
  const POLL_MS = 1000;
  const MAX_EVENTS = 100;
  const STREAM_RETRY_MS = 3000;
  const TOKEN_KEY = 'belay.adminToken';
  const SETTINGS = [
    ['readPolicy', 'Read policy'],
    ['maxReplicaLag', 'Max replica lag'],
    ['consistency', 'Consistency'],
    ['durability', 'Durability'],
  ];

  const chart = window.BelayChart;
  const formatBytes = chart.formatBytes;
  const formatNumber = chart.formatNumber;
  const formatSeconds = chart.formatSeconds;
  const cssVar = chart.cssVar;

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

  function setText(node, text) {
    if (node.textContent !== text) {
      node.textContent = text;
    }
  }

  function setAttr(node, name, value) {
    if (node.getAttribute(name) !== value) {
      node.setAttribute(name, value);
    }
  }

  function setStatus(state, text) {
    const status = document.getElementById('connection-status');
    status.dataset.state = state;
    status.textContent = text;
  }

  function clock(date) {
    return date.toLocaleTimeString([], { hour12: false });
  }

  function capitalized(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
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
    this.settingValues = {};
    this.settings = el('dl', { class: 'settings', 'data-testid': 'settings' }, SETTINGS.map(
      function (setting) {
        const value = el('dd', { 'data-testid': 'setting-' + setting[0], text: '–' });
        this.settingValues[setting[0]] = value;
        return el('div', {}, [el('dt', { text: setting[1] }), value]);
      }, this));
    this.cards = new Map();          // backend address -> BackendCard
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

  // Elements are updated in place rather than rebuilt, so an operator can select and copy
  // an address while the page keeps polling.
  GroupPanel.prototype.update = function (group, now, serverTime) {
    setText(this.epoch, String(group.epoch));
    setText(this.leader, group.leader || 'none');
    setText(this.master, group.master || 'none');
    setAttr(this.root, 'data-epoch', String(group.epoch));
    setAttr(this.root, 'data-master', group.master || '');
    SETTINGS.forEach(function (setting) {
      setText(this.settingValues[setting[0]], group.settings[setting[0]]);
    }, this);

    const cards = this.cards;
    const ordered = group.backends.slice().sort(function (a, b) {
      return (a.role === 'master' ? 0 : 1) - (b.role === 'master' ? 0 : 1);
    });
    const wanted = ordered.map(function (backend) {
      let card = cards.get(backend.address);
      if (!card) {
        card = new BackendCard();
        cards.set(backend.address, card);
      }
      card.update(backend);
      return card.root;
    });
    const present = new Set(ordered.map(function (backend) {
      return backend.address;
    }));
    cards.forEach(function (card, address) {
      if (!present.has(address)) {
        card.root.remove();
        cards.delete(address);
      }
    });
    const current = Array.prototype.slice.call(this.backends.children);
    const sameOrder = current.length === wanted.length && current.every(function (node, i) {
      return node === wanted[i];
    });
    if (!sameOrder) {
      this.backends.replaceChildren.apply(this.backends, wanted);
    }
    this.sample(group, now, serverTime);
  };

  // Rates divide by the server's clock, which took both counts; points are placed by the
  // browser's, which drew the axis.
  GroupPanel.prototype.sample = function (group, now, serverTime) {
    if (this.lastTotal !== null && group.commandsTotal >= this.lastTotal
        && serverTime > this.lastTime) {
      const perSecond = (group.commandsTotal - this.lastTotal) * 1000
        / (serverTime - this.lastTime);
      chart.pushSample(this.commands, now, perSecond);
      this.commandsNow.textContent = formatNumber(perSecond) + '/s';
      this.commandsCanvas.setAttribute('aria-label', 'Commands per second for ' + this.name
        + ': ' + formatNumber(perSecond) + ' now');
    }
    this.lastTotal = group.commandsTotal;
    this.lastTime = serverTime;

    const lag = this.lag;
    const summary = [];
    group.backends.forEach(function (backend) {
      if (backend.role !== 'replica') {
        return;
      }
      if (!lag.has(backend.address)) {
        lag.set(backend.address, []);
      }
      chart.pushSample(lag.get(backend.address), now, backend.lagBytes);
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
    chart.draw(this.commandsCanvas, [{ color: cssVar('--chart-1'), points: this.commands }],
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
    chart.draw(this.lagCanvas, lines, formatBytes, chart.niceBytesCeiling);
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

  function BackendCard() {
    this.address = el('h3', { class: 'card-address' });
    this.role = el('span', { 'data-testid': 'role' });
    this.state = el('span', { 'data-testid': 'state' });
    this.offset = el('dd', { 'data-testid': 'offset' });
    this.secondLabel = el('dt');
    this.secondValue = el('span');
    this.lastAck = el('span', { class: 'stat-note', 'data-testid': 'lag-seconds' });
    this.second = el('dd', {}, [this.secondValue, this.lastAck]);
    this.resyncs = el('dd', { 'data-testid': 'resyncs' });
    this.root = el('article', { class: 'card', 'data-testid': 'backend-card' }, [
      this.address,
      el('div', { class: 'card-badges' }, [this.role, this.state]),
      el('dl', { class: 'card-stats' }, [
        el('div', {}, [el('dt', { text: 'Offset' }), this.offset]),
        el('div', {}, [this.secondLabel, this.second]),
        el('div', { class: 'card-wide' }, [el('dt', { text: 'Resyncs served' }), this.resyncs]),
      ]),
    ]);
  }

  BackendCard.prototype.update = function (backend) {
    const isMaster = backend.role === 'master';
    setAttr(this.root, 'data-role', backend.role);
    setAttr(this.root, 'data-state', backend.state);
    setAttr(this.root, 'data-address', backend.address);
    setAttr(this.root, 'aria-label', backend.address + ', ' + backend.role + ', ' + backend.state);
    setText(this.address, backend.address);
    setAttr(this.role, 'class', 'badge badge--' + backend.role);
    setText(this.role, capitalized(backend.role));
    setAttr(this.state, 'class', 'badge badge--' + backend.state);
    setText(this.state, backend.state.toUpperCase());
    setText(this.offset, String(backend.replicationOffset));
    // A master shows who streams from it; a replica shows how far behind it is.
    setText(this.secondLabel, isMaster ? 'Replicas' : 'Lag');
    setAttr(this.second, 'data-testid', isMaster ? 'connected-replicas' : 'lag');
    setText(this.secondValue, isMaster ? String(backend.connectedReplicas)
      : formatBytes(backend.lagBytes));
    this.lastAck.hidden = isMaster;
    setText(this.lastAck, isMaster ? '' : 'acked ' + formatSeconds(backend.lagSeconds) + ' ago');
    setText(this.resyncs, backend.fullResyncs + ' full · ' + backend.partialResyncs + ' partial');
  };

  // ---- Topology polling ---------------------------------------------------------------

  function render(topology) {
    const container = document.getElementById('groups');
    const now = Date.now();
    const serverTime = Date.parse(topology.time) || now;
    const seen = new Set();
    topology.groups.forEach(function (group) {
      seen.add(group.name);
      let panel = panels.get(group.name);
      if (!panel) {
        panel = new GroupPanel(group.name);
        panels.set(group.name, panel);
      }
      panel.update(group, now, serverTime);
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
