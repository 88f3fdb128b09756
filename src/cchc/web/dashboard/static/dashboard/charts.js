// Draws each chart of the page from its Vega-Lite spec with vega-embed, which the application serves
// itself at /static-js/vega.js (no CDN: government intranets are often offline). The spec sits in a
// <script type="application/json"> element named by the chart's data-chart attribute.
//
// The page's Content-Security-Policy allows no eval and no inline style, so:
// - ast: true makes Vega keep each expression as a syntax tree and run it with the expression
//   interpreter vega-embed bundles, instead of compiling it with new Function();
// - defaultStyle: false and the tooltip's disableDefaultStyle stop vega-embed and vega-tooltip from
//   injecting <style> elements; their rules are in cchc.css.
const OPTIONS = {
  mode: "vega-lite",
  renderer: "svg",
  actions: false,
  ast: true,
  defaultStyle: false,
  tooltip: { disableDefaultStyle: true },
};

//
// The charts in the first screen are drawn first; the others (the long per-unit chart lies below it at
// desktop width, every chart at phone width) once the browser has shown those, so the first screen does
// not wait for charts nobody sees yet.

function draw(element) {
  const spec = JSON.parse(document.getElementById(element.dataset.chart).textContent);
  // The page already heads each chart with its title; the spec keeps it for the SVG export.
  delete spec.title;
  return window.vegaEmbed(element, spec, OPTIONS).catch((error) => {
    element.textContent = "Không vẽ được biểu đồ (" + error + "); xem bảng số liệu bên dưới.";
  });
}

function onScreen(element) {
  const box = element.getBoundingClientRect();
  return box.top < window.innerHeight && box.bottom > 0;
}

const elements = [...document.querySelectorAll("[data-chart]")];
const first = elements.filter(onScreen);
await Promise.all(first.map(draw));
// One frame for the browser to paint what is drawn, then the rest.
await new Promise((shown) => requestAnimationFrame(() => setTimeout(shown)));
await Promise.all(elements.filter((element) => !first.includes(element)).map(draw));
