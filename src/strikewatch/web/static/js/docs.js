// Starts Swagger UI from the locally installed bundle (kept out of the page: the CSP forbids inline scripts).
(function () {
  "use strict";
  var el = document.getElementById("swagger-ui");
  if (!el || typeof window.SwaggerUIBundle !== "function") { return; }
  window.SwaggerUIBundle({
    url: el.getAttribute("data-spec-url"),
    domNode: el,
    deepLinking: false,
    validatorUrl: null
  });
})();
