import { ApiError, apiUrl, type Query } from './client';

function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

/**
 * Downloads a file from a GET endpoint through fetch rather than navigation, so a refusal shows the
 * server's message in the page instead of replacing the app with a JSON error body.
 */
export async function downloadFile(path: string, query: Query, fallbackName: string, locale: string): Promise<void> {
  const response = await fetch(apiUrl(path, query), {
    credentials: 'same-origin',
    headers: { 'Accept-Language': locale },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(
      response.status,
      body?.error?.code ?? `HTTP_${response.status}`,
      body?.error?.message ?? `${response.status} ${response.statusText}`,
    );
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filenameFrom(response.headers.get('Content-Disposition'), fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
