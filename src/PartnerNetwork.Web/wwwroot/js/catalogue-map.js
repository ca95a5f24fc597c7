// The search map: the same rows as the list, fetched from ?handler=Markers. The list stays the accessible equivalent.
(function () {
  'use strict';
  // The form shows only the fields of the chosen origin (school, place or point); without a script all are there.
  const origin = document.getElementById('origin');
  if (origin) {
    const showOrigin = () => document.querySelectorAll('[data-origin]').forEach(field => {
      field.hidden = field.dataset.origin !== origin.value;
    });
    origin.addEventListener('change', showOrigin);
    showOrigin();
  }

  // On a phone the list and the map take turns; on a laptop both are shown and the switch is not displayed.
  const catalogue = document.getElementById('catalogue');
  const viewSwitch = document.getElementById('view-switch');
  let onMapShown = () => {};
  function showView(view, refit = true) {
    if (!catalogue || !viewSwitch) return;
    catalogue.dataset.view = view;
    viewSwitch.querySelectorAll('button').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.view === view)));
    if (view === 'map') onMapShown(refit);
  }
  if (catalogue && viewSwitch) {
    viewSwitch.hidden = false;
    viewSwitch.querySelectorAll('button').forEach(b => b.addEventListener('click', () => showView(b.dataset.view)));
    showView('list');
  }
  const narrow = window.matchMedia('(max-width: 991.98px)');

  const el = document.getElementById('map');
  if (!el || !window.L) return;

  const map = L.map(el, { maxZoom: 18 }).setView([46.8, -71.2], 6);
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { maxZoom: 18, attribution: '© OpenStreetMap' }).addTo(map);
  }
  let fitted = null;
  // A map laid out while hidden has no size: measured again, and refitted, when it is shown.
  onMapShown = refit => {
    map.invalidateSize();
    if (fitted && refit) map.fitBounds(fitted, { padding: [20, 20], maxZoom: 15 });
    fitted = null;
  };
  const cluster = L.markerClusterGroup();
  map.addLayer(cluster);
  const markers = {};

  function highlight(id) {
    document.querySelectorAll('.result.selected').forEach(r => r.classList.remove('selected'));
    const row = document.getElementById('r-' + id);
    if (row) {
      row.classList.add('selected');
      row.scrollIntoView({ block: 'nearest' });
    }
  }

  // Leaflet treats a string as HTML: popups and tooltips get elements whose text is set, never markup from stored text.
  function text(value) {
    const span = document.createElement('span');
    span.textContent = value;
    return span;
  }

  function popup(m) {
    const box = document.createElement('div');
    const link = document.createElement('a');
    link.href = m.url;
    link.textContent = m.name;
    const org = document.createElement('div');
    org.textContent = m.organization + (m.distanceKm !== null ? ' · ' + m.distanceKm.toLocaleString(document.documentElement.lang, { maximumFractionDigits: 1 }) + ' km' : '');
    box.append(link, org);
    return box;
  }

  fetch(el.dataset.markersUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(r => r.json())
    .then(data => {
      const bounds = [];
      if (data.origin) {
        L.circleMarker([data.origin.lat, data.origin.lon], { radius: 9, color: '#8b1a1a', fillOpacity: 0.9 })
          .bindTooltip(text(el.dataset.originLabel + ' : ' + data.origin.label)).addTo(map);
        bounds.push([data.origin.lat, data.origin.lon]);
      }
      data.markers.forEach(m => {
        const marker = L.marker([m.lat, m.lon], { title: m.name, alt: m.name });
        marker.bindPopup(popup(m));
        marker.on('click', () => highlight(m.id));
        cluster.addLayer(marker);
        markers[m.id] = marker;
        bounds.push([m.lat, m.lon]);
      });
      if (bounds.length > 0) {
        map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
        if (el.offsetWidth === 0) fitted = bounds;
      }
      document.querySelectorAll('.show-on-map').forEach(button => {
        const marker = markers[button.dataset.serviceId];
        if (!marker) return;
        button.hidden = false;
        // "Show on the map" brings the map into view (its tab on a phone) and centres it on the marker.
        button.addEventListener('click', () => {
          highlight(button.dataset.serviceId);
          if (narrow.matches) showView('map', false);
          el.scrollIntoView({ block: 'nearest' });
          cluster.zoomToShowLayer(marker, () => {
            map.panTo(marker.getLatLng());
            marker.openPopup();
          });
        });
      });
      el.dataset.markerCount = String(data.markers.length);
      el.dataset.ready = 'true';
    });

  // Choosing a point on the map fills the "from a point" fields of the form.
  map.on('click', e => {
    const lat = document.getElementById('lat');
    const lon = document.getElementById('lon');
    const origin = document.getElementById('origin');
    if (!lat || !lon || !origin) return;
    lat.value = e.latlng.lat.toFixed(5);
    lon.value = e.latlng.lng.toFixed(5);
    origin.value = 'point';
    origin.dispatchEvent(new Event('change'));
    L.popup().setLatLng(e.latlng).setContent(text(el.dataset.pickLabel)).openOn(map);
  });
})();
