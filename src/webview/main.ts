// The gradient-flow panel's page script (bundled as dist/webview.js). It validates what the
// extension sends and hands it to the page controller; see page.ts.

import { parseToPanel } from '../protocol/panel';
import { PanelPage } from './page';
import { vscodeApi } from './vscode-api';

performance.mark('script-start');
const vscode = vscodeApi();
const root = document.getElementById('root');

if (root) {
  const page = new PanelPage(root, vscode);
  window.addEventListener('message', (event: MessageEvent) => {
    const message = parseToPanel(event.data);
    if (message) {
      page.receive(message);
      return;
    }
    const type = typeof event.data?.type === 'string' ? `'${event.data.type.slice(0, 40)}'` : 'without a type';
    vscode.postMessage({ type: 'log', message: `the panel ignored a malformed or unknown message ${type}` });
  });
  // The document the panel opened on comes with the page, saving a round trip before the first paint.
  const initial = parseToPanel(safeJson(root.dataset.initial));
  if (initial) page.receive(initial);
  else vscode.postMessage({ type: 'log', message: `no initial document (${root.dataset.initial === undefined ? 'attribute missing' : 'not accepted'})` });
  vscode.postMessage({ type: 'ready' });
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
