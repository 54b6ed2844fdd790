/** OpenAPI security for tenant routes: an API key or a user's access token. */
export const tenantSecurity: Record<string, string[]>[] = [{ apiKey: [] }, { session: [] }];
