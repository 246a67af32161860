/* readers.js: progressive enhancement for the reader forms; both work without it.
   Subscribe: without the script the form posts normally and the newsletter provider
   sends the reader to /subscribed/. With it, where the provider allows
   (data-subscribe="cors" or "no-cors"), the form is sent in place and the
   confirmation shown beside it; if that fails, the form falls back to the normal
   post. A filled honeypot means a bot: nothing is sent.
   Comments: shows each comment's Reply button, which marks the comment form as a
   reply (fields[reply_to]) to that comment. */
(function () {
  "use strict";

  var THANKS = "Thanks — check your inbox to confirm.";

  function enhance(form) {
    var mode = form.getAttribute("data-subscribe");
    var status = form.parentNode.querySelector(".subscribe-status");
    var button = form.querySelector("button[type=submit], button:not([type])");
    var honeypot = form.querySelector("[data-honeypot]");

    function show(text, isError) {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("is-error", Boolean(isError));
    }

    form.addEventListener("submit", function (event) {
      if (honeypot && honeypot.value !== "") {
        event.preventDefault();
        show(THANKS);
        form.reset();
        return;
      }
      if ((mode !== "cors" && mode !== "no-cors") || !window.fetch) return;
      event.preventDefault();
      var data = new URLSearchParams(new FormData(form));
      var isGet = form.method.toLowerCase() === "get";
      var url = form.action;
      if (isGet) url += (url.indexOf("?") < 0 ? "?" : "&") + data.toString();
      if (button) button.disabled = true;
      show("Subscribing…");
      fetch(url, {
        method: isGet ? "GET" : "POST",
        mode: mode,
        credentials: "omit",
        headers: { Accept: "application/json" },
        body: isGet ? undefined : data
      }).then(function (response) {
        if (button) button.disabled = false;
        // A no-cors reply is opaque: the post was made, its answer cannot be read.
        if (response.type === "opaque" || response.ok) {
          show(THANKS);
          form.reset();
        } else if (response.status >= 400 && response.status < 500) {
          show("That address was not accepted. Please check it and try again.", true);
        } else {
          show("The newsletter service did not answer. Please try again later.", true);
        }
      }, function () {
        // Blocked or offline: let the browser post the form the ordinary way.
        if (button) button.disabled = false;
        show("");
        form.submit();
      });
    });
  }

  function enableReplies(form) {
    var field = form.querySelector("input[name='fields[reply_to]']");
    var note = form.querySelector(".comment-form__replying");
    var text = form.querySelector("textarea");
    if (!field || !note) return;
    var name = note.querySelector("[data-reply-name]");
    var buttons = document.querySelectorAll("[data-reply-to]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function (event) {
        var button = event.currentTarget;
        field.value = button.getAttribute("data-reply-to");
        name.textContent = button.getAttribute("data-reply-author");
        note.hidden = false;
        if (text) text.focus();
      });
    }
    note.querySelector("[data-reply-cancel]").addEventListener("click", function () {
      field.value = "";
      note.hidden = true;
      if (text) text.focus();
    });
  }

  var forms = document.querySelectorAll("form[data-subscribe]");
  for (var i = 0; i < forms.length; i++) enhance(forms[i]);
  var commentForm = document.querySelector("form.comment-form");
  if (commentForm) enableReplies(commentForm);
})();
