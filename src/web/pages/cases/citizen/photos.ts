// Photos from a phone camera are large (4000 px, several MB); the server takes at most 5 MB each and the whole
// case travels as one JSON body. Resize in the browser to at most 1600 px on the long side and re-encode as JPEG
// before base64 — which also drops the EXIF block (GPS included) from what is sent.
import type { PhotoUpload } from '../../../api/cases-public';

export const MAX_EDGE = 1600;
export const MAX_PHOTOS = 9;

function loadImage(file: File): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('not an image'));
    };
    img.src = url;
  });
}

export interface PreparedPhoto extends PhotoUpload {
  /** A data: URL for the thumbnail. */
  preview: string;
  width: number;
  height: number;
}

/** The file as a JPEG no larger than MAX_EDGE on its long side, base64-encoded. Throws for a non-image. */
export async function preparePhoto(file: File): Promise<PreparedPhoto> {
  const img = await loadImage(file);
  const scale = Math.min(1, MAX_EDGE / Math.max(img.naturalWidth, img.naturalHeight));
  const width = Math.max(1, Math.round(img.naturalWidth * scale));
  const height = Math.max(1, Math.round(img.naturalHeight * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  ctx.fillStyle = '#fff'; // a transparent PNG becomes white, not black, as JPEG
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(img, 0, 0, width, height);
  const dataUrl = canvas.toDataURL('image/jpeg', 0.85);
  const base = file.name.replace(/\.[^.]*$/, '') || 'photo';
  return {
    filename: `${base}.jpg`,
    mime: 'image/jpeg',
    contentBase64: dataUrl.slice(dataUrl.indexOf(',') + 1),
    preview: dataUrl,
    width,
    height,
  };
}

/** What the server needs of a prepared photo. */
export const toUpload = ({ filename, mime, contentBase64 }: PreparedPhoto): PhotoUpload => ({
  filename,
  mime,
  contentBase64,
});
