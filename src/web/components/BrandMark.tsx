// The OneCity mark: a city block on a grid, drawn inline so the app needs no image requests.
export function BrandMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#1e5bb8" />
      <path d="M7 24h18" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
      <rect x="9" y="13" width="4" height="10" rx="1" fill="#fff" />
      <rect x="14.5" y="8" width="4" height="15" rx="1" fill="#ffd666" />
      <rect x="20" y="15" width="3.5" height="8" rx="1" fill="#fff" />
    </svg>
  );
}
