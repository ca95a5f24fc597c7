// The sheet's print button (no inline script: the CSP forbids it).
document.getElementById('print-sheet')?.addEventListener('click', () => window.print());
