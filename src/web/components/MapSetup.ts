// Leaflet, set up once for the whole app: its stylesheet, and the default marker icon taken from the bundle.
// Leaflet guesses the icon's URL from the stylesheet's location, which breaks once Vite has renamed the files;
// pointing it at imported images keeps every asset on our own server (no CDN, no internet needed).
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import iconRetinaUrl from 'leaflet/dist/images/marker-icon-2x.png';
import iconUrl from 'leaflet/dist/images/marker-icon.png';
import shadowUrl from 'leaflet/dist/images/marker-shadow.png';

delete (L.Icon.Default.prototype as unknown as { _getIconUrl?: unknown })._getIconUrl;
L.Icon.Default.mergeOptions({ iconUrl, iconRetinaUrl, shadowUrl });

export { L };
