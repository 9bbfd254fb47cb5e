// Placera: the little behaviour htmx does not cover. A file under /static rather than inline script
// or hx-on attributes, so the pages work under a Content-Security-Policy of script-src 'self'.

// After a live filter on the register list, the filters' messages arrive out-of-band; mark the
// fields that now have an error (or no longer have one) for screen readers.
document.addEventListener("htmx:afterSettle", function () {
  document.querySelectorAll("[data-error-for]").forEach(function (message) {
    var field = document.getElementById(message.dataset.errorFor);
    if (!field) {
      return;
    }
    if (message.textContent.trim()) {
      field.setAttribute("aria-invalid", "true");
    } else {
      field.removeAttribute("aria-invalid");
    }
  });
});
