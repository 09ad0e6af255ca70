"use strict";(self.rspackChunkreseau_lab=self.rspackChunkreseau_lab||[]).push([[126],{646(e,r,o){var a=o(601),t=o.n(a),n=o(314),i=(o.n(n))()(t());i.push([e.id,`/* reseau-lab: the French answer check's button and dialog. */
.reseau-verification {
  max-width: 640px;
}

.reseau-verification-resume {
  font-weight: bold;
}

.reseau-verification-reussie .reseau-verification-resume {
  color: var(--jp-success-color1);
}

.reseau-verification-echecs {
  padding-left: 1.2em;
}

.reseau-verification-echec {
  margin-bottom: 0.8em;
}

.reseau-verification-question {
  font-weight: bold;
}

.reseau-verification-quoi {
  color: var(--jp-ui-font-color2);
  font-style: italic;
}

.reseau-verification-message {
  color: var(--jp-error-color1);
  white-space: pre-wrap;
}

/* \xab Me noter \xbb: the grade, each question with its points, why a question was lost. */
.reseau-note {
  max-width: 640px;
}

.reseau-note-questions {
  padding-left: 1.2em;
}

.reseau-note-question {
  margin-bottom: 0.6em;
}

.reseau-note-points {
  color: var(--jp-ui-font-color2);
}

.reseau-note-perdue .reseau-note-points {
  color: var(--jp-error-color1);
  font-weight: bold;
}
`,""]),o.d(r,{},{A:i})},724(e,r,o){var a=o(601),t=o.n(a),n=o(314),i=(o.n(n))()(t());i.push([e.id,`/* reseau-lab: the participant's exercise panel (\xab Mes quiz et exercices \xbb). */
.reseau-exercices {
  overflow: auto;
  padding: 16px 24px;
  background: var(--jp-layout-color0);
  color: var(--jp-ui-font-color0);
  font-size: var(--jp-ui-font-size2);
}

.reseau-exercices-titre {
  margin: 0 0 4px;
}

.reseau-exercices-aide {
  margin: 0 0 8px;
  color: var(--jp-ui-font-color2);
}

.reseau-exercices-message {
  min-height: 1.4em;
  margin: 0 0 8px;
}

.reseau-exercices-erreur {
  color: var(--jp-error-color1);
  font-weight: bold;
}

.reseau-exercices-liste {
  list-style: none;
  margin: 0;
  padding: 0;
  max-width: 900px;
}

.reseau-exercice {
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 16px;
  padding: 10px 12px;
  border-bottom: 1px solid var(--jp-border-color2);
  border-left: 4px solid var(--jp-border-color1);
}

.reseau-exercice-titre {
  font-weight: bold;
}

.reseau-exercice-ligne {
  display: flex;
  flex-wrap: wrap;
  gap: 12px;
  margin-top: 2px;
  color: var(--jp-ui-font-color1);
}

.reseau-exercice-etat {
  font-weight: bold;
}

.reseau-etat-a-recevoir {
  border-left-color: var(--jp-brand-color1);
}

.reseau-etat-en-cours {
  border-left-color: var(--jp-warn-color1);
}

.reseau-etat-rendu {
  border-left-color: var(--jp-info-color1);
}

.reseau-etat-corrige {
  border-left-color: var(--jp-success-color1);
}

.reseau-etat-corrige .reseau-exercice-etat {
  color: var(--jp-success-color1);
}

.reseau-exercice-attente {
  font-style: italic;
  color: var(--jp-ui-font-color2);
}

.reseau-exercice-boutons {
  display: flex;
  gap: 8px;
  flex-shrink: 0;
}

.reseau-bouton {
  padding: 4px 12px;
  cursor: pointer;
}
`,""]),o.d(r,{},{A:i})},706(e,r,o){var a=o(601),t=o.n(a),n=o(314),i=(o.n(n))()(t());i.push([e.id,`/*
 * reseau-lab: a notebook projected as slides (jupyterlab-rise), for a room of non-coders.
 *
 * \`.reseau-diaporama\` marks the notebook in RISE's slideshow application (src/slides.ts), where every
 * code cell's input is collapsed; \`body.rise-enabled\` is set by RISE once the slides are built.
 * Sizes follow the screen's width (a projector's 1024 to 1920 pixels): the text by JupyterLab's own font
 * variables (it reflows), the outputs (tables, figures, widgets, whose widths are set in pixels by
 * reseau.widgets) by CSS zoom, which keeps their proportions.
 */

/* A collapsed code cell: JupyterLab shows the first line of code beside \xab … \xbb; here, a French label. */
.reseau-diaporama .jp-InputPlaceholder .jp-PlaceholderText {
  display: none;
}

.reseau-diaporama .jp-InputPlaceholder .jp-Placeholder-contentContainer {
  align-items: center;
  gap: 0.5em;
}

.reseau-diaporama .jp-InputPlaceholder .jp-Placeholder-contentContainer::before {
  content: 'Afficher le code';
  color: var(--jp-ui-font-color2);
  font-family: var(--jp-ui-font-family);
  font-size: clamp(12px, 1vw, 18px);
}

/* Execution counts (\xab [3]: \xbb) mean nothing to the room. */
.reseau-diaporama .jp-OutputPrompt {
  visibility: hidden;
}

/* The text (Markdown cells): about 2 % of the screen's width, 28 px on a 1400 px screen. */
body.rise-enabled .reseau-diaporama .jp-MarkdownCell {
  --jp-content-font-size1: clamp(20px, 2vw, 40px);
}

body.rise-enabled .reseau-diaporama .jp-MarkdownCell .jp-RenderedHTMLCommon h1 {
  font-size: 1.7em;
}

body.rise-enabled .reseau-diaporama .jp-MarkdownCell .jp-RenderedHTMLCommon h2 {
  font-size: 1.4em;
}

body.rise-enabled .reseau-diaporama .jp-MarkdownCell .jp-RenderedHTMLCommon h3 {
  font-size: 1.2em;
}

body.rise-enabled .reseau-diaporama .jp-MarkdownCell .jp-RenderedHTMLCommon table {
  font-size: 0.8em;
}

/* An expanded code cell, for the room to read. */
body.rise-enabled .reseau-diaporama .jp-CodeCell .jp-InputArea {
  --jp-code-font-size: clamp(15px, 1.4vw, 28px);
}

/* The outputs, enlarged as a whole. */
body.rise-enabled .reseau-diaporama .jp-CodeCell .jp-Cell-outputWrapper {
  zoom: 1.25;
}

@media (min-width: 1200px) {
  body.rise-enabled .reseau-diaporama .jp-CodeCell .jp-Cell-outputWrapper {
    zoom: 1.5;
  }
}

@media (min-width: 1700px) {
  body.rise-enabled .reseau-diaporama .jp-CodeCell .jp-Cell-outputWrapper {
    zoom: 2;
  }
}
`,""]),o.d(r,{},{A:i})},314(e){e.exports=function(e){var r=[];return r.toString=function(){return this.map(function(r){var o="",a=void 0!==r[5];return r[4]&&(o+="@supports (".concat(r[4],") {")),r[2]&&(o+="@media ".concat(r[2]," {")),a&&(o+="@layer".concat(r[5].length>0?" ".concat(r[5]):""," {")),o+=e(r),a&&(o+="}"),r[2]&&(o+="}"),r[4]&&(o+="}"),o}).join("")},r.i=function(e,o,a,t,n){"string"==typeof e&&(e=[[null,e,void 0]]);var i={};if(a)for(var s=0;s<this.length;s++){var l=this[s][0];null!=l&&(i[l]=!0)}for(var c=0;c<e.length;c++){var p=[].concat(e[c]);a&&i[p[0]]||(void 0!==n&&(void 0===p[5]||(p[1]="@layer".concat(p[5].length>0?" ".concat(p[5]):""," {").concat(p[1],"}")),p[5]=n),o&&(p[2]&&(p[1]="@media ".concat(p[2]," {").concat(p[1],"}")),p[2]=o),t&&(p[4]?(p[1]="@supports (".concat(p[4],") {").concat(p[1],"}"),p[4]=t):p[4]="".concat(t)),r.push(p))}},r}},601(e){e.exports=function(e){return e[1]}},72(e){var r=[];function o(e){for(var o=-1,a=0;a<r.length;a++)if(r[a].identifier===e){o=a;break}return o}function a(e,a){for(var t={},n=[],i=0;i<e.length;i++){var s=e[i],l=a.base?s[0]+a.base:s[0],c=t[l]||0,p="".concat(l," ").concat(c);t[l]=c+1;var u=o(p),d={css:s[1],media:s[2],sourceMap:s[3],supports:s[4],layer:s[5]};if(-1!==u)r[u].references++,r[u].updater(d);else{var f=function(e,r){var o=r.domAPI(r);return o.update(e),function(r){r?(r.css!==e.css||r.media!==e.media||r.sourceMap!==e.sourceMap||r.supports!==e.supports||r.layer!==e.layer)&&o.update(e=r):o.remove()}}(d,a);a.byIndex=i,r.splice(i,0,{identifier:p,updater:f,references:1})}n.push(p)}return n}e.exports=function(e,t){var n=a(e=e||[],t=t||{});return function(e){e=e||[];for(var i=0;i<n.length;i++){var s=o(n[i]);r[s].references--}for(var l=a(e,t),c=0;c<n.length;c++){var p=o(n[c]);0===r[p].references&&(r[p].updater(),r.splice(p,1))}n=l}}},659(e){var r={};e.exports=function(e,o){var a=function(e){if(void 0===r[e]){var o=document.querySelector(e);if(window.HTMLIFrameElement&&o instanceof window.HTMLIFrameElement)try{o=o.contentDocument.head}catch(e){o=null}r[e]=o}return r[e]}(e);if(!a)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");a.appendChild(o)}},540(e){e.exports=function(e){var r=document.createElement("style");return e.setAttributes(r,e.attributes),e.insert(r,e.options),r}},56(e,r,o){e.exports=function(e){var r=o.nc;r&&e.setAttribute("nonce",r)}},206(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var r=e.insertStyleElement(e);return{update:function(o){var a,t,n;a="",o.supports&&(a+="@supports (".concat(o.supports,") {")),o.media&&(a+="@media ".concat(o.media," {")),(t=void 0!==o.layer)&&(a+="@layer".concat(o.layer.length>0?" ".concat(o.layer):""," {")),a+=o.css,t&&(a+="}"),o.media&&(a+="}"),o.supports&&(a+="}"),(n=o.sourceMap)&&"u">typeof btoa&&(a+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(n))))," */")),e.styleTagTransform(a,r,e.options)},remove:function(){var e;null===(e=r).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,r){if(r.styleSheet)r.styleSheet.cssText=e;else{for(;r.firstChild;)r.removeChild(r.firstChild);r.appendChild(document.createTextNode(e))}}},93(e,r,o){var a=o(72),t=o.n(a),n=o(206),i=o.n(n),s=o(659),l=o.n(s),c=o(56),p=o.n(c),u=o(540),d=o.n(u),f=o(113),m=o.n(f),h=o(646),b={};b.styleTagTransform=m(),b.setAttributes=p(),b.insert=l().bind(null,"head"),b.domAPI=i(),b.insertStyleElement=d(),t()(h.A,b),h.A&&h.A.locals&&h.A.locals;var v=o(724),x={};x.styleTagTransform=m(),x.setAttributes=p(),x.insert=l().bind(null,"head"),x.domAPI=i(),x.insertStyleElement=d(),t()(v.A,x),v.A&&v.A.locals&&v.A.locals;var y=o(706),g={};g.styleTagTransform=m(),g.setAttributes=p(),g.insert=l().bind(null,"head"),g.domAPI=i(),g.insertStyleElement=d(),t()(y.A,g),y.A&&y.A.locals&&y.A.locals}}]);