// Mounts the chat widget (rasa-webchat, served from /static/webchat.js) with the settings the page server wrote
// into #chat's data attributes, then makes the widget accessible and its links safe. Kept out of the HTML so the
// page's Content-Security-Policy forbids inline scripts.
//
// rasa-webchat 1.0.1 is unmaintained, so instead of forking its bundle a MutationObserver corrects what it renders,
// every time it renders (tests/e2e/test_web_widget.py checks each point in Chromium, with axe-core):
// - names: the launcher ("Open the chat" / "Close the chat"), send and close buttons, the text box, images;
// - the message list can be scrolled from the keyboard (tabindex) and the widget is a labelled landmark;
// - quick replies (the assessment's answers) are divs: they get role=button, a place in the Tab order, and Enter /
//   Space activate them; when the chosen reply disappears, focus moves to the next question's first reply instead
//   of falling back to the top of the page;
// - every new bot message is read out by screen readers through the #chat-announcer live region;
// - links in bot messages keep their href only for http(s) and mailto: rasa-webchat renders markdown with link
//   filtering turned off, so `[x](javascript:...)` or `data:` links would otherwise be clickable.
(function () {
  "use strict";
  var settings = document.getElementById("chat").dataset;
  window.WebChat.default(
    {
      socketUrl: settings.socketUrl,
      socketPath: "/socket.io/",
      initPayload: settings.initPayload, // "/greet": the bot's greeting with suggestion buttons
      title: settings.title,
      subtitle: settings.subtitle,
      inputTextFieldHint: "Ask about account or project managers…",
      customData: { language: "en" },
      // The conversation (and its session id, which Rasa's socket.io channel resumes) is kept in localStorage,
      // so a reload or a later visit in the same browser continues it.
      params: { storage: settings.storage, images: { dims: { width: 320, height: 200 } } },
      showMessageDate: false,
      hideWhenNotConnected: false,
      // A short pause before each bot message, longer for longer messages, so a reply reads naturally.
      customMessageDelay: function (message) {
        return Math.min(Math.max(message.length * 4, 150), 700);
      },
    },
    null
  );

  var SAFE_PROTOCOLS = ["http:", "https:", "mailto:"];
  var ANNOUNCED_KEPT = 5; // bot messages kept in the live region (older ones are removed, never re-read)
  var announcer = document.getElementById("chat-announcer");
  var seen = new WeakSet(); // bot messages already announced, or already on screen when the list appeared
  var messageList = null;
  var replyChosen = false; // a quick reply was just activated: its successor may take the focus

  /** True for links a person may follow from a bot message: http(s) and mailto only. */
  function safeHref(href) {
    try {
      return SAFE_PROTOCOLS.indexOf(new URL(href, document.baseURI).protocol) !== -1;
    } catch (error) {
      return false;
    }
  }

  function label(element, text) {
    if (element && element.getAttribute("aria-label") !== text) element.setAttribute("aria-label", text);
  }

  function setOnce(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  /** Links with another scheme (javascript:, data:, vbscript:, …) lose their href: they show as plain text. */
  function disarmLinks(root) {
    root.querySelectorAll("a[href]").forEach(function (link) {
      if (!safeHref(link.getAttribute("href"))) {
        link.removeAttribute("href");
        link.removeAttribute("target");
        link.classList.add("rw-unsafe-link");
      }
    });
  }

  /** Images in messages (the salary chart) get a text alternative; the widget renders them without one. */
  function describeImages(root) {
    root.querySelectorAll(".rw-message img:not([alt])").forEach(function (image) {
      var chart = (image.getAttribute("src") || "").indexOf("/charts/salary.svg") !== -1;
      var text = chart ? "Salary chart of both roles (the figures are in the answer above)" : "Image from the assistant";
      image.setAttribute("alt", text);
    });
  }

  function enhanceReplies(root) {
    root.querySelectorAll(".rw-reply").forEach(function (reply) {
      if (reply.tagName === "A") return; // a web_url button is a real link (checked by disarmLinks)
      setOnce(reply, "role", "button");
      setOnce(reply, "tabindex", "0");
    });
  }

  function announce(response) {
    var text = (response.innerText || response.textContent || "").trim();
    var group = response.closest(".rw-message");
    var replies = group ? group.querySelectorAll(".rw-reply") : [];
    if (replies.length) {
      var titles = Array.prototype.map.call(replies, function (r) {
        return (r.innerText || r.textContent).trim();
      });
      text += (text ? " " : "") + "Choices: " + titles.join("; ") + ".";
    }
    if (!text) return;
    var line = document.createElement("p");
    line.textContent = text;
    announcer.appendChild(line);
    while (announcer.children.length > ANNOUNCED_KEPT) announcer.removeChild(announcer.firstElementChild);
  }

  function trackMessages(list) {
    var fresh = list !== messageList; // the list was (re)mounted: what it shows now is history, not news
    messageList = list;
    list.querySelectorAll(".rw-response").forEach(function (response) {
      if (seen.has(response)) return;
      seen.add(response);
      if (!fresh) announce(response);
    });
  }

  /** After a chosen reply vanished (focus fell to <body>), the newest replies take the focus. */
  function keepFocus(container) {
    if (!replyChosen) return;
    var active = document.activeElement;
    if (active && active !== document.body && container.contains(active)) return;
    if (active && active !== document.body) {
      replyChosen = false; // the person has moved elsewhere: do not pull them back
      return;
    }
    var groups = container.querySelectorAll(".rw-replies");
    var first = groups.length ? groups[groups.length - 1].querySelector(".rw-reply") : null;
    if (first) {
      replyChosen = false;
      first.focus();
    }
  }

  function enhance() {
    var container = document.querySelector(".rw-widget-container");
    if (!container) return;
    setOnce(container, "role", "region");
    label(container, "Chat with the assistant");
    var open = !!container.querySelector(".rw-conversation-container");
    var launcher = container.querySelector(".rw-launcher");
    if (launcher) {
      label(launcher, open ? "Close the chat" : "Open the chat");
      setOnce(launcher, "aria-expanded", open ? "true" : "false");
    }
    label(container.querySelector(".rw-close-button"), "Close the chat");
    label(container.querySelector(".rw-send"), "Send");
    label(container.querySelector(".rw-new-message"), "Your message");
    var title = container.querySelector(".rw-title");
    if (title) setOnce(title, "aria-level", "2"); // the article's sections are h2: the chat is a sibling of them
    var list = container.querySelector("#rw-messages");
    if (list) {
      setOnce(list, "tabindex", "0"); // scrollable with the arrow keys
      label(list, "Conversation");
      trackMessages(list);
    } else {
      messageList = null;
    }
    disarmLinks(container);
    describeImages(container);
    enhanceReplies(container);
    keepFocus(container);
  }

  // Enter or Space on a quick reply does what a click does (React handles the click).
  document.addEventListener("keydown", function (event) {
    var reply = event.target.closest && event.target.closest(".rw-reply[role=button]");
    if (!reply || (event.key !== "Enter" && event.key !== " ")) return;
    event.preventDefault(); // Space would scroll the page
    reply.click();
  });

  // Clicks on quick replies let their successor take the focus; a click on a disarmed link does nothing.
  document.addEventListener(
    "click",
    function (event) {
      if (!event.target.closest) return;
      if (event.target.closest(".rw-reply[role=button]")) replyChosen = true;
      var link = event.target.closest("a");
      if (link && (!link.hasAttribute("href") || !safeHref(link.getAttribute("href")))) {
        if (link.closest(".rw-widget-container")) event.preventDefault();
      }
    },
    true
  );

  new MutationObserver(enhance).observe(document.getElementById("chat").parentNode, {
    childList: true,
    subtree: true,
  });
  enhance();
})();
