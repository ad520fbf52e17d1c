// Mounts the chat widget (rasa-webchat, served from /static/webchat.js) with the settings the page server wrote
// into #chat's data attributes. Kept out of the HTML so the page's Content-Security-Policy forbids inline scripts.
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
})();
