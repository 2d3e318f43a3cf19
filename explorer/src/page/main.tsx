import { render } from 'preact';
import { App } from './app.js';
import { followHash } from './route.js';
import { startChain } from './state.js';
import './style.css';

followHash();
void startChain();
render(<App />, document.getElementById('app') as HTMLElement);
