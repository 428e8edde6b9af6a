import { render } from 'preact';
render(<p>Batchwatch</p>, document.getElementById('app')!);
