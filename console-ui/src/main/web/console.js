// Shows the hub's /health answer. Text only: nothing from the server is inserted as HTML.
(async () => {
  const target = document.getElementById('health');
  try {
    const response = await fetch('/health');
    const body = await response.json();
    target.textContent = `${body.status} — store: ${body.store}`;
    target.className = response.ok ? 'up' : 'down';
  } catch (error) {
    target.textContent = `unreachable (${error.message})`;
    target.className = 'down';
  }
})();
