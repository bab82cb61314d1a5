/*! Carolina Center for Recovery website chat widget. Vanilla JS, no framework; talks to the
 * assistant over Rasa's socket.io channel with the socket.io client the bot's server serves.
 *
 * Embed (one tag; every data- setting is optional):
 *   <script src="https://BOT/widget/ccr-chat.js" defer
 *           data-bot-url="https://BOT" data-title="Carolina Center for Recovery"
 *           data-start-open="false" data-primary-color="#0a5566" data-hotline="866-797-7962"
 *           data-lang="en"></script>
 *
 * Languages: English and Spanish. `data-lang` ("en" or "es") is the page's language; the switch in
 * the header changes it (kept for the tab), sets `lang` on the widget's elements, and tells the
 * assistant (`/switch_language{"language": ...}`); every message also carries it as metadata, so
 * the conversation starts in the page's language.
 *
 * Safety rules kept here: message text never goes through innerHTML (every node is built with
 * DOM APIs from a small Markdown subset: bold, italics, lists, links to http(s) and tel: only);
 * nothing is loaded from anywhere but the bot's server; no cookies; sessionStorage holds the
 * session id and a copy of the conversation (this tab only) until "End chat & clear".
 */
(function () {
  "use strict";

  if (window.CCRChat && window.CCRChat.version) return; // embedded twice

  var VERSION = "1.0.0";
  var KEY = "ccr-chat."; // sessionStorage keys: ccr-chat.session, .messages, .open
  var MAX_STORED = 150;
  var TYPING_TIMEOUT_MS = 30000;

  // --- configuration from the <script> tag ------------------------------------------------

  var script = document.currentScript || (function () {
    var all = document.querySelectorAll("script[src*='ccr-chat.js']");
    return all[all.length - 1];
  })();
  var scriptUrl = new URL(script && script.src ? script.src : "widget/ccr-chat.js", location.href);
  var data = (script && script.dataset) || {};

  function httpUrl(value) {
    try {
      var url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
    } catch (e) {
      return null;
    }
  }

  var config = {
    botUrl: httpUrl(data.botUrl || "") || scriptUrl.origin,
    title: (data.title || "Carolina Center for Recovery").slice(0, 80),
    startOpen: /^(true|1|yes)$/i.test(data.startOpen || ""),
    primary: /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(data.primaryColor || "")
      ? data.primaryColor
      : "#0a5566",
    hotline: /^[\d()+.\s-]{7,20}$/.test(data.hotline || "") ? data.hotline.trim() : "866-797-7962"
  };
  var assets = new URL(".", scriptUrl);

  // --- the widget's own words, in both languages ----------------------------------------------

  var STRINGS = {
    en: {
      launcher: "Chat with us",
      newMessage: " (new message)",
      end: "End chat & clear",
      close: "Close chat",
      sub: "Automated assistant \u00b7 24/7 line ",
      lost: "Connection lost \u2014 call ",
      lostAfter: " any time. ",
      reconnecting: "Reconnecting\u2026",
      privacyTitle: "Before you start",
      privacyBot: ["You\u2019re chatting with an ", "automated assistant",
        ", not a person. Please don\u2019t share private details such as your full name, address or medical history."],
      privacyData: "What you type is sent to the center\u2019s server to answer you. This browser tab keeps a copy of " +
        "the chat until you close the tab or choose \u201cEnd chat & clear\u201d. No cookies, no tracking.",
      privacyHelp: ["In an emergency call ", ". In a crisis, call or text ", ". Our team: ", ", 24/7."],
      log: "Conversation",
      placeholder: "Type your question\u2026",
      send: "Send",
      inputLabel: "Message to the assistant",
      hint: "Press Enter to send, Escape to close the chat.",
      chatWith: "Chat with ",
      assistant: "Assistant: ",
      you: "You: ",
      urgent: "Urgent help",
      suggested: "Suggested replies",
      chosen: " (chosen)",
      typing: "The assistant is typing\u2026",
      reconnected: "Reconnected.",
      notSent: "Not sent: the connection is lost. Call {hotline} any time.",
      ended: "Chat ended and cleared from this browser.",
      switchTo: "Espa\u00f1ol",
      switchLabel: "Cambiar a espa\u00f1ol",
      switched: "The chat is now in English."
    },
    es: {
      launcher: "Chatee con nosotros",
      newMessage: " (mensaje nuevo)",
      end: "Terminar y borrar",
      close: "Cerrar el chat",
      sub: "Asistente automático \u00b7 línea 24/7 ",
      lost: "Se perdió la conexión \u2014 llame al ",
      lostAfter: " a cualquier hora. ",
      reconnecting: "Reconectando\u2026",
      privacyTitle: "Antes de empezar",
      privacyBot: ["Está chateando con un ", "asistente automático",
        ", no con una persona. Por favor no comparta datos privados como su nombre completo, dirección o historial médico."],
      privacyData: "Lo que escribe se envía al servidor del centro para responderle. Esta pestaña del navegador guarda " +
        "una copia del chat hasta que cierre la pestaña o elija \u201cTerminar y borrar\u201d. Sin cookies ni rastreo.",
      privacyHelp: ["En una emergencia llame al ", ". En una crisis, llame al ",
        " y marque 2, o envíe AYUDA al 988. Nuestro equipo: ", ", 24/7."],
      log: "Conversación",
      placeholder: "Escriba su pregunta\u2026",
      send: "Enviar",
      inputLabel: "Mensaje para el asistente",
      hint: "Pulse Intro para enviar, Escape para cerrar el chat.",
      chatWith: "Chatee con ",
      assistant: "Asistente: ",
      you: "Usted: ",
      urgent: "Ayuda urgente",
      suggested: "Respuestas sugeridas",
      chosen: " (elegida)",
      typing: "El asistente está escribiendo\u2026",
      reconnected: "Conexión restablecida.",
      notSent: "No se envió: se perdió la conexión. Llame al {hotline} a cualquier hora.",
      ended: "El chat terminó y se borró de este navegador.",
      switchTo: "English",
      switchLabel: "Switch to English",
      switched: "El chat ahora está en español."
    }
  };
  var LANGS = { en: true, es: true };

  // --- small helpers ------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    var name;
    for (name in attrs || {}) {
      if (!Object.prototype.hasOwnProperty.call(attrs, name)) continue;
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    }
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function icon(path) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "ccr-icon");
    var shape = document.createElementNS(ns, "path");
    shape.setAttribute("d", path);
    svg.appendChild(shape);
    return svg;
  }
  var ICON_CHAT = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z";
  var ICON_CLOSE = "M6 6l12 12M18 6L6 18";
  var ICON_ALERT = "M12 3l10 18H2L12 3zm0 6v5m0 3v.5";

  function srOnly(text) {
    return el("span", { "class": "ccr-sr", text: text });
  }

  var store = {
    get: function (name) {
      try {
        return JSON.parse(window.sessionStorage.getItem(KEY + name));
      } catch (e) {
        return null;
      }
    },
    set: function (name, value) {
      try {
        window.sessionStorage.setItem(KEY + name, JSON.stringify(value));
      } catch (e) { /* storage full or blocked: the chat still works, without history */ }
    },
    wipe: function () {
      try {
        for (var i = window.sessionStorage.length - 1; i >= 0; i--) {
          var key = window.sessionStorage.key(i);
          if (key && key.indexOf(KEY) === 0) window.sessionStorage.removeItem(key);
        }
      } catch (e) { /* nothing stored */ }
    }
  };

  var lang = store.get("lang");
  if (!LANGS[lang]) lang = LANGS[String(data.lang || "").toLowerCase()] ? String(data.lang).toLowerCase() : "en";
  function t(key) {
    return STRINGS[lang][key];
  }
  function otherLang() {
    return lang === "es" ? "en" : "es";
  }

  // --- links: only http(s), tel: and (for buttons) sms: -------------------------------------

  function phoneDigits(value) {
    var compact = String(value).replace(/[\s().-]/g, "");
    return /^\+?\d{3,15}$/.test(compact) ? compact : null;
  }

  /** tel: URI for a number as written in text: 866-797-7962 -> tel:+18667977962, 988 -> tel:988 */
  function telHref(written) {
    var digits = written.replace(/\D/g, "");
    if (digits.length === 10) return "tel:+1" + digits;
    if (digits.length === 11 && digits.charAt(0) === "1") return "tel:+" + digits;
    return "tel:" + digits;
  }

  /** A safe href for a Markdown link or a button payload, or null. */
  function safeHref(target, allowSms) {
    var value = String(target || "").trim();
    var scheme = (/^([a-z][a-z0-9+.-]*):/i.exec(value) || [])[1];
    scheme = scheme ? scheme.toLowerCase() : "";
    if (scheme === "tel" || (allowSms && scheme === "sms")) {
      var number = phoneDigits(value.slice(scheme.length + 1));
      return number ? scheme + ":" + number : null;
    }
    if (scheme === "http" || scheme === "https") {
      try {
        return new URL(value).href;
      } catch (e) {
        return null;
      }
    }
    return null;
  }

  function link(href, children) {
    var a = el("a", { href: href }, children);
    if (/^https?:/i.test(href)) {
      a.setAttribute("target", "_blank");
      a.setAttribute("rel", "noopener noreferrer");
      a.appendChild(srOnly(" (opens in a new tab)"));
    }
    return a;
  }

  // --- the Markdown subset ------------------------------------------------------------------

  var PHONE =
    "(?:\\+1[ .-]?|\\b1[ .-]|\\b|(?=\\())(?:\\(\\d{3}\\) ?|\\d{3}[ .-]?)\\d{3}[ .-]?\\d{4}\\b" +
    "|\\b(?:988|911)\\b";
  var INLINE = new RegExp(
    [
      "\\[([^\\]\\n]+)\\]\\(([^)\\s]+)\\)", // 1, 2: [text](url)
      "\\*\\*(\\S(?:[^\\n]*?\\S)?)\\*\\*", // 3: **bold**
      "__(\\S(?:[^\\n]*?\\S)?)__", // 4: __bold__
      "\\*([^*\\s](?:[^*\\n]*?[^*\\s])?)\\*", // 5: *italics*
      "(https?://[^\\s<>\"'`]*[^\\s<>\"'`.,;:!?)\\]])", // 6: a bare URL
      "(" + PHONE + ")" // 7: a phone number, 988 or 911
    ].join("|"),
    "g"
  );

  /** Appends `text` to `parent` as text nodes, <strong>, <em> and <a> (never parsed as HTML). */
  function inline(text, parent, noLinks) {
    var re = new RegExp(INLINE.source, "g");
    var last = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      last = re.lastIndex;
      if (m[1] !== undefined) {
        var href = noLinks ? null : safeHref(m[2], false);
        if (href) {
          var label = document.createDocumentFragment();
          inline(m[1], label, true);
          parent.appendChild(link(href, [label]));
        } else {
          inline(m[1], parent, true);
        }
      } else if (m[3] !== undefined || m[4] !== undefined) {
        var strong = el("strong");
        inline(m[3] !== undefined ? m[3] : m[4], strong, noLinks);
        parent.appendChild(strong);
      } else if (m[5] !== undefined) {
        var em = el("em");
        inline(m[5], em, noLinks);
        parent.appendChild(em);
      } else if (m[6] !== undefined) {
        var url = noLinks ? null : safeHref(m[6], false);
        parent.appendChild(url ? link(url, [m[6]]) : document.createTextNode(m[6]));
      } else if (m[7] !== undefined) {
        var amount = m[7].length === 3 && /[\d$.,\/-]$/.test(text.slice(0, m.index));
        parent.appendChild(noLinks || amount ? document.createTextNode(m[7]) : link(telHref(m[7]), [m[7]]));
      }
      if (re.lastIndex === m.index) re.lastIndex++;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /** Bot text -> DocumentFragment: paragraphs, line breaks, - / 1. lists, inline Markdown. */
  function renderText(text) {
    var fragment = document.createDocumentFragment();
    var lines = String(text == null ? "" : text).replace(/\r\n?/g, "\n").split("\n");
    var paragraph = null;
    var list = null;
    lines.forEach(function (line) {
      var bullet = /^\s*[-*+\u2022]\s+(.*)$/.exec(line);
      var numbered = /^\s*(\d{1,3})[.)]\s+(.*)$/.exec(line);
      if (!line.trim()) {
        paragraph = list = null;
      } else if (bullet || numbered) {
        var tag = bullet ? "ul" : "ol";
        if (!list || list.tagName.toLowerCase() !== tag) {
          list = el(tag);
          if (numbered && numbered[1] !== "1") list.setAttribute("start", numbered[1]);
          fragment.appendChild(list);
        }
        paragraph = null;
        var item = el("li");
        inline(bullet ? bullet[1] : numbered[2], item, false);
        list.appendChild(item);
      } else {
        list = null;
        if (paragraph) paragraph.appendChild(el("br"));
        else fragment.appendChild((paragraph = el("p")));
        inline(line.trim(), paragraph, false);
      }
    });
    return fragment;
  }

  // --- messages -----------------------------------------------------------------------------

  var CRISIS_TEXT = /(^|[^\w$.,\/-])(988|911)(?![\w\/-])/;
  var CRISIS_PAYLOAD = /^(tel|sms):\+?(988|911)$/i;

  function isCrisis(message) {
    if (message.who === "user") return false;
    if (CRISIS_TEXT.test(message.text || "")) return true;
    return (message.replies || []).some(function (reply) {
      return CRISIS_PAYLOAD.test(String(reply.payload || "").replace(/[\s-]/g, ""));
    });
  }

  /** A bot_uttered event (or a stored message) -> {who, text, replies}. */
  function fromBot(event) {
    var replies = event.quick_replies || event.buttons || [];
    return {
      who: "bot",
      text: typeof event.text === "string" ? event.text : "",
      replies: (Array.isArray(replies) ? replies : []).slice(0, 12).map(function (r) {
        return { title: String((r && (r.title || r.payload)) || ""), payload: String((r && r.payload) || "") };
      })
    };
  }

  /** One element per message; quick replies live inside their message. */
  function renderMessage(message, onChoose) {
    var bot = message.who !== "user";
    var crisis = isCrisis(message);
    var item = el("div", {
      "class": "ccr-msg " + (bot ? "ccr-bot" : "ccr-user") + (crisis ? " ccr-crisis" : "")
    });
    if (crisis) item.setAttribute("data-crisis", "true");
    item.appendChild(srOnly(bot ? t("assistant") : t("you")));
    if (crisis) item.appendChild(el("p", { "class": "ccr-crisis-label" }, [icon(ICON_ALERT), t("urgent")]));
    var body = el("div", { "class": "ccr-text" });
    if (bot) body.appendChild(renderText(message.text));
    else body.textContent = message.text;
    item.appendChild(body);
    var replies = message.replies || [];
    if (bot && replies.length) {
      var group = el("div", { "class": "ccr-replies", role: "group", "aria-label": t("suggested") });
      replies.forEach(function (reply, index) {
        var href = safeHref(reply.payload, true);
        if (href) {
          group.appendChild(link(href, [reply.title || reply.payload]));
          group.lastChild.className = "ccr-reply ccr-reply-link";
          return;
        }
        var button = el("button", { type: "button", "class": "ccr-reply" }, [reply.title || reply.payload]);
        if (message.done) {
          button.disabled = true;
          if (message.chosen === index) {
            button.className += " ccr-chosen";
            button.appendChild(srOnly(t("chosen")));
          }
        } else if (onChoose) {
          button.addEventListener("click", function () {
            onChoose(message, index);
          });
        }
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    return item;
  }

  // --- colours ------------------------------------------------------------------------------

  function luminance(hex) {
    var h = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, "$&$&").slice(1) : hex.slice(1);
    return [0, 2, 4].reduce(function (sum, i, k) {
      var c = parseInt(h.substr(i, 2), 16) / 255;
      c = c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
      return sum + c * [0.2126, 0.7152, 0.0722][k];
    }, 0);
  }
  function contrast(a, b) {
    var la = luminance(a);
    var lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  // --- the widget ---------------------------------------------------------------------------

  var host = el("div", { id: "ccr-chat", "data-ccr-chat": VERSION });
  host.style.display = "none"; // until the stylesheet has loaded
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var primary = config.primary;
  var onPrimary = contrast(primary, "#ffffff") >= 4.5 ? "#ffffff" : "#111111";
  host.style.setProperty("--ccr-primary", primary);
  host.style.setProperty("--ccr-on-primary", onPrimary);
  host.style.setProperty("--ccr-primary-text", contrast(primary, "#ffffff") >= 4.5 ? primary : "#1f1f1f");

  var stylesheet = el("link", { rel: "stylesheet", href: new URL("ccr-chat.css", assets).href });
  function reveal() {
    host.style.display = "";
  }
  stylesheet.addEventListener("load", reveal);
  stylesheet.addEventListener("error", reveal);
  root.appendChild(stylesheet);

  var launcher = el("button", {
    type: "button",
    "class": "ccr-launcher",
    "aria-expanded": "false",
    "aria-controls": "ccr-panel"
  }, [icon(ICON_CHAT), el("span", { text: t("launcher") })]);
  var unread = el("span", { "class": "ccr-badge", hidden: "" }, [srOnly(t("newMessage"))]);
  launcher.appendChild(unread);

  var titleId = "ccr-title";
  var endButton = el("button", { type: "button", "class": "ccr-end", text: t("end") });
  var closeButton = el("button", { type: "button", "class": "ccr-close", "aria-label": t("close") }, [icon(ICON_CLOSE)]);
  // its own words are in the language it switches to, and say so (`lang`), for screen readers
  var langButton = el("button", { type: "button", "class": "ccr-lang" });
  var sub = el("p", { "class": "ccr-sub" });
  var header = el("div", { "class": "ccr-header" }, [
    el("h2", { id: titleId, text: config.title }),
    langButton,
    endButton,
    closeButton,
    sub
  ]);

  var offlineText = el("span");
  var offline = el("p", { "class": "ccr-offline", hidden: "" }, [icon(ICON_ALERT), offlineText]);
  var connection = el("div", { "class": "ccr-connection", role: "status" }, [offline]);
  var notice = el("div", { "class": "ccr-sr", role: "status" });

  var privacy = el("div", { "class": "ccr-privacy" });

  var log = el("div", {
    "class": "ccr-log",
    role: "log",
    "aria-live": "polite",
    "aria-relevant": "additions"
  });
  var typing = el("div", { "class": "ccr-typing", role: "status" });
  var scroller = el("div", { "class": "ccr-scroll" }, [privacy, log, typing]);

  var input = el("input", {
    id: "ccr-input",
    type: "text",
    autocomplete: "off",
    maxlength: "1000",
    "aria-describedby": "ccr-input-hint"
  });
  var sendButton = el("button", { type: "submit", "class": "ccr-send" });
  var inputLabel = el("label", { "for": "ccr-input", "class": "ccr-sr" });
  var inputHint = el("p", { id: "ccr-input-hint", "class": "ccr-sr" });
  var form = el("form", { "class": "ccr-form" }, [inputLabel, input, sendButton, inputHint]);

  var panel = el("div", {
    id: "ccr-panel",
    "class": "ccr-panel",
    role: "dialog",
    "aria-modal": "false",
    "aria-labelledby": titleId,
    hidden: ""
  }, [header, connection, notice, scroller, form]);

  var shell = el("aside", { "class": "ccr-root" }, [launcher, panel]);
  root.appendChild(shell);

  function refill(node, children) {
    while (node.firstChild) node.removeChild(node.firstChild);
    children.forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
  }

  /** Every word of the widget's own in the current language, and `lang` on its elements. */
  function applyLanguage() {
    shell.setAttribute("lang", lang);
    shell.setAttribute("aria-label", t("chatWith") + config.title);
    launcher.lastChild.previousSibling.textContent = t("launcher");
    unread.firstChild.textContent = t("newMessage");
    endButton.textContent = t("end");
    closeButton.setAttribute("aria-label", t("close"));
    langButton.textContent = t("switchTo");
    langButton.setAttribute("lang", otherLang());
    langButton.setAttribute("aria-label", t("switchLabel"));
    refill(sub, [t("sub"), link(telHref(config.hotline), [config.hotline])]);
    refill(offlineText, [
      t("lost"),
      link(telHref(config.hotline), [config.hotline]),
      t("lostAfter"),
      el("span", { "class": "ccr-retry", text: t("reconnecting") })
    ]);
    var bot = t("privacyBot");
    var help = t("privacyHelp");
    refill(privacy, [
      el("p", { "class": "ccr-privacy-title", text: t("privacyTitle") }),
      el("p", {}, [bot[0], el("strong", { text: bot[1] }), bot[2]]),
      el("p", { text: t("privacyData") }),
      el("p", {}, [
        help[0], link("tel:911", ["911"]), help[1], link("tel:988", ["988"]), help[2],
        link(telHref(config.hotline), [config.hotline]), help[3]
      ])
    ]);
    log.setAttribute("aria-label", t("log"));
    input.setAttribute("placeholder", t("placeholder"));
    sendButton.textContent = t("send");
    inputLabel.textContent = t("inputLabel");
    inputHint.textContent = t("hint");
  }
  applyLanguage();

  // --- state --------------------------------------------------------------------------------

  var state = {
    sessionId: store.get("session"),
    messages: store.get("messages") || [],
    confirmed: false,
    online: null, // null: not connected yet; true; false: lost
    queue: []
  };
  if (!Array.isArray(state.messages)) state.messages = [];
  if (typeof state.sessionId !== "string") state.sessionId = null;

  function persist() {
    if (!state.messages.length) return; // nothing to keep until the visitor has said something
    store.set("messages", state.messages.slice(-MAX_STORED));
    if (state.sessionId) store.set("session", state.sessionId);
  }

  function scrollToEnd() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  function say(text) {
    notice.textContent = "";
    window.setTimeout(function () {
      notice.textContent = text;
    }, 50);
  }

  function append(message) {
    state.messages.push(message);
    log.appendChild(renderMessage(message, choose));
    persist();
    scrollToEnd();
  }

  /** Quick replies are used once: after any message from the visitor, older ones are done. */
  function finishReplies(chosenMessage, chosenIndex) {
    var changed = false;
    state.messages.forEach(function (message, index) {
      if (message.who === "bot" && message.replies && message.replies.length && !message.done) {
        message.done = true;
        if (message === chosenMessage) message.chosen = chosenIndex;
        var node = log.children[index];
        if (node) log.replaceChild(renderMessage(message, choose), node);
        changed = true;
      }
    });
    if (changed) persist();
  }

  var typingTimer = null;
  function showTyping(on) {
    window.clearTimeout(typingTimer);
    typing.textContent = "";
    if (on) {
      typing.appendChild(srOnly(t("typing")));
      typing.appendChild(el("span", { "class": "ccr-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]));
      typingTimer = window.setTimeout(function () {
        showTyping(false);
      }, TYPING_TIMEOUT_MS);
      scrollToEnd();
    }
  }

  function setOnline(online) {
    if (state.online === online) return;
    var wasLost = state.online === false;
    state.online = online;
    offline.hidden = online !== false;
    shell.classList.toggle("ccr-is-offline", online === false);
    sendButton.setAttribute("aria-disabled", online === false ? "true" : "false");
    if (online === false) showTyping(false);
    if (online === true && wasLost) say(t("reconnected"));
  }

  // --- socket.io ------------------------------------------------------------------------------

  var socket = null;
  var loading = null;

  function loadClient(done) {
    if (loading) return loading.push(done);
    if (window.CCRChat && window.CCRChat._io) return done(window.CCRChat._io);
    loading = [done];
    var previous = { io: window.io, define: window.define };
    window.define = undefined; // an AMD loader on the page would otherwise swallow the client
    var tag = el("script", { src: new URL("vendor/socket.io.min.js", assets).href, async: "" });
    tag.addEventListener("load", function () {
      var io = window.io;
      window.io = previous.io; // leave the page's own globals as they were
      window.define = previous.define;
      api._io = io;
      var waiting = loading;
      loading = null;
      waiting.forEach(function (fn) {
        fn(io);
      });
    });
    tag.addEventListener("error", function () {
      window.define = previous.define;
      loading = null;
      tag.parentNode.removeChild(tag);
      setOnline(false);
      window.setTimeout(connect, 5000);
    });
    document.head.appendChild(tag);
  }

  function connect() {
    if (socket || loading) return;
    loadClient(function (io) {
      if (socket) return;
      var s = (socket = io(config.botUrl, {
        path: "/socket.io",
        forceNew: true,
        withCredentials: false,
        reconnection: true,
        reconnectionDelay: 1000,
        reconnectionDelayMax: 8000,
        timeout: 10000
      }));
      s.on("connect", function () {
        state.confirmed = false;
        s.emit("session_request", { session_id: state.sessionId });
      });
      s.on("session_confirm", function (id) {
        if (s !== socket) return;
        if (typeof id === "string" && id) state.sessionId = id;
        state.confirmed = true;
        persist();
        setOnline(true);
        var queued = state.queue;
        state.queue = [];
        queued.forEach(emit);
      });
      s.on("bot_uttered", function (event) {
        if (s !== socket || !event || typeof event !== "object") return;
        var message = fromBot(event);
        if (!message.text && !message.replies.length) return; // images, custom payloads: not shown
        showTyping(false);
        append(message);
        if (panel.hidden) {
          if (isCrisis(message)) open(false); // urgent help is never left behind a button
          else markUnread(true);
        }
      });
      s.on("disconnect", function (reason) {
        if (s !== socket) return;
        state.confirmed = false;
        if (reason === "io client disconnect") return;
        setOnline(false);
        if (reason === "io server disconnect") s.connect(); // socket.io does not retry this one
      });
      s.on("connect_error", function () {
        if (s === socket) setOnline(false);
      });
    });
  }

  function disconnect() {
    if (socket) {
      var s = socket;
      socket = null;
      s.disconnect();
    }
    state.confirmed = false;
    state.queue = [];
  }

  function emit(text) {
    socket.emit("user_uttered", { message: text, session_id: state.sessionId, metadata: { lang: lang } });
  }

  /** Sends `payload` to the bot and shows `shown` (a button's title) as the visitor's message. */
  function send(payload, shown) {
    if (state.online === false) {
      say(t("notSent").replace("{hotline}", config.hotline));
      return false;
    }
    finishReplies();
    append({ who: "user", text: shown });
    showTyping(true);
    if (socket && state.confirmed) emit(payload);
    else {
      state.queue.push(payload);
      connect();
    }
    return true;
  }

  function choose(message, index) {
    var reply = message.replies[index];
    if (message.done) return;
    if (state.online === false) return send(reply.payload, reply.title);
    finishReplies(message, index);
    send(reply.payload, reply.title || reply.payload);
    input.focus();
  }

  // --- open, close, end -----------------------------------------------------------------------

  /** The widget in `next`; with `tell`, the assistant goes on in it too (shown as the switch). */
  function setLanguage(next, tell) {
    if (!LANGS[next]) return;
    var shown = t("switchTo");
    lang = next;
    store.set("lang", lang);
    applyLanguage();
    while (log.firstChild) log.removeChild(log.firstChild);
    state.messages.forEach(function (message) {
      log.appendChild(renderMessage(message, choose));
    });
    say(t("switched"));
    if (tell) send('/switch_language{"language": "' + lang + '"}', shown);
  }

  function markUnread(on) {
    launcher.classList.toggle("ccr-unread", on);
    unread.hidden = !on;
  }

  function open(focus) {
    var launcherFocused = root.activeElement === launcher; // it is about to be hidden
    markUnread(false);
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    store.set("open", true);
    connect();
    scrollToEnd();
    if (focus !== false || launcherFocused) input.focus();
  }

  function close() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    if (state.messages.length) store.set("open", false);
    launcher.focus();
  }

  function endChat() {
    disconnect();
    showTyping(false);
    store.wipe();
    state.sessionId = null;
    state.messages = [];
    state.online = null;
    offline.hidden = true;
    shell.classList.remove("ccr-is-offline");
    sendButton.setAttribute("aria-disabled", "false");
    while (log.firstChild) log.removeChild(log.firstChild);
    input.value = "";
    say(t("ended"));
    if (!panel.hidden) {
      connect(); // a fresh conversation; nothing is stored until the visitor writes
      input.focus();
    }
  }

  launcher.addEventListener("click", function () {
    open(true);
  });
  closeButton.addEventListener("click", close);
  langButton.addEventListener("click", function () {
    setLanguage(otherLang(), true);
  });
  endButton.addEventListener("click", endChat);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      close();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    if (send(text, text)) input.value = "";
  });

  // --- start ------------------------------------------------------------------------------------

  state.messages.forEach(function (message) {
    log.appendChild(renderMessage(message, choose));
  });

  function start() {
    document.body.appendChild(host);
    var wasOpen = store.get("open");
    if (wasOpen === true || (wasOpen === null && config.startOpen)) open(false);
    else if (state.sessionId) connect(); // a conversation is going on: keep receiving its replies
  }

  var api = {
    version: VERSION,
    open: open,
    close: close,
    endChat: endChat,
    /** The Markdown renderer: text -> DocumentFragment (for tests and the curious). */
    renderText: renderText,
    /** The widget's language ("en" or "es"); `setLanguage("es")` switches it and the assistant. */
    language: function () {
      return lang;
    },
    setLanguage: function (next) {
      setLanguage(next, true);
    },
    /** One message ({text, quick_replies} as Rasa sends it) -> its element, without sending. */
    renderMessage: function (event) {
      return renderMessage(fromBot(event || {}), null);
    }
  };
  window.CCRChat = api;

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
