// The console's entry: the shell and everything it imports. Modules load by bare name (lit) through
// the import map the hub puts in the page; there is no build step.
import './components/shell.js';
