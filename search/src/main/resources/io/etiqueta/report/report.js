// Draws an etiqueta report from the JSON embedded in the page. Everything is inline: no request leaves the page.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('etiqueta-data').textContent);
  var main = data.main;
  var root = document.getElementById('report');
  var toc = document.getElementById('toc');
  // Every chart is registered here so a reader (or a test) can find it: window.etiqueta.charts[name].
  var registry = { charts: {}, errors: [] };
  window.etiqueta = registry;
  var palette = ['#2f6fdb', '#e8590c', '#2b8a3e', '#ae3ec9', '#c92a2a', '#1098ad', '#5c940d', '#d6336c', '#495057', '#f08c00'];

  // ---------- small helpers ----------
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'cls') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function fmt(v, digits) {
    if (v === null || v === undefined) return '';
    if (typeof v !== 'number') return String(v);
    if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
    return v.toFixed(digits === undefined ? 4 : digits);
  }
  function seconds(v) {
    if (v === null || v === undefined) return '';
    if (v < 120) return v.toFixed(1) + ' s';
    if (v < 7200) return (v / 60).toFixed(1) + ' min';
    return (v / 3600).toFixed(2) + ' h';
  }
  function section(id, title, note) {
    var s = el('section', { id: id }, [el('h2', { text: title })]);
    if (note) s.appendChild(el('p', { cls: 'note', text: note }));
    root.appendChild(s);
    toc.appendChild(el('a', { href: '#' + id, text: title }));
    return s;
  }
  function chart(parent, name, option, cls) {
    var box = el('div', { cls: 'chart' + (cls ? ' ' + cls : ''), 'data-chart': name });
    parent.appendChild(box);
    var c = echarts.init(box, null, { renderer: 'canvas' });
    option.animation = false;
    if (!option.color) option.color = palette;
    c.setOption(option);
    registry.charts[name] = c;
    return c;
  }
  function when(iso) { return iso ? iso.replace('T', ' ').replace(/(:\d\d)\.\d+Z$/, '$1Z') : iso; }
  function stateBadge(state) { return el('span', { cls: 'state state-' + state, text: state }); }
  function better(a, b, maximize) { return maximize ? a > b : a < b; }
  function objectiveName(s) { return (s.objective.maximize ? 'max ' : 'min ') + s.objective.metric; }
  function byNumber(trials) { return trials.slice().sort(function (a, b) { return a.number - b.number; }); }
  /** Best objective so far after each trial, in trial-number order: [[number, best], ...]. */
  function bestSoFar(s) {
    var best = null, out = [];
    byNumber(s.trials).forEach(function (t) {
      if (t.objective !== null && (best === null || better(t.objective, best, s.objective.maximize))) best = t.objective;
      if (best !== null) out.push([t.number, best]);
    });
    return out;
  }

  // ---------- sortable tables ----------
  function table(columns, rows, opts) {
    opts = opts || {};
    var thead = el('thead'), tbody = el('tbody'), t = el('table', { cls: opts.cls || '' }, [thead, tbody]);
    if (opts.id) t.id = opts.id;
    var headRow = el('tr');
    var sortState = { col: -1, dir: 1 };
    function render() {
      tbody.textContent = '';
      var sorted = rows.slice();
      if (sortState.col >= 0) {
        var key = columns[sortState.col].sort || columns[sortState.col].value;
        sorted.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === null || x === undefined || x === '') return 1;   // empty cells stay last either way
          if (y === null || y === undefined || y === '') return -1;
          return (x < y ? -1 : x > y ? 1 : 0) * sortState.dir;
        });
      }
      sorted.forEach(function (r) {
        var tr = el('tr', { cls: opts.rowClass ? opts.rowClass(r) : '' });
        columns.forEach(function (c) {
          var v = c.render ? c.render(r) : c.value(r);
          var td = el('td', { cls: c.cls || '' });
          if (v instanceof Node) td.appendChild(v); else td.textContent = c.format ? c.format(v) : fmt(v);
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
    }
    columns.forEach(function (c, i) {
      var th = el('th', { cls: (c.cls || '') + (opts.sortable === false ? '' : ' sortable'), text: c.title, title: c.help || '' });
      if (opts.sortable !== false) th.addEventListener('click', function () {
        sortState.dir = sortState.col === i ? -sortState.dir : (c.descending ? -1 : 1);
        sortState.col = i;
        headRow.querySelectorAll('th').forEach(function (h) { h.classList.remove('sorted-asc', 'sorted-desc'); });
        th.classList.add(sortState.dir > 0 ? 'sorted-asc' : 'sorted-desc');
        render();
      });
      headRow.appendChild(th);
    });
    thead.appendChild(headRow);
    render();
    return el('div', { cls: 'scroll' }, [t]);
  }

  function leaderboardColumns(s, compact) {
    var cols = [
      { title: 'rank', value: function (t) { return t.rank; }, cls: 'num' },
      { title: '#', value: function (t) { return t.number; }, cls: 'num', help: 'trial number' },
      { title: 'configuration', value: function (t) { return t.config; }, cls: 'wrap' }
    ];
    if (!compact) cols.push(
      { title: 'accuracy', value: function (t) { return t.accuracy; }, cls: 'num', descending: true },
      { title: 'loss', value: function (t) { return t.loss; }, cls: 'num' });
    cols.push(
      { title: 'val_accuracy', value: function (t) { return t.valAccuracy; }, cls: 'num', descending: true },
      { title: 'val_loss', value: function (t) { return t.valLoss; }, cls: 'num' });
    if (s.trials.some(function (t) { return t.folds; })) {
      cols.push({ title: 'cv spread', value: function (t) { return t.cvStd; }, format: function (v) { return v === null || v === undefined ? '' : '\u00b1 ' + fmt(v); },
        cls: 'num', help: 'standard deviation of val_accuracy over the folds (val_accuracy and val_loss are the folds\' means)' });
    }
    if (!compact) cols.push({ title: 'test_accuracy', value: function (t) { return t.testAccuracy; }, cls: 'num', descending: true });
    cols.push({ title: 'time', value: function (t) { return t.seconds; }, format: seconds, cls: 'num' });
    if (!compact) cols.push({ title: 'epochs', value: function (t) { return t.epochs; }, cls: 'num' });
    cols.push({ title: 'state', value: function (t) { return t.state; }, render: function (t) { return stateBadge(t.state); } });
    if (s.hasGenerations && !compact) cols.splice(2, 0, { title: 'gen', value: function (t) { return t.generation; }, cls: 'num', help: 'generation' });
    if (['accuracy', 'loss', 'val_accuracy', 'val_loss', 'test_accuracy'].indexOf(s.objective.metric) < 0 || (compact && ['accuracy', 'loss', 'test_accuracy'].indexOf(s.objective.metric) >= 0)) {
      cols.splice(cols.findIndex(function (c) { return c.title === 'configuration'; }) + 1, 0, { title: s.objective.metric, value: function (t) { return t.objective; }, cls: 'num', descending: s.objective.maximize });
    }
    if (!compact) cols.push({ title: 'stop reason', value: function (t) { return t.stopReason || t.error || ''; }, cls: 'wrap' });
    return cols;
  }
  function withRanks(s) {
    return s.trials.map(function (t, i) { var r = Object.assign({}, t); r.rank = t.objective === null || t.state === 'failed' ? null : i + 1; return r; });
  }

  // ---------- sections ----------
  function summary() {
    var s = section('summary', 'Summary');
    var champ = main.trials.filter(function (t) { return t.id === main.championId; })[0];
    var c = main.counts;
    var cards = [
      ['search', main.id], ['dataset', main.dataset], ['objective', objectiveName(main)],
      ['strategy', main.strategy], ['budget', main.budget], ['status', main.status],
      ['trials', c.total + ' (' + c.complete + ' complete, ' + c.pruned + ' pruned, ' + c.failed + ' failed' +
        (c.running ? ', ' + c.running + ' running' : '') + (c.pending ? ', ' + c.pending + ' pending' : '') + ')'],
      ['time used', (main.wallSeconds !== null && main.wallSeconds !== undefined ? seconds(main.wallSeconds) + ' wall, ' : '') + seconds(main.trialSeconds) + ' in trials'],
      ['best trial', champ ? '#' + champ.number + ': ' + main.objective.metric + ' ' + fmt(champ.objective) : 'none finished'],
      ['best configuration', champ ? champ.config : ''],
      ['test accuracy of best', champ ? fmt(champ.testAccuracy) : ''],
      ['how it was found', main.bestFoundBy],
      ['started', when(main.started)], ['finished', when(main.finished)], ['seed', main.seed]
    ];
    var grid = el('div', { cls: 'cards' });
    cards.forEach(function (kv) {
      if (kv[1] === null || kv[1] === undefined || kv[1] === '') return;
      grid.appendChild(el('div', { cls: 'card' }, [el('div', { cls: 'k', text: kv[0] }), el('div', { cls: 'v', text: String(kv[1]) })]));
    });
    s.appendChild(grid);
  }

  function leaderboard() {
    var s = section('leaderboard', 'Leaderboard', 'Every trial, ranked by ' + objectiveName(main) +
      ' (metrics of the kept epoch). Click a column to sort.');
    s.appendChild(table(leaderboardColumns(main, false), withRanks(main), {
      rowClass: function (t) { return t.id === main.championId ? 'champion' : ''; }
    }));
  }

  function curves() {
    var withCurve = main.trials.filter(function (t) { return t.curve && t.curve.length > 0; });
    var running = withCurve.filter(function (t) { return t.state === 'running'; });
    var leading = withCurve.filter(function (t) { return t.state !== 'running'; }).slice(0, data.leadingTrials).concat(running);
    var s = section('curves', 'Learning curves', 'Training (solid) against validation (dashed) per epoch for the ' +
      (leading.length - running.length) + ' leading trial(s)' +
      (running.length ? ' and, so far, the ' + running.length + ' running trial(s) (marked "running")' : '') + '.');
    if (leading.length === 0) { s.appendChild(el('p', { text: 'No trial finished an epoch.' })); return; }
    var grid = el('div', { cls: 'grid2' });
    s.appendChild(grid);
    [['accuracy', 1, 3], ['loss', 2, 4]].forEach(function (m) {
      var series = [];
      leading.forEach(function (t, i) {
        var color = palette[i % palette.length];
        var name = '#' + t.number + (t.state === 'running' ? ' running' : '');
        series.push({ id: t.id + '-train', name: name, type: 'line', showSymbol: true, symbolSize: 4, lineStyle: { color: color }, itemStyle: { color: color },
          data: t.curve.map(function (p) { return [p[0], p[m[1]]]; }) });
        series.push({ id: t.id + '-val', name: name, type: 'line', showSymbol: true, symbolSize: 4, lineStyle: { color: color, type: 'dashed' }, itemStyle: { color: color },
          data: t.curve.map(function (p) { return [p[0], p[m[2]]]; }) });
      });
      var box = el('div');
      grid.appendChild(box);
      box.appendChild(el('h3', { text: m[0] + ' per epoch' }));
      chart(box, 'curves-' + m[0], {
        tooltip: { trigger: 'axis', formatter: function (ps) {
          return 'epoch ' + ps[0].value[0] + ps.map(function (p) {
            return '<br>' + p.marker + p.seriesName + (/-val$/.test(p.seriesId) ? ' val ' : ' train ') + fmt(p.value[1]);
          }).join('');
        } },
        legend: { type: 'scroll', top: 0 }, grid: { top: 40, left: 55, right: 20, bottom: 40 },
        xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 25, minInterval: 1, min: 1 },
        yAxis: { type: 'value', name: m[0], scale: true }, series: series
      });
    });
  }

  function championSection() {
    var ch = data.champion;
    var s = section('champion', 'Best model', ch ? 'Trial #' + ch.number + ': ' + ch.config + ', on the held-out test set.' : null);
    if (!ch || !ch.test) { s.appendChild(el('p', { text: 'No finished trial has test metrics.' })); return; }
    var t = ch.test;
    var grid = el('div', { cls: 'cards' });
    [['test accuracy', fmt(t.accuracy)], ['test loss', fmt(t.loss)], ['test images', t.examples],
     ['macro precision / recall / F1', t.macro ? fmt(t.macro.precision, 3) + ' / ' + fmt(t.macro.recall, 3) + ' / ' + fmt(t.macro.f1, 3) : ''],
     ['weighted precision / recall / F1', t.weighted ? fmt(t.weighted.precision, 3) + ' / ' + fmt(t.weighted.recall, 3) + ' / ' + fmt(t.weighted.f1, 3) : ''],
     ['latency per image', t.latencyMillis === null ? '' : fmt(t.latencyMillis, 2) + ' ms'],
     ['best classes', (t.bestClasses || []).join(', ')], ['worst classes', (t.worstClasses || []).join(', ')]
    ].forEach(function (kv) {
      grid.appendChild(el('div', { cls: 'card' }, [el('div', { cls: 'k', text: kv[0] }), el('div', { cls: 'v', text: String(kv[1]) })]));
    });
    s.appendChild(grid);
    if (ch.crossValidation) foldsPanel(s, ch.crossValidation);
    if (t.labels.length > MANY_CLASSES) { manyClasses(s, t); return; }

    var side = el('div', { cls: 'side' });
    s.appendChild(side);
    var left = el('div'), right = el('div');
    side.appendChild(left); side.appendChild(right);
    left.appendChild(el('h3', { text: 'Confusion matrix (rows: true class, columns: predicted)' }));
    var cells = [], max = 0;
    t.confusion.forEach(function (row, i) { row.forEach(function (v, j) { cells.push([j, i, v]); if (v > max) max = v; }); });
    var n = t.labels.length;
    var cm = chart(left, 'confusion', {
      tooltip: { formatter: function (p) { return 'true ' + t.labels[p.value[1]] + ', predicted ' + t.labels[p.value[0]] + ': ' + p.value[2]; } },
      grid: { top: 10, left: 90, right: 20, bottom: 90 },
      xAxis: { type: 'category', data: t.labels, name: 'predicted', nameLocation: 'middle', nameGap: 70, axisLabel: { rotate: 45, interval: 0 }, splitArea: { show: true } },
      yAxis: { type: 'category', data: t.labels, name: 'true', nameLocation: 'middle', nameGap: 75, nameRotate: 90, inverse: true, axisLabel: { interval: 0 }, splitArea: { show: true } },
      visualMap: { min: 0, max: Math.max(1, max), calculable: false, orient: 'horizontal', left: 'center', bottom: 0, show: false,
        inRange: { color: ['#f5f9ff', '#9ec5fe', '#1c4fa8'] } },
      series: [{ type: 'heatmap', data: cells, label: { show: n <= 15, fontSize: 11 }, emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } } }]
    });
    cm.getDom().style.height = Math.max(360, 60 + n * 34 + 90) + 'px';
    cm.resize();

    right.appendChild(el('h3', { text: 'Per-class precision, recall and F1' }));
    var best = t.bestClasses || [], worst = t.worstClasses || [];
    right.appendChild(table([
      { title: 'class', value: function (c) { return c.label; } },
      { title: 'precision', value: function (c) { return c.precision; }, cls: 'num', format: function (v) { return fmt(v, 3); }, descending: true },
      { title: 'recall', value: function (c) { return c.recall; }, cls: 'num', format: function (v) { return fmt(v, 3); }, descending: true },
      { title: 'F1', value: function (c) { return c.f1; }, cls: 'num', format: function (v) { return fmt(v, 3); }, descending: true },
      { title: 'support', value: function (c) { return c.support; }, cls: 'num' },
      { title: '', value: function (c) { return best.indexOf(c.label) >= 0 ? 'best' : worst.indexOf(c.label) >= 0 ? 'worst' : ''; } }
    ], t.perClass, { rowClass: function (c) { return best.indexOf(c.label) >= 0 ? 'best' : worst.indexOf(c.label) >= 0 ? 'worst' : ''; } }));
    chart(right, 'per-class-f1', {
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { top: 30, left: 50, right: 10, bottom: 70 },
      xAxis: { type: 'category', data: t.perClass.map(function (c) { return c.label; }), axisLabel: { rotate: 45, interval: 0 } },
      yAxis: { type: 'value', min: 0, max: 1 },
      series: ['precision', 'recall', 'f1'].map(function (m) {
        return { name: m, type: 'bar', data: t.perClass.map(function (c) { return c[m]; }) };
      })
    }, 'small');
  }

  // Above this many classes a heatmap's cells and labels can no longer be read: the report lists instead.
  var MANY_CLASSES = 30;

  /** Cross-validation of the best model: each fold's val_accuracy, their mean and spread. */
  function foldsPanel(s, cv) {
    var grid = el('div', { cls: 'cards' });
    [['cross-validation (' + cv.folds + ' folds) val_accuracy', fmt(cv.meanValAccuracy) + ' \u00b1 ' + fmt(cv.stdValAccuracy)],
     ['val_loss over the folds', fmt(cv.meanValLoss) + ' \u00b1 ' + fmt(cv.stdValLoss)],
     ['final model', cv.chosenEpochs + ' epochs on all training data']].forEach(function (kv) {
      grid.appendChild(el('div', { cls: 'card' }, [el('div', { cls: 'k', text: kv[0] }), el('div', { cls: 'v', text: String(kv[1]) })]));
    });
    s.appendChild(grid);
    chart(s, 'folds', {
      tooltip: { trigger: 'axis' }, grid: { top: 20, left: 60, right: 20, bottom: 40 },
      xAxis: { type: 'category', data: cv.results.map(function (f) { return 'fold ' + f.fold; }) },
      yAxis: { type: 'value', name: 'val_accuracy', scale: true },
      series: [{ name: 'val_accuracy', type: 'bar', data: cv.results.map(function (f) { return f.valAccuracy; }),
        markLine: { symbol: 'none', data: [{ yAxis: cv.meanValAccuracy, name: 'mean' }, { yAxis: cv.meanValAccuracy - cv.stdValAccuracy, name: 'mean - sd' },
          { yAxis: cv.meanValAccuracy + cv.stdValAccuracy, name: 'mean + sd' }], label: { formatter: function (p) { return p.name + ' ' + fmt(p.value, 3); } } } }]
    }, 'small');
  }

  /**
   * Many classes (sketches: 250): the most-confused pairs instead of an unreadable heatmap, per-class accuracy
   * (recall) sorted, the 10 best and 10 worst classes, and the full table folded away.
   */
  function manyClasses(s, t) {
    var pairs = [];
    t.confusion.forEach(function (row, i) { row.forEach(function (v, j) { if (i !== j && v > 0) pairs.push({ truth: t.labels[i], predicted: t.labels[j], count: v, share: v / Math.max(1, row.reduce(function (a, b) { return a + b; }, 0)) }); }); });
    pairs.sort(function (a, b) { return b.count - a.count || b.share - a.share; });
    var side = el('div', { cls: 'side' });
    s.appendChild(side);
    var left = el('div'), right = el('div');
    side.appendChild(left); side.appendChild(right);
    left.appendChild(el('h3', { text: 'Most-confused pairs (' + t.labels.length + ' classes: a heatmap would be unreadable)' }));
    left.appendChild(table([
      { title: 'true class', value: function (p) { return p.truth; } },
      { title: 'predicted as', value: function (p) { return p.predicted; } },
      { title: 'images', value: function (p) { return p.count; }, cls: 'num', descending: true },
      { title: 'share of the class', value: function (p) { return p.share; }, cls: 'num', format: function (v) { return (v * 100).toFixed(1) + '%'; }, descending: true }
    ], pairs.slice(0, 20), { id: 'confused-pairs' }));
    var byAccuracy = t.perClass.filter(function (c) { return c.support > 0; }).slice()
      .sort(function (a, b) { return b.recall - a.recall || b.f1 - a.f1 || (a.label < b.label ? -1 : 1); });
    var columns = [
      { title: 'class', value: function (c) { return c.label; } },
      { title: 'accuracy', value: function (c) { return c.recall; }, cls: 'num', format: function (v) { return fmt(v, 3); }, descending: true },
      { title: 'F1', value: function (c) { return c.f1; }, cls: 'num', format: function (v) { return fmt(v, 3); }, descending: true },
      { title: 'support', value: function (c) { return c.support; }, cls: 'num' }];
    var k = Math.min(10, Math.floor(byAccuracy.length / 2));
    var extremes = el('div', { cls: 'side' });
    right.appendChild(extremes);
    extremes.appendChild(el('div', {}, [el('h3', { text: k + ' best classes' }), table(columns, byAccuracy.slice(0, k), { id: 'best-classes', rowClass: function () { return 'best'; } })]));
    extremes.appendChild(el('div', {}, [el('h3', { text: k + ' worst classes' }), table(columns, byAccuracy.slice(byAccuracy.length - k).reverse(), { id: 'worst-classes', rowClass: function () { return 'worst'; } })]));
    s.appendChild(el('h3', { text: 'Per-class accuracy, sorted' }));
    chart(s, 'per-class-accuracy', {
      tooltip: { trigger: 'axis', formatter: function (ps) { return echarts.format.encodeHTML(ps[0].name) + ': ' + fmt(ps[0].value, 3); } },
      grid: { top: 20, left: 50, right: 10, bottom: 30 },
      xAxis: { type: 'category', data: byAccuracy.map(function (c) { return c.label; }), axisLabel: { show: false }, name: 'classes, best to worst', nameLocation: 'middle', nameGap: 10 },
      yAxis: { type: 'value', min: 0, max: 1 },
      dataZoom: [{ type: 'inside' }],
      series: [{ name: 'accuracy', type: 'bar', barCategoryGap: '10%', data: byAccuracy.map(function (c) { return c.recall; }) }]
    }, 'small');
    var all = el('details', {}, [el('summary', { text: 'All ' + t.perClass.length + ' classes: precision, recall, F1, support (sortable)' })]);
    all.appendChild(table([
      { title: 'class', value: function (c) { return c.label; } },
      { title: 'precision', value: function (c) { return c.precision; }, cls: 'num', format: function (v) { return fmt(v, 3); }, descending: true },
      { title: 'recall', value: function (c) { return c.recall; }, cls: 'num', format: function (v) { return fmt(v, 3); }, descending: true },
      { title: 'F1', value: function (c) { return c.f1; }, cls: 'num', format: function (v) { return fmt(v, 3); }, descending: true },
      { title: 'support', value: function (c) { return c.support; }, cls: 'num' }
    ], byAccuracy));
    s.appendChild(all);
  }

  /** The best model's layers as an inline SVG diagram: one box per layer, wider for more parameters, grey when frozen. */
  function architecture() {
    var ch = data.champion;
    if (!ch || !ch.architecture) return;
    var a = ch.architecture;
    var s = section('architecture', 'Architecture', 'The best model\'s layers, input at the top: ' + a.parameters.toLocaleString('en') + ' parameters, '
      + a.trainable.toLocaleString('en') + ' trainable, ' + (a.parameters - a.trainable).toLocaleString('en') + ' frozen.');
    var NS = 'http://www.w3.org/2000/svg', rowH = 26, boxMax = 300, left = 10, textX = left + boxMax + 16, width = 900;
    var maxLog = Math.max.apply(null, a.layers.map(function (l) { return Math.log10(l.parameters + 1); }).concat([1]));
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('width', width);
    svg.setAttribute('height', a.layers.length * rowH + 10);
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + (a.layers.length * rowH + 10));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'layer diagram of the best model');
    var colors = { Convolution: '#4c6ef5', Subsampling: '#f59f00', Dense: '#2b8a3e', Output: '#c92a2a', BatchNormalization: '#ae3ec9', Dropout: '#868e96', GlobalPooling: '#f59f00', ElementWise: '#1098ad', Activation: '#adb5bd' };
    var index = {};
    a.layers.forEach(function (l, i) { index[l.name] = i; });
    a.layers.forEach(function (l, i) {
      var y = 5 + i * rowH, w = 30 + (boxMax - 30) * Math.log10(l.parameters + 1) / maxLog;
      var rect = document.createElementNS(NS, 'rect');
      rect.setAttribute('x', left + (boxMax - w) / 2); rect.setAttribute('y', y); rect.setAttribute('width', w); rect.setAttribute('height', rowH - 6);
      rect.setAttribute('rx', 4);
      rect.setAttribute('fill', l.parameters > 0 && !l.trainable ? '#ced4da' : (colors[l.type] || '#495057'));
      rect.setAttribute('stroke', '#343a40'); rect.setAttribute('stroke-width', '0.5');
      var title = document.createElementNS(NS, 'title');
      title.textContent = l.name + ' (' + l.type + ') ' + l.shape + ', ' + l.parameters.toLocaleString('en') + ' parameters' + (l.parameters > 0 ? (l.trainable ? ', trainable' : ', frozen') : '');
      rect.appendChild(title);
      svg.appendChild(rect);
      var text = document.createElementNS(NS, 'text');
      text.setAttribute('x', textX); text.setAttribute('y', y + rowH - 11);
      text.setAttribute('font-size', '12'); text.setAttribute('fill', '#1f2933');
      text.textContent = l.name + '  ' + l.type + '  ' + l.shape + '  ' + l.parameters.toLocaleString('en') + (l.parameters > 0 && !l.trainable ? '  frozen' : '');
      svg.appendChild(text);
      (l.inputs || []).forEach(function (from) {
        var j = index[from];
        if (j === undefined || j === i - 1) return;
        // a skip connection (residual block): an arc on the left from the layer it reads
        var path = document.createElementNS(NS, 'path'), y0 = 5 + j * rowH + (rowH - 6) / 2, y1 = y + (rowH - 6) / 2, bend = Math.min(60, 8 + (i - j) * 3);
        path.setAttribute('d', 'M ' + (left + 6) + ' ' + y0 + ' C ' + (left - bend + 6) + ' ' + y0 + ', ' + (left - bend + 6) + ' ' + y1 + ', ' + (left + 6) + ' ' + y1);
        path.setAttribute('fill', 'none'); path.setAttribute('stroke', '#1098ad'); path.setAttribute('stroke-width', '1.2');
        svg.appendChild(path);
      });
    });
    var box = el('div', { cls: 'scroll architecture' });
    box.appendChild(svg);
    s.appendChild(box);
  }

  function gallery() {
    var ch = data.champion;
    if (!ch) return;
    var ex = ch.examples;
    var s = section('gallery', 'Examples', 'Test images the best model got wrong (most confident mistakes first) and got right with the highest confidence.');
    [['Misclassified', ex.misclassified, 'wrong'], ['Confidently correct', ex.confidentlyCorrect, 'right']].forEach(function (g) {
      s.appendChild(el('h3', { text: g[0] + ' (' + g[1].length + ')' }));
      var box = el('div', { cls: 'gallery', 'data-gallery': g[2] });
      if (g[1].length === 0) box.appendChild(el('p', { cls: 'note', text: 'No stored examples.' }));
      g[1].forEach(function (e) {
        box.appendChild(el('figure', { cls: 'example ' + g[2] }, [
          el('img', { src: 'data:image/png;base64,' + e.png, alt: 'true ' + e.trueLabel + ', predicted ' + e.predictedLabel }),
          el('div', { text: 'true: ' + e.trueLabel }),
          el('div', { cls: 'pred', text: 'predicted: ' + e.predictedLabel }),
          el('div', { text: (e.confidence * 100).toFixed(1) + '%' })
        ]));
      });
      s.appendChild(box);
    });
    var hard = (ex.hardestPerClass || []).slice();
    if (hard.length > 0) {
      // the worst classes first: where a reader should look
      var recall = {};
      ((ch.test && ch.test.perClass) || []).forEach(function (c) { recall[c.label] = c.recall; });
      hard.sort(function (a, b) { return (recall[a.trueLabel] || 0) - (recall[b.trueLabel] || 0) || (a.trueLabel < b.trueLabel ? -1 : 1); });
      s.appendChild(el('h3', { text: 'Hardest test image per class (' + hard.length + ' classes, worst classes first)' }));
      var hbox = el('div', { cls: 'gallery small', 'data-gallery': 'hardest' });
      hard.forEach(function (e) {
        var ok = e.trueLabel === e.predictedLabel;
        hbox.appendChild(el('figure', { cls: 'example ' + (ok ? 'right' : 'wrong') }, [
          el('img', { src: 'data:image/png;base64,' + e.png, alt: 'class ' + e.trueLabel + ', predicted ' + e.predictedLabel, loading: 'lazy' }),
          el('div', { text: e.trueLabel }),
          el('div', { cls: 'pred', text: ok ? 'right' : '\u2192 ' + e.predictedLabel })
        ]));
      });
      s.appendChild(hbox);
    }
  }

  function progress() {
    var s = section('progress', 'Search progress', 'The objective of every trial in the order they were numbered, and the best so far.');
    var maximize = main.objective.maximize;
    var points = {};
    byNumber(main.trials).forEach(function (t) {
      if (t.objective === null) return;
      (points[t.state] = points[t.state] || []).push([t.number, t.objective, t.config]);
    });
    var stateColors = { complete: '#2f6fdb', pruned: '#f08c00', failed: '#c92a2a', running: '#868e96', pending: '#868e96' };
    var series = Object.keys(points).map(function (state) {
      return { name: state + ' trial', type: 'scatter', data: points[state], symbolSize: 9, itemStyle: { color: stateColors[state] } };
    });
    series.push({ name: 'best so far', type: 'line', step: 'end', data: bestSoFar(main), showSymbol: false, lineStyle: { width: 2, color: '#2b8a3e' }, itemStyle: { color: '#2b8a3e' } });
    var grid = el('div', { cls: 'grid2' });
    s.appendChild(grid);
    var box = el('div');
    grid.appendChild(box);
    box.appendChild(el('h3', { text: main.objective.metric + ' per trial' }));
    chart(box, 'progress', {
      tooltip: { trigger: 'item', formatter: function (p) { return p.seriesName + ' #' + p.value[0] + ': ' + fmt(p.value[1]) + (p.value[2] ? '<br>' + echarts.format.encodeHTML(p.value[2]) : ''); } },
      legend: { top: 0 }, grid: { top: 40, left: 60, right: 20, bottom: 40 },
      xAxis: { type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 25, minInterval: 1 },
      yAxis: { type: 'value', name: main.objective.metric, scale: true }, series: series
    });
    var timed = byNumber(main.trials).filter(function (t) { return t.finished && t.objective !== null && t.state !== 'failed'; })
      .sort(function (a, b) { return Date.parse(a.finished) - Date.parse(b.finished); });
    if (timed.length > 0) {
      var t0 = main.started ? Date.parse(main.started) : Date.parse(timed[0].finished);
      var best = null, line = [];
      timed.forEach(function (t) {
        if (best === null || better(t.objective, best, maximize)) best = t.objective;
        line.push([(Date.parse(t.finished) - t0) / 60000, best]);
      });
      var tbox = el('div');
      grid.appendChild(tbox);
      tbox.appendChild(el('h3', { text: 'Best ' + main.objective.metric + ' over time' }));
      chart(tbox, 'progress-time', {
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v); } }, grid: { top: 40, left: 60, right: 20, bottom: 40 },
        xAxis: { type: 'value', name: 'minutes since the search started', nameLocation: 'middle', nameGap: 25 },
        yAxis: { type: 'value', scale: true, name: main.objective.metric },
        series: [{ name: 'best so far', type: 'line', step: 'end', data: line, symbolSize: 6, itemStyle: { color: '#2b8a3e' } }]
      });
    }
    if (main.hasGenerations) {
      var gens = {};
      main.trials.forEach(function (t) {
        if (t.generation === null || t.generation === undefined || t.objective === null) return;
        (gens[t.generation] = gens[t.generation] || []).push(t.objective);
      });
      var keys = Object.keys(gens).map(Number).sort(function (a, b) { return a - b; });
      var gbox = el('div');
      grid.appendChild(gbox);
      gbox.appendChild(el('h3', { text: 'Best and mean ' + main.objective.metric + ' per generation' }));
      chart(gbox, 'generations', {
        tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { top: 40, left: 60, right: 20, bottom: 40 },
        xAxis: { type: 'category', name: 'generation', nameLocation: 'middle', nameGap: 25, data: keys.map(String) },
        yAxis: { type: 'value', scale: true },
        series: [
          { name: 'best', type: 'line', data: keys.map(function (g) { return gens[g].reduce(function (a, b) { return better(b, a, maximize) ? b : a; }); }) },
          { name: 'mean', type: 'line', lineStyle: { type: 'dashed' }, data: keys.map(function (g) { return gens[g].reduce(function (a, b) { return a + b; }, 0) / gens[g].length; }) }
        ]
      });
    }
  }

  function quartiles(values) {
    var v = values.slice().sort(function (a, b) { return a - b; });
    function q(p) { var i = (v.length - 1) * p, lo = Math.floor(i), hi = Math.ceil(i); return v[lo] + (v[hi] - v[lo]) * (i - lo); }
    return [v[0], q(0.25), q(0.5), q(0.75), v[v.length - 1]];
  }

  function hyperparameters() {
    var params = main.parameters;
    var scored = main.trials.filter(function (t) { return t.objective !== null && t.params; });
    var s = section('hyperparameters', 'Hyperparameters and ' + main.objective.metric,
      'How each hyperparameter that varied relates to the objective. Numbers are drawn as points; choices as box plots with their trials.');
    if (params.length === 0 || scored.length === 0) { s.appendChild(el('p', { text: 'No hyperparameter varied between scored trials.' })); return; }
    function numeric(p) { return scored.every(function (t) { var v = t.params[p]; return v === null || typeof v === 'number'; }); }
    var metric = main.objective.metric;
    var dims = params.map(function (p, i) {
      var distinct = {};
      scored.forEach(function (t) { distinct[String(t.params[p])] = t.params[p]; });
      if (numeric(p) && Object.keys(distinct).length <= 4) {  // a few values read better as choices
        return { dim: i, name: p, type: 'category', data: Object.keys(distinct).sort(function (a, b) {
          return (distinct[a] === null ? Infinity : distinct[a]) - (distinct[b] === null ? Infinity : distinct[b]); }) };
      }
      if (numeric(p)) {
        var vals = scored.map(function (t) { return t.params[p]; }).filter(function (v) { return v !== null; });
        var lo = Math.min.apply(null, vals), hi = Math.max.apply(null, vals);
        return { dim: i, name: p, type: 'value', scale: true, log: lo > 0 && hi / lo >= 20 };
      }
      var cats = [];
      scored.forEach(function (t) { var v = String(t.params[p]); if (cats.indexOf(v) < 0) cats.push(v); });
      return { dim: i, name: p, type: 'category', data: cats.sort() };
    });
    dims.forEach(function (d) { if (d.log) d.type = 'log'; delete d.log; });
    dims.push({ dim: params.length, name: metric, type: 'value', scale: true });
    s.appendChild(el('h3', { text: 'Parallel coordinates (one line per trial, coloured by ' + metric + ')' }));
    var values = scored.map(function (t) { return t.objective; });
    chart(s, 'parallel', {
      tooltip: { trigger: 'item' },
      parallelAxis: dims, parallel: { left: 60, right: 130, top: 40, bottom: 30, parallelAxisDefault: { nameLocation: 'start', nameGap: 14, nameTextStyle: { fontSize: 11 } } },
      visualMap: { min: Math.min.apply(null, values), max: Math.max.apply(null, values), dimension: params.length, right: 0, top: 'center', calculable: true, precision: 3,
        inRange: { color: main.objective.maximize ? ['#d0d7e0', '#1c4fa8'] : ['#1c4fa8', '#d0d7e0'] }, text: ['high', 'low'] },
      series: [{ type: 'parallel', lineStyle: { width: 2, opacity: 0.7 }, data: scored.map(function (t) {
        return params.map(function (p, i) { var v = t.params[p]; return dims[i].type === 'category' ? String(v) : v; }).concat([t.objective]);
      }) }]
    }, '');
    s.appendChild(el('h3', { text: 'Each hyperparameter against ' + metric }));
    var grid = el('div', { cls: 'grid3' });
    s.appendChild(grid);
    params.forEach(function (p, i) {
      var box = el('div');
      grid.appendChild(box);
      var d = dims[i];
      var option;
      if (d.type === 'category') {
        var groups = d.data.map(function (c) { return scored.filter(function (t) { return String(t.params[p]) === c; }).map(function (t) { return t.objective; }); });
        option = {
          title: { text: p, left: 'center', textStyle: { fontSize: 13 } }, tooltip: { trigger: 'item' }, grid: { top: 35, left: 55, right: 15, bottom: 50 },
          xAxis: { type: 'category', data: d.data, axisLabel: { interval: 0, rotate: d.data.length > 4 ? 30 : 0 } },
          yAxis: { type: 'value', scale: true, name: metric },
          series: [
            { name: 'distribution', type: 'boxplot', data: groups.map(quartiles), itemStyle: { color: '#e7efff', borderColor: '#2f6fdb' } },
            { name: 'trial', type: 'scatter', symbolSize: 6, itemStyle: { color: '#e8590c', opacity: 0.8 },
              data: scored.map(function (t) { return [String(t.params[p]), t.objective]; }) }
          ]
        };
      } else {
        option = {
          title: { text: p, left: 'center', textStyle: { fontSize: 13 } }, tooltip: { trigger: 'item' }, grid: { top: 35, left: 55, right: 15, bottom: 40 },
          xAxis: { type: d.type, scale: true, name: p + (d.type === 'log' ? ' (log)' : ''), nameLocation: 'middle', nameGap: 25 },
          yAxis: { type: 'value', scale: true, name: metric },
          series: [{ name: 'trial', type: 'scatter', symbolSize: 8, itemStyle: { color: '#2f6fdb' },
            data: scored.filter(function (t) { return t.params[p] !== null; }).map(function (t) { return [t.params[p], t.objective]; }) }]
        };
      }
      chart(box, 'param-' + p, option, 'small');
    });
  }

  function compare() {
    if (!data.compared || data.compared.length === 0) return;
    var all = [main].concat(data.compared);
    var s = section('compare', 'Searches compared', 'This search beside ' + data.compared.map(function (c) { return c.id; }).join(', ') + '.');
    s.appendChild(table([
      { title: 'search', value: function (x) { return x.id; } },
      { title: 'dataset', value: function (x) { return x.dataset; } },
      { title: 'strategy', value: function (x) { return x.strategy; } },
      { title: 'objective', value: function (x) { return objectiveName(x); } },
      { title: 'best', value: function (x) { var b = x.trials.filter(function (t) { return t.id === x.championId; })[0]; return b ? b.objective : null; }, cls: 'num' },
      { title: 'best test accuracy', value: function (x) { var b = x.trials.filter(function (t) { return t.id === x.championId; })[0]; return b ? b.testAccuracy : null; }, cls: 'num' },
      { title: 'best configuration', value: function (x) { var b = x.trials.filter(function (t) { return t.id === x.championId; })[0]; return b ? b.config : ''; }, cls: 'wrap' },
      { title: 'trials', value: function (x) { return x.counts.total; }, cls: 'num' },
      { title: 'complete', value: function (x) { return x.counts.complete; }, cls: 'num' },
      { title: 'pruned', value: function (x) { return x.counts.pruned; }, cls: 'num' },
      { title: 'failed', value: function (x) { return x.counts.failed; }, cls: 'num' },
      { title: 'time in trials', value: function (x) { return x.trialSeconds; }, format: seconds, cls: 'num' }
    ], all));
    var metrics = {};
    all.forEach(function (x) { metrics[x.objective.metric] = true; });
    s.appendChild(el('h3', { text: 'Best so far per trial' + (Object.keys(metrics).length > 1 ? ' (the searches optimise different metrics)' : '') }));
    chart(s, 'compare-progress', {
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { top: 40, left: 60, right: 20, bottom: 40 },
      xAxis: { type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 25, minInterval: 1 },
      yAxis: { type: 'value', scale: true, name: Object.keys(metrics).join(' / ') },
      series: all.map(function (x) { return { name: x.id, type: 'line', step: 'end', data: bestSoFar(x), symbolSize: 5 }; })
    });
    s.appendChild(el('h3', { text: 'Leaderboards (top 10 of each)' }));
    var side = el('div', { cls: 'side' });
    s.appendChild(side);
    all.forEach(function (x) {
      var box = el('div', {}, [el('h3', { text: x.id + ' (' + objectiveName(x) + ')' })]);
      box.appendChild(table(leaderboardColumns(x, true), withRanks(x).slice(0, 10), {
        rowClass: function (t) { return t.id === x.championId ? 'champion' : ''; }
      }));
      side.appendChild(box);
    });
  }

  function files() {
    var s = section('files', 'Data files', 'The data behind this report, next to this file, for pandas or a spreadsheet:');
    var list = el('ul');
    [['trials.csv', 'one row per trial: configuration fields, kept-epoch and test metrics, time, stop reason'],
     ['trials.json', 'the full trial records, with per-epoch curves and test metrics'],
     ['classes.csv', 'per-class precision, recall, F1 and support of the best trial'],
     ['summary.json', 'the search summary and leaderboard shown here']].concat(data.compared.length ? [['compare.csv', 'one row per compared search']] : [])
      .forEach(function (f) { list.appendChild(el('li', {}, [el('code', { text: f[0] }), ' — ' + f[1]])); });
    s.appendChild(list);
  }

  document.getElementById('generated').textContent = 'Generated ' + data.generated + ' by etiqueta (report ' + data.reportId + ').';
  [summary, leaderboard, curves, championSection, architecture, gallery, progress, hyperparameters, compare, files].forEach(function (draw) {
    try { draw(); } catch (e) {
      // keep drawing the other sections, but say loudly what broke
      registry.errors.push(draw.name + ': ' + e.message);
      console.error('etiqueta report: section ' + draw.name + ' failed', e);
      root.appendChild(el('p', { cls: 'note', text: 'This section could not be drawn: ' + e.message }));
    }
  });
  window.addEventListener('resize', function () { Object.keys(registry.charts).forEach(function (k) { registry.charts[k].resize(); }); });
  registry.drawMillis = performance.now(); // from navigation start to every section drawn
  registry.ready = true;
})();
