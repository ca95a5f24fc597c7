// The new-referral form follows the chosen family in place: its declared needs ticked, the others not, and its language
// for the sheet. What was said about the previous family (open referrals, missing consent) no longer holds, so it goes,
// and sending asks again if the new family has an open referral for the same need.
(function () {
    const form = document.getElementById('new-referral');
    const family = document.getElementById('Input_FamilyId');
    if (!form || !family) return;
    const postBack = document.getElementById('use-family');
    if (postBack) postBack.hidden = true;
    family.addEventListener('change', function () {
        const option = family.selectedOptions[0];
        const needs = option && option.value ? (option.dataset.needs || '').split(' ').filter(Boolean) : [];
        form.querySelectorAll('input[name="Input.NeedIds"]').forEach(function (box) {
            box.checked = needs.indexOf(box.value) >= 0;
        });
        const language = document.getElementById('Input_SheetLanguage');
        if (language && option && option.dataset.language) language.value = option.dataset.language;
        document.querySelectorAll('[data-family-specific]').forEach(function (element) { element.remove(); });
        const send = document.getElementById('send-referral');
        if (send && send.dataset.sendLabel) send.textContent = send.dataset.sendLabel;
    });
})();
