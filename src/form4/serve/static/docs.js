// The API's interactive docs: Swagger UI (served by form4 itself) over /openapi.json.
"use strict";
(function () {
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: root.getAttribute("data-url"), dom_id: "#swagger-ui", deepLinking: true });
})();
