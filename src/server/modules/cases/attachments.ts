// Photos of a case (intake, 处置反馈, 核查): decoded, checked by their magic bytes (what a file says it is does not
// count), limited in size and number, hashed (SHA-256) and stored in case_attachments in the caller's transaction.
//
// Metadata (docs/decisions.md "Photo metadata"): no public path serves case photos (the citizen's tracking view has
// none, Open311's media_url is the app's own link, never ours), so the line is drawn at storage. Photos a citizen
// hands in (the citizen form, an app, Open311 — CITIZEN_PHOTO_CHANNELS — or anyone filing through case.report) are
// stored without EXIF/XMP: a citizen does not expect their phone's GPS fix and device in a government record. Photos
// of staff and grid workers (agent console, grid reports, 处置反馈, 核查) keep their bytes as taken: the GPS and time
// in them are evidence of where and when. The SHA-256 is that of the stored bytes. stripExif() stays the one
// function for any public copy a later feature serves.
import { createHash } from 'node:crypto';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import type { Channel } from './tables.ts';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTOS = 9;

export type PhotoMime = 'image/jpeg' | 'image/png' | 'image/webp';

/** A photo as a channel hands it over: base64 (JSON APIs) or bytes (server-side callers). */
export interface PhotoInput {
  filename?: string;
  /** What the client claims; refused when the bytes say otherwise. */
  mime?: string;
  /** Base64, optionally as a data: URL. */
  contentBase64?: string;
  content?: Uint8Array;
}

export interface CheckedPhoto {
  filename: string;
  mime: PhotoMime;
  bytes: Buffer;
  sha256: string;
}

const EXT: Record<PhotoMime, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** The image type by magic bytes, or null. */
export function sniffImage(b: Uint8Array): PhotoMime | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (
    b.length >= 8 &&
    Buffer.from(b.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (
    b.length >= 12 &&
    Buffer.from(b.subarray(0, 4)).toString('latin1') === 'RIFF' &&
    Buffer.from(b.subarray(8, 12)).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return null;
}

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}$/;

function decode(p: PhotoInput, field: string): Buffer {
  if (p.content) {
    if (p.content.length > MAX_PHOTO_BYTES) throw tooLarge(field);
    return Buffer.from(p.content);
  }
  let text = p.contentBase64 ?? '';
  const dataUrl = /^data:[\w.+/-]*;base64,/.exec(text);
  if (dataUrl) text = text.slice(dataUrl[0].length);
  if (Math.floor((text.length * 3) / 4) > MAX_PHOTO_BYTES + 3) throw tooLarge(field);
  if (text.length === 0 || !BASE64.test(text)) {
    throw new AppError('CASE_PHOTO_INVALID', 400, { field: `${field}.contentBase64`, problem: 'is not base64' });
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) throw tooLarge(field);
  return bytes;
}

const tooLarge = (field: string) => new AppError('CASE_PHOTO_TOO_LARGE', 400, { field, limit: MAX_PHOTO_BYTES });

/** Channels whose photos come from a citizen's own device: stored without metadata. */
export const CITIZEN_PHOTO_CHANNELS: ReadonlySet<Channel> = new Set(['web', 'app', 'open311']);

export interface CheckPhotosOptions {
  /** Store the photos without EXIF/XMP (citizen photos); the default keeps the bytes as taken (staff evidence). */
  stripMetadata?: boolean;
}

/** Checks every photo (count, size, type by content, claimed type) before anything is written. */
export function checkPhotos(
  photos: readonly PhotoInput[] | undefined,
  field = 'photos',
  options: CheckPhotosOptions = {},
): CheckedPhoto[] {
  if (!photos || photos.length === 0) return [];
  if (photos.length > MAX_PHOTOS) {
    throw new AppError('CASE_PHOTO_INVALID', 400, { field, problem: `at most ${MAX_PHOTOS} photos` });
  }
  return photos.map((p, i) => {
    const f = `${field}[${i}]`;
    const bytes = decode(p, f);
    const mime = sniffImage(bytes);
    if (!mime) {
      throw new AppError('CASE_PHOTO_INVALID', 400, { field: f, problem: 'is not a JPEG, PNG or WebP image' });
    }
    const claimed = p.mime?.toLowerCase().replace('image/jpg', 'image/jpeg');
    if (claimed && claimed !== mime) {
      throw new AppError('CASE_PHOTO_INVALID', 400, { field: `${f}.mime`, problem: `says ${p.mime} but is ${mime}` });
    }
    const base = (p.filename ?? '').replace(/[\\/\u0000-\u001f]/g, '').slice(0, 120) || `photo-${i + 1}`;
    const filename = /\.[a-z0-9]{2,5}$/i.test(base) ? base : `${base}.${EXT[mime]}`;
    const stored = options.stripMetadata ? stripExif(bytes, mime) : bytes;
    return { filename, mime, bytes: stored, sha256: createHash('sha256').update(stored).digest('hex') };
  });
}

export async function storePhotos(
  tx: Tx,
  caseId: number,
  eventId: number | null,
  stage: string,
  photos: readonly CheckedPhoto[],
  createdBy: string,
): Promise<{ id: number; filename: string; mime: string; size: number; sha256: string }[]> {
  if (photos.length === 0) return [];
  const rows = await tx
    .insertInto('case_attachments')
    .values(
      photos.map((p) => ({
        case_id: caseId,
        event_id: eventId,
        stage,
        filename: p.filename,
        mime: p.mime,
        size: p.bytes.length,
        sha256: p.sha256,
        content: p.bytes,
        created_by: createdBy,
      })),
    )
    .returning(['id', 'filename', 'mime', 'size', 'sha256'])
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/**
 * The photo without its metadata, for anything public: JPEG APP1 (Exif/XMP) and APP13 (IPTC) segments, PNG eXIf/tEXt/iTXt/zTXt
 * chunks and WebP EXIF/XMP chunks are removed; the image data is untouched.
 */
export function stripExif(bytes: Uint8Array, mime: string): Buffer {
  const b = Buffer.from(bytes);
  if (mime === 'image/jpeg') return stripJpeg(b);
  if (mime === 'image/png') return stripPng(b);
  if (mime === 'image/webp') return stripWebp(b);
  return b;
}

function stripJpeg(b: Buffer): Buffer {
  const parts: Buffer[] = [b.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++; // a fill byte before a marker
      continue;
    }
    if (marker === 0xda) break; // start of scan: the rest is image data
    const len = b.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > b.length) break;
    // APP1 holds Exif (GPS, device, time) and XMP; APP13 Photoshop/IPTC (place names, creator). APP2 (the ICC colour
    // profile) and the rest stay: the picture must look the same.
    if (marker !== 0xe1 && marker !== 0xed) parts.push(b.subarray(i, i + 2 + len));
    i += 2 + len;
  }
  parts.push(b.subarray(i));
  return Buffer.concat(parts);
}

function stripPng(b: Buffer): Buffer {
  const drop = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt']);
  const parts: Buffer[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= b.length) {
    const len = b.readUInt32BE(i);
    const type = b.subarray(i + 4, i + 8).toString('latin1');
    const end = i + 12 + len;
    if (end > b.length) break;
    if (!drop.has(type)) parts.push(b.subarray(i, end));
    i = end;
  }
  if (i < b.length) parts.push(b.subarray(i));
  return Buffer.concat(parts);
}

function stripWebp(b: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 12;
  while (i + 8 <= b.length) {
    const type = b.subarray(i, i + 4).toString('latin1');
    const len = b.readUInt32LE(i + 4);
    const end = Math.min(b.length, i + 8 + len + (len % 2));
    if (type !== 'EXIF' && type !== 'XMP ') parts.push(b.subarray(i, end));
    i = end;
  }
  const body = Buffer.concat(parts);
  const head = Buffer.from(b.subarray(0, 12));
  head.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([head, body]);
}
