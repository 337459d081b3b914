import { render } from 'preact';
import '../shared/base.css';
import './governance.css';
import './access.css';
import { App } from './App.js';

render(<App />, document.getElementById('root')!);
