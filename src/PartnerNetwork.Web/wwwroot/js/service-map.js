// The service's locations on a small map, read from the list beside it (the list is the accessible equivalent).
(function () {
  'use strict';
  const el = document.getElementById('service-map');
  if (!el || !window.L) return;
  const map = L.map(el, { maxZoom: 18 });
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { maxZoom: 18, attribution: '© OpenStreetMap' }).addTo(map);
  }
  const points = [];
  document.querySelectorAll('#service-locations li').forEach(li => {
    // A place imported without coordinates stays in the list only.
    if (!li.dataset.lat || !li.dataset.lon) return;
    const at = [parseFloat(li.dataset.lat), parseFloat(li.dataset.lon)];
    // Leaflet treats a string as HTML: the popup gets an element whose text is set, never markup from stored text.
    const label = document.createElement('span');
    label.textContent = li.textContent.trim();
    L.marker(at, { title: li.dataset.name, alt: li.dataset.name }).bindPopup(label).addTo(map);
    points.push(at);
  });
  if (points.length > 0) map.fitBounds(points, { padding: [30, 30], maxZoom: 15 });
  el.dataset.ready = 'true';
})();
