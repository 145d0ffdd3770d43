// Boots Swagger UI on the API docs page (api/docs.html) from the page's own data attributes:
// no inline script, nothing fetched from outside the site.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const target = document.getElementById("swagger-ui");
  const csrfToken = target.dataset.csrfToken;
  window.SwaggerUIBundle({
    url: target.dataset.schemaUrl,
    domNode: target,
    deepLinking: true,
    validatorUrl: null, // the public validator would send our schema to the internet
    // "Try it out" uses the signed-in session, whose writes need the CSRF token.
    requestInterceptor: (request) => {
      request.headers["X-CSRFToken"] = csrfToken;
      return request;
    },
  });
});
