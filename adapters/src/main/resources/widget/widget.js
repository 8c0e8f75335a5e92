/*
 * OmniHub website chat widget. Embed with one tag:
 *   <script src="https://hub.example.com/widget.js" data-channel-id="CHANNEL_ID" async></script>
 * Optional attributes: data-user-id and data-user-hash (identity verification: the hex HMAC-SHA256
 * of the user id with the channel secret, computed by the site's server), data-email, data-name.
 *
 * Plain script, no build step, no dependencies. It keeps the visitor's token in localStorage, so a
 * reload keeps the same conversation; it reconnects with the last seq it saw, so nothing is missed or
 * shown twice; a message is "sending" until the hub acknowledges it as stored, and unacknowledged
 * messages are sent again (same clientId, stored once) after a reconnect. Everything a person wrote
 * is inserted as text, never as HTML.
 *
 * Its own texts come from one catalogue per language (English, Simplified Chinese): the channel's
 * `language` setting when it names one, else the page's <html lang>, else the browser's languages.
 * Its icons are inline SVG, so nothing depends on an emoji font being installed.
 */
(function () {
  'use strict';

  var script = document.currentScript || document.querySelector('script[data-channel-id]');
  if (!script || !script.getAttribute('data-channel-id')) {
    console.error('OmniHub widget: add data-channel-id to the script tag');
    return;
  }
  var channelId = script.getAttribute('data-channel-id');
  var hub = new URL(script.src, location.href);
  var base = hub.origin;
  var socketBase = (hub.protocol === 'https:' ? 'wss://' : 'ws://') + hub.host;
  var storageKey = 'omnihub:' + channelId + ':visitorToken';

  // ---- the widget's own words, one catalogue per language (what people write is shown as written) ----
  var TEXTS = {
    en: {
      launcher: 'Chat',
      launcherLabel: 'Chat with us',
      launcherUnread: function (count) { return 'Chat with us, ' + count + (count === 1 ? ' unread message' : ' unread messages'); },
      dialog: 'Chat',
      logLabel: 'Conversation',
      title: 'Chat with us',
      connecting: 'Connecting…',
      online: 'Online',
      reconnecting: 'Reconnecting…',
      offline: 'Offline – reconnecting…',
      notOnThisSite: 'Chat is not available on this site',
      unavailable: 'Chat is not available right now',
      helpLabel: 'Help articles',
      helpTitle: 'Articles that may help',
      askText: 'Get replies by email:',
      askLabel: 'Your email',
      askButton: 'OK',
      askInvalid: 'Please check this address',
      emailThanks: function (email) { return 'Thanks! If you leave, we will email you our answers at ' + email + '.'; },
      attach: 'Attach a file',
      messageLabel: 'Message',
      messagePlaceholder: 'Type a message',
      send: 'Send',
      sending: 'Sending…',
      notSent: 'Not sent',
      seen: 'Seen',
      agentTyping: 'Agent is typing…',
      tooLarge: function (name, megabytes) { return name + ' is too large: files up to ' + megabytes + ' MB can be sent.'; },
      surveyLabel: 'Rate this conversation',
      surveyQuestion: 'How did we do?',
      surveyScores: 'Your rating from 1 to 5',
      scoreNames: ['very poor', 'poor', 'okay', 'good', 'excellent'],
      scoreLabel: function (score, name) { return score + ' of 5, ' + name; },
      commentLabel: 'Comment (optional)',
      commentPlaceholder: 'Anything to add? (optional)',
      sendRating: 'Send rating',
      rated: 'Thank you for your rating!',
      alreadyRated: 'You rated this conversation already. Thank you!',
      surveyClosed: 'This survey is no longer open.'
    },
    zh: {
      launcher: '在线咨询',
      launcherLabel: '在线咨询',
      launcherUnread: function (count) { return '在线咨询，' + count + ' 条未读消息'; },
      dialog: '在线咨询',
      logLabel: '对话记录',
      title: '在线咨询',
      connecting: '正在连接…',
      online: '在线',
      reconnecting: '正在重新连接…',
      offline: '连接已断开，正在重新连接…',
      notOnThisSite: '此网站无法使用在线咨询',
      unavailable: '在线咨询暂时无法使用',
      helpLabel: '帮助文章',
      helpTitle: '这些文章或许能帮到您',
      askText: '通过邮件接收回复：',
      askLabel: '您的邮箱',
      askButton: '确定',
      askInvalid: '请检查邮箱地址是否正确',
      emailThanks: function (email) { return '谢谢！如果您先离开，我们会把回复发送到 ' + email + '。'; },
      attach: '添加附件',
      messageLabel: '消息',
      messagePlaceholder: '请输入消息',
      send: '发送',
      sending: '正在发送…',
      notSent: '未发送',
      seen: '已读',
      agentTyping: '客服正在输入…',
      tooLarge: function (name, megabytes) { return name + ' 太大了：只能发送不超过 ' + megabytes + ' MB 的文件。'; },
      surveyLabel: '为本次咨询评分',
      surveyQuestion: '我们的服务怎么样？',
      surveyScores: '您的评分（1 到 5 分）',
      scoreNames: ['很差', '较差', '一般', '好', '非常好'],
      scoreLabel: function (score, name) { return score + ' 分（满分 5 分）：' + name; },
      commentLabel: '评论（可选）',
      commentPlaceholder: '还有什么想告诉我们的吗？（可选）',
      sendRating: '提交评分',
      rated: '感谢您的评分！',
      alreadyRated: '您已经为本次咨询评过分了，谢谢！',
      surveyClosed: '此调查已结束。'
    }
  };
  // The lang the widget's root declares, so screen readers pronounce its texts right.
  var LANG_TAGS = { en: 'en', zh: 'zh-CN' };

  /** 'zh' or 'en' for a language tag the widget has texts for (zh, zh-CN, zh-Hant-TW, en-GB...), else null. */
  function languageOf(tag) {
    var primary = String(tag || '').trim().toLowerCase().split(/[-_]/)[0];
    return TEXTS.hasOwnProperty(primary) ? primary : null;
  }

  /** A tag as Intl takes it, or null when it is not a well-formed one. */
  function wellFormed(tag) {
    try {
      var canonical = String(tag || '').trim().replace(/_/g, '-');
      return canonical && Intl.DateTimeFormat.supportedLocalesOf([canonical]).length ? canonical : null;
    } catch (e) {
      return null;
    }
  }

  /**
   * The channel's setting when it names a language; else the page's lang (zh... is Chinese, any other
   * English: the page says what its visitors read); else the first of the browser's languages the
   * widget has. Dates and times follow the first of the page's and the browser's tags in that language
   * (en-GB gets 24-hour times), else the language's own.
   */
  function chooseLanguage(setting) {
    var page = document.documentElement.getAttribute('lang');
    var browser = navigator.languages && navigator.languages.length ? Array.prototype.slice.call(navigator.languages) : [navigator.language];
    var language = TEXTS.hasOwnProperty(setting) ? setting
      : page && page.trim() ? languageOf(page) || 'en'
      : browser.map(languageOf).filter(Boolean)[0] || 'en';
    var tags = [page].concat(browser);
    for (var i = 0; i < tags.length; i++) {
      if (languageOf(tags[i]) === language && wellFormed(tags[i])) {
        return { language: language, locale: wellFormed(tags[i]) };
      }
    }
    return { language: language, locale: LANG_TAGS[language] };
  }

  var speech = chooseLanguage('auto');

  /** A text of the catalogue, in the widget's language; a function's arguments follow the key. */
  function t(key) {
    var text = TEXTS[speech.language][key];
    return typeof text === 'function' ? text.apply(null, Array.prototype.slice.call(arguments, 1)) : text;
  }

  /** When a message was written, by the visitor's locale: the time today, the day and time before. */
  function when(date) {
    var today = date.toDateString() === new Date().toDateString();
    var options = today ? { hour: 'numeric', minute: '2-digit' } : { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
    return new Intl.DateTimeFormat(speech.locale, options).format(date);
  }

  // ---- icons: inline SVG in the text's colour, hidden from screen readers (the button carries the name) ----
  var SVG = 'http://www.w3.org/2000/svg';
  var ICONS = {
    paperclip: 'M16 6v10a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10'
  };

  function icon(name) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'icon');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', ICONS[name]);
    path.setAttribute('transform', 'rotate(45 12 12)');
    svg.appendChild(path);
    return svg;
  }

  var state = {
    token: null,
    socket: null,
    lastSeq: 0,
    seen: {},          // seq -> true
    pending: {},       // clientId -> {text, element}
    open: false,
    unread: 0,
    retryDelay: 1000,
    pingTimer: null,
    surveys: {},       // surveyId -> the survey's element
    typingSentAt: 0,
    agentTypingTimer: null,
    lastReadSent: 0,
    helpTimer: null,
    closedForGood: false,
    status: 'connecting' // the key of the status line's text
  };

  // ---- view (in a shadow root, so the site's CSS and ours never meet) ----
  var host = document.createElement('div');
  host.setAttribute('data-omnihub-widget', '');
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  root.innerHTML =
    '<style>' +
    ':host{all:initial}' +
    '.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:24px;padding:12px 18px;' +
    'background:#1f6feb;color:#fff;font:600 14px system-ui,sans-serif;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.25)}' +
    '.badge{display:none;margin-left:6px;background:#d1242f;border-radius:9px;padding:0 6px;font-size:12px}' +
    '.panel{position:fixed;right:20px;bottom:76px;z-index:2147483000;width:340px;max-width:calc(100vw - 40px);height:460px;' +
    'max-height:calc(100vh - 100px);display:none;flex-direction:column;background:#fff;border-radius:12px;overflow:hidden;' +
    'box-shadow:0 4px 24px rgba(0,0,0,.25);font:14px/1.4 system-ui,sans-serif;color:#1f2328}' +
    '.panel.open{display:flex}' +
    '.head{background:#1f6feb;color:#fff;padding:12px 14px;font-weight:600}' +
    // No opacity on text: faded white on the blue header fell below 4.5:1 (axe's colour-contrast).
    '.status{font-weight:400;font-size:12px}' +
    '.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:6px;background:#f6f8fa}' +
    '.msg{max-width:80%;padding:7px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}' +
    '.msg.inbound{align-self:flex-end;background:#1f6feb;color:#fff}' +
    '.msg.outbound{align-self:flex-start;background:#fff;border:1px solid #d0d7de}' +
    // Sending and failed are told by words in the meta line as well as by colour, each readable.
    '.msg.inbound.sending{background:#dbe7fd;color:#1f2328}' +
    '.msg.failed{background:#d1242f}' +
    '.msg a{color:inherit}' +
    '.meta{font-size:11px;margin-top:2px}' +
    '.msg.outbound .meta{color:#57606a}' +
    '.icon{width:1.1em;height:1.1em;vertical-align:-.2em;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;' +
    'stroke-linejoin:round}' +
    '.body .icon{margin-right:.3em}' +
    '::placeholder{color:#656d76;opacity:1}' +
    '.typing{font-size:12px;color:#57606a;padding:0 12px 6px;min-height:16px;background:#f6f8fa}' +
    '.ask{display:none;padding:8px 12px;background:#fff8c5;font-size:12px;gap:6px;align-items:center}' +
    '.ask.shown{display:flex}' +
    '.ask input{flex:1;min-width:0;border:1px solid #d0d7de;border-radius:6px;padding:4px 6px;font:inherit}' +
    '.ask button{border:0;background:#1f6feb;color:#fff;border-radius:6px;padding:4px 8px;cursor:pointer}' +
    '.form{display:flex;border-top:1px solid #d0d7de}' +
    '.form textarea{flex:1;border:0;padding:10px;resize:none;font:inherit;height:40px;outline:none}' +
    // The text box draws no outline of its own, so its form shows where the keyboard is.
    '.form:focus-within{box-shadow:inset 0 0 0 2px #1f6feb}' +
    '.form button{border:0;background:#fff;color:#1f6feb;font:600 14px system-ui,sans-serif;padding:0 14px;cursor:pointer}' +
    '.form .attach{display:flex;align-items:center;padding:0 8px;font-size:20px}' +
    '.file{display:block;margin-top:4px;text-decoration:underline;cursor:pointer}' +
    '.help{display:none;padding:6px 12px;border-top:1px solid #d0d7de;background:#fff;font-size:12px}' +
    '.help.shown{display:block}' +
    '.help-title{color:#57606a;margin-bottom:2px}' +
    '.help-item{display:block;border:0;background:none;padding:2px 0;color:#1f6feb;font:inherit;text-align:left;cursor:pointer}' +
    '.article{align-self:stretch;background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:8px 10px}' +
    '.article-title{font-weight:600}' +
    '.article p{margin:6px 0 0}' +
    '.survey{align-self:stretch;background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:8px 10px}' +
    '.survey-question{margin:0 0 6px;font-weight:600}' +
    '.scores{display:flex;gap:4px;margin-bottom:6px}' +
    '.scores button{flex:1;border:1px solid #57606a;background:#fff;color:#1f2328;border-radius:6px;padding:6px 0;font:inherit;cursor:pointer}' +
    '.scores button[aria-pressed=true]{background:#1f6feb;border-color:#1f6feb;color:#fff}' +
    '.survey textarea{width:100%;box-sizing:border-box;border:1px solid #d0d7de;border-radius:6px;padding:4px 6px;font:inherit;resize:vertical}' +
    '.survey .send{margin-top:6px;border:0;background:#1f6feb;color:#fff;border-radius:6px;padding:5px 12px;font:inherit;cursor:pointer}' +
    '</style>' +
    // Texts are filled in by localize(): data-text is an element's text, data-label its aria-label and
    // data-placeholder its placeholder, each a key of the catalogue.
    '<button class="launcher" type="button" aria-expanded="false"><span data-text="launcher"></span>' +
    // The badge is drawn; the launcher's name says the count (showUnread).
    '<span class="badge" aria-hidden="true"></span></button>' +
    '<div class="panel" role="dialog" data-label="dialog">' +
    '<div class="head"><div class="title" data-text="title"></div><div class="status"></div></div>' +
    // Focusable, so that a keyboard can scroll a long conversation (axe: scrollable-region-focusable).
    '<div class="log" role="log" aria-live="polite" tabindex="0" data-label="logLabel"></div>' +
    '<div class="typing"></div>' +
    '<div class="help" role="region" data-label="helpLabel"><div class="help-title" data-text="helpTitle"></div><div class="help-list"></div></div>' +
    '<form class="ask"><span data-text="askText"></span><input type="email" name="email" placeholder="you@example.com" ' +
    'data-label="askLabel"><button type="submit" data-text="askButton"></button></form>' +
    '<form class="form"><button type="button" class="attach" data-label="attach"></button>' +
    '<input type="file" hidden>' +
    '<textarea name="text" rows="1" data-placeholder="messagePlaceholder" data-label="messageLabel"></textarea>' +
    '<button type="submit" data-text="send"></button></form>' +
    '</div>';
  var launcher = root.querySelector('.launcher');
  var badge = root.querySelector('.badge');
  var panel = root.querySelector('.panel');
  var title = root.querySelector('.title');
  var status = root.querySelector('.status');
  var log = root.querySelector('.log');
  var typingLine = root.querySelector('.typing');
  var form = root.querySelector('.form');
  var ask = root.querySelector('.ask');
  var emailKey = 'omnihub:' + channelId + ':email';
  var input = form.querySelector('textarea');
  var fileInput = form.querySelector('input[type=file]');
  var maxAttachmentBytes = 5 * 1024 * 1024;
  var help = root.querySelector('.help');
  var helpList = root.querySelector('.help-list');
  form.querySelector('.attach').appendChild(icon('paperclip'));
  var greeting = null; // the channel's, shown as written instead of the title

  /** Puts every text of the widget in its language, and says which on its root for screen readers. */
  function localize() {
    host.setAttribute('lang', LANG_TAGS[speech.language]);
    Array.prototype.forEach.call(root.querySelectorAll('[data-text]'), function (element) {
      element.textContent = t(element.getAttribute('data-text'));
    });
    Array.prototype.forEach.call(root.querySelectorAll('[data-label]'), function (element) {
      element.setAttribute('aria-label', t(element.getAttribute('data-label')));
    });
    Array.prototype.forEach.call(root.querySelectorAll('[data-placeholder]'), function (element) {
      element.placeholder = t(element.getAttribute('data-placeholder'));
    });
    if (greeting) {
      title.textContent = greeting;
    }
    status.textContent = t(state.status);
    showUnread();
    Array.prototype.forEach.call(log.querySelectorAll('.msg'), showMeta);
  }

  /** Speaks the language the channel asks for, once the session says (auto: the page's or the browser's). */
  function useLanguage(setting) {
    var chosen = chooseLanguage(setting);
    if (chosen.language !== speech.language || chosen.locale !== speech.locale) {
      speech = chosen;
      localize();
    }
  }

  function mount() {
    document.body.appendChild(host);
  }
  if (document.body) {
    mount();
  } else {
    document.addEventListener('DOMContentLoaded', mount);
  }

  function setStatus(key) {
    state.status = key;
    status.textContent = t(key);
  }

  /**
   * A message: its words (and files) in .body, as text; when it was written and how it stands in .meta.
   * Without a time (the widget's own notes) it has no meta line.
   */
  function bubble(direction, text, extraClass, at) {
    var element = document.createElement('div');
    element.className = 'msg ' + direction + (extraClass ? ' ' + extraClass : '');
    var body = document.createElement('div');
    body.className = 'body';
    body.textContent = text;
    element.appendChild(body);
    if (at !== undefined) {
      var meta = document.createElement('div');
      meta.className = 'meta';
      element.appendChild(meta);
      stamp(element, at);
    }
    log.appendChild(element);
    log.scrollTop = log.scrollHeight;
    return element;
  }

  /** Dates a message (null: not stored yet) and writes its meta line. */
  function stamp(element, at) {
    var date = at ? new Date(at) : null;
    element.setAttribute('data-at', date && !isNaN(date) ? date.toISOString() : '');
    showMeta(element);
  }

  /** The meta line: sending, not sent, or the time written and, for the visitor's own, whether it was seen. */
  function showMeta(element) {
    var meta = element.querySelector('.meta');
    if (!meta) {
      return;
    }
    meta.textContent = '';
    if (element.classList.contains('failed')) {
      meta.textContent = t('notSent');
      return;
    }
    if (element.classList.contains('sending')) {
      meta.textContent = t('sending');
      return;
    }
    var at = element.getAttribute('data-at');
    if (at) {
      var time = document.createElement('time');
      time.dateTime = at;
      time.textContent = when(new Date(at));
      meta.appendChild(time);
    }
    if (element.getAttribute('data-read') === 'true') {
      meta.appendChild(document.createTextNode((at ? ' · ' : '') + t('seen')));
    }
  }

  /** A file's link or label: the paperclip drawn, then its name as text. */
  function fileLabel(element, name) {
    element.appendChild(icon('paperclip'));
    element.appendChild(document.createTextNode(name));
    return element;
  }

  function showUnread() {
    badge.textContent = String(state.unread);
    badge.style.display = state.unread > 0 ? 'inline' : 'none';
    launcher.setAttribute('aria-label', state.unread > 0 ? t('launcherUnread', state.unread) : t('launcherLabel'));
  }

  localize();

  // ---- identity and session ----
  function identity() {
    var id = {};
    ['user-id:userId', 'user-hash:userHash', 'email:email', 'name:name'].forEach(function (pair) {
      var parts = pair.split(':');
      var value = script.getAttribute('data-' + parts[0]);
      if (value) {
        id[parts[1]] = value;
      }
    });
    return Object.keys(id).length ? id : null;
  }

  function startSession() {
    var body = { visitorToken: readToken() };
    var id = identity();
    if (id) {
      body.identity = id;
    }
    return fetch(base + '/api/v1/widget/' + encodeURIComponent(channelId) + '/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) {
        return response.json().catch(function () { return {}; }).then(function (error) {
          throw new Error((error.error && error.error.message) || ('the hub answered ' + response.status));
        });
      }
      return response.json();
    }).then(function (session) {
      state.token = session.visitorToken;
      writeToken(session.visitorToken);
      if (session.greeting) {
        greeting = session.greeting;
        title.textContent = greeting;
      }
      useLanguage(session.language);
      if (session.maxAttachmentBytes) {
        maxAttachmentBytes = session.maxAttachmentBytes;
      }
      return session;
    });
  }

  function readToken() {
    try {
      return localStorage.getItem(storageKey) || undefined;
    } catch (e) {
      return undefined;
    }
  }

  function writeToken(token) {
    try {
      localStorage.setItem(storageKey, token);
    } catch (e) {
      // private mode: the conversation lasts as long as the page
    }
  }

  // ---- socket ----
  function connect() {
    if (state.closedForGood) {
      return;
    }
    setStatus('connecting');
    var socket = new WebSocket(socketBase + '/ws/widget?token=' + encodeURIComponent(state.token) + '&since=' + state.lastSeq);
    state.socket = socket;
    socket.onopen = function () {
      state.retryDelay = 1000;
      setStatus('online');
      Object.keys(state.pending).forEach(function (clientId) {
        sendFrame(state.pending[clientId].frame);
      });
      clearInterval(state.pingTimer);
      state.pingTimer = setInterval(function () {
        sendFrame({ type: 'ping' });
      }, 25000);
    };
    socket.onmessage = function (event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      received(frame);
    };
    socket.onclose = function (event) {
      clearInterval(state.pingTimer);
      if (state.socket !== socket) {
        return;
      }
      state.socket = null;
      if (event.code === 4401) {
        // The token is no longer valid (the channel's secret changed): start again as a new visitor.
        try {
          localStorage.removeItem(storageKey);
        } catch (e) { /* ignore */ }
        state.token = null;
        state.lastSeq = 0;
        state.seen = {};
        setStatus('reconnecting');
        setTimeout(function () { startSession().then(connect, retryLater); }, 1000);
        return;
      }
      if (event.code === 4403) {
        state.closedForGood = true;
        setStatus('notOnThisSite');
        return;
      }
      retryLater();
    };
  }

  function retryLater() {
    setStatus('offline');
    var delay = state.retryDelay;
    state.retryDelay = Math.min(state.retryDelay * 2, 30000);
    setTimeout(function () {
      (state.token ? Promise.resolve() : startSession()).then(connect, retryLater);
    }, delay + Math.floor(Math.random() * 500));
  }

  function sendFrame(frame) {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) {
      state.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function received(frame) {
    switch (frame.type) {
      case 'message':
        showMessage(frame);
        break;
      case 'csat':
        showSurvey(frame);
        break;
      case 'ack':
        acknowledged(frame);
        break;
      case 'typing':
        agentTyping();
        break;
      case 'read':
        markRead(frame.seq);
        break;
      case 'error':
        failed(frame);
        break;
      default:
        break;
    }
  }

  function showMessage(frame) {
    if (state.seen[frame.seq]) {
      return;
    }
    state.seen[frame.seq] = true;
    state.lastSeq = Math.max(state.lastSeq, frame.seq);
    var pending = frame.clientId && state.pending[frame.clientId];
    if (pending) {
      settle(frame.clientId, frame.seq, frame.createdAt);
      return;
    }
    var element = bubble(frame.direction === 'inbound' ? 'inbound' : 'outbound', frame.text || '', null, frame.createdAt || null);
    element.setAttribute('data-seq', frame.seq);
    (frame.attachments || []).forEach(function (file) {
      var link = document.createElement('a');
      link.className = 'file';
      link.href = base + file.url + '?token=' + encodeURIComponent(state.token);
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      element.querySelector('.body').appendChild(fileLabel(link, file.name));
    });
    if (frame.direction === 'outbound') {
      typingLine.textContent = '';
      if (!state.open || document.hidden) {
        state.unread += 1;
        showUnread();
      } else {
        sendRead();
      }
    }
  }

  // ---- the hub's satisfaction survey: five choices and a comment box, answered once on the socket ----
  function showSurvey(frame) {
    if (state.seen[frame.seq]) {
      return;
    }
    state.seen[frame.seq] = true;
    state.lastSeq = Math.max(state.lastSeq, frame.seq);
    var card = document.createElement('form');
    card.className = 'survey';
    card.setAttribute('aria-label', t('surveyLabel'));
    var question = document.createElement('p');
    question.className = 'survey-question';
    // The channel's question is shown as the business wrote it.
    question.textContent = frame.question || t('surveyQuestion');
    card.appendChild(question);
    var scores = document.createElement('div');
    scores.className = 'scores';
    scores.setAttribute('role', 'group');
    scores.setAttribute('aria-label', t('surveyScores'));
    var chosen = 0;
    for (var score = 1; score <= 5; score++) {
      var choice = document.createElement('button');
      choice.type = 'button';
      choice.textContent = String(score);
      choice.setAttribute('aria-label', t('scoreLabel', score, t('scoreNames')[score - 1]));
      choice.setAttribute('aria-pressed', 'false');
      choice.addEventListener('click', (function (value, button) {
        return function () {
          chosen = value;
          var all = scores.querySelectorAll('button');
          for (var i = 0; i < all.length; i++) {
            all[i].setAttribute('aria-pressed', all[i] === button ? 'true' : 'false');
          }
        };
      })(score, choice));
      scores.appendChild(choice);
    }
    card.appendChild(scores);
    var comment = document.createElement('textarea');
    comment.rows = 2;
    comment.maxLength = 2000;
    comment.setAttribute('aria-label', t('commentLabel'));
    comment.placeholder = t('commentPlaceholder');
    card.appendChild(comment);
    var send = document.createElement('button');
    send.type = 'submit';
    send.className = 'send';
    send.textContent = t('sendRating');
    card.appendChild(send);
    card.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!chosen) {
        scores.querySelector('button').focus();
        return;
      }
      var answer = { type: 'csat', surveyId: frame.surveyId, score: chosen };
      if (comment.value.trim()) {
        answer.comment = comment.value.trim();
      }
      if (sendFrame(answer)) {
        send.disabled = true;
      }
    });
    state.surveys[frame.surveyId] = card;
    log.appendChild(card);
    log.scrollTop = log.scrollHeight;
  }

  function surveyEnded(surveyId, text) {
    var card = state.surveys[surveyId];
    if (!card) {
      return;
    }
    var done = document.createElement('div');
    done.className = 'msg outbound note';
    done.setAttribute('role', 'status');
    done.textContent = text;
    card.parentNode.replaceChild(done, card);
    delete state.surveys[surveyId];
  }

  function acknowledged(frame) {
    if (frame.surveyId) {
      surveyEnded(frame.surveyId, t('rated'));
      return;
    }
    if (state.pending[frame.clientId]) {
      state.seen[frame.seq] = true;
      state.lastSeq = Math.max(state.lastSeq, frame.seq);
      settle(frame.clientId, frame.seq);
    }
  }

  /** A message of the visitor's is stored: no longer sending, numbered and dated (the ack carries no time: now). */
  function settle(clientId, seq, at) {
    offerEmail();
    var element = state.pending[clientId].element;
    delete state.pending[clientId];
    element.classList.remove('sending');
    element.setAttribute('data-seq', seq);
    stamp(element, at || new Date());
  }

  function failed(frame) {
    if (frame.surveyId) {
      surveyEnded(frame.surveyId, t(frame.code === 'already_answered' ? 'alreadyRated' : 'surveyClosed'));
      return;
    }
    var pending = frame.clientId && state.pending[frame.clientId];
    if (pending && frame.code === 'rate_limited') {
      var retryAfter = (frame.retryAfter || 5) * 1000;
      setTimeout(function () {
        if (state.pending[frame.clientId]) {
          sendFrame(pending.frame);
        }
      }, retryAfter);
      return;
    }
    if (pending) {
      pending.element.classList.remove('sending');
      pending.element.classList.add('failed');
      showMeta(pending.element);
      delete state.pending[frame.clientId];
    }
    console.warn('OmniHub widget:', frame.code, frame.message);
  }

  function agentTyping() {
    typingLine.textContent = t('agentTyping');
    clearTimeout(state.agentTypingTimer);
    state.agentTypingTimer = setTimeout(function () {
      typingLine.textContent = '';
    }, 5000);
  }

  function markRead(seq) {
    var elements = log.querySelectorAll('.msg.inbound');
    for (var i = 0; i < elements.length; i++) {
      var own = Number(elements[i].getAttribute('data-seq'));
      if (own && own <= seq) {
        elements[i].setAttribute('data-read', 'true');
        showMeta(elements[i]);
      }
    }
  }

  function sendRead() {
    if (state.lastSeq > state.lastReadSent && sendFrame({ type: 'read', seq: state.lastSeq })) {
      state.lastReadSent = state.lastSeq;
    }
  }

  // ---- the visitor's email, for replies that arrive after they left (a claim: the hub never trusts it blindly) ----
  function knownEmail() {
    try {
      return script.getAttribute('data-email') || localStorage.getItem(emailKey);
    } catch (e) {
      return script.getAttribute('data-email');
    }
  }

  function offerEmail() {
    if (!knownEmail()) {
      ask.classList.add('shown');
    }
  }

  // An address the hub refused is marked invalid until the visitor edits it (else the form could never be sent again).
  ask.querySelector('input').addEventListener('input', function () {
    ask.querySelector('input').setCustomValidity('');
  });

  ask.addEventListener('submit', function (event) {
    event.preventDefault();
    var email = ask.querySelector('input').value.trim();
    if (!email) {
      return;
    }
    fetch(base + '/api/v1/widget/' + encodeURIComponent(channelId) + '/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ visitorToken: state.token, identity: { email: email } })
    }).then(function (response) {
      if (response.ok) {
        try {
          localStorage.setItem(emailKey, email);
        } catch (e) { /* ignore */ }
        ask.classList.remove('shown');
        bubble('outbound', t('emailThanks', email), 'note');
      } else {
        ask.querySelector('input').setCustomValidity(t('askInvalid'));
        ask.querySelector('input').reportValidity();
      }
    });
  });

  // ---- sending ----
  function newClientId() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  /**
   * Shows the message as sending and sends it; it is sent again after a reconnect until acknowledged.
   * A file's bubble gets its label by fileName.
   */
  function send(frame, text, fileName) {
    var element = bubble('inbound', text, 'sending', null);
    if (fileName) {
      fileLabel(element.querySelector('.body'), fileName);
    }
    state.pending[frame.clientId] = { frame: frame, element: element };
    sendFrame(frame);
    ensureConnected();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) {
      return;
    }
    input.value = '';
    showArticles([]);
    state.typingSentAt = 0; // the next keystroke is news again
    send({ type: 'message', clientId: newClientId(), text: text }, text);
  });

  form.querySelector('.attach').addEventListener('click', function () {
    fileInput.click();
  });

  fileInput.addEventListener('change', function () {
    var file = fileInput.files && fileInput.files[0];
    fileInput.value = '';
    if (!file) {
      return;
    }
    if (file.size > maxAttachmentBytes) {
      bubble('outbound', t('tooLarge', file.name, Math.floor(maxAttachmentBytes / 1048576)), 'note');
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var data = String(reader.result);
      send({
        type: 'message',
        clientId: newClientId(),
        attachment: { name: file.name, contentType: file.type || 'application/octet-stream', dataBase64: data.slice(data.indexOf(',') + 1) }
      }, '', file.name);
    };
    reader.readAsDataURL(file);
  });

  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });

  input.addEventListener('input', function () {
    clearTimeout(state.helpTimer);
    state.helpTimer = setTimeout(suggestArticles, 400);
    var now = Date.now();
    if (now - state.typingSentAt > 3000 && sendFrame({ type: 'typing' })) {
      state.typingSentAt = now;
    }
  });

  // ---- help center: the published articles for what the visitor is typing, before anyone answers ----
  var helpAsked = '';
  function suggestArticles() {
    var text = input.value.trim();
    if (text.length < 4) {
      helpAsked = '';
      showArticles([]);
      return;
    }
    if (text === helpAsked) {
      return;
    }
    helpAsked = text;
    fetch(base + '/api/v1/widget/' + encodeURIComponent(channelId) + '/kb/search?limit=3&q=' + encodeURIComponent(text.slice(0, 500)))
      .then(function (response) { return response.ok ? response.json() : { items: [] }; })
      .then(function (found) {
        if (helpAsked === text) { // not an answer to what the visitor typed before
          showArticles(found.items || []);
        }
      }, function () { /* help is optional: the visitor can still ask */ });
  }

  function showArticles(items) {
    helpList.textContent = '';
    items.forEach(function (item) {
      var link = document.createElement('button');
      link.type = 'button';
      link.className = 'help-item';
      link.textContent = item.title;
      link.addEventListener('click', function () { openArticle(item.articleId); });
      helpList.appendChild(link);
    });
    help.classList.toggle('shown', items.length > 0);
  }

  function openArticle(articleId) {
    fetch(base + '/api/v1/widget/' + encodeURIComponent(channelId) + '/kb/articles/' + encodeURIComponent(articleId))
      .then(function (response) {
        if (!response.ok) {
          throw new Error('article ' + response.status);
        }
        return response.json();
      })
      .then(function (article) {
        var card = document.createElement('div');
        card.className = 'article';
        var heading = document.createElement('div');
        heading.className = 'article-title';
        heading.textContent = article.title;
        card.appendChild(heading);
        // The hub sends sanitized HTML; the widget still shows text only, a paragraph per block.
        var parsed = new DOMParser().parseFromString(article.html || '', 'text/html');
        Array.prototype.forEach.call(parsed.body.children, function (block) {
          var paragraph = document.createElement('p');
          paragraph.textContent = block.textContent;
          card.appendChild(paragraph);
        });
        log.appendChild(card);
        log.scrollTop = log.scrollHeight;
      }, function () { /* the article was unpublished meanwhile: nothing to show */ });
  }

  // ---- opening ----
  var connecting = null;
  function ensureConnected() {
    if (!connecting) {
      connecting = (state.token ? Promise.resolve() : startSession()).then(connect, function (error) {
        console.warn('OmniHub widget: no session:', error.message);
        setStatus('unavailable');
        connecting = null;
      });
    }
    return connecting;
  }

  launcher.addEventListener('click', function () {
    state.open = !state.open;
    panel.classList.toggle('open', state.open);
    launcher.setAttribute('aria-expanded', String(state.open));
    if (state.open) {
      state.unread = 0;
      showUnread();
      ensureConnected();
      sendRead();
      input.focus();
    }
  });

  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && state.open) {
      sendRead();
    }
  });

  // A returning visitor with a conversation gets the agents' answers even before opening the panel.
  if (readToken()) {
    state.token = readToken();
    startSession().then(function (session) {
      if (session.conversationId) {
        ensureConnected();
      }
    }, function () { /* shown when the visitor opens the chat */ });
  }
}());
