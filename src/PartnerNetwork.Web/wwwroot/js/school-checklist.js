// The schools checklist: choosing a CSS brings its schools (the ticked ones stay on top); a search by name or code hides
// the schools that do not match. Ticked schools stay listed whatever the search, so what is assigned is always in view.
(function () {
    const group = document.getElementById('school-filter-group');
    const filter = document.getElementById('school-filter');
    const count = document.getElementById('school-filter-count');
    const centre = document.getElementById('Input_ServiceCentreId');
    const status = document.getElementById('school-list-status');
    const button = document.getElementById('show-schools');
    if (!group || !filter) return;
    group.hidden = false;
    const normalise = function (text) { return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); };

    function applyFilter() {
        const words = normalise(filter.value).split(/\s+/).filter(Boolean);
        let shown = 0;
        document.querySelectorAll('#school-checklist .school-item').forEach(function (item) {
            const box = item.querySelector('input');
            const match = words.length === 0 || words.every(function (w) { return normalise(item.textContent).indexOf(w) >= 0; });
            item.hidden = !(match || box.checked);
            if (match && !box.checked) shown++;
        });
        count.textContent = words.length === 0 ? '' : shown === 0 ? count.dataset.none : String(shown);
    }
    filter.addEventListener('input', applyFilter);

    if (!centre || !button) return;
    button.hidden = true;
    let asked = 0;
    centre.addEventListener('change', function () {
        const query = new URLSearchParams({ handler: 'Schools', centreId: centre.value });
        document.querySelectorAll('#school-checklist input[name="Input.SchoolIds"]:checked').forEach(function (box) {
            query.append('chosen', box.value);
        });
        const ticket = ++asked;
        fetch(window.location.pathname + '?' + query.toString(), { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
            .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.text(); })
            .then(function (html) {
                if (ticket !== asked) return; // a later choice is on its way
                const list = document.getElementById('school-list');
                const holder = document.createElement('div');
                holder.innerHTML = html;
                const fresh = holder.querySelector('#school-list');
                if (!list || !fresh) return;
                list.replaceWith(fresh);
                applyFilter();
                if (status) status.textContent = fresh.dataset.status || '';
            })
            .catch(function () { button.hidden = false; }); // the button still does it through the server
    });
})();
