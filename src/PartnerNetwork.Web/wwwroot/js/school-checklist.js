// The schools checklist: a search by name or code opens the groups holding a match and hides the rest; ticked schools
// stay listed whatever the search, so what is assigned is always in view.
(function () {
    const group = document.getElementById('school-filter-group');
    const filter = document.getElementById('school-filter');
    const count = document.getElementById('school-filter-count');
    if (!group || !filter) return;
    group.hidden = false;
    const normalise = function (text) { return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); };
    const items = Array.from(document.querySelectorAll('#school-checklist .school-item')).map(function (item) {
        return { item: item, box: item.querySelector('input'), text: normalise(item.textContent) };
    });
    filter.addEventListener('input', function () {
        const words = normalise(filter.value).split(/\s+/).filter(Boolean);
        let shown = 0;
        items.forEach(function (entry) {
            const match = words.length === 0 || words.every(function (w) { return entry.text.indexOf(w) >= 0; });
            entry.item.hidden = !(match || entry.box.checked);
            if (match && !entry.box.checked) shown++;
        });
        document.querySelectorAll('#school-checklist details.school-group').forEach(function (details) {
            const visible = details.querySelector('.school-item:not([hidden])');
            details.hidden = words.length > 0 && !visible;
            details.open = words.length > 0 && !!visible;
        });
        count.textContent = words.length === 0 ? '' : shown === 0 ? count.dataset.none : String(shown);
    });
})();
