// Draws each chart of the page from its Vega-Lite spec with vega-embed, which the application serves
// itself at /static-js/vega.js (no CDN: government intranets are often offline). The spec sits in a
// <script type="application/json"> element named by the chart's data-chart attribute.
for (const element of document.querySelectorAll("[data-chart]")) {
  const spec = JSON.parse(document.getElementById(element.dataset.chart).textContent);
  // The page already heads each chart with its title; the spec keeps it for the SVG export.
  delete spec.title;
  window
    .vegaEmbed(element, spec, { mode: "vega-lite", renderer: "svg", actions: false })
    .catch((error) => {
      element.textContent = "Không vẽ được biểu đồ (" + error + "); xem bảng số liệu bên dưới.";
    });
}
