// The coverage map: the CSS territory, its schools shaped and coloured by gap level, and (on demand) the suitable
// services' sites. The table below is the accessible equivalent; popups are built from text, never markup.
(function () {
  'use strict';
  const el = document.getElementById('coverage-map');
  if (!el || !window.L) return;
  const map = L.map(el, { maxZoom: 18 }).setView([45.55, -73.65], 10);
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { maxZoom: 18, attribution: '© OpenStreetMap' }).addTo(map);
  }
  const symbols = { none: '✕', far: '▲', covered: '●' };

  function text(value) {
    const span = document.createElement('span');
    span.textContent = value;
    return span;
  }

  function schoolIcon(gap) {
    const span = document.createElement('span');
    span.className = 'gap-marker gap-' + gap;
    span.textContent = symbols[gap] || '?';
    return L.divIcon({ html: span, className: 'gap-icon', iconSize: [22, 22], iconAnchor: [11, 11] });
  }

  const sites = L.layerGroup();
  fetch(el.dataset.markersUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(r => r.json())
    .then(data => {
      const bounds = [];
      if (data.territory) {
        const layer = L.geoJSON(data.territory, { style: { className: 'territory', weight: 2, fillOpacity: 0.05 } }).addTo(map);
        bounds.push(...[layer.getBounds().getSouthWest(), layer.getBounds().getNorthEast()]);
      }
      data.schools.forEach(s => {
        const marker = L.marker([s.lat, s.lon], { icon: schoolIcon(s.gap), title: s.name + ' — ' + s.gapLabel, alt: s.name, keyboard: true });
        const box = document.createElement('div');
        const name = document.createElement('strong');
        name.textContent = s.name;
        box.append(name, document.createElement('br'), text(s.gapLabel + (s.nearestKm !== null ? ' · ' + s.nearestKm.toLocaleString(document.documentElement.lang, { maximumFractionDigits: 1 }) + ' km' : '')));
        marker.bindPopup(box).addTo(map);
        bounds.push([s.lat, s.lon]);
      });
      data.sites.forEach(site => {
        const box = document.createElement('div');
        const link = document.createElement('a');
        link.href = site.url;
        link.textContent = site.name;
        box.append(link, document.createElement('br'), text(site.organization));
        L.circleMarker([site.lat, site.lon], { radius: 5, className: 'site-marker' }).bindPopup(box).addTo(sites);
      });
      if (bounds.length > 0) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14 });
      el.dataset.schoolCount = String(data.schools.length);
      el.dataset.siteCount = String(data.sites.length);
      el.dataset.ready = 'true';
    });

  const toggle = document.getElementById('show-sites');
  if (toggle) toggle.addEventListener('change', () => (toggle.checked ? sites.addTo(map) : sites.remove()));
})();
