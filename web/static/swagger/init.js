// Starts Swagger UI on /docs from a file rather than an inline script, so the strict CSP holds.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: document.getElementById("swagger-ui").dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
  });
});
