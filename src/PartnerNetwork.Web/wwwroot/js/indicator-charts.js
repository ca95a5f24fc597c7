// Indicator charts drawn from the data attribute of each canvas; the table below is the equivalent for everyone.
// Hidden counts are never numbers: what the shown parts leave of a shown total is one hatched "hidden" segment, and a
// need with anything hidden carries the hidden mark beside its bar. Every need is labelled (no skipped ticks), and each
// series has a pattern as well as a colour, so no two segments differ by colour alone.
(function () {
  'use strict';
  if (!window.Chart) return;
  // No green beside red: blue, orange, teal, purple, grey; the last series of each chart is the hidden part.
  const palette = ['#0b3d6e', '#9c4a00', '#00695c', '#6a3d9a', '#495057'];

  function pattern(color, kind, ink) {
    const tile = document.createElement('canvas');
    tile.width = tile.height = 10;
    const g = tile.getContext('2d');
    g.fillStyle = color;
    g.fillRect(0, 0, 10, 10);
    g.strokeStyle = ink || 'rgba(255,255,255,0.9)';
    g.fillStyle = ink || 'rgba(255,255,255,0.9)';
    g.lineWidth = 2;
    g.beginPath();
    switch (kind % 5) {
      case 1: g.moveTo(0, 10); g.lineTo(10, 0); break;                          // diagonal
      case 2: g.arc(5, 5, 1.8, 0, 2 * Math.PI); g.fill(); break;               // dots
      case 3: g.moveTo(0, 5); g.lineTo(10, 5); break;                           // horizontal
      case 4: g.moveTo(5, 0); g.lineTo(5, 10); g.moveTo(0, 5); g.lineTo(10, 5); break; // cross
      default: break;                                                           // plain
    }
    g.stroke();
    return g.createPattern(tile, 'repeat');
  }

  // The hidden mark beside the bar of each need that has one (at the start of the axis when nothing can be drawn).
  const marks = {
    id: 'hiddenMarks',
    afterDatasetsDraw(chart, args, options) {
      const list = options.marks || [];
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = '12px system-ui, sans-serif';
      ctx.fillStyle = '#212529';
      ctx.textBaseline = 'middle';
      list.forEach((mark, i) => {
        if (!mark) return;
        const end = chart.data.datasets.reduce((sum, d) => sum + (d.data[i] || 0), 0);
        ctx.fillText(mark, chart.scales.x.getPixelForValue(end) + 4, chart.scales.y.getPixelForValue(i));
      });
      ctx.restore();
    },
  };

  document.querySelectorAll('canvas.indicator-chart').forEach(canvas => {
    const data = JSON.parse(canvas.dataset.chart);
    const last = data.series.length - 1;
    const phone = window.matchMedia('(max-width: 576px)').matches;
    // One row per need, tall enough for every label, plus the legend below.
    canvas.parentElement.style.position = 'relative';
    canvas.parentElement.style.height = (data.labels.length * (phone ? 34 : 28) + (phone ? 150 : 110)) + 'px';
    const widest = Math.max(1, ...data.labels.map((_, i) => data.series.reduce((sum, s) => sum + (s.values[i] || 0), 0)));
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: data.series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: i === last ? pattern('#e9ecef', 1, '#343a40') : pattern(palette[i % palette.length], i),
          borderColor: i === last ? '#343a40' : palette[i % palette.length],
          borderWidth: 1,
        })),
      },
      plugins: [marks],
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          // Room on the right for the hidden mark.
          x: { stacked: true, beginAtZero: true, suggestedMax: Math.ceil(widest * (phone ? 1.6 : 1.3)), ticks: { precision: 0 } },
          y: { stacked: true, ticks: { autoSkip: false, font: { size: phone ? 11 : 12 } } },
        },
        plugins: {
          hiddenMarks: { marks: data.marks },
          legend: { position: 'bottom', labels: { boxWidth: 22, boxHeight: 14, padding: 10, font: { size: 13 } } },
        },
      },
    });
    canvas.dataset.ready = 'true';
  });
})();
