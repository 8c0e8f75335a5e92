// The supervisor board's texts, added to the catalogues when the board's modules load (import it first).
import { addTexts } from './i18n.js';
import en from './messages-supervisor-en.js';
import zh from './messages-supervisor-zh.js';

addTexts(en, zh);
