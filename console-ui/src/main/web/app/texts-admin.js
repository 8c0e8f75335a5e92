// The admin pages' texts (the pages and the editors'), added to the catalogues when the admin modules load
// (import it first).
import { addTexts } from './i18n.js';
import en from './messages-admin-en.js';
import zh from './messages-admin-zh.js';
import editorsEn from './messages-admin-editors-en.js';
import editorsZh from './messages-admin-editors-zh.js';

addTexts({ ...en, ...editorsEn }, { ...zh, ...editorsZh });
