"use strict";(self.rspackChunkreseau_lab=self.rspackChunkreseau_lab||[]).push([[451],{646(e,r,t){var o=t(601),a=t.n(o),n=t(314),i=(t.n(n))()(a());i.push([e.id,`/* reseau-lab: the French answer check's button and dialog. */
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
`,""]),t.d(r,{},{A:i})},724(e,r,t){var o=t(601),a=t.n(o),n=t(314),i=(t.n(n))()(a());i.push([e.id,`/* reseau-lab: the participant's exercise panel (\xab Mes quiz et exercices \xbb). */
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
`,""]),t.d(r,{},{A:i})},314(e){e.exports=function(e){var r=[];return r.toString=function(){return this.map(function(r){var t="",o=void 0!==r[5];return r[4]&&(t+="@supports (".concat(r[4],") {")),r[2]&&(t+="@media ".concat(r[2]," {")),o&&(t+="@layer".concat(r[5].length>0?" ".concat(r[5]):""," {")),t+=e(r),o&&(t+="}"),r[2]&&(t+="}"),r[4]&&(t+="}"),t}).join("")},r.i=function(e,t,o,a,n){"string"==typeof e&&(e=[[null,e,void 0]]);var i={};if(o)for(var s=0;s<this.length;s++){var c=this[s][0];null!=c&&(i[c]=!0)}for(var u=0;u<e.length;u++){var l=[].concat(e[u]);o&&i[l[0]]||(void 0!==n&&(void 0===l[5]||(l[1]="@layer".concat(l[5].length>0?" ".concat(l[5]):""," {").concat(l[1],"}")),l[5]=n),t&&(l[2]&&(l[1]="@media ".concat(l[2]," {").concat(l[1],"}")),l[2]=t),a&&(l[4]?(l[1]="@supports (".concat(l[4],") {").concat(l[1],"}"),l[4]=a):l[4]="".concat(a)),r.push(l))}},r}},601(e){e.exports=function(e){return e[1]}},72(e){var r=[];function t(e){for(var t=-1,o=0;o<r.length;o++)if(r[o].identifier===e){t=o;break}return t}function o(e,o){for(var a={},n=[],i=0;i<e.length;i++){var s=e[i],c=o.base?s[0]+o.base:s[0],u=a[c]||0,l="".concat(c," ").concat(u);a[c]=u+1;var p=t(l),d={css:s[1],media:s[2],sourceMap:s[3],supports:s[4],layer:s[5]};if(-1!==p)r[p].references++,r[p].updater(d);else{var f=function(e,r){var t=r.domAPI(r);return t.update(e),function(r){r?(r.css!==e.css||r.media!==e.media||r.sourceMap!==e.sourceMap||r.supports!==e.supports||r.layer!==e.layer)&&t.update(e=r):t.remove()}}(d,o);o.byIndex=i,r.splice(i,0,{identifier:l,updater:f,references:1})}n.push(l)}return n}e.exports=function(e,a){var n=o(e=e||[],a=a||{});return function(e){e=e||[];for(var i=0;i<n.length;i++){var s=t(n[i]);r[s].references--}for(var c=o(e,a),u=0;u<n.length;u++){var l=t(n[u]);0===r[l].references&&(r[l].updater(),r.splice(l,1))}n=c}}},659(e){var r={};e.exports=function(e,t){var o=function(e){if(void 0===r[e]){var t=document.querySelector(e);if(window.HTMLIFrameElement&&t instanceof window.HTMLIFrameElement)try{t=t.contentDocument.head}catch(e){t=null}r[e]=t}return r[e]}(e);if(!o)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");o.appendChild(t)}},540(e){e.exports=function(e){var r=document.createElement("style");return e.setAttributes(r,e.attributes),e.insert(r,e.options),r}},56(e,r,t){e.exports=function(e){var r=t.nc;r&&e.setAttribute("nonce",r)}},206(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var r=e.insertStyleElement(e);return{update:function(t){var o,a,n;o="",t.supports&&(o+="@supports (".concat(t.supports,") {")),t.media&&(o+="@media ".concat(t.media," {")),(a=void 0!==t.layer)&&(o+="@layer".concat(t.layer.length>0?" ".concat(t.layer):""," {")),o+=t.css,a&&(o+="}"),t.media&&(o+="}"),t.supports&&(o+="}"),(n=t.sourceMap)&&"u">typeof btoa&&(o+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(n))))," */")),e.styleTagTransform(o,r,e.options)},remove:function(){var e;null===(e=r).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,r){if(r.styleSheet)r.styleSheet.cssText=e;else{for(;r.firstChild;)r.removeChild(r.firstChild);r.appendChild(document.createTextNode(e))}}},654(e,r,t){var o=t(72),a=t.n(o),n=t(206),i=t.n(n),s=t(659),c=t.n(s),u=t(56),l=t.n(u),p=t(540),d=t.n(p),f=t(113),v=t.n(f),m=t(646),h={};h.styleTagTransform=v(),h.setAttributes=l(),h.insert=c().bind(null,"head"),h.domAPI=i(),h.insertStyleElement=d(),a()(m.A,h),m.A&&m.A.locals&&m.A.locals;var x=t(724),b={};b.styleTagTransform=v(),b.setAttributes=l(),b.insert=c().bind(null,"head"),b.domAPI=i(),b.insertStyleElement=d(),a()(x.A,b),x.A&&x.A.locals&&x.A.locals}}]);