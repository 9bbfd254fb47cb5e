// Idle warning: two minutes before the session runs out, a dialog offers to stay signed in.
// Asking how long is left (GET) does not count as activity; "Fortsätt vara inloggad" (POST) does.
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-session-url");
  if (!url) return;
  var csrf = body.getAttribute("data-csrf");
  var WARN_SECONDS = 120;
  var timer = null;
  var dialog = null;

  function build() {
    dialog = document.createElement("div");
    dialog.className = "session-warning";
    dialog.setAttribute("role", "alertdialog");
    dialog.setAttribute("aria-labelledby", "session-warning-title");
    dialog.setAttribute("aria-describedby", "session-warning-text");
    dialog.hidden = true;
    var title = document.createElement("h2");
    title.id = "session-warning-title";
    title.textContent = "Du loggas snart ut";
    var text = document.createElement("p");
    text.id = "session-warning-text";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Fortsätt vara inloggad";
    button.addEventListener("click", keep);
    dialog.append(title, text, button);
    body.append(dialog);
  }

  function schedule(remaining) {
    clearTimeout(timer);
    if (remaining <= 0) {
      // Ran out: reload, which leads to sign-in and back to this page.
      window.location.reload();
      return;
    }
    if (remaining <= WARN_SECONDS) {
      show(remaining);
      timer = setTimeout(check, remaining * 1000 + 1000);
    } else {
      hide();
      timer = setTimeout(check, (remaining - WARN_SECONDS) * 1000);
    }
  }

  function show(remaining) {
    if (!dialog) build();
    var minutes = Math.max(1, Math.round(remaining / 60));
    dialog.querySelector("p").textContent =
      "Du har inte gjort något på en stund. Om ungefär " + minutes + (minutes === 1 ? " minut" : " minuter") +
      " loggas du ut, och det du inte har sparat går förlorat.";
    if (dialog.hidden) {
      dialog.hidden = false;
      dialog.querySelector("button").focus();
    }
  }

  function hide() {
    if (dialog) dialog.hidden = true;
  }

  function answer(response) {
    if (!response.ok) return window.location.reload();
    return response.json().then(function (data) { schedule(data.remaining_seconds); });
  }

  // Another tab or an htmx request may have renewed the session: ask before warning.
  function check() {
    fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } }).then(answer);
  }

  function keep() {
    fetch(url, { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf, accept: "application/json" } })
      .then(answer);
  }

  check();
})();
