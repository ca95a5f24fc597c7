// Indicator charts drawn from the data attribute of each canvas; the table below is the equivalent for everyone.
// Hidden (suppressed) counts are gaps in the bars, never numbers.
(function () {
  'use strict';
  if (!window.Chart) return;
  const palette = ['#0b3d6e', '#1b5e20', '#a4161a', '#8a4b00', '#495057'];
  document.querySelectorAll('canvas.indicator-chart').forEach(canvas => {
    const data = JSON.parse(canvas.dataset.chart);
    const stacked = canvas.dataset.stacked === 'true';
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: data.series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: palette[i % palette.length] })),
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        scales: { x: { stacked, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked } },
      },
    });
    canvas.dataset.ready = 'true';
  });
})();
