// Open311 GeoReport v2 (DOMAIN.md §6): the standard door for third-party apps into the one queue. A facade over the
// cases module — services are its 小类, service requests its cases — that owns no tables: it files cases
// through the cases module's exports (cases/open311-api.ts) and reads only their public view.
//
// Access: GET methods are public (as in the spec, no key needed; no personal data is served). POST needs an
// api_key made with `onecity apikey create --name APP --scope open311`: the scope bundles open311.submit (what
// this facade checks) with case.create (what intake checks), and the key's actor files the case.
import { defineModule } from '../../platform/module.ts';
import { defineApiKeyScope } from '../org/api-keys.ts';
import { messages } from './messages.ts';
import { registerOpen311Routes } from './routes.ts';
import { SUBMIT_PERMISSION } from './service.ts';

defineApiKeyScope('open311', [SUBMIT_PERMISSION, 'case.create']);

export const open311Module = defineModule({
  name: 'open311',
  permissions: [SUBMIT_PERMISSION],
  // Only keys file through Open311; admin holds the permission so that it can create such keys over the API
  // (a key never gets more than its creator has).
  roleGrants: { admin: [SUBMIT_PERMISSION] },
  messages,
  routes: registerOpen311Routes,
});
