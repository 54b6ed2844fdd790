import type { Role } from "../../../../shared/roles";
import { roleMay } from "../../../../shared/route-policy";
import type { ApiKeyView } from "../../../../shared/schemas/api-keys";
import type { UserView } from "../../../../shared/schemas/identity";
import type { Api } from "../../lib/api.server";

/**
 * Readable names for the ids audit rows carry (users by email, keys by name). Best effort: a
 * lookup that fails leaves the ids as they are rather than failing the page.
 */
export async function actorNames(api: Api, role: Role): Promise<Record<string, string>> {
  const [users, keys] = await Promise.all([
    roleMay(role, "GET /users")
      ? api.get<{ users: UserView[] }>("/users", { limit: 200 }).then(
          (r) => r.users,
          () => [],
        )
      : Promise.resolve([] as UserView[]),
    roleMay(role, "GET /api-keys")
      ? api.get<{ apiKeys: ApiKeyView[] }>("/api-keys").then(
          (r) => r.apiKeys,
          () => [],
        )
      : Promise.resolve([] as ApiKeyView[]),
  ]);
  const names: Record<string, string> = {};
  for (const u of users) names[u.id] = u.email;
  for (const k of keys) names[k.id] = `API key "${k.name}"`;
  return names;
}
