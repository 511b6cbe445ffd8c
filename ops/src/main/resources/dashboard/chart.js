// Number formats and the canvas line charts of the Belay dashboard; no library, no network.
'use strict';

window.BelayChart = (function () {
  const WINDOW_MS = 120000;          // the charts show the last two minutes
  const MIN_WINDOW_MS = 30000;       // and no less than half a minute
  const MAX_SAMPLES = 240;           // per series; more than the window holds at one per second

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
    const digits = unit === 0 || value >= 10 ? 0 : 1;
    return value.toFixed(digits).replace(/\.0$/, '') + ' ' + units[unit];
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

  function formatSpan(ms) {
    const seconds = Math.round(ms / 1000);
    return seconds >= 60 && seconds % 60 === 0 ? seconds / 60 + ' min' : seconds + ' s';
  }


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

  // The same for bytes, in steps a reader expects: 1, 2, 4, 8 ... KiB.
  function niceBytesCeiling(value) {
    if (value <= 1) {
      return 1;
    }
    let step = 1;
    while (step < value) {
      step *= 2;
    }
    return step;
  }

  function drawChart(canvas, series, format, nice) {
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
    // Up to two minutes, but no emptier than needed while the first samples come in.
    let earliest = now;
    series.forEach(function (line) {
      if (line.points.length > 0) {
        earliest = Math.min(earliest, line.points[0].t);
      }
    });
    const span = Math.min(WINDOW_MS, Math.max(MIN_WINDOW_MS, now - earliest));
    const start = now - span;
    let max = 0;
    series.forEach(function (line) {
      line.points.forEach(function (point) {
        if (point.t >= start) {
          max = Math.max(max, point.v);
        }
      });
    });
    const ceiling = (nice || niceCeiling)(max);
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
    [[0, '−' + formatSpan(span), 'left'], [0.5, '−' + formatSpan(span / 2), 'center'],
      [1, 'now', 'right']].forEach(function (tick) {
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
        const x = left + ((point.t - start) / span) * plotWidth;
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
        g.arc(left + ((only.t - start) / span) * plotWidth,
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

  return {
    cssVar: cssVar,
    draw: drawChart,
    formatBytes: formatBytes,
    formatNumber: formatNumber,
    formatSeconds: formatSeconds,
    niceBytesCeiling: niceBytesCeiling,
    pushSample: pushSample,
  };
}());
