// Starts the analysis worker: trunk builds it as a classic-script wasm-bindgen module beside
// this file (analysis-worker.js and its _bg.wasm), which this loads from the same origin.
importScripts('./analysis-worker.js');
wasm_bindgen('./analysis-worker_bg.wasm');
