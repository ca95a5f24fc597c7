// Buttons that undo a lot (deactivating a user or an organisation) ask first: data-confirm holds the question.
document.addEventListener('click', function (event) {
    const button = event.target.closest('[data-confirm]');
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
