export function renderClientSchema(documentText: string): Promise<string>;
