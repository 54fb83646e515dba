// The gradient-flow panel's page script. It renders the panel once the simulation
// engine and the panel controller exist; until then it shows what the panel is for.

const root = document.getElementById('root');
if (root) {
  root.textContent = 'The gradient-flow panel is not available in this version of initlint.';
}
