#!/usr/bin/env node
// Headless playground: start | stop | status | kubeconfig | snapshot save|restore FILE.
console.log('kube-playground: not yet wired');
