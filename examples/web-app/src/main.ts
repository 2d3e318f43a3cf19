// A web page that calls the Counter example on a Sprocket node: the generated CounterClient, unchanged, over
// `connect()` (the browser's own WebSocket; writes are signed here, in the page, by the dev account alice).
// The node and the counter come from the page's address: `?node=ws://127.0.0.1:9944/rpc&counter=0x…`.
import { type ActorId, connect, devAccount, isCallError, SprocketError } from '@sprocket/sdk';
import { CounterClient } from '../../counter/counter.gen.js';

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = element<HTMLParagraphElement>('status');
const errorBox = element<HTMLDivElement>('error');
const app = element<HTMLElement>('app');
const valueOut = element<HTMLOutputElement>('value');
const amount = element<HTMLInputElement>('amount');
const addButton = element<HTMLButtonElement>('add');
const sendButton = element<HTMLButtonElement>('send');
const result = element<HTMLParagraphElement>('result');
const events = element<HTMLUListElement>('events');

/** Shows an error: a CallError's code and reason, another Sprocket error's code and message, else the text. */
function showError(error: unknown): void {
  const [code, reason] = isCallError(error)
    ? [error.code, error.reason]
    : error instanceof SprocketError
      ? [error.code, error.message]
      : ['ERROR', String(error)];
  errorBox.replaceChildren(Object.assign(document.createElement('strong'), { textContent: code }), `: ${reason}`);
  errorBox.dataset.code = code;
  errorBox.hidden = false;
  result.hidden = true;
}

/** Shows the outcome of the last button press. */
function showResult(text: string): void {
  result.textContent = text;
  result.hidden = false;
  errorBox.hidden = true;
}

const params = new URLSearchParams(location.search);
const nodeUrl = params.get('node');
const address = params.get('counter');
const example = '?node=ws://127.0.0.1:9944/rpc&counter=0x…';

if (nodeUrl === null || nodeUrl === '') {
  status.textContent = `No node: add it to the page's address, e.g. ${example}`;
} else if (address === null || !/^0x[0-9a-fA-F]{64}$/.test(address)) {
  status.textContent = `No counter: add its address (0x and 64 hex digits; \`npm run web-app\` prints it), e.g. ${example}`;
} else {
  try {
    start(nodeUrl, address as ActorId);
  } catch (error) {
    status.textContent = `Cannot connect to ${nodeUrl}`;
    showError(error); // a malformed URL (SDK_BAD_URL)
  }
}

/** Connects, shows the value, wires the buttons and follows the Added events. */
function start(url: string, counterAddress: ActorId): void {
  // Three reconnect attempts: a node that is down is reported within a second or two, not after the default eight.
  const conn = connect(url, { account: devAccount('alice'), reconnect: { attempts: 3 }, onError: showError });
  const counter = CounterClient.at(conn, counterAddress);

  // Reads may overlap (a button and an event): only the newest one's answer is shown.
  let reads = 0;
  const refresh = async (): Promise<void> => {
    const read = ++reads;
    const value = await counter.value(); // a query: unsigned, runs on the node's current state
    if (read === reads) valueOut.textContent = String(value);
  };

  /** Runs a button's action with the button disabled; a failure is shown with its code and reason. */
  const onClick = (button: HTMLButtonElement, action: (n: number) => Promise<void>): void => {
    button.addEventListener('click', () => {
      button.disabled = true;
      action(Number(amount.value))
        .catch(showError)
        .finally(() => {
          button.disabled = false;
        });
    });
  };

  refresh().then(
    () => {
      status.textContent = `Counter ${counterAddress} on ${url}, signing as alice`;
      app.hidden = false;
      counter.on('Added', (n) => {
        events.append(Object.assign(document.createElement('li'), { textContent: `Added(${n})` }));
        refresh().catch(showError);
      });
    },
    (error: unknown) => {
      status.textContent = `Cannot read the counter at ${url}`;
      showError(error); // e.g. NODE_UNAVAILABLE (the node is down) or ACTOR_NOT_FOUND (a wrong address)
    },
  );

  onClick(addButton, async (n) => {
    const reply = await counter.add(n); // signed here, awaited: resolves with the handler's reply
    showResult(`Add(${n}) replied ${reply}`);
    await refresh();
  });

  onClick(sendButton, async (n) => {
    const id = await counter.send.add(n); // fire-and-forget: resolves once the node has accepted the message
    showResult(`Sent Add(${n}): MessageId ${id}`);
  });
}
